"""Every change of an application's place in review, one function per transition.

Each transition checks the actor's right on the locked row, refuses a stale version, moves the status with a
compare-and-set on ``version``, writes its ``ReviewDecision`` and audit event in the same transaction and queues
the department's notification for after the commit.
"""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from apps.accounts.permissions import can, require
from apps.accounts.roles import Role
from apps.applications import declarations
from apps.applications import sections as form_sections
from apps.applications.exceptions import ConflictError
from apps.applications.models import Application
from apps.audit.services import record_event
from apps.notifications.services import notify

from . import checks
from .models import ReviewDecision, ReviewProgress, ReviewStage
from .workdays import due_date

Status = Application.Status


class ReviewConflict(ConflictError):
    """The application moved since the reviewer looked at it, or is not where the action needs it.

    A kind of the applications app's ConflictError, so that its pages show the message when placing a submitted
    application in review fails inside their transaction."""


# ---- where an application stands -------------------------------------------------------------------------------

def first_stage(kind: str) -> ReviewStage | None:
    return ReviewStage.objects.filter(kind=kind, is_active=True).select_related("group").order_by("order").first()


def next_stage(stage: ReviewStage) -> ReviewStage | None:
    return (ReviewStage.objects.filter(kind=stage.kind, is_active=True, order__gt=stage.order)
            .select_related("group").order_by("order").first())


def in_review_label(stage: ReviewStage | None) -> str:
    return f"{Status.IN_REVIEW.label}·{stage.name}" if stage else str(Status.IN_REVIEW.label)


def _status_label(status: str) -> str:
    return str(Status(status).label)


def _place(progress: ReviewProgress, stage: ReviewStage | None, **extra) -> None:
    now = timezone.now()
    progress.stage = stage
    progress.entered_at = now
    progress.due_on = due_date(timezone.localdate(now), stage.time_limit_days) if stage else None
    for name, value in extra.items():
        setattr(progress, name, value)
    progress.save()
    if stage is not None:
        _notify_arrival(progress.application, stage)


def _notify_arrival(application: Application, stage: ReviewStage) -> None:
    """Tell the stage's reviewers that an application reached them: the first arrival of a day is one inbox notice
    (a digest: later arrivals that day are in the queue it links to, not notified one by one)."""
    from django.contrib.auth import get_user_model

    reviewers = get_user_model().objects.filter(groups=stage.group_id, is_active=True).filter(
        groups__name=Role.REVIEWER).distinct()
    today = timezone.localdate()
    notify(recipients=list(reviewers), title=gettext("「%(stage)s」有新的待审申报") % {"stage": stage.name},
           body=gettext("《%(title)s》已到达您的审核环节。今天到达的其他申报不再逐件提醒，请在审核队列中查看。") % {
               "title": application.title},
           url=reverse("reviews:queue"), dedupe_key=f"review.arrival:{stage.pk}:{today.isoformat()}")


