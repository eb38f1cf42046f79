"""Every write to the rectification ledger: opening lines (by hand or from a complaint), assigning, extending a
deadline, the owner's report and request for close-out, the bureau's verification (close out or send back), evidence.

Each transition checks permission, locks the row, compares-and-sets ``version``/``status`` and records one audit
event; the people concerned are told once the transaction commits.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from apps.accounts.models import Organisation, User
from apps.accounts.permissions import region_of, require
from apps.accounts.roles import Role
from apps.audit.services import record_event
from apps.notifications.services import notify
from whitelist_portal.plaintext import strip_control_chars

from .exceptions import ConflictError
from .models import DeadlineExtension, LedgerLine, LineEvidence, SourceKind

Status = LedgerLine.Status
OPEN_FIELDS = ("source_kind", "source_ref", "problem", "owner", "owner_person", "standard", "deadline", "immediate")
TEXT_FIELDS = ("source_ref", "problem", "owner_person", "standard", "measures", "results")


def _clean_text(value) -> str:
    return strip_control_chars((value or "").strip())


def _required(text: str, field: str, message: str) -> str:
    text = _clean_text(text)
    if not text:
        raise ValidationError({field: [message]})
    return text


# -- people to tell ------------------------------------------------------------------------------------------------

def owners_of(line: LedgerLine):
    return User.objects.filter(groups__name=str(Role.RECTIFICATION_OWNER), organisation_id=line.owner_id,
                               is_active=True)


def bureau_of(line: LedgerLine):
    return User.objects.filter(groups__name__in=[str(Role.REVIEWER), str(Role.PUBLISHER)],
                               organisation__region_id=line.region_id, is_active=True).distinct()


def _day(day) -> str:
    return format_date(day, gettext("Y年n月j日"))


def _tell(recipients, line: LedgerLine, title: str, body: str = "") -> None:
    notify(recipients=list(recipients), title=title % {"n": line.number}, body=body,
           url=reverse("ledger:detail", args=[line.pk]))


# -- opening -------------------------------------------------------------------------------------------------------

def _validate_new(line: LedgerLine) -> None:
    errors: dict[str, list[str]] = {}
    try:
        line.full_clean(exclude=["region", "complaint", "created_by", "version", "status", "owner"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not line.owner_id:
        errors.setdefault("owner", []).append(gettext("请选择责任单位。"))
    elif line.owner.kind not in (Organisation.Kind.SCHOOL, Organisation.Kind.DEPARTMENT):
        errors.setdefault("owner", []).append(gettext("责任单位只能是学校或部门。"))
    if not line.problem:
        errors.setdefault("problem", []).append(gettext("请填写问题。"))
    if line.source_kind == SourceKind.COMPLAINT and line.complaint_id is None:
        errors.setdefault("source_kind", []).append(gettext("来源为举报的整改事项请从举报页面转入。"))
    if errors:
        raise ValidationError(errors)


def _create(*, actor, data: dict, complaint=None) -> LedgerLine:
    unknown = set(data) - set(OPEN_FIELDS)
    if unknown:
        raise ValidationError(gettext("不可修改的字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    values = {name: (_clean_text(data.get(name)) if name in TEXT_FIELDS else data.get(name))
              for name in OPEN_FIELDS if name in data}
    values["immediate"] = bool(values.get("immediate"))
    line = LedgerLine(region_id=region_of(actor), created_by=actor, complaint=complaint, status=Status.OPEN,
                      **values)
    if line.deadline is not None and not isinstance(line.deadline, dt.date):
        raise ValidationError({"deadline": [gettext("请填写有效的整改时限。")]})
    _validate_new(line)
    line.save()
    record_event(actor=actor, obj=line, action="ledger.opened", action_label="建立整改台账", to_state=line.status,
                 data={"source_kind": line.source_kind, "source_ref": line.source_ref, "owner": line.owner_id,
                       "deadline": line.deadline.isoformat(), "complaint": complaint.pk if complaint else None})
    _tell(owners_of(line), line, gettext("新的整改事项：%(n)s"),
          gettext("请在整改时限 %(d)s 前整改并报告。") % {"d": _day(line.deadline)})
    return line


@transaction.atomic
def open_line(*, actor, data: dict) -> LedgerLine:
    """The bureau records a problem from a self-check, an inspection, the evaluation or an activity record."""
    require(actor, "ledger.manage")
    return _create(actor=actor, data=data)


@transaction.atomic
def open_from_activity_record(*, actor, data: dict) -> LedgerLine:
    """A school confirmed a visit beyond the frequency or cap its item was approved for (apps/visits): the portal
    opens the line on the school's confirmation, for the bureau to judge; no ledger.manage is asked of the school."""
    line = _create(actor=actor, data={**data, "source_kind": SourceKind.ACTIVITY_RECORD})
    _tell(bureau_of(line), line, gettext("进校园活动超出批准频次，已建立整改事项：%(n)s"))
    return line


