import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.applications import services as application_services
from apps.applications.models import Application, ApplicationWindow
from apps.audit.selectors import events_for
from apps.notifications.models import Notification
from apps.reviews import services
from apps.reviews.models import ReviewDecision, ReviewProgress, ReviewStage
from apps.reviews.services import ReviewConflict

pytestmark = pytest.mark.django_db
Status = Application.Status


def test_a_submitted_application_enters_the_first_stage_with_a_due_date_and_an_event(in_review):
    progress = in_review.review
    assert in_review.status == Status.IN_REVIEW
    assert progress.stage.name == "相关科室初审" and progress.stage.order == 1
    assert progress.due_on > timezone.localdate()
    assert progress.due_on.weekday() < 5
    event = events_for(in_review).last()
    assert (event.action, event.action_label, event.from_state, event.to_state) == (
        "review.enter", "进入审核", "已提交", "审核中·相关科室初审")


def test_an_adhoc_application_goes_through_the_adhoc_stages(make_in_review):
    application = make_in_review(is_adhoc=True, urgency_reason="汛期防溺水紧急提醒")
    assert application.review.stage.kind == "adhoc"
    assert application.review.stage.time_limit_days < ReviewStage.objects.get(kind="regular", order=1).time_limit_days


def test_approve_moves_to_the_next_stage_and_bumps_the_version(in_review, keshi):
    seen = in_review.version
    services.approve(application=in_review, actor=keshi, version=seen, opinion="依据充分")
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW and in_review.version == seen + 1
    assert in_review.review.stage.name == "办公室审核"
    decision = ReviewDecision.objects.get(application=in_review)
    assert (decision.kind, decision.stage.order, decision.reviewer) == ("approve", 1, keshi)
    assert decision.opinion == "依据充分"
    event = events_for(in_review).last()
    assert (event.action_label, event.from_state, event.to_state, event.opinion) == (
        "相关科室初审：审核通过", "审核中·相关科室初审", "审核中·办公室审核", "依据充分")


def test_approval_at_the_last_stage_is_final_and_tells_the_department_after_commit(
        make_in_review, department, submitter, dudaoshi, django_capture_on_commit_callbacks):
    application = make_in_review(3, department=department, created_by=submitter)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.approve(application=application, actor=dudaoshi, version=application.version, opinion="同意列入")
        assert Notification.objects.count() == 0  # nothing is sent before the commit
    application.refresh_from_db()
    assert application.status == Status.APPROVED and application.decided_at is not None
    assert application.review.stage is None
    assert len(callbacks) == 1
    note = Notification.objects.get(recipient=submitter)
    assert "已审核通过" in note.title and "同意列入" in note.body
    assert mail.outbox[0].to == [submitter.email]


