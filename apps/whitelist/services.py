"""Every change to a whitelist: assembly, wording, order, public notice, publication, supplements, status, export."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from apps.accounts.permissions import require
from apps.applications.models import Application
from apps.audit.services import record_event
from apps.notifications.services import notify
from whitelist_portal import codes

from . import selectors
from .caching import invalidate_on_commit
from .export_queue import send_on_commit
from .models import (
    DEFAULT_COLUMNS,
    EditionChange,
    ExportRun,
    Objection,
    PublicationSettings,
    WhitelistEdition,
    WhitelistItem,
)
from .periods import Period, default_title, term_period
from .wording import item_fields

CONFLICT = gettext_lazy("该白名单已被他人修改，请刷新页面后重试。")
WORDING_FIELDS = (
    "name", "lead_units", "time_text", "frequency_text", "place_text", "scope_text", "content", "form_text",
    "basis_text", "validity_text", "notes",
)


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _advance(edition: WhitelistEdition, *, seen_revision: int, **changes) -> None:
    """Compare-and-set on the edition's revision; any change to an edition goes through here."""
    updated = WhitelistEdition.objects.filter(pk=edition.pk, revision=seen_revision).update(
        revision=F("revision") + 1, **changes
    )
    if updated != 1:
        raise ValidationError(CONFLICT)
    edition.refresh_from_db()


def _lock(edition: WhitelistEdition) -> WhitelistEdition:
    return WhitelistEdition.objects.select_for_update(of=("self",)).select_related("term", "region").get(pk=edition.pk)


def _log(edition, *, kind, summary, reason="", item=None, on=None) -> EditionChange:
    return EditionChange.objects.create(
        edition=edition, item=item, kind=kind, version=edition.version,
        happened_on=on or timezone.localdate(), summary=summary, reason=reason,
    )


def _next_number(edition, item_type) -> int:
    top = edition.items.filter(item_type=item_type).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _create_item(edition, application: Application, **extra) -> WhitelistItem:
    merged = list(application.merged_from.all())
    fields = item_fields(application, merged)
    item = WhitelistItem.objects.create(
        edition=edition, number=_next_number(edition, fields["item_type"]), **fields, **extra
    )
    sources = [application, *merged]
    item.applications.set(sources)
    units = {a.department_id for a in sources}
    for source in sources:
        units.update(o.pk for o in source.lead_organisations.all())
    item.departments.set(units)
    return item


def edition_title(term, region) -> str:
    return default_title(region, term_period(term))


def _publisher_region(actor):
    if actor.organisation is None:
        raise ValidationError(gettext("您的账号未关联机构，无法确定白名单所属行政区划。"))
    return actor.organisation.region


def edition_for_period(*, region, period: Period, actor, title: str = "", **extra) -> tuple[WhitelistEdition, bool]:
    """The region's edition of ``period``, created (with its generated or given title) when there is none."""
    return WhitelistEdition.objects.get_or_create(
        region=region, period_kind=period.kind, starts_on=period.starts_on, ends_on=period.ends_on,
        defaults={"title": title.strip() or default_title(region, period), "created_by": actor,
                  "term": period.term, "period_label": period.label, **extra},
    )


# Other apps may leave approvals out of a draft: each filter answers (region id, period) with the item names (the
# applications' titles) not to be proposed — the year-end evaluation's items not kept (apps/visits).
_assembly_filters = []


def register_assembly_filter(fn):
    _assembly_filters.append(fn)
    return fn


def left_out_of_assembly(region_id, period: Period) -> set[str]:
    names: set[str] = set()
    for fn in _assembly_filters:
        names |= set(fn(region_id, period))
    return names


