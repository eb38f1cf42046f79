import datetime as dt

import pytest
from django.utils import timezone

from apps.accounts.roles import Role
from apps.ledger import services
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory


@pytest.fixture
def school(db):
    return SchoolFactory(name="安溪县凤城中心小学")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="安溪县城厢中心小学")


@pytest.fixture
def police(db):
    return OrganisationFactory(name="安溪县公安局")


@pytest.fixture
def school_owner(school):
    return UserFactory(username="xuexiao", organisation=school, roles=[Role.RECTIFICATION_OWNER])


@pytest.fixture
def other_owner(other_school):
    return UserFactory(username="xuexiao2", organisation=other_school, roles=[Role.RECTIFICATION_OWNER])


@pytest.fixture
def police_owner(police):
    return UserFactory(username="gongan", organisation=police, roles=[Role.RECTIFICATION_OWNER, Role.SUBMITTER])


@pytest.fixture
def officer(bureau):
    return UserFactory(username="jubao", organisation=bureau, roles=[Role.COMPLAINT_STAFF])


@pytest.fixture
def in_days():
    return lambda n: timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def open_line(reviewer, school, in_days):
    def make(owner=None, actor=None, **overrides):
        data = {"source_kind": "self_check", "source_ref": "2025年秋季自查", "problem": "要求学生在APP上打卡",
                "owner": owner or school, "owner_person": "王校长", "standard": "停止要求学生打卡",
                "deadline": in_days(10)}
        data.update(overrides)
        return services.open_line(actor=actor or reviewer, data=data)
    return make


@pytest.fixture
def awaiting(open_line, school_owner):
    """A line whose owner reported and asked for close-out."""
    def make(**overrides):
        line = open_line(**overrides)
        line = services.report_progress(line=line, actor=school_owner, seen_version=line.version,
                                        measures="已停止打卡", results="学生不再打卡")
        return services.request_close_out(line=line, actor=school_owner, seen_version=line.version)
    return make
