"""The figures a bureau reports upward, each aggregated in the database in a fixed number of queries whatever the
number of rows; the pages, the .xlsx files and the API (``/api/stats/...``) all read them from here.

Every figure takes a ``Scope`` (a region's subtree or one department) and a ``Period`` and returns plain data
(numbers, strings, ISO dates) so that the API can hand it on unchanged.
"""

import datetime as dt
import math
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from apps.applications.models import Application, Category, ItemType
from apps.complaints.models import BurdenCategory, Channel, Complaint, Verdict
from apps.ledger.models import LedgerLine
from apps.reviews.models import ReviewDecision, ReviewStage, StageKind
from apps.reviews.workdays import calendar_between
from apps.visits.models import Visit
from apps.whitelist.models import WhitelistEdition, WhitelistItem
from apps.whitelist.stats import TARGET_RATE, reduction_rate

from .scope import Scope

PENDING = "pending"
OUTCOMES = [  # an application's outcome: its final status, or still pending (submitted, in review, returned)
    (Application.Status.APPROVED, Application.Status.APPROVED.label),
    (Application.Status.MERGED, Application.Status.MERGED.label),
    (Application.Status.REJECTED, Application.Status.REJECTED.label),
    (Application.Status.WITHDRAWN, Application.Status.WITHDRAWN.label),
    (PENDING, gettext_lazy("办理中")),
]
TOP = 20  # schools and departments listed by name; the rest are summed as "others"


def _bounds(period) -> tuple[dt.datetime, dt.datetime]:
    """The period as aware datetimes [start, end) in the portal's time zone (index-friendly range filters)."""
    start = timezone.make_aware(dt.datetime.combine(period.starts_on, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period.ends_on + dt.timedelta(days=1), dt.time.min))
    return start, end


def _in_regions(qs, scope: Scope, field: str):
    return qs if scope.region_ids is None else qs.filter(**{f"{field}__in": scope.region_ids})


def _pairs(choices, counts) -> list[dict]:
    return [{"key": str(value), "label": str(label), "count": counts.get(value, 0)} for value, label in choices]


# ---- applications ----------------------------------------------------------------------------------------------

def applications_in(scope: Scope, period):
    """Applications filed (drafts never count) for the terms that begin in the period."""
    qs = Application.objects.exclude(status=Application.Status.DRAFT).filter(
        term__starts_on__gte=period.starts_on, term__starts_on__lte=period.ends_on)
    if scope.department_id is not None:
        return qs.filter(department_id=scope.department_id)
    return _in_regions(qs, scope, "department__region_id")


def outcome_of(status: str) -> str:
    return status if status in Application.FINAL_STATUSES else PENDING


def applications(scope: Scope, period) -> dict:
    """By department, item type, category and outcome: one grouped query, split here."""
    rows = (applications_in(scope, period).order_by()
            .values_list("department__name", "item_type", "category", "status").annotate(n=Count("pk")))
    by_department, by_type, by_category, by_outcome = Counter(), Counter(), Counter(), Counter()
    outcome_by_department = defaultdict(Counter)
    for department, item_type, category, status, n in rows:
        by_department[department] += n
        by_type[item_type] += n
        by_category[category] += n
        by_outcome[outcome_of(status)] += n
        outcome_by_department[department][outcome_of(status)] += n
    departments = sorted(by_department, key=lambda name: (-by_department[name], name))
    return {
        "total": sum(by_type.values()),
        "by_department": [{"label": name, "count": by_department[name],
                           **{key: outcome_by_department[name][key] for key, _label in OUTCOMES}}
                          for name in departments],
        "by_type": _pairs(ItemType.choices, by_type),
        "by_category": _pairs(Category.choices, by_category),
        "by_outcome": _pairs(OUTCOMES, by_outcome),
    }