@transaction.atomic
def assemble_edition(*, actor, term=None, period: Period | None = None, title: str = "") -> WhitelistEdition:
    """Create (or refresh) the draft edition of a period for the publisher's region from that region's approvals."""
    require(actor, "whitelist.manage")
    period = period or term_period(term)
    region = _publisher_region(actor)
    edition, created = edition_for_period(region=region, period=period, actor=actor, title=title)
    edition = _lock(edition)
    if not edition.is_editable:
        raise ValidationError(gettext("该期间的白名单已发布；此后批准的事项请以增补方式列入。"))
    if edition.is_imported:
        raise ValidationError(gettext("该白名单由既有清单导入，不从申报汇编。"))
    left_out = left_out_of_assembly(region.pk, period)
    added = [_create_item(edition, app) for app in selectors.applications_not_on(edition)
             if app.title not in left_out]
    if created or added:
        _advance(edition, seen_revision=edition.revision)
        record_event(actor=actor, obj=edition, action="whitelist.assemble", action_label="汇编白名单草稿",
                     to_state=edition.status, data={"added": [i.name for i in added],
                                                    "left_out": sorted(left_out)})
        invalidate_on_commit(editions=[edition])
    return edition


@transaction.atomic
def set_columns(*, actor, columns: list[str]) -> PublicationSettings:
    """Choose the columns the publisher's region publishes its lists with (序号 and 事项名称 always)."""
    require(actor, "whitelist.manage")
    region = _publisher_region(actor)
    chosen = [key for key in DEFAULT_COLUMNS if key in set(columns) | {"number", "name"}]
    settings, _created = PublicationSettings.objects.select_for_update().get_or_create(region=region)
    before = list(settings.columns)
    settings.columns = chosen
    settings.full_clean()
    settings.save(update_fields=["columns"])
    record_event(actor=actor, obj=settings, action="whitelist.columns", action_label="设置公布的列",
                 data={"before": before, "after": chosen})
    invalidate_on_commit()
    return settings


def notice_policy(region) -> PublicationSettings:
    """The region's publication settings (unsaved defaults when it never chose: public notice on)."""
    return PublicationSettings.objects.filter(region=region).first() or PublicationSettings(region=region)


@transaction.atomic
def set_notice_policy(*, actor, required: bool, min_days: int) -> PublicationSettings:
    """Choose whether the publisher's region puts every draft on public notice before publishing, and for how
    many days at least."""
    require(actor, "whitelist.manage")
    region = _publisher_region(actor)
    settings, _created = PublicationSettings.objects.select_for_update().get_or_create(region=region)
    before = {"required": settings.notice_required, "min_days": settings.notice_min_days}
    settings.notice_required, settings.notice_min_days = bool(required), min_days
    settings.full_clean()
    settings.save(update_fields=["notice_required", "notice_min_days"])
    record_event(actor=actor, obj=settings, action="whitelist.notice_policy", action_label="设置公示要求",
                 data={"before": before, "after": {"required": bool(required), "min_days": min_days}})
    return settings


@transaction.atomic
def set_document(*, edition: WhitelistEdition, actor, issuing_body: str, document_number: str,
                 document_date: dt.date | None, seen_revision: int) -> WhitelistEdition:
    """Record the issuing body, document number and date the official file carries (each may stay empty)."""
    require(actor, "whitelist.manage", edition)
    edition = _lock(edition)
    changes = {"issuing_body": issuing_body.strip(), "document_number": document_number.strip(),
               "document_date": document_date}
    before = {k: getattr(edition, k) for k in changes}
    if before == changes:
        return edition
    _advance(edition, seen_revision=seen_revision, **changes)
    record_event(actor=actor, obj=edition, action="whitelist.document", action_label="填写发文信息",
                 data={"before": {k: str(v or "") for k, v in before.items()},
                       "after": {k: str(v or "") for k, v in changes.items()}})
    if edition.status == WhitelistEdition.Status.PUBLISHED:
        request_export(edition=edition, actor=actor)
    invalidate_on_commit(editions=[edition])
    return edition


@transaction.atomic
def rename_edition(*, edition: WhitelistEdition, actor, title: str, seen_revision: int) -> WhitelistEdition:
    """Change the edition's title; once the list is public the change is a dated line of the change log."""
    require(actor, "whitelist.manage", edition)
    edition = _lock(edition)
    title = title.strip()
    if not title:
        raise ValidationError({"title": gettext("请填写白名单标题。")})
    before = edition.title
    if title == before:
        return edition
    public = edition.status == WhitelistEdition.Status.PUBLISHED
    changes = {"title": title}
    if public:
        changes.update(version=edition.version + 1, updated_on=timezone.localdate())
    _advance(edition, seen_revision=seen_revision, **changes)
    if public:
        _log(edition, kind=EditionChange.Kind.CORRECTED, summary=f"更正白名单标题为「{title}」",
             reason=f"原标题：{before}")
        request_export(edition=edition, actor=actor)
    record_event(actor=actor, obj=edition, action="whitelist.rename", action_label="修改白名单标题",
                 data={"before": before, "after": title})
    invalidate_on_commit(editions=[edition])
    return edition


