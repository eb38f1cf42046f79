"""Every write to an application: draft, edit, submit, withdraw, copy, attachments.

Each transition checks permission, locks the row, compares-and-sets ``version``/``status``, records one audit
event and, where apps above listen, sends a signal inside the same transaction.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from apps.accounts.permissions import can, require
from apps.audit.services import record_event

from . import signals, windows
from .exceptions import ConflictError, PrecheckBlocked
from .models import Application, Term, TermCounter
from .precheck import has_blocking, run_precheck
from .terms import term_for_date

# The fields a department fills in on the form (everything else is set by the services).
EDITABLE_FIELDS = (
    "term", "item_type", "title", "category", "subcategory", "admission_ground", "basis_text",
    "content", "lead_units_text", "time_text", "frequency_text", "frequency_period", "place_text", "scope_text",
    "form_text", "notes", "target_stages", "participants", "all_schools", "planned_start", "planned_end",
    "times_planned", "duration_minutes", "form", "demands_online_voting", "demands_quiz", "demands_survey",
    "demands_follow_account", "demands_app_install", "demands_checkin", "demands_participation_rate",
    "demands_proof_upload", "teachers_required", "already_in_teaching", "budget", "contact_name",
    "contact_phone", "is_adhoc", "urgency_reason",
)


def default_term() -> Term:
    """The term a new application is for by default: the next one (regular filing happens the term before)."""
    return Term.for_key(term_for_date(windows.today()).next())


def _apply(application: Application, data: dict) -> list[str]:
    unknown = set(data) - set(EDITABLE_FIELDS) - {"schools", "lead_organisations"}
    if unknown:
        raise ValidationError(gettext("不可修改的字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    changed = []
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        current = application.term_id if name == "term" else getattr(application, name)
        new = getattr(data[name], "pk", data[name]) if name == "term" else data[name]
        if current != new:
            setattr(application, name, data[name])
            changed.append(name)
    return changed


def _validate(application: Application, schools) -> None:
    errors = {}
    try:
        application.full_clean(exclude=["reference", "department", "created_by", "version", "status"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(field_errors(application, schools))
    if errors:
        raise ValidationError(errors)


PHONE = re.compile(r"^[0-9+\-（）() ]{7,20}$")


def field_errors(application: Application, schools) -> dict[str, list[str]]:
    """Cross-field rules the form, the import and the API share."""
    errors: dict[str, list[str]] = {}
    term = Term.objects.filter(pk=application.term_id).first() if application.term_id else None
    if term is not None and term.ends_on < windows.today():
        errors.setdefault("term", []).append(gettext("%(term)s已结束，不能再为其申报。") % {"term": term})
    if application.contact_phone and not PHONE.match(application.contact_phone):
        errors.setdefault("contact_phone", []).append(gettext("请填写有效的联系电话（7–20 位数字，可含区号连字符）。"))
    if application.times_planned is not None and application.times_planned < 1:
        errors.setdefault("times_planned", []).append(gettext("计划次数至少为 1 次。"))
    if application.budget is not None and application.budget < 0:
        errors.setdefault("budget", []).append(gettext("经费预算不能为负数。"))
    if application.is_adhoc and not (application.urgency_reason or "").strip():
        errors.setdefault("urgency_reason", []).append(gettext("临时申报须填写紧急事由。"))
    if application.planned_start and application.planned_end and application.planned_end < application.planned_start:
        errors.setdefault("planned_end", []).append(gettext("计划结束日期不能早于开始日期。"))
    if not application.all_schools and not schools:
        errors.setdefault("schools", []).append(gettext("未选择“面向全部学校”时，请至少选择一所学校。"))
    if not application.participants:
        errors.setdefault("participants", []).append(gettext("请至少选择一类参与对象。"))
    return errors


def _set_schools(application: Application, schools) -> None:
    if application.all_schools:
        application.schools.clear()
    elif schools is not None:
        application.schools.set(schools)


def _set_lead_organisations(application: Application, organisations) -> None:
    if organisations is not None:
        others = [o for o in organisations if getattr(o, "pk", o) != application.department_id]
        application.lead_organisations.set(others)


@transaction.atomic
def create_draft(*, actor, data: dict, copied_from: Application | None = None, department=None) -> Application:
    """A new draft of the actor's department, or (for the bureau) of ``department`` on its behalf."""
    if department is not None and department.pk != actor.organisation_id:
        require(actor, "applications.create_on_behalf", department)
    else:
        require(actor, "applications.create")
        department = actor.organisation
    application = Application(department=department, created_by=actor, copied_from=copied_from)
    data = dict(data)
    data.setdefault("term", default_term())
    schools = data.get("schools")
    _apply(application, data)
    _validate(application, schools)
    application.save()
    _set_schools(application, schools)
    _set_lead_organisations(application, data.get("lead_organisations"))
    record_event(actor=actor, obj=application, action="application.created", action_label="创建草稿",
                 to_state=application.status,
                 data={"copied_from": copied_from.pk} if copied_from else {},
                 opinion="" if department.pk == actor.organisation_id else f"由{actor.organisation}代为申报")
    return application


def _lock(application: Application) -> Application:
    try:
        return Application.objects.select_for_update(of=("self",)).select_related("term").get(pk=application.pk)
    except Application.DoesNotExist as exc:
        raise ConflictError(gettext("该申报已不存在。")) from exc


