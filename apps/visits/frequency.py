"""Real frequency against the approval (SPEC §3.2, §3.13): how many visits a school has had of an item in the period
the item was approved for, and how the caps of the bureau stand once one more visit is added.

Periods are date windows (a term, a school year, a calendar year, a quarter, or the list's own period for "本次"), so
counting across a term's or a school year's end needs no special case. The same item listed again in a later term
(a new row of a new edition) is the same item: visits count by the item's region, type and name."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext

from apps.applications.models import CapRule, FrequencyPeriod
from apps.applications.terms import school_year_start, term_for_date

from .models import Visit

VISIT_SHAPES = (CapRule.Shape.ITEM_PER_YEAR, CapRule.Shape.CATEGORY_PER_YEAR, CapRule.Shape.SCHOOL_PER_TERM)


def item_key(item) -> str:
    return f"{item.edition.region_id}:{item.item_type}:{item.name}"[:260]


def period_of(item) -> str:
    """The period the item's count of times refers to; without one, the period its list is published for."""
    if item.frequency_period:
        return item.frequency_period
    return FrequencyPeriod.TERM if item.edition.period_kind == "term" else FrequencyPeriod.SCHOOL_YEAR


def school_year_window(day: dt.date) -> tuple[dt.date, dt.date]:
    start = school_year_start(day)
    return dt.date(start, 9, 1), dt.date(start + 1, 8, 31)


def term_window(day: dt.date) -> tuple[dt.date, dt.date]:
    key = term_for_date(day)
    return key.starts_on, key.ends_on


def window(period: str, day: dt.date, item=None) -> tuple[dt.date, dt.date]:
    if period == FrequencyPeriod.TERM:
        return term_window(day)
    if period == FrequencyPeriod.SCHOOL_YEAR:
        return school_year_window(day)
    if period == FrequencyPeriod.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if period == FrequencyPeriod.QUARTER:
        first = 3 * ((day.month - 1) // 3) + 1
        last = dt.date(day.year + (first == 10), 1 if first == 10 else first + 3, 1) - dt.timedelta(days=1)
        return dt.date(day.year, first, 1), last
    return item.edition.starts_on, item.edition.ends_on  # 本次: once over the list's period


@dataclass(frozen=True)
class Usage:
    kind: str  # "frequency" or the cap rule's shape
    label: str
    limit: int
    used: int  # before this visit
    after: int  # with this visit

    @property
    def exceeded(self) -> bool:
        return self.after > self.limit

    @property
    def text(self) -> str:
        return gettext("%(label)s：上限 %(limit)s，已有 %(used)s，登记后为 %(after)s") % {
            "label": self.label, "limit": self.limit, "used": self.used, "after": self.after}


def usages(item, *, school, department, day: dt.date, statuses, exclude_pk=None) -> list[Usage]:
    """The approved frequency of ``item`` at ``school`` and every visit cap of the bureau, as they stand with one
    more visit on ``day``; visits in ``statuses`` count (all planned ones when recording, confirmed ones only when
    a school confirms)."""
    key = item_key(item)
    base = Visit.objects.filter(school=school, status__in=statuses)
    if exclude_pk is not None:
        base = base.exclude(pk=exclude_pk)
    found = []
    if item.times:
        period = period_of(item)
        start, end = window(period, day, item)
        used = base.filter(item_key=key, date__range=(start, end)).count()
        label = gettext("批准频次（%(period)s %(times)s 次）") % {
            "period": FrequencyPeriod(period).label, "times": item.times}
        found.append(Usage("frequency", label, item.times, used, used + 1))
    year = school_year_window(day)
    for rule in CapRule.objects.filter(is_active=True, shape__in=VISIT_SHAPES).order_by("pk"):
        if rule.item_type and rule.item_type != item.item_type or rule.category and rule.category != item.category:
            continue
        if rule.shape == CapRule.Shape.ITEM_PER_YEAR:
            used = base.filter(item_key=key, date__range=year).count()
            after = used + 1
        elif rule.shape == CapRule.Shape.CATEGORY_PER_YEAR:
            rows = base.filter(date__range=year)
            if rule.category:
                rows = rows.filter(item__category=rule.category)
            if rule.item_type:
                rows = rows.filter(item__item_type=rule.item_type)
            if rule.per_department:
                rows = rows.filter(department=department)
            used = rows.count()
            after = used + 1
        else:  # items a school takes part in per term
            keys = set(base.filter(date__range=term_window(day)).values_list("item_key", flat=True).distinct())
            used, after = len(keys), len(keys | {key})
        found.append(Usage(rule.shape, rule.name, rule.limit, used, after))
    return found


def exceeded(item, **kwargs) -> list[Usage]:
    return [u for u in usages(item, **kwargs) if u.exceeded]