@transaction.atomic
def update_item_wording(*, item: WhitelistItem, actor, seen_revision: int, reason: str = "",
                        **wording) -> WhitelistItem:
    """Edit the public wording of an item. On a draft or notice it is editing; on a published list it is a
    correction: a new version with a dated, reasoned line in the public change log, and a new Excel file."""
    require(actor, "whitelist.manage", item)
    edition = _lock(item.edition)
    published = edition.status == WhitelistEdition.Status.PUBLISHED
    if published and not reason.strip():
        raise ValidationError({"reason": gettext("更正已发布的白名单须说明更正原因。")})
    stored = WhitelistItem.objects.select_for_update().get(pk=item.pk)  # the caller's instance may hold form input
    before = {f: getattr(stored, f) for f in WORDING_FIELDS}
    changes = {f: v for f, v in wording.items() if f in WORDING_FIELDS and v != before[f]}
    if not changes:
        return item
    updated = WhitelistItem.objects.filter(pk=item.pk, revision=seen_revision).update(
        revision=F("revision") + 1, **changes
    )
    if updated != 1:
        raise ValidationError(gettext("该事项已被他人修改，请刷新页面后重试。"))
    item.refresh_from_db()
    if published:
        today = timezone.localdate()
        _advance(edition, seen_revision=edition.revision, version=edition.version + 1, updated_on=today)
        labels = "、".join(str(WhitelistItem._meta.get_field(f).verbose_name) for f in changes)
        _log(edition, kind=EditionChange.Kind.CORRECTED, item=item, reason=reason.strip(),
             summary=f"更正事项「{item.name}」（{item.get_item_type_display()}第 {item.number_label} 项）的{labels}")
    else:
        _advance(edition, seen_revision=edition.revision)
    record_event(actor=actor, obj=item, action="whitelist.edit_item",
                 action_label="更正事项表述" if published else "修改事项表述", opinion=reason.strip(),
                 data={"before": {f: before[f] for f in changes}, "after": changes})
    invalidate_on_commit(editions=[item.edition_id], items=[item])
    if published:
        request_export(edition=edition, actor=actor)
    return item


@transaction.atomic
def move_item(*, item: WhitelistItem, actor, up: bool) -> None:
    """Swap an item's 序号 with its neighbour of the same item type (drafts and notices only)."""
    require(actor, "whitelist.manage", item)
    edition = _lock(item.edition)
    if not edition.is_editable:
        raise ValidationError(gettext("已发布的白名单不能调整顺序。"))
    item = WhitelistItem.objects.select_for_update().get(pk=item.pk)
    siblings = edition.items.filter(item_type=item.item_type)
    neighbour = (
        siblings.filter(number__lt=item.number).order_by("-number") if up
        else siblings.filter(number__gt=item.number).order_by("number")
    ).first()
    if neighbour is None:
        return
    mine, theirs = item.number, neighbour.number
    WhitelistItem.objects.filter(pk=item.pk).update(number=0)
    WhitelistItem.objects.filter(pk=neighbour.pk).update(number=mine)
    WhitelistItem.objects.filter(pk=item.pk).update(number=theirs)
    _advance(edition, seen_revision=edition.revision)
    record_event(actor=actor, obj=item, action="whitelist.move_item", action_label="调整事项顺序",
                 from_state=str(mine), to_state=str(theirs))
    invalidate_on_commit(editions=[item.edition_id])


def _renumber(edition) -> None:
    """Close gaps in each item type's 序号 (kept in the publisher's order) before the list goes public."""
    for item_type in edition.items.values_list("item_type", flat=True).distinct():
        ids = list(edition.items.filter(item_type=item_type).order_by("number").values_list("pk", flat=True))
        edition.items.filter(pk__in=ids).update(number=F("number") + 100000)  # out of the way of the unique key
        for number, pk in enumerate(ids, start=1):
            WhitelistItem.objects.filter(pk=pk).update(number=number)