@transaction.atomic
def open_from_complaint(*, complaint, actor, lines: list[dict]) -> list[LedgerLine]:
    """转入整改: one line per organisation concerned; all are checked before any is kept."""
    from apps.complaints.models import Complaint

    require(actor, "ledger.open")
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if not actor.is_superuser and locked.region_id != region_of(actor):
        raise ValidationError(gettext("只能转入本地区的举报。"))
    if locked.status not in (Complaint.Status.ACCEPTED, Complaint.Status.HANDLING):
        raise ValidationError(gettext("只有已受理或办理中的举报可以转入整改。"))
    if not lines:
        raise ValidationError(gettext("请至少填写一条整改事项。"))
    owners = [row.get("owner") for row in lines]
    if len({o.pk for o in owners if o is not None}) != len(owners):
        raise ValidationError(gettext("每个责任单位只能填写一条。"))
    created = []
    for row in lines:
        data = {**row, "source_kind": SourceKind.COMPLAINT, "source_ref": locked.number}
        created.append(_create(actor=actor, data=data, complaint=locked))
    record_event(actor=actor, obj=locked, action="complaint.to_rectification", action_label="转入整改",
                 from_state=locked.status, to_state=locked.status, data={"lines": [x.pk for x in created]})
    return created


# -- locking and compare-and-set ------------------------------------------------------------------------------------

def _lock(line: LedgerLine) -> LedgerLine:
    try:
        return LedgerLine.objects.select_for_update(of=("self",)).select_related("owner").get(pk=line.pk)
    except LedgerLine.DoesNotExist as exc:
        raise ConflictError(gettext("该整改事项已不存在。")) from exc


def _check(locked: LedgerLine, seen_version, *allowed) -> None:
    if seen_version is None or str(seen_version) == "" or locked.version != int(seen_version):
        raise ConflictError()
    if allowed and locked.status not in allowed:
        raise ConflictError(gettext("该整改事项当前为“%(status)s”，不能执行此操作。")
                            % {"status": locked.get_status_display()})


def _compare_and_set(locked: LedgerLine, **changes) -> None:
    rows = LedgerLine.objects.filter(pk=locked.pk, status=locked.status, version=locked.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes)
    if rows != 1:
        raise ConflictError()


def _step(line, *, actor, permission, seen_version, allowed, action, label, opinion="", data=None, **changes):
    locked = _lock(line)
    require(actor, permission, locked)
    _check(locked, seen_version, *allowed)
    from_state = locked.status
    _compare_and_set(locked, **changes)
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action=action, action_label=label, from_state=from_state,
                 to_state=locked.status, opinion=opinion, data=data or {})
    return locked


# -- the bureau ------------------------------------------------------------------------------------------------------

@transaction.atomic
def assign_line(*, line, actor, seen_version, owner, owner_person: str = "") -> LedgerLine:
    if owner is None or owner.kind not in (Organisation.Kind.SCHOOL, Organisation.Kind.DEPARTMENT):
        raise ValidationError({"owner": [gettext("责任单位只能是学校或部门。")]})
    person = _clean_text(owner_person)[:50]
    locked = _step(line, actor=actor, permission="ledger.manage", seen_version=seen_version,
                   allowed=LedgerLine.OWNER_STATUSES, action="ledger.assigned", label="指定责任单位",
                   data={"from_owner": line.owner_id, "owner": owner.pk, "owner_person": person},
                   owner=owner, owner_person=person)
    _tell(owners_of(locked), locked, gettext("新的整改事项：%(n)s"))
    return locked


@transaction.atomic
def extend_deadline(*, line, actor, seen_version, new_deadline, reason: str) -> LedgerLine:
    reason = _required(reason, "reason", gettext("延长整改时限须写明理由。"))
    if not isinstance(new_deadline, dt.date):
        raise ValidationError({"new_deadline": [gettext("请填写有效的新时限。")]})
    locked = _lock(line)
    require(actor, "ledger.manage", locked)
    _check(locked, seen_version, *LedgerLine.OPEN_STATUSES)
    if new_deadline <= locked.deadline:
        raise ValidationError({"new_deadline": [gettext("新时限须晚于原时限。")]})
    old = locked.deadline
    _compare_and_set(locked, deadline=new_deadline)
    DeadlineExtension.objects.create(line=locked, old_deadline=old, new_deadline=new_deadline, reason=reason,
                                     extended_by=actor)
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action="ledger.extended", action_label="延长整改时限",
                 from_state=locked.status, to_state=locked.status, opinion=reason,
                 data={"old_deadline": old.isoformat(), "new_deadline": new_deadline.isoformat()})
    _tell(owners_of(locked), locked, gettext("整改时限已延长：%(n)s"),
          gettext("新的整改时限：%(d)s") % {"d": _day(new_deadline)})
    return locked


