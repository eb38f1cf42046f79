import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.applications.models import Application
from apps.applications.services import submit_application
from apps.reviews.models import ReviewStage
from apps.reviews.services import ReviewConflict
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_default_stages_are_data_with_their_groups_and_limits():
    regular = list(ReviewStage.objects.filter(kind="regular").order_by("order").values_list(
        "name", "group__name", "time_limit_days"))
    assert [r[:2] for r in regular] == [("相关科室初审", "审核人-相关科室"), ("办公室审核", "审核人-办公室"),
                                        ("教育督导室审定", "审核人-教育督导室")]
    adhoc = ReviewStage.objects.filter(kind="adhoc").order_by("order").values_list("time_limit_days", flat=True)
    assert all(a < r[2] for a, r in zip(adhoc, regular, strict=True))


def test_the_bureau_admin_edits_stages_in_admin(client):
    admin_user = UserFactory(roles=[Role.PUBLISHER], is_staff=True)
    stage = ReviewStage.objects.get(kind="regular", order=2)
    client.force_login(admin_user)
    page = client.get(reverse("admin:reviews_reviewstage_change", args=[stage.pk]))
    assert page.status_code == 200
    data = {"kind": "regular", "order": 2, "name": "办公室复核", "time_limit_days": 4, "group": stage.group_id,
            "is_active": "on"}
    assert client.post(reverse("admin:reviews_reviewstage_change", args=[stage.pk]), data).status_code == 302
    stage.refresh_from_db()
    assert (stage.name, stage.time_limit_days) == ("办公室复核", 4)


def test_reviewers_and_staff_without_the_publisher_role_cannot_edit_stages(client):
    client.force_login(UserFactory(roles=[Role.REVIEWER], is_staff=True))
    assert client.get(reverse("admin:reviews_reviewstage_changelist")).status_code == 403


def test_a_kind_without_stages_refuses_the_submission_with_a_message(db):
    ReviewStage.objects.filter(kind="adhoc").update(is_active=False)
    application = ApplicationFactory(is_adhoc=True, urgency_reason="紧急")
    with pytest.raises(ReviewConflict) as exc:
        submit_application(application=application, actor=application.created_by)
    assert "尚未配置审核环节" in exc.value.message
    assert Application.objects.get(pk=application.pk).status == "draft"
