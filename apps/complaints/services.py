"""Every write to a report: intake (draft, register), the public online report, evidence, the whitelist verdict,
the workflow (accept / not accept / handle / reply / close), linking into one case, and each reveal of a reporter.

Each transition checks permission, locks the row, compares-and-sets ``version``/``status`` and records one audit
event; staff are told of new online reports once the transaction commits.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from apps.accounts.models import Organisation, Region, User
from apps.accounts.permissions import require
from apps.accounts.roles import Role
from apps.audit.services import record_event
from apps.notifications.services import notify
from apps.reviews.workdays import due_date
from whitelist_portal.plaintext import strip_control_chars

from . import hooks, receipts
from .exceptions import ConflictError
from .models import Complaint, Evidence, Finding, Verdict
from .privacy import Reporter, contact_digest

Status = Complaint.Status

# The facts a form (staff or public) fills in; everything else is set by the services.
FACT_FIELDS = (
    "channel", "received_at", "school_text", "department", "department_text", "category", "activity_text",
    "occurred_on", "description", "reporter_name", "reporter_contact",
)
TEXT_FIELDS = ("school_text", "department_text", "activity_text", "description", "reporter_name",
               "reporter_contact")
CONTACT = re.compile(r"^([0-9+\-（）() ]{5,20}|[^@\s]+@[^@\s]+\.[^@\s]+)$")


# -- facts -----------------------------------------------------------------------------------------------------

def _apply(complaint: Complaint, data: dict) -> list[str]:
    unknown = set(data) - set(FACT_FIELDS) - {"schools"}
    if unknown:
        raise ValidationError(gettext("不可修改的字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    changed = []
    for name in FACT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in TEXT_FIELDS:
            value = strip_control_chars((value or "").strip())
        if getattr(complaint, name) != value:
            setattr(complaint, name, value)
            changed.append(name)
    complaint.contact_digest = contact_digest(complaint.reporter_contact)
    return changed


def fact_errors(complaint: Complaint, schools, *, draft: bool) -> dict[str, list[str]]:
    """What a registered report must hold; a draft (a caller on the line) needs only the channel and time."""
    errors: dict[str, list[str]] = {}
    if complaint.reporter_contact and not CONTACT.match(complaint.reporter_contact):
        errors.setdefault("reporter_contact", []).append(gettext("请填写有效的电话号码或电子邮箱。"))
    if complaint.department_id and complaint.department.kind != Organisation.Kind.DEPARTMENT:
        errors.setdefault("department", []).append(gettext("请选择一个申报单位（部门）。"))
    if any(s.kind != Organisation.Kind.SCHOOL for s in schools or ()):
        errors.setdefault("schools", []).append(gettext("涉及学校只能选择学校。"))
    if complaint.received_at and complaint.received_at > timezone.now() + timezone.timedelta(minutes=5):
        errors.setdefault("received_at", []).append(gettext("受理时间不能晚于现在。"))
    if complaint.occurred_on and complaint.occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append(gettext("发生日期不能晚于今天。"))
    if draft:
        return errors
    if not (complaint.description or complaint.activity_text):
        errors.setdefault("description", []).append(gettext("请填写反映的事项或具体内容。"))
    if not (schools or complaint.school_text):
        errors.setdefault("school_text", []).append(gettext("请选择涉及的学校，或填写学校名称。"))
    return errors


def _validate(complaint: Complaint, schools, *, draft: bool) -> None:
    errors = {}
    try:
        complaint.full_clean(exclude=["region", "schools", "created_by", "version", "status", "received_at",
                                      "receipt_hash", "matched_item", "case"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for field, messages in fact_errors(complaint, schools, draft=draft).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _region_for(actor, schools) -> Region:
    if actor is not None and actor.organisation_id:
        return actor.organisation.region
    if schools:
        return schools[0].region
    bureau = Organisation.objects.filter(kind=Organisation.Kind.BUREAU, is_active=True).select_related(
        "region").order_by("pk").first()
    if bureau is None:
        raise ValidationError(gettext("暂未设置受理举报的教育行政部门，请改用举报电话或邮箱。"))
    return bureau.region


def _issue_receipt(complaint: Complaint) -> str:
    """Give the report a fresh receipt code; only its digest is stored."""
    for _attempt in range(5):
        code = receipts.new_code()
        try:
            with transaction.atomic():
                Complaint.objects.filter(pk=complaint.pk).update(receipt_hash=receipts.digest(code))
        except IntegrityError:
            continue  # the same code twice in 10^17: draw again
        complaint.receipt_hash = receipts.digest(code)
        return code
    raise RuntimeError("could not draw a unique receipt code")


def _due_on(complaint: Complaint):
    return due_date(timezone.localdate(complaint.received_at), settings.COMPLAINT_REPLY_WORKING_DAYS)


@transaction.atomic
def save_draft(*, actor, data: dict, complaint: Complaint | None = None,
               seen_version: int | None = None) -> Complaint:
    """Keep what a caller has said so far; a draft needs no more than the channel and the time."""
    require(actor, "complaints.intake")
    schools = data.get("schools")
    if complaint is None:
        complaint = Complaint(created_by=actor, status=Status.DRAFT)
        complaint.region = _region_for(actor, schools)
        data = {"received_at": timezone.now(), **data}
        _apply(complaint, data)
        _validate(complaint, schools, draft=True)
        complaint.save()
        action, label = "complaint.drafted", "保存草稿"
    else:
        complaint = _lock(complaint)
        require(actor, "complaints.handle", complaint)
        _check(complaint, seen_version, Status.DRAFT)
        changed = _apply(complaint, data)
        _validate(complaint, schools if schools is not None else list(complaint.schools.all()), draft=True)
        _compare_and_set(complaint, **{name: getattr(complaint, name) for name in changed},
                         contact_digest=complaint.contact_digest)
        action, label = "complaint.draft_updated", "修改草稿"
    if schools is not None:
        complaint.schools.set(schools)
    complaint.refresh_from_db()
    record_event(actor=actor, obj=complaint, action=action, action_label=label, to_state=complaint.status,
                 data={"channel": complaint.channel})
    return complaint


@transaction.atomic
def register_complaint(*, actor, data: dict | None = None, complaint: Complaint | None = None,
                       seen_version: int | None = None, files=()) -> tuple[Complaint, str]:
    """Register a report taken by staff (new, or a saved draft) as received; returns it and its receipt code.
    Evidence ``files`` are all checked before anything is written."""
    from .attachments import check_files

    require(actor, "complaints.intake")
    checked = check_files(files)
    data = dict(data or {})
    schools = data.get("schools")
    if complaint is None:
        complaint = Complaint(created_by=actor, status=Status.DRAFT, region=_region_for(actor, schools))
        data.setdefault("received_at", timezone.now())
        _apply(complaint, data)
        _validate(complaint, schools, draft=False)
        complaint.save()
        if schools is not None:
            complaint.schools.set(schools)
        from_state = ""
    else:
        complaint = _lock(complaint)
        require(actor, "complaints.handle", complaint)
        _check(complaint, seen_version, Status.DRAFT)
        changed = _apply(complaint, data)
        _validate(complaint, schools if schools is not None else list(complaint.schools.all()), draft=False)
        Complaint.objects.filter(pk=complaint.pk).update(
            **{name: getattr(complaint, name) for name in changed}, contact_digest=complaint.contact_digest)
        if schools is not None:
            complaint.schools.set(schools)
        from_state = Status.DRAFT
    for uploaded, result in checked:
        _store_evidence(complaint, uploaded, result, actor=actor)
    return complaint, _receive(complaint, actor=actor, from_state=from_state)


def _receive(complaint: Complaint, *, actor, from_state: str) -> str:
    code = _issue_receipt(complaint)
    rows = Complaint.objects.filter(pk=complaint.pk, status=Status.DRAFT).update(
        status=Status.RECEIVED, reply_due_on=_due_on(complaint), version=F("version") + 1)
    if rows != 1:
        raise ConflictError()
    complaint.refresh_from_db()
    record_event(actor=actor, obj=complaint, action="complaint.received", action_label="登记举报",
                 from_state=from_state, to_state=complaint.status,
                 data={"channel": complaint.channel, "anonymous": complaint.is_anonymous,
                       "reply_due_on": complaint.reply_due_on.isoformat()})
    return code


@transaction.atomic
def submit_online_report(*, data: dict, files=()) -> tuple[Complaint, str]:
    """A member of the public reports online (no login): the report lands as received in the staff's queue."""
    from .attachments import check_files

    data = {**data, "channel": "online", "received_at": timezone.now()}
    schools = data.get("schools") or []
    checked = check_files(files)
    complaint = Complaint(status=Status.DRAFT, region=_region_for(None, schools))
    _apply(complaint, data)
    _validate(complaint, schools, draft=False)
    complaint.save()
    complaint.schools.set(schools)
    for uploaded, result in checked:
        _store_evidence(complaint, uploaded, result, actor=None)
    code = _receive(complaint, actor=None, from_state="")
    staff = User.objects.filter(groups__name=str(Role.COMPLAINT_STAFF), is_active=True,
                                organisation__region=complaint.region)
    notify(recipients=list(staff), title=gettext("收到一件网上举报：%(n)s") % {"n": complaint.number},
           body=gettext("请在答复期限 %(due)s 前处理。") % {"due": complaint.reply_due_on},
           url=reverse("complaints:detail", args=[complaint.pk]))
    return complaint, code