def _check_version(locked: Application, seen_version: int | None) -> None:
    if seen_version is not None and locked.version != int(seen_version):
        raise ConflictError()


def _compare_and_set(locked: Application, **changes) -> None:
    rows = Application.objects.filter(pk=locked.pk, status=locked.status, version=locked.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if rows != 1:
        raise ConflictError()


@transaction.atomic
def update_draft(*, application: Application, actor, seen_version: int | None, data: dict) -> Application:
    locked = _lock(application)
    require(actor, "applications.change", locked)
    _check_version(locked, seen_version)
    schools = data.get("schools")
    changed = _apply(locked, data)
    _validate(locked, schools if schools is not None else list(locked.schools.all()))
    _compare_and_set(locked, **{name: getattr(locked, name) for name in changed})
    _set_schools(locked, schools)
    _set_lead_organisations(locked, data.get("lead_organisations"))
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action="application.updated", action_label="修改申报",
                 from_state=locked.status, to_state=locked.status,
                 data={"changed": changed + (["schools"] if schools is not None else [])})
    return locked


def next_reference(term: Term) -> str:
    """The next reference number of the term, e.g. ``2025秋-0007``; call inside the submitting transaction.

    The counter row's UPDATE holds a row lock until commit, so two submissions at the same instant queue
    behind each other and get consecutive numbers.
    """
    try:
        with transaction.atomic():
            TermCounter.objects.get_or_create(term=term)
    except IntegrityError:
        pass  # created by a concurrent transaction that has committed
    TermCounter.objects.filter(term=term).update(last=F("last") + 1)
    last = TermCounter.objects.values_list("last", flat=True).get(term=term)
    return f"{term.code}-{last:04d}"


@transaction.atomic
def submit_application(*, application: Application, actor, seen_version: int | None = None) -> Application:
    locked = _lock(application)
    require(actor, "applications.change", locked)
    _check_version(locked, seen_version)
    findings = run_precheck(locked)
    if has_blocking(findings):
        raise PrecheckBlocked(findings)
    resubmission = locked.status == Application.Status.RETURNED
    from_state = locked.status
    reference = locked.reference or next_reference(locked.term)
    now = timezone.now()
    _compare_and_set(locked, status=Application.Status.SUBMITTED, reference=reference,
                     precheck_findings=[f.as_dict() for f in findings], submitted_at=now)
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action="application.resubmitted" if resubmission else "application.submitted",
                 action_label="重新提交" if resubmission else "提交申报", from_state=from_state,
                 to_state=locked.status,
                 data={"reference": reference, "findings": [f.rule for f in findings], "version": locked.version})
    signals.application_submitted.send(sender=Application, application=locked, actor=actor,
                                       resubmission=resubmission)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def withdraw_application(*, application: Application, actor, seen_version: int | None = None,
                         reason: str = "") -> Application:
    locked = _lock(application)
    require(actor, "applications.withdraw", locked)
    _check_version(locked, seen_version)
    from_state = locked.status
    _compare_and_set(locked, status=Application.Status.WITHDRAWN, decided_at=timezone.now())
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action="application.withdrawn", action_label="撤回申报",
                 from_state=from_state, to_state=locked.status, opinion=reason)
    signals.application_withdrawn.send(sender=Application, application=locked, actor=actor)
    return locked


COPIED_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "term")


@transaction.atomic
def copy_application(*, application: Application, actor, term: Term | None = None) -> Application:
    """A new draft of the actor's department with the content of one of its earlier applications."""
    if not (can(actor, "applications.view", application) and application.department_id == actor.organisation_id):
        raise PermissionDenied(gettext("只能复制本单位的申报。"))
    data = {name: getattr(application, name) for name in COPIED_FIELDS}
    data["term"] = term or default_term()
    data["schools"] = list(application.schools.all())
    data["lead_organisations"] = list(application.lead_organisations.all())
    data["planned_start"] = data["planned_end"] = None
    return create_draft(actor=actor, data=data, copied_from=application)


# -- attachments --------------------------------------------------------------------------------------------

@transaction.atomic
def add_attachment(*, application: Application, actor, uploaded, kind: str):
    """Check the file by content first; only a sound file is stored (outside any public folder)."""
    from django.core.files.base import ContentFile

    from .attachments import check_upload
    from .models import Attachment

    locked = _lock(application)
    require(actor, "applications.change", locked)
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": [gettext("请选择材料类型。")]})
    checked = check_upload(uploaded)
    attachment = Attachment(
        application=locked, kind=kind, original_name=uploaded.name[:200], content_type=checked.content_type,
        extension=checked.extension, size=len(checked.content), sha256=checked.sha256, uploaded_by=actor,
    )
    attachment.file.save("upload", ContentFile(checked.content), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    record_event(actor=actor, obj=locked, action="application.attachment_added", action_label="上传附件",
                 from_state=locked.status, to_state=locked.status,
                 data={"attachment": attachment.pk, "name": attachment.original_name, "kind": kind,
                       "sha256": checked.sha256})
    return attachment


@transaction.atomic
def remove_attachment(*, attachment, actor) -> None:
    locked = _lock(attachment.application)
    require(actor, "applications.change", locked)
    name, pk = attachment.original_name, attachment.pk
    stored = attachment.file.name
    attachment.delete()
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored))
    record_event(actor=actor, obj=locked, action="application.attachment_removed", action_label="删除附件",
                 from_state=locked.status, to_state=locked.status, data={"attachment": pk, "name": name})
