"""The workflow: received → accepted | not accepted → handling → replied → closed, each step versioned and audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEvent
from apps.complaints import receipts, services
from apps.complaints.exceptions import ConflictError
from apps.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def _actions(complaint):
    return list(AuditEvent.objects.for_object(complaint).values_list("action", flat=True))


def test_register_gives_receipt_code_stored_only_as_digest(registered):
    complaint, code = registered()
    assert complaint.status == Complaint.Status.RECEIVED
    assert receipts.is_well_formed(code)
    assert complaint.receipt_hash == receipts.digest(code)
    assert code not in str(Complaint.objects.filter(pk=complaint.pk).values().get())
    assert complaint.reply_due_on is not None and complaint.reply_due_on > complaint.received_at.date()
    assert _actions(complaint) == ["complaint.received"]


def test_full_path_to_closed_audits_every_step(registered, officer):
    complaint, _ = registered()
    complaint = services.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
    complaint = services.start_handling(complaint=complaint, actor=officer, seen_version=complaint.version,
                                        note="已转县公安局核实")
    complaint = services.reply_to_reporter(complaint=complaint, actor=officer, seen_version=complaint.version,
                                           reply="经核实，已责令停止。", finding="substantiated")
    complaint = services.close_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
    assert complaint.status == Complaint.Status.CLOSED
    assert complaint.public_reply == "经核实，已责令停止。"
    assert _actions(complaint) == ["complaint.received", "complaint.accepted", "complaint.handling",
                                   "complaint.replied", "complaint.closed"]


def test_not_accepted_needs_a_reason_and_changes_nothing_without(registered, officer):
    complaint, _ = registered()
    with pytest.raises(ValidationError):
        services.decline_complaint(complaint=complaint, actor=officer, seen_version=complaint.version, reason="  ")
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED
    complaint = services.decline_complaint(complaint=complaint, actor=officer, seen_version=complaint.version,
                                           reason="不属于本部门受理范围")
    assert complaint.status == Complaint.Status.NOT_ACCEPTED


def test_stale_version_is_refused(registered, officer):
    complaint, _ = registered()
    services.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
    with pytest.raises(ConflictError):
        services.decline_complaint(complaint=complaint, actor=officer, seen_version=complaint.version, reason="x")


def test_wrong_order_is_refused(registered, officer):
    complaint, _ = registered()
    with pytest.raises(ConflictError):
        services.close_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)


def test_auditor_cannot_move_a_report(registered, auditor):
    complaint, _ = registered()
    with pytest.raises(PermissionDenied):
        services.accept_complaint(complaint=complaint, actor=auditor, seen_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED


def test_draft_needs_only_channel_and_time_then_registers(officer, facts):
    draft = services.save_draft(actor=officer, data={"channel": "phone"})
    assert draft.status == Complaint.Status.DRAFT and draft.receipt_hash is None
    with pytest.raises(ValidationError):
        services.register_complaint(actor=officer, complaint=draft, seen_version=draft.version, data={})
    complaint, code = services.register_complaint(actor=officer, complaint=draft, seen_version=draft.version,
                                                  data=facts())
    assert complaint.pk == draft.pk and complaint.status == Complaint.Status.RECEIVED
    assert receipts.digest(code) == complaint.receipt_hash


def test_reveal_is_audited(registered, officer):
    complaint, _ = registered()
    reporter = services.reveal_reporter(complaint=complaint, actor=officer)
    assert (reporter.name, reporter.contact) == ("张三", "13812345678")
    assert "complaint.reporter_viewed" in _actions(complaint)


def test_audit_trail_holds_no_reporter_data(registered, officer):
    complaint, _ = registered()
    services.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
    for event in AuditEvent.objects.for_object(complaint):
        dumped = f"{event.object_repr}{event.opinion}{event.data}"
        assert "张三" not in dumped and "13812345678" not in dumped


def test_linking_into_one_case(registered, officer):
    first, _ = registered()
    second, _ = registered(reporter_name="李四", reporter_contact="13900001111")
    second = services.link_to_case(complaint=second, case=first, actor=officer, seen_version=second.version)
    assert second.case_id == first.pk
    assert list(first.linked.all()) == [second]
