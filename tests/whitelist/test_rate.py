"""Counts against the last school year and the reduction/merger rate (SPEC §3.7)."""

from decimal import Decimal

import pytest

from apps.whitelist import services, stats
from tests.factories import ApplicationFactory, TermFactory, approved_application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("previous,current,rate", [
    (10, 8, Decimal("20.0")), (14, 10, Decimal("28.6")), (5, 6, Decimal("-20.0")), (3, 3, Decimal("0.0")),
    (0, 4, None),
])
def test_reduction_rate(previous, current, rate):
    assert stats.reduction_rate(previous, current) == rate


def _publish(term, publisher, titles, inspections=0):
    for t in titles:
        approved_application(term=term, title=t)
    for n in range(inspections):
        approved_application(term=term, title=f"督查{n}", item_type="inspection", category="other",
                             subcategory="inspection")
    edition = services.assemble_edition(term=term, actor=publisher)
    return services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)


def test_comparison_with_the_same_term_of_the_last_school_year(publisher, term):
    last_year = TermFactory(start_year=term.start_year - 1, semester=term.semester)
    _publish(last_year, publisher, [f"活动{n}" for n in range(10)], inspections=4)
    edition = _publish(term, publisher, [f"本年{n}" for n in range(7)], inspections=3)
    # One of this year's items absorbed a second application.
    main = edition.items.get(name="本年0").applications.get()
    extra = ApplicationFactory(term=term, status="merged", merged_into=main)
    edition.items.get(name="本年0").applications.add(extra)
    revoked = edition.items.get(name="本年1")
    services.revoke_item(item=revoked, actor=publisher, reason="撤销", seen_revision=revoked.revision)

    before, rows = stats.comparison(edition)

    assert before.term == last_year
    by_type = {r.item_type: r for r in rows}
    assert (by_type["activity"].previous, by_type["activity"].current, by_type["activity"].merged) == (10, 6, 1)
    assert by_type["activity"].rate == Decimal("40.0") and by_type["activity"].meets_target
    assert (by_type["inspection"].previous, by_type["inspection"].current) == (4, 3)
    assert by_type["inspection"].rate == Decimal("25.0")
    assert (by_type["total"].previous, by_type["total"].current) == (14, 9)
    assert by_type["total"].rate == Decimal("35.7")


def test_without_a_previous_edition_there_is_no_rate(published):
    before, rows = stats.comparison(published)
    assert before is None
    assert all(r.previous is None and r.rate is None for r in rows)
    assert rows[-1].current == 3
