"""The year-end evaluation (SPEC §3.9, seed 003): for every item of the region's lists in force in a school year,
what really happened — visits planned and confirmed, refusals, linked complaints and ledger lines, the schools'
ratings — and the bureau's decision per item: keep, suspend, send for rectification, revoke or clear (清理: not
carried into next year), each with a reason. Suspension and revocation go through the whitelist's own services, so
they appear in the public change log; rectification opens a ledger line with the source "evaluation"."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from apps.accounts.permissions import region_of, require
from apps.audit.services import record_event
from apps.whitelist import services as whitelist_services
from apps.whitelist.models import WhitelistEdition, WhitelistItem

from .models import Decision, Evaluation, Visit

RECTIFY_DAYS = 30


def year_bounds(school_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(school_year, 9, 1), dt.date(school_year + 1, 8, 31)


def items_of(evaluation: Evaluation):
    """The items of the region's published lists whose period overlaps the school year, not revoked before it."""
    start, end = year_bounds(evaluation.school_year)
    return (WhitelistItem.objects.filter(edition__region_id=evaluation.region_id,
                                         edition__status=WhitelistEdition.Status.PUBLISHED,
                                         edition__starts_on__lte=end, edition__ends_on__gte=start)
            .exclude(status=WhitelistItem.Status.REVOKED, status_changed_on__lt=start)
            .select_related("edition", "edition__term").prefetch_related("departments")
            .order_by("edition__starts_on", "item_type", "number"))


@dataclass
class Row:
    item: WhitelistItem
    planned: int = 0
    confirmed: int = 0
    refused: int = 0
    complaints: int = 0
    ledger_lines: int = 0
    ratings: int = 0
    burden: float | None = None
    usefulness: float | None = None
    decision: Decision | None = None
    comments: list[str] = field(default_factory=list)


def rows(evaluation: Evaluation) -> list[Row]:
    """One row per item with its figures; a fixed number of queries whatever the number of items."""
    from apps.complaints.models import Complaint
    from apps.ledger.models import LedgerLine

    items = list(items_of(evaluation))
    ids = [i.pk for i in items]
    start, end = year_bounds(evaluation.school_year)
    visits = Visit.objects.filter(item_id__in=ids, date__range=(start, end))
    counts = {r["item_id"]: r for r in visits.values("item_id").annotate(
        planned=Count("pk", filter=~Q(status=Visit.Status.CANCELLED)),
        confirmed=Count("pk", filter=Q(status=Visit.Status.CONFIRMED)),
        refused=Count("pk", filter=Q(status=Visit.Status.REFUSED)),
        ratings=Count("rating"), burden=Avg("rating__burden"), usefulness=Avg("rating__usefulness"))}
    complaints: dict[int, set] = {}
    for item_id, pk in Complaint.objects.filter(matched_item_id__in=ids).values_list("matched_item_id", "pk"):
        complaints.setdefault(item_id, set()).add(pk)
    for item_id, pk in visits.filter(complaints__isnull=False).values_list("item_id", "complaints"):
        complaints.setdefault(item_id, set()).add(pk)
    lines: dict[int, set] = {}
    for item_id, pk in visits.filter(ledger_line__isnull=False).values_list("item_id", "ledger_line"):
        lines.setdefault(item_id, set()).add(pk)
    all_complaints = {pk for found in complaints.values() for pk in found}
    by_complaint: dict[int, set] = {}
    for complaint_id, pk in LedgerLine.objects.filter(complaint_id__in=all_complaints).values_list("complaint_id",
                                                                                                   "pk"):
        by_complaint.setdefault(complaint_id, set()).add(pk)
    for item_id, found in complaints.items():
        for complaint_id in found:
            lines.setdefault(item_id, set()).update(by_complaint.get(complaint_id, ()))
    decisions = {d.item_id: d for d in evaluation.decisions.select_related("ledger_line")}
    comments: dict[int, list[str]] = {}
    for item_id, comment in visits.exclude(rating__comment="").filter(rating__isnull=False).values_list(
            "item_id", "rating__comment"):
        comments.setdefault(item_id, []).append(comment)
    result = []
    for item in items:
        c = counts.get(item.pk, {})
        result.append(Row(item, c.get("planned", 0), c.get("confirmed", 0), c.get("refused", 0),
                          len(complaints.get(item.pk, ())), len(lines.get(item.pk, ())), c.get("ratings", 0),
                          c.get("burden"), c.get("usefulness"), decisions.get(item.pk), comments.get(item.pk, [])))
    return result


@transaction.atomic
def start_evaluation(*, actor, school_year: int) -> Evaluation:
    require(actor, "visits.evaluate")
    region = region_of(actor)
    if region is None:
        raise ValidationError(gettext("您的账号未关联机构，无法确定评估的行政区划。"))
    if year_bounds(school_year)[0] > timezone.localdate():
        raise ValidationError(gettext("该学年尚未开始，不能评估。"))
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(region_id=region, school_year=school_year, created_by=actor)
    except IntegrityError as exc:
        raise ValidationError(gettext("该学年的年终评估已经发起。")) from exc
    record_event(actor=actor, obj=evaluation, action="evaluation.started", action_label="发起年终评估",
                 to_state=evaluation.status, data={"school_year": school_year})
    return evaluation


def _lock(evaluation: Evaluation) -> Evaluation:
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.status != Evaluation.Status.OPEN:
        raise ValidationError(gettext("该年终评估已完成，不能再修改。"))
    return locked


