"""Counting visits against the approval and the caps across term and school-year boundaries (SPEC §3.2, §3.13)."""

import datetime as dt

import pytest

from apps.applications.models import CapRule
from apps.visits import frequency

from .conftest import make_item, make_visit

pytestmark = pytest.mark.django_db
COUNTED = ("planned", "confirmed")


def _over(world, item, day, school=None):
    return [u.kind for u in frequency.exceeded(item, school=school or world.school, department=world.department,
                                                day=day, statuses=COUNTED)]


def test_a_term_frequency_restarts_with_the_spring_term(world):
    CapRule.objects.all().delete()
    item = make_item(world, name="每学期一次", times=1, frequency_period="term")
    year = world.edition.starts_on.year
    make_visit(world, item=item, day=dt.date(year + 1, 1, 30))  # last days of the autumn term
    assert _over(world, item, dt.date(year + 1, 2, 2)) == []  # spring term: a fresh count
    assert _over(world, item, dt.date(year + 1, 1, 31)) == ["frequency"]  # still autumn
    assert _over(world, item, dt.date(year + 1, 1, 31), school=world.other_school) == []  # per school


def test_a_school_year_frequency_spans_both_terms_and_restarts_in_september(world):
    CapRule.objects.all().delete()
    item = make_item(world, name="每学年两次", times=2, frequency_period="school_year")
    year = world.edition.starts_on.year
    make_visit(world, item=item, day=dt.date(year, 10, 10))
    make_visit(world, item=item, day=dt.date(year + 1, 4, 10))
    make_visit(world, item=item, day=dt.date(year + 1, 5, 10), status="refused")  # a refusal does not count
    assert _over(world, item, dt.date(year + 1, 8, 31)) == ["frequency"]
    assert _over(world, item, dt.date(year + 1, 9, 1)) == []


def test_the_same_item_listed_again_in_a_later_list_counts_as_one(world):
    from apps.whitelist.models import WhitelistEdition

    CapRule.objects.all().delete()
    year = world.edition.starts_on.year
    later = WhitelistEdition.objects.create(
        period_kind="range", starts_on=dt.date(year + 1, 2, 1), ends_on=dt.date(year + 1, 8, 31),
        period_label="春季", region=world.bureau.region, title="春季清单", status="published", version=1,
        created_by=world.publisher)
    autumn = make_item(world, name="法治教育", times=1, frequency_period="school_year")
    spring = make_item(world, name="法治教育", times=1, frequency_period="school_year", edition=later)
    make_visit(world, item=autumn, day=dt.date(year, 11, 1))
    assert _over(world, spring, dt.date(year + 1, 3, 1)) == ["frequency"]


def test_caps_per_item_per_category_and_items_a_school_takes_part_in_per_term(world):
    CapRule.objects.all().delete()
    year = world.edition.starts_on.year
    CapRule.objects.create(name="每事项每学年1次", shape="item_year", limit=1)
    CapRule.objects.create(name="专项工作每学年2次", shape="category_year", category="special_task", limit=2,
                           per_department=False)
    CapRule.objects.create(name="每校每学期参与事项不超过2项", shape="school_term", limit=2)
    a = make_item(world, name="甲", category="special_task")
    b = make_item(world, name="乙", category="special_task")
    c = make_item(world, name="丙")
    make_visit(world, item=a, day=dt.date(year + 1, 8, 20))  # the end of the previous school year for what follows
    assert _over(world, a, dt.date(year + 1, 9, 2)) == []  # item per school year restarts in September
    make_visit(world, item=a, day=dt.date(year, 10, 1))
    make_visit(world, item=b, day=dt.date(year, 10, 2))
    assert set(_over(world, a, dt.date(year, 11, 1))) == {"item_year", "category_year"}
    assert _over(world, c, dt.date(year, 11, 1)) == ["school_term"]  # a third item this term
    assert _over(world, c, dt.date(year + 1, 3, 1)) == []  # the spring term counts afresh


def test_without_a_count_nothing_is_checked(world):
    CapRule.objects.all().delete()
    item = make_item(world, name="不限次数")
    make_visit(world, item=item, day=world.edition.starts_on)
    assert frequency.usages(item, school=world.school, department=world.department, day=world.edition.starts_on,
                            statuses=COUNTED) == []