def _compare_and_set(application: Application, seen_version: int, old_status: str, **changes) -> None:
    updated = Application.objects.filter(pk=application.pk, status=old_status, version=seen_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise ReviewConflict(gettext("该申报已被他人处理，您看到的不是最新状态。请刷新页面后再审核。"))
    for name, value in changes.items():
        setattr(application, name, value)
    application.version = seen_version + 1


# ---- entering review (called by the receiver of application_submitted) -------------------------------------------

@transaction.atomic
def place_in_review(*, application: Application, actor, resubmission: bool = False) -> ReviewProgress:
    """Put a just-submitted application at the first stage, or back at the stage that returned it."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Status.SUBMITTED:
        raise ReviewConflict(gettext("只有已提交的申报才能进入审核。"))
    progress, _ = ReviewProgress.objects.select_for_update().get_or_create(application=locked)
    kind = ReviewStage.kind_for(locked)
    stage = progress.returned_from_stage if resubmission else None
    if stage is None or not stage.is_active or stage.kind != kind:
        stage = first_stage(kind)
    if stage is None:
        raise ReviewConflict(gettext("尚未配置审核环节，请联系管理员。"))
    _compare_and_set(locked, locked.version, Status.SUBMITTED, status=Status.IN_REVIEW)
    findings = checks.stored_findings(locked)
    _place(progress, stage, returned_from_stage=None, precheck_level=checks.level_of(findings))
    record_event(
        actor=actor, obj=locked, action="review.enter",
        action_label="重新提交后回到审核" if resubmission else "进入审核",
        from_state=_status_label(Status.SUBMITTED), to_state=in_review_label(stage),
        data={"stage": stage.name, "due_on": progress.due_on.isoformat(), "resubmission": resubmission},
    )
    application.status, application.version = locked.status, locked.version
    return progress


def leave_review(*, application: Application) -> None:
    """A withdrawn application leaves the queue (the withdrawal itself is recorded by its own service)."""
    ReviewProgress.objects.filter(application_id=application.pk).update(stage=None, due_on=None)


# ---- decisions --------------------------------------------------------------------------------------------------

def _lock_for_decision(application: Application, actor, version: int) -> tuple[Application, ReviewProgress]:
    # Only reviewers get this far; a reviewer with a stale form then learns that, not merely "no right".
    require(actor, "reviews.view_queue")
    locked = (Application.objects.select_for_update(of=("self",))
              .select_related("department", "review__stage__group").get(pk=application.pk))
    if locked.version != version:
        raise ReviewConflict(
            gettext("该申报已在您打开页面后发生变化（您看到的是第 %(seen)s 版，当前为第 %(current)s 版），"
                    "可能已被其他审核人处理。请刷新页面，查看最新情况后再审核。")
            % {"seen": version, "current": locked.version}
        )
    if locked.status != Status.IN_REVIEW:
        raise ReviewConflict(gettext("该申报当前状态为“%(status)s”，不在审核中，不能作出审核决定。") % {
            "status": locked.get_status_display()})
    require(actor, "reviews.decide", locked)
    return locked, locked.review


def _require_text(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field_name: message})
    return value


def _sections(keys) -> list[str]:
    """The form sections an opinion points at, checked and in the form's order."""
    keys = list(keys or ())
    unknown = [k for k in keys if k not in form_sections.KEYS]
    if unknown:
        raise ValidationError({"sections": gettext("意见涉及的部分无效：%(keys)s。") % {
            "keys": "、".join(map(str, unknown))}})
    return [key for key, _label in form_sections.ordered(keys)]


def _record_decision(*, application, progress, stage, actor, kind, opinion, version, from_state, to_state,
                     justification="", warnings=(), batch="", extra=None, sections=()) -> ReviewDecision:
    decision = ReviewDecision.objects.create(
        application=application, stage=stage, kind=kind, reviewer=actor, opinion=opinion, sections=list(sections),
        justification=justification, warnings=list(warnings), version_seen=version, batch=batch,
        snapshot=declarations.snapshot(application),
    )
    text = opinion
    if justification:
        text = f"{opinion}\n超出预审警示的理由：{justification}".strip()
    record_event(
        actor=actor, obj=application, action=f"review.{kind}",
        action_label=f"{stage.name}：{ReviewDecision.Kind(kind).label}",
        from_state=from_state, to_state=to_state, opinion=text,
        data={"stage": stage.name, "decision_id": decision.pk, "version_seen": version, "batch": batch,
              "sections": list(sections),
              "justification": justification, "warnings": [w["message"] for w in warnings], **(extra or {})},
    )
    return decision


@transaction.atomic
def approve(*, application: Application, actor, version: int, opinion: str = "", justification: str = "",
            batch: str = "") -> Application:
    """Pass the application to the next stage, or approve it finally at the last one."""
    locked, progress = _lock_for_decision(application, actor, version)
    stage = progress.stage
    findings = checks.findings_now(locked)
    blocking = checks.blocking_in(findings)
    if blocking:
        raise ValidationError({"decision": gettext("预审存在不得通过的问题，只能退回修改或不予通过：")
                                           + gettext("；").join(f["message"] for f in blocking)})
    warnings = checks.warnings_in(findings)
    justification = (justification or "").strip()
    if warnings and not justification:
        raise ValidationError({"justification": gettext("预审有警示事项，通过前须写明理由。")})
    following = next_stage(stage)
    if following is not None:
        _compare_and_set(locked, version, Status.IN_REVIEW)
        _place(progress, following, precheck_level=checks.level_of(findings))
        to_state = in_review_label(following)
    else:
        _compare_and_set(locked, version, Status.IN_REVIEW, status=Status.APPROVED, decided_at=timezone.now())
        _place(progress, None)
        to_state = _status_label(Status.APPROVED)
    _record_decision(application=locked, progress=progress, stage=stage, actor=actor,
                     kind=ReviewDecision.Kind.APPROVE, opinion=(opinion or "").strip(), version=version,
                     from_state=in_review_label(stage), to_state=to_state, justification=justification,
                     warnings=warnings, batch=batch,
                     extra={"next_stage": following.name if following else ""})
    if following is None:
        _tell_department(locked, gettext("申报已审核通过"),
                         gettext("您单位的申报“%(title)s”已审核通过。") % {"title": locked.title}, opinion)
    return locked


@transaction.atomic
def return_for_revision(*, application: Application, actor, version: int, opinion: str,
                        sections=()) -> Application:
    """Send the application back to the department; on resubmission it returns to this stage.

    ``sections`` are the parts of the form the opinion is about: the department's form opens marked there.
    """
    opinion = _require_text(opinion, "opinion", gettext("退回修改须填写审核意见，告诉申报单位需要修改什么。"))
    sections = _sections(sections)
    locked, progress = _lock_for_decision(application, actor, version)
    stage = progress.stage
    _compare_and_set(locked, version, Status.IN_REVIEW, status=Status.RETURNED)
    _place(progress, None, returned_from_stage=stage)
    _record_decision(application=locked, progress=progress, stage=stage, actor=actor,
                     kind=ReviewDecision.Kind.RETURN, opinion=opinion, version=version,
                     from_state=in_review_label(stage), to_state=_status_label(Status.RETURNED), sections=sections)
    _tell_department(locked, gettext("申报被退回修改"),
                     gettext("您单位的申报“%(title)s”在“%(stage)s”环节被退回修改。") % {
                         "title": locked.title, "stage": stage.name}, opinion)
    return locked


@transaction.atomic
def reject(*, application: Application, actor, version: int, opinion: str, sections=()) -> Application:
    opinion = _require_text(opinion, "opinion", gettext("不予通过须填写审核意见，说明理由。"))
    sections = _sections(sections)
    locked, progress = _lock_for_decision(application, actor, version)
    stage = progress.stage
    _compare_and_set(locked, version, Status.IN_REVIEW, status=Status.REJECTED, decided_at=timezone.now())
    _place(progress, None)
    _record_decision(application=locked, progress=progress, stage=stage, actor=actor,
                     kind=ReviewDecision.Kind.REJECT, opinion=opinion, version=version,
                     from_state=in_review_label(stage), to_state=_status_label(Status.REJECTED), sections=sections)
    _tell_department(locked, gettext("申报未通过审核"),
                     gettext("您单位的申报“%(title)s”未通过审核。") % {"title": locked.title}, opinion)
    return locked


DECISIONS = {
    ReviewDecision.Kind.APPROVE: approve,
    ReviewDecision.Kind.RETURN: return_for_revision,
    ReviewDecision.Kind.REJECT: reject,
}


def decide(*, application: Application, actor, decision: str, version: int, opinion: str = "",
           justification: str = "", sections=()) -> Application:
    """One entry point for pages and API: dispatch to the transition named by ``decision``.

    An approval carries a justification; a return or a rejection may point its opinion at sections of the form.
    """
    if decision not in DECISIONS:
        raise ValidationError({"decision": gettext("请选择审核决定。")})
    if decision == ReviewDecision.Kind.APPROVE:
        kwargs = {"justification": justification}
    else:
        kwargs = {"sections": sections}
    return DECISIONS[decision](application=application, actor=actor, version=version, opinion=opinion, **kwargs)


# ---- centralised review (集中认定) ------------------------------------------------------------------------------

@dataclass
class BatchResult:
    batch: str
    approved: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (application, reason)


def approve_many(*, items: list[tuple[Application, int]], actor, opinion: str,
                 justification: str = "") -> BatchResult:
    """Approve several applications with one opinion; each is its own transition, refused ones are reported."""
    opinion = _require_text(opinion, "opinion", gettext("集中认定须填写统一的审核意见。"))
    if not items:
        raise ValidationError({"applications": gettext("请至少选择一件申报。")})
    result = BatchResult(batch=uuid.uuid4().hex)
    for application, version in items:
        try:
            approve(application=application, actor=actor, version=version, opinion=opinion,
                    justification=justification, batch=result.batch)
        except ValidationError as exc:
            result.refused.append((application, gettext("；").join(exc.messages)))
        except ReviewConflict as exc:
            result.refused.append((application, exc.message))
        except PermissionDenied:
            result.refused.append((application, gettext("您无权在该申报当前所处环节作出决定。")))
        else:
            result.approved.append(application)
    return result


# ---- merge (压减合并) -----------------------------------------------------------------------------------------

@transaction.atomic
def merge(*, lead: Application, lead_version: int, others: list[tuple[Application, int]], actor,
          opinion: str) -> Application:
    """Merge ``others`` into ``lead``: they close as merged and point at it; the lead stays in review."""
    opinion = _require_text(opinion, "opinion", gettext("合并须填写审核意见，说明合并理由。"))
    other_ids = {a.pk for a, _ in others} - {lead.pk}
    if not other_ids:
        raise ValidationError({"others": gettext("请至少选择一件要并入的其他申报。")})
    seen = {a.pk: v for a, v in others} | {lead.pk: lead_version}
    # Lock in primary-key order so that two merges touching the same rows cannot deadlock.
    locked = {}
    for pk in sorted(other_ids | {lead.pk}):
        locked[pk], _ = _lock_for_decision(Application(pk=pk), actor, seen[pk])
    head = locked[lead.pk]
    for pk in other_ids:
        if (locked[pk].term_id, locked[pk].item_type) != (head.term_id, head.item_type):
            raise ValidationError({"others": gettext("“%(title)s”与主申报不属于同一学期、同一事项类型，不能合并。") % {
                "title": locked[pk].title}})
    for pk in sorted(other_ids):
        app = locked[pk]
        stage = app.review.stage
        _compare_and_set(app, seen[pk], Status.IN_REVIEW, status=Status.MERGED, merged_into=head,
                         decided_at=timezone.now())
        _place(app.review, None)
        _record_decision(application=app, progress=app.review, stage=stage, actor=actor,
                         kind=ReviewDecision.Kind.MERGE, opinion=opinion, version=seen[pk],
                         from_state=in_review_label(stage), to_state=_status_label(Status.MERGED),
                         extra={"merged_into": head.pk, "merged_into_repr": str(head)})
        _tell_department(app, gettext("申报已压减合并"),
                         gettext("您单位的申报“%(title)s”已合并入“%(head)s”。") % {"title": app.title, "head": head},
                         opinion)
    _compare_and_set(head, seen[head.pk], Status.IN_REVIEW)
    record_event(
        actor=actor, obj=head, action="review.merge_lead", action_label="合并其他申报",
        from_state=in_review_label(head.review.stage), to_state=in_review_label(head.review.stage), opinion=opinion,
        data={"merged": [{"id": pk, "repr": str(locked[pk])} for pk in sorted(other_ids)]},
    )
    return head


# ---- notifications ----------------------------------------------------------------------------------------------

def application_url(application: Application) -> str:
    for name in ("applications:detail",):
        try:
            return reverse(name, args=[application.pk])
        except NoReverseMatch:
            continue
    return ""


def _tell_department(application: Application, title: str, body: str, opinion: str = "") -> None:
    from django.contrib.auth import get_user_model

    recipients = get_user_model().objects.filter(
        organisation_id=application.department_id, is_active=True, groups__name=Role.SUBMITTER
    ).distinct()
    text = gettext("%(body)s\n审核意见：%(opinion)s") % {"body": body, "opinion": opinion} if opinion else body
    notify(recipients=list(recipients),
           title=gettext("%(title)s：%(application)s") % {"title": title, "application": application.title}, body=text,
           url=application_url(application))


def can_decide(user, application: Application) -> bool:
    return can(user, "reviews.decide", application)