def _require_items(edition) -> None:
    if not edition.items.exists():
        raise ValidationError(gettext("白名单中还没有事项。"))


@transaction.atomic
def start_notice(*, edition: WhitelistEdition, actor, days: int, seen_revision: int) -> WhitelistEdition:
    """Put the draft on public notice (公示) for ``days`` days; the public may object meanwhile."""
    require(actor, "whitelist.manage", edition)
    edition = _lock(edition)
    if edition.status != WhitelistEdition.Status.DRAFT:
        raise ValidationError(gettext("只有草稿可以公示。"))
    if not 1 <= days <= 30:
        raise ValidationError(gettext("公示天数应为 1—30 天。"))
    policy = notice_policy(edition.region)
    if policy.notice_required and days < policy.notice_min_days:
        raise ValidationError(gettext("本地区公示期不少于 %(days)s 天。") % {"days": policy.notice_min_days})
    _require_items(edition)
    _renumber(edition)
    today = timezone.localdate()
    ends = today + dt.timedelta(days=days - 1)
    _advance(edition, seen_revision=seen_revision, status=WhitelistEdition.Status.NOTICE,
             notice_starts_on=today, notice_ends_on=ends, updated_on=today)
    _log(edition, kind=EditionChange.Kind.NOTICE,
         summary=f"白名单（公示稿）公示 {days} 天，至{_fmt(ends)}止，公示期内可提出异议")
    record_event(actor=actor, obj=edition, action="whitelist.notice", action_label="公示白名单",
                 from_state="draft", to_state="notice", data={"days": days, "ends_on": ends.isoformat()})
    invalidate_on_commit(editions=[edition])
    return edition


@transaction.atomic
def submit_objection(*, edition: WhitelistEdition, content: str, name: str = "", contact: str = "",
                     item: WhitelistItem | None = None) -> Objection:
    """Anyone may object to an edition while it is on notice."""
    edition = _lock(edition)
    today = timezone.localdate()
    if edition.status != WhitelistEdition.Status.NOTICE or not (
        edition.notice_starts_on <= today <= edition.notice_ends_on
    ):
        raise ValidationError(gettext("该白名单不在公示期内，无法提出异议。"))
    if item is not None and item.edition_id != edition.pk:
        raise ValidationError(gettext("所选事项不属于该白名单。"))
    if not content.strip():
        raise ValidationError({"content": gettext("请填写异议内容。")})
    objection = Objection.objects.create(edition=edition, item=item, name=name, contact=contact,
                                         content=content.strip())
    objection.code = _issue_objection_code(objection)
    record_event(actor=None, obj=objection, action="whitelist.objection", action_label="公示期异议",
                 data={"edition": edition.pk, "item": item.pk if item else None})
    from django.urls import reverse

    notify(recipients=selectors.publishers_of(edition.region),
           title=gettext("《%(title)s》收到公示期异议") % {"title": edition.title},
           body=objection.content[:200], url=reverse("whitelist:manage_edition", args=[edition.pk]) + "#objections",
           dedupe_key=f"whitelist.objection:{objection.pk}")
    return objection


def _issue_objection_code(objection: Objection) -> str:
    """Give the objection a fresh follow-up code; only its digest is stored, the objector keeps the code."""
    for _attempt in range(5):
        code = codes.new_code()
        digest = codes.digest(code, purpose="objection")
        if not Objection.objects.filter(code_hash=digest).exists():
            Objection.objects.filter(pk=objection.pk).update(code_hash=digest)
            objection.code_hash = digest
            return code
    raise RuntimeError("could not draw a unique objection code")


@transaction.atomic
def answer_objection(*, objection: Objection, actor, accepted: bool, answer: str) -> Objection:
    """The publisher's answer to one objection: accepted (and what changed) or not accepted (and why)."""
    require(actor, "whitelist.manage", objection.edition)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.is_answered:
        raise ValidationError(gettext("该异议已答复。"))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": gettext("采纳时请写明作了哪些修改；不予采纳时请写明理由。")})
    objection.answer_status = Objection.Answer.ACCEPTED if accepted else Objection.Answer.REJECTED
    objection.answer, objection.answered_at, objection.answered_by = answer, timezone.now(), actor
    objection.save(update_fields=["answer_status", "answer", "answered_at", "answered_by"])
    record_event(actor=actor, obj=objection, action="whitelist.objection_answer", action_label="答复公示期异议",
                 from_state="pending", to_state=objection.answer_status, opinion=answer)
    invalidate_on_commit(editions=[objection.edition_id])
    return objection