def test_return_needs_an_opinion(in_review, keshi):
    with pytest.raises(ValidationError) as exc:
        services.return_for_revision(application=in_review, actor=keshi, version=in_review.version, opinion="  ")
    assert "opinion" in exc.value.message_dict
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_reject_needs_an_opinion_and_is_final(in_review, keshi, submitter, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        services.reject(application=in_review, actor=keshi, version=in_review.version, opinion="")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(application=in_review, actor=keshi, version=in_review.version, opinion="属商业推广活动")
    in_review.refresh_from_db()
    assert in_review.status == Status.REJECTED and in_review.decided_at is not None
    assert events_for(in_review).last().to_state == "未通过"
    assert Notification.objects.filter(recipient=submitter, title__contains="未通过").exists()
    with pytest.raises(ReviewConflict):
        services.approve(application=in_review, actor=keshi, version=in_review.version)


def test_returned_application_comes_back_to_the_stage_that_returned_it(
        make_in_review, department, submitter, bangongshi, django_capture_on_commit_callbacks):
    application = make_in_review(2, department=department, created_by=submitter)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(application=application, actor=bangongshi, version=application.version,
                                     opinion="请补充应急预案")
    application.refresh_from_db()
    assert application.status == Status.RETURNED
    assert application.review.returned_from_stage.name == "办公室审核" and application.review.stage is None
    note = Notification.objects.get(recipient=submitter)
    assert "退回修改" in note.title and "请补充应急预案" in note.body

    today = timezone.localdate()
    ApplicationWindow.objects.create(term=application.term, opens_on=today - dt.timedelta(days=1),
                                     closes_on=today + dt.timedelta(days=1))
    application_services.submit_application(application=application, actor=submitter,
                                            seen_version=application.version)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.review.stage.name == "办公室审核"
    assert application.review.returned_from_stage is None
    assert events_for(application).last().action_label == "重新提交后回到审核"


def test_a_stale_version_is_refused_with_a_clear_message(in_review, keshi):
    with pytest.raises(ReviewConflict) as exc:
        services.approve(application=in_review, actor=keshi, version=in_review.version - 1)
    assert "请刷新页面" in exc.value.message
    assert ReviewDecision.objects.count() == 0


def test_approving_over_a_warning_needs_a_justification_which_is_kept(make_in_review, department, submitter, keshi):
    # Two approved special tasks already: a third goes over the cap of 2 per school year (a warning, in principle).
    for title in ("禁毒知识讲座", "防灾减灾演练"):
        make_in_review(department=department, created_by=submitter, title=title)
        Application.objects.filter(title=title).update(status=Status.APPROVED)
    application = make_in_review(department=department, created_by=submitter, title="扫黑除恶宣传")
    with pytest.raises(ValidationError) as exc:
        services.approve(application=application, actor=keshi, version=application.version, opinion="同意")
    assert "justification" in exc.value.message_dict
    services.approve(application=application, actor=keshi, version=application.version, opinion="同意",
                     justification="市委统一部署，确需开展")
    decision = ReviewDecision.objects.get(application=application)
    assert decision.justification == "市委统一部署，确需开展"
    assert ReviewProgress.objects.get(application=application).precheck_level == "warning"  # the next queue shows it
    assert any("超出限额" in w for w in [w["message"] for w in decision.warnings])
    event = events_for(application).last()
    assert "市委统一部署，确需开展" in event.opinion and event.data["justification"] == "市委统一部署，确需开展"


def test_a_blocking_finding_cannot_be_approved(in_review, keshi):
    Application.objects.filter(pk=in_review.pk).update(demands_checkin=True)
    in_review.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.approve(application=in_review, actor=keshi, version=in_review.version, justification="确需")
    assert "打卡" in str(exc.value)
    services.return_for_revision(application=in_review, actor=keshi, version=in_review.version, opinion="删除打卡要求")


def test_withdrawal_takes_the_application_out_of_the_queue(in_review, submitter):
    application_services.withdraw_application(application=in_review, actor=submitter, seen_version=in_review.version)
    assert ReviewProgress.objects.get(application=in_review).stage is None


def test_decide_dispatches_and_refuses_an_unknown_decision(in_review, keshi):
    with pytest.raises(ValidationError):
        services.decide(application=in_review, actor=keshi, decision="maybe", version=in_review.version)
    services.decide(application=in_review, actor=keshi, decision="reject", version=in_review.version, opinion="不符")
    assert Application.objects.get(pk=in_review.pk).status == Status.REJECTED


def test_only_the_departments_own_submitters_are_told(in_review, submitter, keshi, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    colleague_elsewhere = UserFactory(roles=["申报单位经办人"])
    reviewer_in_same_org = UserFactory(organisation=submitter.organisation, roles=["审核人"])
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(application=in_review, actor=keshi, version=in_review.version, opinion="不符合准入标准")
    assert set(Notification.objects.values_list("recipient", flat=True)) == {submitter.pk}
    assert colleague_elsewhere.pk and reviewer_in_same_org.pk
