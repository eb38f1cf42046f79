import pytest
from django.core.exceptions import PermissionDenied

from apps.accounts.permissions import can
from apps.applications.models import Application
from apps.reviews import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_stage_one_reviewer_cannot_decide_at_stage_three(make_in_review, keshi, dudaoshi):
    application = make_in_review(3)
    assert not can(keshi, "reviews.decide", application)
    with pytest.raises(PermissionDenied):
        services.approve(application=application, actor=keshi, version=application.version)
    assert can(dudaoshi, "reviews.decide", application)


def test_a_department_cannot_decide_on_its_own_application(in_review, submitter):
    with pytest.raises(PermissionDenied):
        services.approve(application=in_review, actor=submitter, version=in_review.version)
    with pytest.raises(PermissionDenied):
        services.reject(application=in_review, actor=submitter, version=in_review.version, opinion="x")


def test_an_auditor_changes_nothing(in_review, auditor):
    with pytest.raises(PermissionDenied):
        services.return_for_revision(application=in_review, actor=auditor, version=in_review.version, opinion="x")
    assert Application.objects.get(pk=in_review.pk).status == Application.Status.IN_REVIEW


def test_membership_of_the_stage_group_without_the_reviewer_role_is_not_enough(in_review):
    stray = UserFactory(roles=["审核人-相关科室"])
    assert not can(stray, "reviews.decide", in_review)