@transaction.atomic
def publish_edition(*, edition: WhitelistEdition, actor, seen_revision: int) -> WhitelistEdition:
    """Publish the draft (or the notice once its period has ended) as version 1 and start the Excel export."""
    require(actor, "whitelist.manage", edition)
    edition = _lock(edition)
    today = timezone.localdate()
    if edition.status == WhitelistEdition.Status.PUBLISHED:
        raise ValidationError(gettext("该白名单已发布。"))
    if edition.status == WhitelistEdition.Status.DRAFT and notice_policy(edition.region).notice_required:
        raise ValidationError(gettext("本地区发布前须公示：请先开始公示，公示期满后方可发布。"))
    if edition.status == WhitelistEdition.Status.NOTICE and today <= edition.notice_ends_on:
        raise ValidationError(gettext("公示期至%(day)s结束，期满后方可发布。") % {
            "day": format_date(edition.notice_ends_on, gettext("Y年n月j日"))})
    pending = edition.objections.filter(answer_status=Objection.Answer.PENDING).count()
    if pending:
        raise ValidationError(gettext("还有 %(count)s 条公示期异议未答复，答复后方可发布。") % {"count": pending})
    _require_items(edition)
    from_state = edition.status
    _renumber(edition)
    _advance(edition, seen_revision=seen_revision, status=WhitelistEdition.Status.PUBLISHED, version=1,
             published_at=timezone.now(), updated_on=today)
    edition.items.update(added_in_version=1, added_on=today)
    count = edition.items.count()
    _log(edition, kind=EditionChange.Kind.PUBLISHED, summary=f"发布白名单第 1 版，共 {count} 项")
    record_event(actor=actor, obj=edition, action="whitelist.publish", action_label="发布白名单",
                 from_state=from_state, to_state="published", data={"version": 1, "items": count})
    invalidate_on_commit(editions=[edition])
    request_export(edition=edition, actor=actor)
    return edition