# -- locking and compare-and-set --------------------------------------------------------------------------------

def _lock(complaint: Complaint) -> Complaint:
    try:
        return Complaint.objects.select_for_update(of=("self",)).select_related("department").get(pk=complaint.pk)
    except Complaint.DoesNotExist as exc:
        raise ConflictError(gettext("该举报已不存在。")) from exc


def _check(locked: Complaint, seen_version, *allowed) -> None:
    if seen_version is not None and locked.version != int(seen_version):
        raise ConflictError()
    if allowed and locked.status not in allowed:
        raise ConflictError(gettext("该举报当前为“%(status)s”，不能执行此操作。")
                            % {"status": locked.get_status_display()})


def _compare_and_set(locked: Complaint, **changes) -> None:
    rows = Complaint.objects.filter(pk=locked.pk, status=locked.status, version=locked.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes)
    if rows != 1:
        raise ConflictError()


def _transition(complaint, *, actor, seen_version, allowed, to, action, label, opinion="", data=None, **changes):
    locked = _lock(complaint)
    require(actor, "complaints.handle", locked)
    _check(locked, seen_version, *allowed)
    from_state = locked.status
    _compare_and_set(locked, status=to, **changes)
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action=action, action_label=label, from_state=from_state,
                 to_state=locked.status, opinion=opinion, data=data or {})
    return locked


