import pytest
from django.utils import timezone

from apps.accounts.roles import Role
from apps.complaints import services
from tests.factories import BureauFactory, OrganisationFactory, SchoolFactory, UserFactory


@pytest.fixture
def bureau(db):
    return BureauFactory(name="测试县教育局")


@pytest.fixture
def officer(bureau):
    return UserFactory(username="jubao", organisation=bureau, roles=[Role.COMPLAINT_STAFF])


@pytest.fixture
def officer2(bureau):
    return UserFactory(username="jubao2", organisation=bureau, roles=[Role.COMPLAINT_STAFF])


@pytest.fixture
def auditor(bureau):
    return UserFactory(username="jiandu", organisation=bureau, roles=[Role.AUDITOR])


@pytest.fixture
def school(db):
    return SchoolFactory(name="安溪县凤城中心小学")


@pytest.fixture
def police(db):
    return OrganisationFactory(name="安溪县公安局")


@pytest.fixture
def facts(school, police):
    def make(**overrides):
        data = {"channel": "phone", "received_at": timezone.now(), "schools": [school], "department": police,
                "category": "app_checkin", "activity_text": "禁毒知识网络答题",
                "description": "要求每位学生在APP上答题并截图上传", "reporter_name": "张三",
                "reporter_contact": "13812345678"}
        data.update(overrides)
        return data
    return make


@pytest.fixture
def registered(officer, facts):
    """Register a report by phone and return (complaint, receipt code)."""
    def make(**overrides):
        return services.register_complaint(actor=officer, data=facts(**overrides))
    return make
