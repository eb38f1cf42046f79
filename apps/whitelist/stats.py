"""Counts against the last school year and the reduction/merger rate (压减合并率, SPEC §3.7)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext

from apps.applications.models import ItemType

from .models import WhitelistEdition, WhitelistItem

TARGET_RATE = Decimal("20")  # the bureau aims to cut or merge at least 20 % against the previous year


def reduction_rate(previous: int, current: int) -> Decimal | None:
    """Percentage of last year's items cut or merged away: (previous − current) / previous; None without a base."""
    if previous <= 0:
        return None
    return (Decimal(previous - current) * 100 / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TypeComparison:
    item_type: str
    label: str
    previous: int | None
    current: int
    merged: int  # items made from more than one application

    @property
    def rate(self) -> Decimal | None:
        return None if self.previous is None else reduction_rate(self.previous, self.current)

    @property
    def meets_target(self) -> bool:
        return self.rate is not None and self.rate >= TARGET_RATE


def _year_before(day):
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else day.replace(year=day.year - 1, day=28)


def previous_edition(edition: WhitelistEdition) -> WhitelistEdition | None:
    """The same kind of period one year earlier, same region, as published (or imported as the baseline)."""
    return (
        WhitelistEdition.objects.filter(
            region_id=edition.region_id, period_kind=edition.period_kind,
            starts_on=_year_before(edition.starts_on), status=WhitelistEdition.Status.PUBLISHED,
        ).select_related("term").order_by("-ends_on").first()
    )


def _counts(*edition_ids) -> dict[int, dict[str, tuple[int, int]]]:
    """Per edition and item type: the items (revoked ones left out) and how many of them merge several
    applications; two queries for any number of editions."""
    # Revoked items no longer burden schools, so they do not count as items on the list.
    rows = (
        WhitelistItem.objects.filter(edition_id__in=edition_ids).exclude(status=WhitelistItem.Status.REVOKED)
        .values("edition_id", "item_type")
        .annotate(total=Count("pk", distinct=True))
    )
    totals = {(r["edition_id"], r["item_type"]): r["total"] for r in rows}
    through = WhitelistItem.applications.through.objects
    multi = (
        through.filter(whitelistitem__edition_id__in=edition_ids).values("whitelistitem_id")
        .annotate(n=Count("application_id")).filter(n__gt=1).values("whitelistitem_id")
    )
    merged_rows = (
        WhitelistItem.objects.filter(pk__in=multi).exclude(status=WhitelistItem.Status.REVOKED)
        .values("edition_id", "item_type").annotate(total=Count("pk"))
    )
    merged = {(r["edition_id"], r["item_type"]): r["total"] for r in merged_rows}
    return {e: {t: (totals.get((e, t), 0), merged.get((e, t), 0)) for t in ItemType.values} for e in edition_ids}


def comparison(edition: WhitelistEdition) -> tuple[WhitelistEdition | None, list[TypeComparison]]:
    """Per item type: last school year's count, this count, merged items, and the rate; plus a total row."""
    before = previous_edition(edition)
    counts = _counts(edition.pk, *([before.pk] if before else []))
    now, then = counts[edition.pk], counts[before.pk] if before else {}
    rows = [
        TypeComparison(t, str(label), then[t][0] if before else None, now[t][0], now[t][1])
        for t, label in ItemType.choices
    ]
    rows.append(TypeComparison(
        "total", gettext("合计"), sum(r.previous for r in rows) if before else None,
        sum(r.current for r in rows), sum(r.merged for r in rows),
    ))
    return before, rows

