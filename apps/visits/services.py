"""Every write to a visit: recording it (with its permit code and the frequency warning), cancelling it, the
school's answer at the gate (confirm, refuse, report a problem), its rating; and the year-end evaluation.

Each transition checks permission, locks the row, compares-and-sets ``version``/``status`` and records one audit
event. A visit a school confirms beyond the approved frequency opens one ledger line (source: activity record)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from apps.accounts.models import Organisation
from apps.accounts.permissions import require
from apps.applications.models import Participant
from apps.applications.terms import term_for_date
from apps.audit.services import record_event
from apps.whitelist import selectors as whitelist_selectors
from whitelist_portal import codes
from whitelist_portal.plaintext import strip_control_chars

from . import frequency
from .exceptions import ConflictError, OverLimit
from .models import Rating, Visit

Status = Visit.Status
LEDGER_DAYS = 15  # the deadline of a line opened for a confirmed overrun, counted from the confirmation
RECORD_FIELDS = ("item", "school", "date", "start_time", "participants", "participant_count", "duration_minutes",
                 "person_in_charge", "person_phone")


def _text(value) -> str:
    return strip_control_chars((value or "").strip())


def _required(value, field: str, message: str) -> str:
    text = _text(value)
    if not text:
        raise ValidationError({field: [message]})
    return text


# -- recording -----------------------------------------------------------------------------------------------------

def _validate_new(visit: Visit, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    try:
        visit.full_clean(exclude=["code", "item", "department", "school", "region", "created_by", "item_key",
                                  "school_year", "semester", "ledger_line", "handled_by"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if visit.school is None or visit.school.kind != Organisation.Kind.SCHOOL or not visit.school.is_active:
        errors.setdefault("school", []).append(gettext("请选择一所学校。"))
    if not visit.participants or set(visit.participants) - set(Participant.values):
        errors.setdefault("participants", []).append(gettext("请选择参与对象。"))
    if visit.date and visit.date < today:
        errors.setdefault("date", []).append(gettext("只能登记今天及以后的进校园活动。"))
    if errors:
        raise ValidationError(errors)
    in_force = whitelist_selectors.items_in_force_for(visit.school.region, visit.date).filter(pk=visit.item_id)
    if not in_force.exists():
        raise ValidationError({"item": [gettext("该事项在进校日期不在该校适用的白名单内，或已暂停、撤销。")]})


def _save_with_code(visit: Visit) -> None:
    for _attempt in range(5):
        visit.code = codes.new_code()
        try:
            with transaction.atomic():
                visit.save()
        except IntegrityError:
            if Visit.objects.filter(code=visit.code).exists():
                continue  # the same code twice in 10^17: draw again
            raise
        return
    raise RuntimeError("could not draw a unique permit code")


@transaction.atomic
def record_visit(*, actor, data: dict, acknowledge: bool = False, justification: str = "") -> Visit:
    """The department running a whitelist item records one planned visit to a school and gets its permit. A visit
    that would break the approved frequency or a cap is refused with the warnings unless ``acknowledge`` and a
    ``justification`` are given; then the warnings stay on the record for the bureau."""
    unknown = set(data) - set(RECORD_FIELDS)
    if unknown:
        raise ValidationError(gettext("不可修改的字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    item = data.get("item")
    if item is None:
        raise ValidationError({"item": [gettext("请选择白名单事项。")]})
    require(actor, "visits.record", item)
    school = data.get("school")
    visit = Visit(item=item, department=actor.organisation, school=school, created_by=actor,
                  region_id=school.region_id if school is not None else None,
                  date=data.get("date"), start_time=data.get("start_time"),
                  participants=list(data.get("participants") or []),
                  participant_count=data.get("participant_count"), duration_minutes=data.get("duration_minutes"),
                  person_in_charge=_text(data.get("person_in_charge")), person_phone=_text(data.get("person_phone")))
    if not isinstance(visit.date, dt.date):
        raise ValidationError({"date": [gettext("请填写有效的进校日期。")]})
    _validate_new(visit, timezone.localdate())
    key = term_for_date(visit.date)
    visit.school_year, visit.semester, visit.item_key = key.start_year, key.semester, frequency.item_key(item)
    _lock_school(school)
    over = frequency.exceeded(item, school=school, department=actor.organisation, day=visit.date,
                              statuses=Visit.COUNTED)
    if over:
        if not acknowledge:
            raise OverLimit(over)
        visit.justification = _required(justification, "justification",
                                        gettext("超出批准频次或限额时，须写明理由。"))
        visit.warnings = [u.text for u in over]
    _save_with_code(visit)
    _tell_school(visit)
    record_event(actor=actor, obj=visit, action="visit.recorded", action_label="登记进校园活动",
                 to_state=visit.status, opinion=visit.justification,
                 data={"item": item.pk, "school": school.pk, "date": visit.date.isoformat(),
                       "warnings": visit.warnings})
    return visit


def _tell_school(visit: Visit) -> None:
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.accounts.roles import Role
    from apps.notifications.services import notify

    contacts = User.objects.filter(groups__name=str(Role.RECTIFICATION_OWNER), organisation_id=visit.school_id,
                                   is_active=True)
    notify(recipients=list(contacts), url=reverse("visits:detail", args=[visit.pk]),
           title=gettext("进校园活动安排：%(item)s，%(date)s") % {"item": visit.item.name,
                                                            "date": visit.date.isoformat()},
           body=gettext("%(department)s，凭证编码 %(code)s。请在门口核验凭证，活动结束后确认。") % {
               "department": visit.department.name, "code": visit.code_display})


# -- locking and compare-and-set ------------------------------------------------------------------------------------

def _lock_school(school) -> None:
    """Visits to one school are counted one writer at a time: two recorded or confirmed at once cannot both be
    counted without the other (and so both escape the frequency check)."""
    list(Organisation.objects.select_for_update().filter(pk=school.pk).values_list("pk", flat=True))


def _lock(visit: Visit) -> Visit:
    try:
        return (Visit.objects.select_for_update(of=("self",))
                .select_related("item", "item__edition", "school", "department").get(pk=visit.pk))
    except Visit.DoesNotExist as exc:
        raise ConflictError(gettext("该进校园活动已不存在。")) from exc


def _check(locked: Visit, seen_version, *allowed) -> None:
    if seen_version is None or str(seen_version) == "" or locked.version != int(seen_version):
        raise ConflictError()
    if allowed and locked.status not in allowed:
        raise ConflictError(gettext("该进校园活动当前为“%(status)s”，不能执行此操作。")
                            % {"status": locked.get_status_display()})


def _compare_and_set(locked: Visit, **changes) -> None:
    rows = Visit.objects.filter(pk=locked.pk, status=locked.status, version=locked.version).update(
        version=F("version") + 1, **changes)
    if rows != 1:
        raise ConflictError()
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.version += 1


def _step(visit, *, actor, permission, seen_version, allowed, action, label, opinion="", data=None, **changes):
    locked = _lock(visit)
    require(actor, permission, locked)
    _check(locked, seen_version, *allowed)
    from_state = locked.status
    _compare_and_set(locked, **changes)
    record_event(actor=actor, obj=locked, action=action, action_label=label, from_state=from_state,
                 to_state=locked.status, opinion=opinion, data=data or {})
    return locked


@transaction.atomic
def cancel_visit(*, visit, actor, seen_version, reason: str) -> Visit:
    reason = _required(reason, "reason", gettext("取消进校须写明原因。"))
    return _step(visit, actor=actor, permission="visits.manage", seen_version=seen_version,
                 allowed=(Status.PLANNED,), action="visit.cancelled", label="取消进校园活动", opinion=reason,
                 status=Status.CANCELLED, school_note=reason)


# -- the school at the gate -----------------------------------------------------------------------------------------

@transaction.atomic
def confirm_visit(*, visit, actor, seen_version, note: str = "") -> Visit:
    """The school confirms the visit took place. Beyond the approved frequency or a cap (counting the visits the
    school has confirmed), the portal opens one ledger line with the source "activity record" for the bureau."""
    _lock_school(visit.school)
    locked = _lock(visit)
    require(actor, "visits.school", locked)
    _check(locked, seen_version, Status.PLANNED)
    if locked.date > timezone.localdate():
        raise ValidationError(gettext("进校日期未到，不能确认已开展。"))
    over = frequency.exceeded(locked.item, school=locked.school, department=locked.department, day=locked.date,
                              statuses=(Status.CONFIRMED,), exclude_pk=locked.pk)
    from_state = locked.status
    _compare_and_set(locked, status=Status.CONFIRMED, school_note=_text(note), handled_by=actor,
                     handled_at=timezone.now())
    record_event(actor=actor, obj=locked, action="visit.confirmed", action_label="学校确认已开展",
                 from_state=from_state, to_state=locked.status, opinion=locked.school_note,
                 data={"over": [u.text for u in over]})
    if over:
        _open_overrun_line(locked, actor, over)
    return locked


def _open_overrun_line(visit: Visit, actor, over) -> None:
    from apps.ledger.services import open_from_activity_record

    problem = gettext("「%(item)s」%(date)s在%(school)s开展，超出批准的频次或限额：%(limits)s") % {
        "item": visit.item.name, "date": visit.date.isoformat(), "school": visit.school.name,
        "limits": "；".join(u.text for u in over)}
    line = open_from_activity_record(actor=actor, data={
        "source_ref": f"{visit.number} {visit.code_display}", "problem": problem[:2000], "owner": visit.department,
        "owner_person": visit.person_in_charge, "deadline": timezone.localdate() + dt.timedelta(days=LEDGER_DAYS),
        "standard": gettext("说明超出的原因；此后按白名单批准的频次开展。")})
    rows = Visit.objects.filter(pk=visit.pk, ledger_line__isnull=True).update(ledger_line=line)
    if rows != 1:
        raise ConflictError()
    visit.ledger_line = line


def _tell_department(visit: Visit, title: str, body: str = "") -> None:
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.accounts.roles import Role
    from apps.notifications.services import notify

    staff = User.objects.filter(groups__name=str(Role.SUBMITTER), organisation_id=visit.department_id,
                                is_active=True)
    notify(recipients=list(staff), url=reverse("visits:detail", args=[visit.pk]), body=body,
           title=title % {"item": visit.item.name, "school": visit.school.name})


@transaction.atomic
def refuse_visit(*, visit, actor, seen_version, reason: str) -> Visit:
    """The school turned the visit away at the gate, with the reason; the department is told."""
    reason = _required(reason, "reason", gettext("请填写拒绝进校的原因。"))
    locked = _step(visit, actor=actor, permission="visits.school", seen_version=seen_version,
                   allowed=(Status.PLANNED,), action="visit.refused", label="学校拒绝进校", opinion=reason,
                   status=Status.REFUSED, school_note=reason, handled_by=actor, handled_at=timezone.now())
    _tell_department(locked, gettext("学校拒绝进校：%(item)s（%(school)s）"), reason)
    return locked


@transaction.atomic
def report_problem(*, visit, actor, description: str):
    """The school reports a problem with the visit on the spot: it lands as a report in the complaint line (through
    the complaints service, as an online report naming the school, the department and the item)."""
    from apps.complaints.models import BurdenCategory
    from apps.complaints.services import submit_online_report

    description = _required(description, "description", gettext("请填写发现的问题。"))
    locked = _lock(visit)
    require(actor, "visits.school", locked)
    if locked.status == Status.CANCELLED:
        raise ValidationError(gettext("已取消的进校园活动不能反映问题。"))
    category = (BurdenCategory.INSPECTION if locked.item.item_type == "inspection"
                else BurdenCategory.SOCIAL_AFFAIRS)
    complaint, code = submit_online_report(data={
        "schools": [locked.school], "department": locked.department, "category": category,
        "activity_text": locked.item.name[:300], "occurred_on": min(locked.date, timezone.localdate()),
        "description": gettext("进校园凭证 %(code)s（%(number)s）现场反映：\n%(text)s") % {
            "code": locked.code_display, "number": locked.number, "text": description},
        "reporter_name": (actor.full_name or actor.username)[:50]})
    locked.complaints.add(complaint)
    record_event(actor=actor, obj=locked, action="visit.problem_reported", action_label="学校现场反映问题",
                 from_state=locked.status, to_state=locked.status, opinion=description,
                 data={"complaint": complaint.pk})
    return complaint, code


@transaction.atomic
def rate_visit(*, visit, actor, burden: int, usefulness: int, comment: str = "") -> Rating:
    locked = _lock(visit)
    require(actor, "visits.school", locked)
    if locked.status != Status.CONFIRMED:
        raise ValidationError(gettext("只有确认已开展的进校园活动可以评价。"))
    if Rating.objects.filter(visit=locked).exists():
        raise ConflictError(gettext("本次进校园活动已评价。"))
    rating = Rating(visit=locked, burden=burden, usefulness=usefulness, comment=_text(comment), rated_by=actor)
    rating.full_clean(exclude=["visit", "rated_by"])
    rating.save()
    record_event(actor=actor, obj=locked, action="visit.rated", action_label="学校评价",
                 from_state=locked.status, to_state=locked.status,
                 data={"burden": rating.burden, "usefulness": rating.usefulness})
    return rating