def _required(text: str, field: str, message: str) -> str:
    text = strip_control_chars((text or "").strip())
    if not text:
        raise ValidationError({field: [message]})
    return text


# -- the workflow ------------------------------------------------------------------------------------------------

@transaction.atomic
def accept_complaint(*, complaint, actor, seen_version, note: str = "") -> Complaint:
    return _transition(complaint, actor=actor, seen_version=seen_version, allowed=(Status.RECEIVED,),
                       to=Status.ACCEPTED, action="complaint.accepted", label="受理", opinion=note.strip(),
                       accepted_at=timezone.now())


@transaction.atomic
def decline_complaint(*, complaint, actor, seen_version, reason: str) -> Complaint:
    reason = _required(reason, "reason", gettext("不予受理须写明理由。"))
    return _transition(complaint, actor=actor, seen_version=seen_version, allowed=(Status.RECEIVED,),
                       to=Status.NOT_ACCEPTED, action="complaint.not_accepted", label="不予受理", opinion=reason,
                       not_accepted_reason=reason)


@transaction.atomic
def start_handling(*, complaint, actor, seen_version, note: str = "") -> Complaint:
    note = strip_control_chars((note or "").strip())
    return _transition(complaint, actor=actor, seen_version=seen_version, allowed=(Status.ACCEPTED,),
                       to=Status.HANDLING, action="complaint.handling", label="开始办理", opinion=note,
                       handling_note=note)


def _unblocked(complaint, override_reason: str) -> dict:
    """A report whose rectification is still open is replied to only with a recorded reason (hooks.py)."""
    blockers = hooks.reply_blockers(complaint)
    if not blockers:
        return {}
    reason = strip_control_chars((override_reason or "").strip())
    if not reason:
        raise ValidationError({"override_reason": blockers + [gettext("如确需先行答复，请写明理由。")]})
    return {"blockers": blockers, "override_reason": reason}


@transaction.atomic
def reply_to_reporter(*, complaint, actor, seen_version, reply: str, finding: str, handling_note: str = "",
                      override_reason: str = ""):
    reply = _required(reply, "reply", gettext("请填写答复举报人的内容。"))
    if finding not in Finding.values:
        raise ValidationError({"finding": [gettext("请选择核查结论。")]})
    changes = {"public_reply": reply, "finding": finding, "replied_at": timezone.now()}
    if handling_note.strip():
        changes["handling_note"] = strip_control_chars(handling_note.strip())
    override = _unblocked(_lock(complaint), override_reason)
    return _transition(complaint, actor=actor, seen_version=seen_version,
                       allowed=(Status.ACCEPTED, Status.HANDLING), to=Status.REPLIED, action="complaint.replied",
                       label="答复举报人", opinion=reply, data={"finding": finding, **override}, **changes)


