import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.complaints import services as complaints
from apps.ledger import services
from apps.ledger.models import LedgerLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(officer, school, police):
    data = {"channel": "phone", "received_at": timezone.now(), "schools": [school], "department": police,
            "category": "app_checkin", "activity_text": "禁毒知识网络答题", "description": "要求学生答题截图"}
    complaint, _code = complaints.register_complaint(actor=officer, data=data)
    return complaints.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)


def _lines(complaint, *owners, in_days):
    return [{"owner": o, "problem": "要求学生网络答题", "standard": "停止摊派", "deadline": in_days(7)}
            for o in owners]


def _reply(complaint, officer, **extra):
    complaint.refresh_from_db()
    return complaints.reply_to_reporter(complaint=complaint, actor=officer, seen_version=complaint.version,
                                        reply="已整改", finding="substantiated", **extra)


def test_one_line_per_organisation_concerned(complaint, officer, school, police, in_days):
    lines = services.open_from_complaint(complaint=complaint, actor=officer,
                                         lines=_lines(complaint, school, police, in_days=in_days))
    assert [(x.owner, x.source_kind, x.source_ref) for x in lines] == [
        (school, "complaint", complaint.number), (police, "complaint", complaint.number)]
    assert AuditEvent.objects.filter(action="complaint.to_rectification", object_id=str(complaint.pk)).exists()


def test_a_bad_line_keeps_none(complaint, officer, school, bureau, in_days):
    with pytest.raises(ValidationError):
        services.open_from_complaint(complaint=complaint, actor=officer,
                                     lines=_lines(complaint, school, bureau, in_days=in_days))
    assert not LedgerLine.objects.exists()


def test_reply_waits_for_close_out_then_quotes_results(complaint, officer, school, school_owner, reviewer,
                                                        in_days):
    from apps.complaints import hooks

    (line,) = services.open_from_complaint(complaint=complaint, actor=officer,
                                           lines=_lines(complaint, school, in_days=in_days))
    with pytest.raises(ValidationError) as exc:
        _reply(complaint, officer)
    assert "override_reason" in exc.value.message_dict
    assert line.number in " ".join(exc.value.message_dict["override_reason"])
    complaint.refresh_from_db()
    assert complaint.status == "accepted"

    line = services.report_progress(line=line, actor=school_owner, seen_version=line.version,
                                    measures="停止网络答题", results="全校已停止答题截图")
    line = services.request_close_out(line=line, actor=school_owner, seen_version=line.version)
    services.close_out(line=line, actor=reviewer, seen_version=line.version, opinion="核实属实")
    assert "全校已停止答题截图" in hooks.reply_quote(complaint)
    assert _reply(complaint, officer).status == "replied"


def test_reply_before_close_out_with_a_recorded_reason(complaint, officer, school, in_days):
    services.open_from_complaint(complaint=complaint, actor=officer,
                                 lines=_lines(complaint, school, in_days=in_days))
    replied = _reply(complaint, officer, override_reason="举报人要求先行告知")
    assert replied.status == "replied"
    event = AuditEvent.objects.get(action="complaint.replied", object_id=str(complaint.pk))
    assert event.data["override_reason"] == "举报人要求先行告知" and event.data["blockers"]


def test_case_page_offers_to_rectification_and_opens_lines(client, complaint, officer, school, police, in_days):
    client.force_login(officer)
    page = client.get(f"/complaints/{complaint.pk}/")
    assert "转入整改" in page.content.decode() and f"/ledger/from-complaint/{complaint.pk}/" in page.content.decode()
    response = client.post(f"/ledger/from-complaint/{complaint.pk}/", {
        "owners": [school.pk, police.pk], "problem": "要求学生网络答题", "deadline": in_days(5).isoformat()})
    assert response.status_code == 302
    assert LedgerLine.objects.filter(complaint=complaint).count() == 2
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "data-ledger-lines" in page and "data-reply-blockers" in page


def test_to_rectification_refused_to_owner(client, complaint, school_owner, school, in_days):
    client.force_login(school_owner)
    response = client.post(f"/ledger/from-complaint/{complaint.pk}/", {
        "owners": [school.pk], "problem": "x", "deadline": in_days(5).isoformat()})
    assert response.status_code == 403
    assert not LedgerLine.objects.exists()