# ---- review time per stage -------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float | None:
    """The continuous percentile (as PostgreSQL's percentile_cont): linear between the two nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return round(value, 1)


class WorkingDayIndex:
    """Working days between two dates by subtraction: the official calendar and the bureau's holiday rows, read
    once for the whole span (one query), then a running count per day."""

    def __init__(self, first: dt.date, last: dt.date):
        self.first, self.last = first, last
        holidays, workdays = calendar_between(first, last)
        self._count, running, day = {}, 0, first
        while day <= last:
            if day in workdays or (day.weekday() < 5 and day not in holidays):
                running += 1
            self._count[day] = running
            day += dt.timedelta(days=1)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (as the time limit counts them)."""
        return self._count[end] - self._count[start]


def _spells_sql(decided_in_scope, start: dt.datetime, end: dt.datetime) -> tuple[str, list]:
    """SQL counting review spells per (stage, day reached, day decided), for decisions in [start, end).

    The window function sees every earlier decision of the applications decided on in the period (a later one is
    never the previous decision of one in the period); the spell's start is the previous decision when that passed
    the application on, else its (re)submission when that came after the previous decision and before this one.
    Days are cut in the portal's time zone by the backend's own date cast,
    so the query reads the same on PostgreSQL and SQLite.
    """
    ops, q = connection.ops, connection.ops.quote_name
    tz = timezone.get_current_timezone_name()
    entered_day, entered_params = ops.datetime_cast_date_sql("entered_at", [], tz)
    decided_day, decided_params = ops.datetime_cast_date_sql("decided_at", [], tz)
    ids_sql, ids_params = decided_in_scope.order_by().values("application_id").query.sql_with_params()
    decision, application = ReviewDecision._meta.db_table, Application._meta.db_table
    sql = f"""
        WITH d AS (
            SELECT rd.{q("stage_id")} AS stage_id, rd.{q("decided_at")} AS decided_at,
                   a.{q("submitted_at")} AS submitted_at,
                   LAG(rd.{q("decided_at")}) OVER w AS prev_at, LAG(rd.{q("kind")}) OVER w AS prev_kind
            FROM {q(decision)} rd JOIN {q(application)} a ON a.{q("id")} = rd.{q("application_id")}
            WHERE rd.{q("application_id")} IN ({ids_sql}) AND rd.{q("decided_at")} < %s
            WINDOW w AS (PARTITION BY rd.{q("application_id")} ORDER BY rd.{q("decided_at")}, rd.{q("id")})
        ), s AS (
            SELECT stage_id, decided_at,
                   CASE WHEN prev_kind = %s THEN prev_at
                        WHEN submitted_at <= decided_at AND (prev_at IS NULL OR submitted_at >= prev_at)
                        THEN submitted_at END AS entered_at
            FROM d WHERE decided_at >= %s AND decided_at < %s
        )
        SELECT stage_id, {entered_day}, {decided_day}, COUNT(*) FROM s WHERE entered_at IS NOT NULL
        GROUP BY stage_id, {entered_day}, {decided_day}"""
    adapt = ops.adapt_datetimefield_value
    params = [*ids_params, adapt(end), ReviewDecision.Kind.APPROVE, adapt(start), adapt(end),
              *entered_params, *decided_params, *entered_params, *decided_params]
    return sql, params


def _day(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def review_durations(scope: Scope, period) -> list[tuple[int, dt.date, dt.date, int]]:
    """(stage id, day the application reached the stage, day of the decision there, how many such spells) for the
    decisions taken in the period; a spell whose start is no longer known (a submission later superseded by a
    resubmission) is left out. One query, grouped in the database: its answer has a row per stage and pair of
    days, not per decision."""
    start, end = _bounds(period)
    decided = ReviewDecision.objects.filter(decided_at__gte=start, decided_at__lt=end)
    if scope.department_id is not None:
        decided = decided.filter(application__department_id=scope.department_id)
    else:
        decided = _in_regions(decided, scope, "application__department__region_id")
    sql, params = _spells_sql(decided, start, end)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(stage_id, _day(entered), _day(decided_on), n) for stage_id, entered, decided_on, n in cursor]


