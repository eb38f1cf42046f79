import datetime as dt

import pytest
from django.utils import timezone

from apps.accounts.roles import Role
from apps.applications.terms import school_year_start
from tests.factories import BureauFactory, OrganisationFactory, SchoolFactory, UserFactory


@pytest.fixture
def world(db):
    """A county with its publisher, a department running one item of a published school-year list, two schools
    with their contacts (整改责任人 of the school)."""
    from apps.whitelist.models import WhitelistEdition

    bureau = BureauFactory(name="测试县教育局")
    publisher = UserFactory(username="fabu", organisation=bureau, roles=[Role.PUBLISHER])
    reviewer = UserFactory(username="keshi", organisation=bureau, roles=[Role.REVIEWER])
    department = OrganisationFactory(name="测试公安局")
    submitter = UserFactory(username="gongan", organisation=department, roles=[Role.SUBMITTER])
    school = SchoolFactory(name="测试第一小学")
    other_school = SchoolFactory(name="测试第二小学")
    school_user = UserFactory(username="xuexiao", organisation=school, roles=[Role.RECTIFICATION_OWNER])
    other_school_user = UserFactory(username="xuexiao2", organisation=other_school,
                                    roles=[Role.RECTIFICATION_OWNER])
    start = school_year_start(timezone.localdate())
    edition = WhitelistEdition.objects.create(
        period_kind="school_year", starts_on=dt.date(start, 9, 1), ends_on=dt.date(start + 1, 8, 31),
        period_label=f"{start}—{start + 1}学年", region=bureau.region, title="测试县白名单", status="published",
        version=1, created_by=publisher)

    class World:
        pass

    w = World()
    w.__dict__.update(locals())
    w.item = make_item(w, name="禁毒宣传教育", times=2, frequency_period="term")
    return w


def make_item(world, *, name, times=None, frequency_period="", category="other", edition=None, runs=True):
    from apps.whitelist.models import WhitelistItem

    edition = edition or world.edition
    number = edition.items.count() + 1
    item = WhitelistItem.objects.create(edition=edition, item_type="activity", number=number, name=name,
                                        category=category, times=times, frequency_period=frequency_period,
                                        frequency_text=f"每学期{times}次" if times else "")
    if runs:
        item.departments.add(world.department)
    return item


def visit_data(world, **overrides):
    data = {"item": world.item, "school": world.school, "date": timezone.localdate(), "start_time": dt.time(9, 30),
            "participants": ["students"], "participant_count": 120, "duration_minutes": 45,
            "person_in_charge": "张伟", "person_phone": "13800000000"}
    data.update(overrides)
    return data


def make_visit(world, *, day, status="planned", item=None, school=None):
    """A visit written straight to the table (any date, any status): for counting across periods."""
    from apps.applications.terms import term_for_date
    from apps.visits import frequency
    from apps.visits.models import Visit
    from whitelist_portal import codes

    item = item or world.item
    key = term_for_date(day)
    handled = timezone.now() if status in ("confirmed", "refused") else None
    return Visit.objects.create(
        code=codes.new_code(), item=item, item_key=frequency.item_key(item), department=world.department,
        school=school or world.school, region=world.bureau.region, date=day, start_time=dt.time(9),
        school_year=key.start_year, semester=key.semester, participants=["students"], participant_count=50,
        duration_minutes=40, person_in_charge="张伟", status=status, handled_at=handled,
        school_note="拒绝" if status == "refused" else "", created_by=world.submitter)