@transaction.atomic
def close_out(*, line, actor, seen_version, opinion: str) -> LedgerLine:
    """销号: only after the owner asked for it and the bureau verified it, with the verifier's opinion."""
    opinion = _required(opinion, "opinion", gettext("销号须填写核实意见。"))
    locked = _step(line, actor=actor, permission="ledger.manage", seen_version=seen_version,
                   allowed=(Status.AWAITING_VERIFICATION,), action="ledger.closed", label="核实销号",
                   opinion=opinion, status=Status.CLOSED, verification_opinion=opinion, verified_by=actor,
                   verified_at=timezone.now(), closed_on=timezone.localdate())
    _tell(owners_of(locked), locked, gettext("整改事项已销号：%(n)s"), opinion)
    return locked


@transaction.atomic
def send_back(*, line, actor, seen_version, opinion: str) -> LedgerLine:
    """Verification failed: the line goes back to its owner with the reason."""
    opinion = _required(opinion, "opinion", gettext("退回须写明核实意见。"))
    locked = _step(line, actor=actor, permission="ledger.manage", seen_version=seen_version,
                   allowed=(Status.AWAITING_VERIFICATION,), action="ledger.sent_back", label="核实未通过，退回",
                   opinion=opinion, status=Status.SENT_BACK, verification_opinion=opinion, verified_by=actor,
                   verified_at=timezone.now())
    _tell(owners_of(locked), locked, gettext("整改事项核实未通过：%(n)s"), opinion)
    return locked


# -- the owner -------------------------------------------------------------------------------------------------------

@transaction.atomic
def report_progress(*, line, actor, seen_version, measures: str, results: str = "",
                    immediate: bool | None = None) -> LedgerLine:
    """The owner reports the measures taken and the results so far (采取的措施 / 取得的成效)."""
    measures = _required(measures, "measures", gettext("请填写采取的措施。"))
    results = _clean_text(results)
    changes = {"measures": measures, "results": results, "status": Status.IN_PROGRESS}
    if immediate is not None:
        changes["immediate"] = bool(immediate)
    return _step(line, actor=actor, permission="ledger.report", seen_version=seen_version,
                 allowed=LedgerLine.OWNER_STATUSES, action="ledger.reported", label="报告整改进展",
                 data={"immediate": changes.get("immediate")}, **changes)


@transaction.atomic
def request_close_out(*, line, actor, seen_version, note: str = "") -> LedgerLine:
    """The owner says the work is done and asks the bureau to verify and close the line out."""
    locked = _lock(line)
    require(actor, "ledger.report", locked)
    _check(locked, seen_version, *LedgerLine.OWNER_STATUSES)
    errors = {}
    if not locked.measures:
        errors["measures"] = [gettext("申请销号前请先填写采取的措施。")]
    if not locked.results:
        errors["results"] = [gettext("申请销号前请先填写取得的成效。")]
    if errors:
        raise ValidationError(errors)
    from_state = locked.status
    _compare_and_set(locked, status=Status.AWAITING_VERIFICATION)
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action="ledger.close_requested", action_label="申请销号",
                 from_state=from_state, to_state=locked.status, opinion=_clean_text(note))
    _tell(bureau_of(locked), locked, gettext("整改事项申请销号，请核实：%(n)s"))
    return locked


def _store_evidence(line, uploaded, checked, *, actor) -> LineEvidence:
    from django.core.files.base import ContentFile

    evidence = LineEvidence(line=line, original_name=strip_control_chars(uploaded.name)[:200],
                            content_type=checked.content_type, extension=checked.extension,
                            size=len(checked.content), sha256=checked.sha256, uploaded_by=actor)
    evidence.file.save("upload", ContentFile(checked.content), save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    record_event(actor=actor, obj=line, action="ledger.evidence_added", action_label="上传佐证材料",
                 from_state=line.status, to_state=line.status,
                 data={"evidence": evidence.pk, "sha256": checked.sha256, "name": evidence.original_name})
    return evidence


@transaction.atomic
def add_evidence(*, line, actor, uploaded) -> LineEvidence:
    """Evidence of the rectification, with the same content checks as an application's attachments."""
    from apps.applications.attachments import check_upload

    locked = _lock(line)
    require(actor, "ledger.report", locked)  # asked before the file is looked at
    if locked.status not in LedgerLine.OWNER_STATUSES:
        raise ValidationError(gettext("该整改事项当前为“%(status)s”，不能再添加材料。")
                              % {"status": locked.get_status_display()})
    return _store_evidence(locked, uploaded, check_upload(uploaded), actor=actor)