def review_times(scope: Scope, period) -> dict:
    """Per stage: decisions, median and 90th percentile in working days against the stage's time limit."""
    spells = review_durations(scope, period)
    per_stage: dict[int, list[int]] = defaultdict(list)
    if spells:
        index = WorkingDayIndex(min(s[1] for s in spells), max(s[2] for s in spells))
        for stage_id, entered, decided, n in spells:
            per_stage[stage_id].extend([index.between(entered, decided)] * n)
    kinds = dict(StageKind.choices)
    rows = []
    for stage in ReviewStage.objects.order_by("-kind", "order"):  # regular first, as the queue shows them
        days = per_stage.get(stage.pk, [])
        if not days and not stage.is_active:
            continue
        p90 = percentile(days, 0.9)
        within = sum(1 for d in days if d <= stage.time_limit_days)
        rows.append({
            "stage_id": stage.pk, "label": f"{kinds[stage.kind]}·{stage.name}", "stage": stage.name,
            "kind": stage.kind, "time_limit_days": stage.time_limit_days, "decisions": len(days),
            "median_days": percentile(days, 0.5), "p90_days": p90, "within_limit": within,
            "within_share": round(within * 100 / len(days), 1) if days else None,
            "p90_within_limit": None if p90 is None else p90 <= stage.time_limit_days,
        })
    return {"rows": rows}


# ---- the whitelist ---------------------------------------------------------------------------------------------

def _year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year - 1)


def _edition_counts(edition_ids) -> dict[int, dict[str, tuple[int, int]]]:
    """Per edition and item type: items on the list (revoked ones no longer burden schools) and items merged from
    more than one application. One query (the merged items are a subquery)."""
    through = WhitelistItem.applications.through.objects
    multi = (through.filter(whitelistitem__edition_id__in=edition_ids).order_by().values("whitelistitem_id")
             .annotate(n=Count("application_id")).filter(n__gt=1).values("whitelistitem_id"))
    rows = (WhitelistItem.objects.filter(edition_id__in=edition_ids).exclude(status=WhitelistItem.Status.REVOKED)
            .order_by().values("edition_id", "item_type")
            .annotate(total=Count("pk"), merged=Count("pk", filter=Q(pk__in=multi))))
    counts: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        counts[row["edition_id"]][row["item_type"]] = (row["total"], row["merged"])
    return counts


def _previous_of(edition, editions) -> WhitelistEdition | None:
    """The same region's list for the same kind of period one year earlier, among ``editions``."""
    wanted = _year_before(edition.starts_on)
    for other in editions:
        if (other.region_id == edition.region_id and other.period_kind == edition.period_kind
                and other.starts_on == wanted):
            return other
    return None


def _type_rows(current_counts: list[dict], previous_counts: list[dict] | None) -> list[dict]:
    rows = []
    for key, label in [*ItemType.choices, ("total", gettext("合计"))]:
        def total(counts, index, key=key):
            if key == "total":
                return sum(c.get(t, (0, 0))[index] for c in counts for t in ItemType.values)
            return sum(c.get(key, (0, 0))[index] for c in counts)
        current = total(current_counts, 0)
        previous = None if previous_counts is None else total(previous_counts, 0)
        rate = None if previous is None else reduction_rate(previous, current)
        rows.append({"key": key, "label": str(label), "previous": previous, "current": current,
                     "merged": total(current_counts, 1), "rate": None if rate is None else float(rate),
                     "meets_target": rate is not None and rate >= TARGET_RATE})
    return rows


def published_editions(region_ids, starts_before: dt.date | None = None, ends_after: dt.date | None = None):
    qs = WhitelistEdition.objects.filter(status=WhitelistEdition.Status.PUBLISHED).select_related("region", "term")
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    if starts_before is not None:
        qs = qs.filter(starts_on__lte=starts_before)
    if ends_after is not None:
        qs = qs.filter(ends_on__gte=ends_after)
    return qs.order_by("region__code", "starts_on", "pk")


