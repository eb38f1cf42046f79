"""Caps as data: seeded values, counting only approved items in scope, changes in admin take effect."""

import pytest

from apps.applications.models import CapRule, Term
from apps.applications.precheck import cap_usage
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_seeded_caps_are_the_seed_documents_values():
    seeded = {r.category: r for r in CapRule.objects.filter(shape="category_year", is_active=True)}
    assert seeded["special_task"].limit == 2
    assert seeded["city_campaign"].limit == 1


def usage_of(app, shape):
    return next(u for u in cap_usage(app) if u.shape == shape)


def test_only_approved_items_of_the_same_department_category_and_school_year_count(make_application, term,
                                                                                  other_submitter):
    counted = make_application(title="甲", status="approved", times_planned=2)
    make_application(title="乙", status="in_review")
    make_application(title="丙", status="rejected")
    make_application(title="丁", status="approved", category="other", subcategory="science")
    make_application(title="戊", status="approved", department=other_submitter.organisation,
                     created_by=other_submitter)
    make_application(title="己", status="approved", term=Term.for_key(term.key.next()))  # next school year
    new = make_application(title="庚", times_planned=1)
    usage = usage_of(new, "category_year")
    assert (usage.already, usage.this, usage.would_be, usage.limit) == (counted.times_planned, 1, 3, 2)
    assert usage.exceeds
    assert "本单位" in usage.scope and "2026—2027学年" in usage.scope


def test_the_application_itself_is_not_counted_twice(make_application):
    app = make_application(title="甲", status="approved")
    assert usage_of(app, "category_year").already == 0


def test_editing_a_cap_in_admin_changes_the_outcome(make_application):
    make_application(title="甲", status="approved", times_planned=2)
    new = make_application(title="乙")
    assert usage_of(new, "category_year").exceeds
    CapRule.objects.filter(category="special_task").update(limit=5)
    assert not usage_of(new, "category_year").exceeds
    CapRule.objects.filter(category="special_task").update(is_active=False)
    assert [u for u in cap_usage(new) if u.shape == "category_year"] == []


def test_cap_across_all_departments(make_application, other_submitter):
    CapRule.objects.create(name="全县每学年清单事项", shape="year_total", per_department=False, limit=10)
    make_application(title="甲", status="approved")
    make_application(title="乙", status="approved", department=other_submitter.organisation,
                     created_by=other_submitter)
    assert usage_of(make_application(title="丙"), "year_total").already == 2


def test_per_item_cap_counts_the_same_item(make_application):
    CapRule.objects.create(name="同一事项每学年", shape="item_year", limit=1)
    make_application(title="禁毒宣传教育进校园", status="approved")
    make_application(title="校园消防疏散演练", status="approved")
    usage = usage_of(make_application(title="禁毒宣传教育进校园（第二轮）"), "item_year")
    assert (usage.already, usage.would_be) == (1, 2)


def test_per_school_cap_counts_items_of_the_busiest_covered_school(make_application):
    from tests.factories import SchoolFactory

    a, b = SchoolFactory(), SchoolFactory()
    CapRule.objects.create(name="每校每学期", shape="school_term", per_department=False, limit=2)
    make_application(title="甲", status="approved", all_schools=True)
    listed = make_application(title="乙", status="approved", all_schools=False)
    listed.schools.set([a])
    new = make_application(title="丙", all_schools=False)
    new.schools.set([a, b])
    usage = usage_of(new, "school_term")
    assert (usage.already, usage.would_be) == (2, 3)
    assert a.name in usage.scope
    other = make_application(title="丁", all_schools=False, department=OrganisationFactory())
    other.schools.set([b])
    assert usage_of(other, "school_term").already == 1