@transaction.atomic
def close_complaint(*, complaint, actor, seen_version, note: str = "", override_reason: str = "") -> Complaint:
    override = _unblocked(_lock(complaint), override_reason)
    return _transition(complaint, actor=actor, seen_version=seen_version,
                       allowed=(Status.REPLIED, Status.NOT_ACCEPTED), to=Status.CLOSED, action="complaint.closed",
                       label="办结", opinion=note.strip(), data=override, closed_at=timezone.now())


@transaction.atomic
def record_verdict(*, complaint, actor, seen_version, verdict: str, item=None, note: str = "") -> Complaint:
    """The officer's one verdict on the whitelist: item N (within / beyond), not on the list, or no such matter."""
    locked = _lock(complaint)
    require(actor, "complaints.handle", locked)
    _check(locked, seen_version, Status.RECEIVED, Status.ACCEPTED, Status.HANDLING)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": [gettext("请选择核对结果。")]})
    if Verdict.needs_item(verdict) and item is None:
        raise ValidationError({"item": [gettext("请选择对应的白名单事项。")]})
    if not Verdict.needs_item(verdict):
        item = None
    if item is not None:
        from .matching import in_force_ids
        if item.pk not in in_force_ids(locked):
            raise ValidationError({"item": [gettext("所选事项不是该地区在发生日期有效的白名单事项。")]})
    note = strip_control_chars((note or "").strip())[:500]
    _compare_and_set(locked, verdict=verdict, matched_item=item, verdict_note=note)
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action="complaint.verdict", action_label="核对白名单",
                 from_state=locked.status, to_state=locked.status, opinion=note,
                 data={"verdict": verdict, "item": item.pk if item else None,
                       "item_name": item.name if item else ""})
    return locked


@transaction.atomic
def link_to_case(*, complaint, case, actor, seen_version=None) -> Complaint:
    """Join a report to another about the same school and item: one case, several reporters."""
    locked = _lock(complaint)
    require(actor, "complaints.handle", locked)
    _check(locked, seen_version)
    if case is not None:
        require(actor, "complaints.handle", case)
        lead = case.case if case.case_id else case
        if lead.pk == locked.pk:
            raise ValidationError(gettext("不能与自身并案。"))
        case = lead
    _compare_and_set(locked, case=case)
    if case is not None:
        Complaint.objects.filter(case=locked).update(case=case)  # its own linked reports follow it
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action="complaint.linked" if case else "complaint.unlinked",
                 action_label="并案" if case else "取消并案", from_state=locked.status, to_state=locked.status,
                 data={"case": case.pk if case else None})
    return locked


def reveal_reporter(*, complaint, actor) -> Reporter:
    """The reporter's name and contact for complaint staff; each look is written to the audit trail."""
    require(actor, "complaints.view_reporter", complaint)
    record_event(actor=actor, obj=complaint, action="complaint.reporter_viewed", action_label="查看举报人信息",
                 from_state=complaint.status, to_state=complaint.status)
    return Reporter(complaint, reveal=True)


# -- evidence ----------------------------------------------------------------------------------------------------

def _store_evidence(complaint, uploaded, checked, *, actor) -> Evidence:
    from django.core.files.base import ContentFile

    evidence = Evidence(complaint=complaint, original_name=strip_control_chars(uploaded.name)[:200],
                        content_type=checked.content_type, extension=checked.extension, size=len(checked.content),
                        sha256=checked.sha256, uploaded_by=actor)
    evidence.file.save("upload", ContentFile(checked.content), save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    record_event(actor=actor, obj=complaint, action="complaint.evidence_added", action_label="上传证据材料",
                 from_state=complaint.status, to_state=complaint.status,
                 data={"evidence": evidence.pk, "sha256": checked.sha256})  # a file name may name the reporter
    return evidence


@transaction.atomic
def add_evidence(*, complaint, actor, uploaded) -> Evidence:
    from apps.applications.attachments import check_upload

    locked = _lock(complaint)
    require(actor, "complaints.handle", locked)
    if locked.status == Status.CLOSED:
        raise ValidationError(gettext("已办结的举报不能再添加材料。"))
    return _store_evidence(locked, uploaded, check_upload(uploaded), actor=actor)