def _whitelist_regions(scope: Scope):
    if scope.department_id is not None:  # a department reads its own region's (public) lists
        from apps.accounts.models import Organisation

        return Organisation.objects.filter(pk=scope.department_id).values("region_id")
    return scope.region_ids


def whitelist(scope: Scope, period) -> dict:
    """Items on the published lists over the period by type, against the same lists one year earlier, and the
    reduction/merger rate against the 20 % target. Two queries: the lists (with last year's), then the counts."""
    editions = list(published_editions(_whitelist_regions(scope), starts_before=period.ends_on,
                                       ends_after=_year_before(period.starts_on)))
    current = [e for e in editions if e.starts_on <= period.ends_on and e.ends_on >= period.starts_on]
    pairs = [(e, _previous_of(e, editions)) for e in current]
    counts = _edition_counts([e.pk for e in editions]) if editions else {}
    compared = [(e, before) for e, before in pairs if before is not None]
    return {
        "target_rate": float(TARGET_RATE),
        "editions": [{"id": e.pk, "title": e.title, "region": e.region.name, "period": e.period_display,
                      "previous_id": before.pk if before else None} for e, before in pairs],
        "rows": _type_rows([counts.get(e.pk, {}) for e, _b in pairs],
                           [counts.get(b.pk, {}) for _e, b in compared] if compared else None),
        # the rate compares only lists that have a list one year earlier; those without are counted above only
        "rows_compared": _type_rows([counts.get(e.pk, {}) for e, _b in compared],
                                    [counts.get(b.pk, {}) for _e, b in compared]) if compared else [],
    }


def whitelist_by_period(region_ids) -> list[dict]:
    """For the public page: every published list of the regions, its items by type and its rate against the same
    list one year earlier. Two queries whatever the number of lists."""
    editions = list(published_editions(region_ids))
    counts = _edition_counts([e.pk for e in editions]) if editions else {}
    out = []
    for edition in editions:
        before = _previous_of(edition, editions)
        rows = _type_rows([counts.get(edition.pk, {})], [counts.get(before.pk, {})] if before else None)
        out.append({"id": edition.pk, "region": edition.region.name, "period": edition.period_display,
                    "starts_on": edition.starts_on.isoformat(), "title": edition.title,
                    "previous_period": before.period_display if before else None, "rows": rows})
    return out


# ---- complaints ------------------------------------------------------------------------------------------------

NOT_CHECKED = "unchecked"


def complaints_in(scope: Scope, period):
    start, end = _bounds(period)
    qs = Complaint.objects.exclude(status=Complaint.Status.DRAFT).filter(received_at__gte=start, received_at__lt=end)
    return _in_regions(qs, scope, "region_id")


