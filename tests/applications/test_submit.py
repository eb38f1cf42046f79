"""Submitting: reference numbers, compare-and-set on version, blocking findings, audit and signal."""

import pytest

from apps.applications import signals
from apps.applications.exceptions import ConflictError, PrecheckBlocked
from apps.applications.models import Application
from apps.applications.services import submit_application, update_draft
from apps.audit.selectors import events_for

pytestmark = pytest.mark.django_db


def test_submit_assigns_reference_records_event_and_signals(draft, submitter, open_window):
    received = []

    def receiver(sender, application, actor, resubmission, **kwargs):
        received.append((application.pk, actor.pk, resubmission))

    signals.application_submitted.connect(receiver)
    try:
        submitted = submit_application(application=draft, actor=submitter, seen_version=draft.version)
    finally:
        signals.application_submitted.disconnect(receiver)
    assert submitted.reference == "2027春-0001"
    assert submitted.submitted_at is not None
    assert submitted.version > draft.version
    assert received == [(draft.pk, submitter.pk, False)]
    event = events_for(submitted).first()
    assert (event.action, event.from_state, event.to_state) == ("application.submitted", "draft", "submitted")
    assert event.data["reference"] == "2027春-0001" and event.actor == submitter


def test_references_count_up_per_term(make_application, submitter, open_window):
    refs = [submit_application(application=make_application(title=f"事项{i}号甲乙丙丁"[:20] + "x" * i),
                               actor=submitter).reference for i in range(3)]
    assert refs == ["2027春-0001", "2027春-0002", "2027春-0003"]


def test_stale_version_is_a_conflict_and_changes_nothing(draft, submitter, open_window):
    update_draft(application=draft, actor=submitter, seen_version=draft.version, data={"title": "新的标题内容"})
    with pytest.raises(ConflictError):
        submit_application(application=draft, actor=submitter, seen_version=draft.version)
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT and draft.reference == ""


def test_blocking_finding_stops_submission(make_application, submitter, open_window):
    app = make_application(basis_text="")
    with pytest.raises(PrecheckBlocked) as exc:
        submit_application(application=app, actor=submitter)
    assert [f.rule for f in exc.value.findings if f.is_blocking] == ["basis_missing"]
    app.refresh_from_db()
    assert app.status == Application.Status.DRAFT
    assert list(events_for(app)) == []


def test_resubmission_keeps_reference_and_says_so(draft, submitter, open_window):
    submitted = submit_application(application=draft, actor=submitter)
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.RETURNED)
    received = []
    signals.application_submitted.connect(lambda sender, resubmission, **kw: received.append(resubmission),
                                          weak=False, dispatch_uid="t-resub")
    try:
        again = submit_application(application=draft, actor=submitter)
    finally:
        signals.application_submitted.disconnect(dispatch_uid="t-resub")
    assert again.reference == submitted.reference
    assert received == [True]
    assert "application.resubmitted" in [e.action for e in events_for(again)]