@transaction.atomic
def add_supplement(*, edition: WhitelistEdition, applications, actor, reason: str = "",
                   on: dt.date | None = None) -> list[WhitelistItem]:
    """Add applications approved after publication (usually ad hoc) as a dated supplement: a new version."""
    require(actor, "whitelist.manage", edition)
    edition = _lock(edition)
    if edition.status != WhitelistEdition.Status.PUBLISHED:
        raise ValidationError(gettext("只能向已发布的白名单增补事项。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("请写明增补原因，该原因将在公开的变更记录中显示。")})
    allowed = {a.pk: a for a in selectors.applications_not_on(edition)}
    chosen = [allowed.get(a.pk) for a in applications]
    if not chosen or None in chosen:
        raise ValidationError(gettext("请选择本学期已通过且尚未列入白名单的申报。"))
    today = on or timezone.localdate()
    version = edition.version + 1
    _advance(edition, seen_revision=edition.revision, version=version, updated_on=today)
    items = []
    for app in chosen:
        item = _create_item(edition, app, is_supplement=True, added_in_version=version, added_on=today)
        item.notes = "；".join(filter(None, [f"{_fmt(today)}增补", item.notes]))
        item.save(update_fields=["notes"])
        items.append(item)
        _log(edition, kind=EditionChange.Kind.SUPPLEMENT, item=item, reason=reason, on=today,
             summary=f"增补事项「{item.name}」（{item.get_item_type_display()}第 {item.number} 项）")
    record_event(actor=actor, obj=edition, action="whitelist.supplement", action_label="增补白名单事项",
                 opinion=reason, to_state=f"v{version}", data={"items": [i.name for i in items]})
    invalidate_on_commit(editions=[edition])
    request_export(edition=edition, actor=actor)
    return items


_TRANSITIONS = {
    # to status: (allowed from, change kind, verb)
    WhitelistItem.Status.SUSPENDED: (
        (WhitelistItem.Status.IN_FORCE,), EditionChange.Kind.SUSPENDED, gettext_noop("暂停")),
    WhitelistItem.Status.REVOKED: (
        (WhitelistItem.Status.IN_FORCE, WhitelistItem.Status.SUSPENDED), EditionChange.Kind.REVOKED,
        gettext_noop("撤销")),
    WhitelistItem.Status.IN_FORCE: (
        (WhitelistItem.Status.SUSPENDED,), EditionChange.Kind.REINSTATED, gettext_noop("恢复")),
}


@transaction.atomic
def change_item_status(*, item: WhitelistItem, actor, to_status: str, reason: str, seen_revision: int,
                       on: dt.date | None = None) -> WhitelistItem:
    """Suspend, revoke or reinstate a published item, with reason and date; a new version of the edition."""
    require(actor, "whitelist.manage", item)
    allowed_from, kind, verb = _TRANSITIONS[to_status]
    edition = _lock(item.edition)
    if edition.status != WhitelistEdition.Status.PUBLISHED:
        raise ValidationError(gettext("只能对已发布白名单中的事项暂停、撤销或恢复。"))
    if not reason.strip():
        raise ValidationError({"reason": gettext("请填写%(verb)s原因。") % {"verb": gettext(verb)}})
    on = on or timezone.localdate()
    from_status = item.status
    if from_status not in allowed_from:
        raise ValidationError(gettext("「%(status)s」状态的事项不能%(verb)s。") % {
            "status": item.get_status_display(), "verb": gettext(verb)})
    updated = WhitelistItem.objects.filter(pk=item.pk, status=from_status, revision=seen_revision).update(
        status=to_status, status_changed_on=on, status_reason=reason.strip(), revision=F("revision") + 1,
    )
    if updated != 1:
        raise ValidationError(gettext("该事项已被他人修改，请刷新页面后重试。"))
    item.refresh_from_db()
    _advance(edition, seen_revision=edition.revision, version=edition.version + 1, updated_on=on)
    _log(edition, kind=kind, item=item, on=on, reason=reason.strip(),
         summary=f"{verb}事项「{item.name}」（{item.get_item_type_display()}第 {item.number} 项）")
    record_event(actor=actor, obj=item, action=f"whitelist.{kind}", action_label=f"{verb}白名单事项",
                 from_state=from_status, to_state=to_status, opinion=reason.strip(),
                 data={"on": on.isoformat(), "version": edition.version})
    invalidate_on_commit(editions=[item.edition_id], items=[item])
    request_export(edition=edition, actor=actor)
    return item


def suspend_item(*, item, actor, reason, seen_revision, on=None):
    return change_item_status(item=item, actor=actor, to_status=WhitelistItem.Status.SUSPENDED, reason=reason,
                              seen_revision=seen_revision, on=on)


def revoke_item(*, item, actor, reason, seen_revision, on=None):
    return change_item_status(item=item, actor=actor, to_status=WhitelistItem.Status.REVOKED, reason=reason,
                              seen_revision=seen_revision, on=on)


def reinstate_item(*, item, actor, reason, seen_revision, on=None):
    return change_item_status(item=item, actor=actor, to_status=WhitelistItem.Status.IN_FORCE, reason=reason,
                              seen_revision=seen_revision, on=on)


@transaction.atomic
def request_export(*, edition: WhitelistEdition, actor) -> ExportRun:
    """Queue the Excel export of a published edition; a run already waiting is reused."""
    require(actor, "whitelist.manage", edition)
    if edition.status != WhitelistEdition.Status.PUBLISHED:
        raise ValidationError(gettext("只有已发布的白名单可以导出。"))
    waiting = edition.export_runs.filter(status=ExportRun.Status.WAITING).first()
    if waiting:
        send_on_commit(waiting)  # it may never have reached the broker: hand it over again
        return waiting
    run = ExportRun.objects.create(edition=edition, requested_by=actor)
    record_event(actor=actor, obj=edition, action="whitelist.export", action_label="生成白名单 Excel",
                 to_state="waiting", data={"run": run.pk})
    send_on_commit(run)
    return run