def complaints(scope: Scope, period) -> dict | None:
    """Reports received in the period by channel, burden category, whitelist verdict and month (one grouped query),
    by school and by department (one query each). A department's own view has none (reports are the bureau's)."""
    if scope.department_id is not None:
        return None
    qs = complaints_in(scope, period)
    grouped = (qs.order_by().annotate(month=TruncMonth("received_at"))
               .values_list("channel", "category", "verdict", "month").annotate(n=Count("pk")))
    channel, category, verdict, month = Counter(), Counter(), Counter(), Counter()
    for ch, cat, ver, mon, n in grouped:
        channel[ch] += n
        category[cat] += n
        verdict[ver or NOT_CHECKED] += n
        month[mon.strftime("%Y-%m") if mon else ""] += n
    months, day = [], period.starts_on.replace(day=1)
    while day <= period.ends_on:
        months.append(day.strftime("%Y-%m"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    schools = list(qs.filter(schools__isnull=False).order_by().values_list("schools__name")
                   .annotate(n=Count("pk", distinct=True)).order_by("-n", "schools__name"))
    departments = list(qs.order_by().values_list("department__name").annotate(n=Count("pk"))
                       .order_by("-n", "department__name"))
    unnamed = gettext("未登记或未填写的单位")
    return {
        "total": sum(channel.values()),
        "by_channel": _pairs(Channel.choices, channel),
        "by_category": _pairs(BurdenCategory.choices, category),
        "by_verdict": _pairs([*Verdict.choices, (NOT_CHECKED, gettext("尚未核对"))], verdict),
        "by_month": [{"key": m, "label": m, "count": month.get(m, 0)} for m in months],
        "by_school": _top([(name, n) for name, n in schools]),
        "by_department": _top([(name or unnamed, n) for name, n in departments]),
    }


def _top(pairs) -> list[dict]:
    rows = [{"label": name, "count": n} for name, n in pairs[:TOP]]
    rest = sum(n for _name, n in pairs[TOP:])
    if rest:
        rows.append({"label": gettext("其他"), "count": rest})
    return rows


# ---- the rectification ledger ----------------------------------------------------------------------------------

def ledger(scope: Scope, period, today: dt.date | None = None) -> dict:
    """Per owner: lines opened and closed out in the period, and overdue at its end (or today, if sooner): open
    then, past the deadline. One grouped query."""
    start, end = _bounds(period)
    today = today or timezone.localdate()
    at = min(today, period.ends_on)
    at_end = timezone.make_aware(dt.datetime.combine(at + dt.timedelta(days=1), dt.time.min))
    qs = LedgerLine.objects.all()
    if scope.department_id is not None:
        qs = qs.filter(owner_id=scope.department_id)
    else:
        qs = _in_regions(qs, scope, "region_id")
    overdue = (Q(created_at__lt=at_end, deadline__lt=at)
               & (Q(closed_on__isnull=True) | Q(closed_on__gt=at)))
    rows = (qs.order_by().values_list("owner__name")
            .annotate(opened=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
                      closed=Count("pk", filter=Q(closed_on__gte=period.starts_on, closed_on__lte=period.ends_on)),
                      overdue=Count("pk", filter=overdue))
            .order_by("owner__name"))
    owners = [{"label": name, "opened": o, "closed": c, "overdue": d} for name, o, c, d in rows if o or c or d]
    owners.sort(key=lambda r: (-r["overdue"], -r["opened"], r["label"]))
    return {"as_of": at.isoformat(), "rows": owners,
            "total": {key: sum(r[key] for r in owners) for key in ("opened", "closed", "overdue")}}


# ---- visits to schools -----------------------------------------------------------------------------------------

def visits(scope: Scope, period) -> dict:
    """Visits dated in the period, per department: recorded (the plan), confirmed by the school, refused at the
    gate, still to be confirmed, cancelled, and confirmed beyond the approved frequency (a ledger line opened).
    One grouped query."""
    qs = Visit.objects.filter(date__gte=period.starts_on, date__lte=period.ends_on)
    if scope.department_id is not None:
        qs = qs.filter(department_id=scope.department_id)
    else:
        qs = _in_regions(qs, scope, "region_id")
    status = Visit.Status
    rows = (qs.order_by().values_list("department__name")
            .annotate(planned=Count("pk", filter=~Q(status=status.CANCELLED)),
                      confirmed=Count("pk", filter=Q(status=status.CONFIRMED)),
                      refused=Count("pk", filter=Q(status=status.REFUSED)),
                      waiting=Count("pk", filter=Q(status=status.PLANNED)),
                      cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
                      over=Count("pk", filter=Q(status=status.CONFIRMED, ledger_line__isnull=False))))
    keys = ("planned", "confirmed", "refused", "waiting", "cancelled", "over")
    departments = [{"label": name, **dict(zip(keys, counts, strict=True))} for name, *counts in rows]
    departments.sort(key=lambda r: (-r["planned"], r["label"]))
    return {"rows": departments, "total": {key: sum(r[key] for r in departments) for key in keys}}


FIGURES = {
    "applications": applications,
    "reviews": review_times,
    "whitelist": whitelist,
    "complaints": complaints,
    "ledger": ledger,
    "visits": visits,
}
