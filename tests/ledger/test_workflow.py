import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEvent
from apps.ledger import services
from apps.ledger.exceptions import ConflictError
from apps.ledger.models import DeadlineExtension, LedgerLine
from apps.notifications.models import Notification

S = LedgerLine.Status
pytestmark = pytest.mark.django_db


def actions(line):
    return list(AuditEvent.objects.filter(object_id=str(line.pk), content_type__model="ledgerline")
                .order_by("pk").values_list("action", flat=True))


def test_open_line_audits_and_tells_the_owner(open_line, school_owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        line = open_line()
    assert line.status == S.OPEN and line.version == 1
    assert actions(line) == ["ledger.opened"]
    assert Notification.objects.filter(recipient=school_owner, url=f"/ledger/{line.pk}/").count() == 1
    assert mail.outbox and "xuexiao@example.org" in mail.outbox[0].to


def test_only_the_bureau_opens_lines(open_line, school_owner, auditor):
    for actor in (school_owner, auditor):
        with pytest.raises(PermissionDenied):
            open_line(actor=actor)
    assert not LedgerLine.objects.exists()


def test_bad_input_is_refused_and_nothing_is_kept(open_line, bureau):
    with pytest.raises(ValidationError) as exc:
        open_line(problem="  ", owner=bureau)
    assert {"problem", "owner"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        open_line(source_kind="complaint")  # a complaint's line comes from the complaint
    assert not LedgerLine.objects.exists()


def test_full_path_to_close_out(awaiting, reviewer, school_owner):
    line = awaiting()
    assert line.status == S.AWAITING_VERIFICATION
    line = services.close_out(line=line, actor=reviewer, seen_version=line.version, opinion="经现场核实已整改")
    assert line.status == S.CLOSED and line.closed_on is not None and line.verified_by == reviewer
    assert actions(line) == ["ledger.opened", "ledger.reported", "ledger.close_requested", "ledger.closed"]


def test_close_out_needs_a_request_and_a_verification(open_line, school_owner, reviewer):
    line = open_line()
    with pytest.raises(ConflictError):
        services.close_out(line=line, actor=reviewer, seen_version=line.version, opinion="好")
    line = services.report_progress(line=line, actor=school_owner, seen_version=line.version, measures="已停止")
    with pytest.raises(ValidationError) as exc:  # no results yet
        services.request_close_out(line=line, actor=school_owner, seen_version=line.version)
    assert "results" in exc.value.message_dict
    line.refresh_from_db()
    assert line.status == S.IN_PROGRESS


def test_close_out_needs_an_opinion_and_the_bureau(awaiting, reviewer, school_owner):
    line = awaiting()
    with pytest.raises(ValidationError):
        services.close_out(line=line, actor=reviewer, seen_version=line.version, opinion="  ")
    with pytest.raises(PermissionDenied):
        services.close_out(line=line, actor=school_owner, seen_version=line.version, opinion="自己销号")
    line.refresh_from_db()
    assert line.status == S.AWAITING_VERIFICATION and line.closed_on is None


def test_sent_back_then_reported_again(awaiting, reviewer, school_owner):
    line = awaiting()
    line = services.send_back(line=line, actor=reviewer, seen_version=line.version, opinion="仍有班级在打卡")
    assert line.status == S.SENT_BACK and line.verification_opinion == "仍有班级在打卡"
    line = services.report_progress(line=line, actor=school_owner, seen_version=line.version,
                                    measures="全校通知", results="已全部停止", immediate=True)
    line = services.request_close_out(line=line, actor=school_owner, seen_version=line.version)
    line = services.close_out(line=line, actor=reviewer, seen_version=line.version, opinion="复核通过")
    assert line.status == S.CLOSED and line.immediate


def test_stale_version_is_a_conflict(open_line, school_owner):
    line = open_line()
    services.report_progress(line=line, actor=school_owner, seen_version=line.version, measures="一")
    with pytest.raises(ConflictError):
        services.report_progress(line=line, actor=school_owner, seen_version=line.version, measures="二")
    line.refresh_from_db()
    assert line.measures == "一"


def test_another_organisation_cannot_report(open_line, other_owner, police_owner):
    line = open_line()
    for actor in (other_owner, police_owner):
        with pytest.raises(PermissionDenied):
            services.report_progress(line=line, actor=actor, seen_version=line.version, measures="冒名")
    line.refresh_from_db()
    assert line.measures == "" and line.version == 1


def test_extend_keeps_the_reason(open_line, reviewer, in_days, school_owner):
    line = open_line()
    with pytest.raises(ValidationError):
        services.extend_deadline(line=line, actor=reviewer, seen_version=line.version, new_deadline=in_days(20),
                                 reason="")
    with pytest.raises(ValidationError):
        services.extend_deadline(line=line, actor=reviewer, seen_version=line.version, new_deadline=in_days(5),
                                 reason="早于原时限")
    with pytest.raises(PermissionDenied):
        services.extend_deadline(line=line, actor=school_owner, seen_version=line.version,
                                 new_deadline=in_days(20), reason="想延期")
    line = services.extend_deadline(line=line, actor=reviewer, seen_version=line.version, new_deadline=in_days(20),
                                    reason="需协调外部单位")
    extension = DeadlineExtension.objects.get(line=line)
    assert (extension.old_deadline, extension.new_deadline, extension.reason) == (in_days(10), in_days(20),
                                                                                 "需协调外部单位")
    assert line.deadline == in_days(20)


def test_assign_moves_the_line_to_another_owner(open_line, reviewer, police, school_owner, police_owner):
    line = open_line()
    line = services.assign_line(line=line, actor=reviewer, seen_version=line.version, owner=police,
                                owner_person="李所长")
    assert line.owner == police
    with pytest.raises(PermissionDenied):
        services.report_progress(line=line, actor=school_owner, seen_version=line.version, measures="x")
    services.report_progress(line=line, actor=police_owner, seen_version=line.version, measures="已整改")


def test_overdue_is_computed(open_line, in_days, reviewer):
    line = open_line()
    LedgerLine.objects.filter(pk=line.pk).update(deadline=in_days(-1))
    line.refresh_from_db()
    assert line.is_overdue
    LedgerLine.objects.filter(pk=line.pk).update(status=S.CLOSED, closed_on=in_days(0),
                                                 verified_at=dt.datetime.now(dt.UTC))
    line.refresh_from_db()
    assert not line.is_overdue


def test_reviewer_of_another_region_cannot_manage(awaiting, db):
    from apps.accounts.roles import Role
    from tests.factories import BureauFactory, RegionFactory, UserFactory

    far = BureauFactory(name="别县教育局", region=RegionFactory(code="350100", name="别县"))
    stranger = UserFactory(username="far", organisation=far, roles=[Role.REVIEWER])
    line = awaiting()
    with pytest.raises(PermissionDenied):
        services.close_out(line=line, actor=stranger, seen_version=line.version, opinion="越权")
