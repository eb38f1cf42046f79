"""The public figures of the complaint line and the ledger for a term, per burden category: numbers only."""

import datetime as dt
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Q

from apps.applications.terms import FIRST, term_for_date
from apps.complaints.models import BurdenCategory, Complaint

from .models import LedgerLine, SourceKind


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: dt.date
    ends_on: dt.date


def term_period(day: dt.date) -> Period:
    """The term that holds ``day``: the bureau's Term row when there is one, else the school-year halves."""
    from apps.applications.models import Term

    key = term_for_date(day)
    term = Term.objects.filter(start_year=key.start_year, semester=key.semester).first()
    if term is not None:
        return Period(str(term), term.starts_on, term.ends_on)
    if key.semester == FIRST:
        start, end = dt.date(key.start_year, 9, 1), dt.date(key.start_year + 1, 1, 31)
    else:
        start, end = dt.date(key.start_year + 1, 2, 1), dt.date(key.start_year + 1, 8, 31)
    return Period(f"{key.start_year}—{key.start_year + 1}学年{'第一' if key.semester == FIRST else '第二'}学期",
                  start, end)


def _median_days(rows) -> float | None:
    days = [(closed - received).total_seconds() / 86400 for received, closed in rows if received and closed]
    return round(median(days), 1) if days else None


def figures(period: Period) -> dict:
    """Per burden category: reports received, accepted and closed, ledger lines closed out, median days to close."""
    received = Complaint.objects.exclude(status=Complaint.Status.DRAFT).filter(
        received_at__date__gte=period.starts_on, received_at__date__lte=period.ends_on)
    counts = {row["category"]: row for row in received.order_by().values("category").annotate(
        received=Count("pk"), accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        closed=Count("pk", filter=Q(status=Complaint.Status.CLOSED)))}
    durations: dict[str, list] = {}
    for category, received_at, closed_at in received.filter(status=Complaint.Status.CLOSED).values_list(
            "category", "received_at", "closed_at"):
        durations.setdefault(category, []).append((received_at, closed_at))
    closed_lines = LedgerLine.objects.filter(status=LedgerLine.Status.CLOSED, closed_on__gte=period.starts_on,
                                             closed_on__lte=period.ends_on)
    lines_by_category = dict(closed_lines.filter(source_kind=SourceKind.COMPLAINT).order_by()
                             .values_list("complaint__category").annotate(n=Count("pk")))
    rows = []
    for value, label in BurdenCategory.choices:
        row = counts.get(value, {})
        rows.append({"label": label, "received": row.get("received", 0), "accepted": row.get("accepted", 0),
                     "closed": row.get("closed", 0), "lines_closed": lines_by_category.get(value, 0),
                     "median_days": _median_days(durations.get(value, []))})
    all_durations = [pair for pairs in durations.values() for pair in pairs]
    total = {key: sum(r[key] for r in rows) for key in ("received", "accepted", "closed", "lines_closed")}
    total["median_days"] = _median_days(all_durations)
    return {"rows": rows, "total": total,
            "other_lines_closed": closed_lines.exclude(source_kind=SourceKind.COMPLAINT).count()}
