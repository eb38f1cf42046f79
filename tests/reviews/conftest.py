"""Review fixtures: one reviewer per stage, a department with its submitter, applications placed at a stage."""

import pytest

from apps.accounts.roles import Role
from apps.applications.models import Application
from apps.reviews import services
from apps.reviews.models import ReviewProgress, ReviewStage
from tests.factories import ApplicationFactory, UserFactory

STAGE_GROUPS = {1: "审核人-相关科室", 2: "审核人-办公室", 3: "审核人-教育督导室"}


def _reviewer(bureau, username, order):
    return UserFactory(username=username, organisation=bureau, roles=[Role.REVIEWER, STAGE_GROUPS[order]])


@pytest.fixture
def keshi(bureau):
    return _reviewer(bureau, "keshi", 1)


@pytest.fixture
def bangongshi(bureau):
    return _reviewer(bureau, "bangongshi", 2)


@pytest.fixture
def dudaoshi(bureau):
    return _reviewer(bureau, "dudaoshi", 3)


@pytest.fixture
def make_in_review(db):
    """An application submitted and placed at the stage of the given order (1 = first)."""

    def make(order: int = 1, **kwargs) -> Application:
        kwargs.setdefault("status", Application.Status.SUBMITTED)
        application = ApplicationFactory(**kwargs)
        application.reference = application.reference or f"T-{application.pk:04d}"
        Application.objects.filter(pk=application.pk).update(reference=application.reference)
        services.place_in_review(application=application, actor=application.created_by)
        if order > 1:
            stage = ReviewStage.objects.get(kind=ReviewStage.kind_for(application), order=order)
            ReviewProgress.objects.filter(application=application).update(stage=stage)
        application.refresh_from_db()
        return application

    return make


@pytest.fixture
def in_review(make_in_review, department, submitter):
    return make_in_review(department=department, created_by=submitter, title="交通安全宣讲进校园")