def _rectify(item, actor, reason, evaluation):
    from apps.ledger.services import open_line

    owner = next(iter(item.departments.all()), None)
    if owner is None:
        raise ValidationError(gettext("该事项没有登记牵头单位，无法建立整改事项。"))
    label = gettext("%(start)s—%(end)s学年年终评估") % {"start": evaluation.school_year,
                                                    "end": evaluation.school_year + 1}
    return open_line(actor=actor, data={
        "source_kind": "evaluation", "source_ref": label[:100], "owner": owner,
        "problem": gettext("「%(item)s」年终评估须整改：%(reason)s") % {"item": item.name, "reason": reason},
        "deadline": timezone.localdate() + dt.timedelta(days=RECTIFY_DAYS)})


@transaction.atomic
def decide(*, evaluation, item, actor, kind: str, reason: str) -> Decision:
    """The bureau's decision on one item; suspension and revocation change the published list at once."""
    require(actor, "visits.evaluate")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [gettext("请写明评估结论的理由。")]})
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": [gettext("请选择评估结论。")]})
    locked = _lock(evaluation)
    if region_of(actor) != locked.region_id and not actor.is_superuser:
        raise ValidationError(gettext("只能评估本地区的白名单事项。"))
    if not items_of(locked).filter(pk=item.pk).exists():
        raise ValidationError(gettext("该事项不在本学年评估范围内。"))
    if locked.decisions.filter(item=item).exists():
        raise ValidationError(gettext("该事项已作出评估结论。"))
    item = WhitelistItem.objects.get(pk=item.pk)
    public_reason = gettext("年终评估：%(reason)s") % {"reason": reason}
    line = None
    if kind == Decision.Kind.SUSPEND and item.status != WhitelistItem.Status.SUSPENDED:
        whitelist_services.suspend_item(item=item, actor=actor, reason=public_reason, seen_revision=item.revision)
    elif kind == Decision.Kind.REVOKE and item.status != WhitelistItem.Status.REVOKED:  # not twice
        whitelist_services.revoke_item(item=item, actor=actor, reason=public_reason, seen_revision=item.revision)
    elif kind == Decision.Kind.RECTIFY:
        line = _rectify(item, actor, reason, locked)
    decision = Decision.objects.create(evaluation=locked, item=item, kind=kind, reason=reason, ledger_line=line,
                                       decided_by=actor)
    record_event(actor=actor, obj=locked, action="evaluation.decided", action_label="年终评估结论",
                 from_state=locked.status, to_state=locked.status, opinion=reason,
                 data={"item": item.pk, "name": item.name, "kind": kind, "ledger_line": line.pk if line else None})
    return decision


@transaction.atomic
def finish(*, evaluation, actor) -> Evaluation:
    require(actor, "visits.evaluate")
    locked = _lock(evaluation)
    undecided = items_of(locked).exclude(pk__in=locked.decisions.values("item_id")).count()
    if undecided:
        raise ValidationError(gettext("还有 %(n)s 个事项未作评估结论。") % {"n": undecided})
    Evaluation.objects.filter(pk=locked.pk).update(status=Evaluation.Status.FINISHED, finished_at=timezone.now())
    locked.refresh_from_db()
    record_event(actor=actor, obj=locked, action="evaluation.finished", action_label="完成年终评估",
                 from_state=Evaluation.Status.OPEN, to_state=locked.status)
    return locked


def not_kept(region_id, school_year: int) -> set[str]:
    """The names of the items a finished evaluation of ``school_year`` did not keep (suspended, sent for
    rectification, revoked or cleared): the next year's assembly does not propose them again."""
    return set(Decision.objects.filter(evaluation__region_id=region_id, evaluation__school_year=school_year,
                                       evaluation__status=Evaluation.Status.FINISHED)
               .exclude(kind=Decision.Kind.KEEP).values_list("item__name", flat=True))


def left_out_of_assembly(region_id, period) -> set[str]:
    """For the whitelist's assembly: the items the previous school year's evaluation did not keep."""
    from apps.applications.terms import school_year_start

    return not_kept(region_id, school_year_start(period.starts_on) - 1)


HEADINGS = [("序号", 6), ("事项名称", 30), ("事项类型", 14), ("牵头单位", 24), ("批准频次", 14), ("计划进校", 10),
            ("确认开展", 10), ("拒绝进校", 10), ("相关举报", 10), ("整改事项", 10), ("评价数", 8), ("负担程度", 10),
            ("实际效果", 10), ("评估结论", 10), ("理由", 40)]


def write_report(evaluation: Evaluation, target) -> int:
    """The evaluation report as .xlsx; every text through the portal's text-safe cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from whitelist_portal.spreadsheet import text_cell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("年终评估")
    for index, (_, width) in enumerate(HEADINGS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    title = text_cell(ws, gettext("%(region)s%(start)s—%(end)s学年白名单事项年终评估") % {
        "region": evaluation.region.name, "start": evaluation.school_year, "end": evaluation.school_year + 1})
    title.font = Font(bold=True, size=14)
    ws.append([title])
    heading = []
    for text, _ in HEADINGS:
        cell = text_cell(ws, text)
        cell.font = Font(bold=True)
        heading.append(cell)
    ws.append(heading)
    count = 0
    for count, row in enumerate(rows(evaluation), start=1):
        item, decision = row.item, row.decision
        ws.append([count] + [text_cell(ws, v) for v in (
            item.name, item.get_item_type_display(), item.lead_units, item.frequency_text)] + [
            row.planned, row.confirmed, row.refused, row.complaints, row.ledger_lines, row.ratings,
            round(row.burden, 1) if row.burden is not None else None,
            round(row.usefulness, 1) if row.usefulness is not None else None,
            text_cell(ws, decision.get_kind_display() if decision else ""),
            text_cell(ws, decision.reason if decision else "")])
    wb.save(target)
    return count
