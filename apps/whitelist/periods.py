"""The period a list is published for — a 学期, a 学年, a 年度 or a dated range — as pure date arithmetic."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from .models import PeriodKind


@dataclass(frozen=True)
class Period:
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    label: str
    term: object = None  # the Term of a 学期 list

    def overlaps(self, starts_on: dt.date, ends_on: dt.date) -> bool:
        return starts_on <= self.ends_on and ends_on >= self.starts_on


# Labels and titles are the list's own words, stored and published in Chinese whatever the reader's language.

def _school_year(start_year: int) -> str:
    return f"{start_year}—{start_year + 1}学年"


def term_period(term) -> Period:
    label = _school_year(term.start_year) + ("第一学期" if term.semester == "1" else "第二学期")
    return Period(PeriodKind.TERM, term.starts_on, term.ends_on, label, term)


def school_year_period(start_year: int) -> Period:
    return Period(PeriodKind.SCHOOL_YEAR, dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31),
                  _school_year(start_year))


def year_period(year: int) -> Period:
    return Period(PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年度")


def range_period(starts_on: dt.date, ends_on: dt.date, label: str = "") -> Period:
    """A dated range such as a 下半年; the label is the bureau's own words when it gives them."""
    if ends_on < starts_on:
        raise ValidationError(gettext("期间结束日期不能早于开始日期。"))
    if not label.strip():
        label = (f"{starts_on.year}年{starts_on.month}月{starts_on.day}日至"
                 f"{ends_on.year}年{ends_on.month}月{ends_on.day}日")
    return Period(PeriodKind.RANGE, starts_on, ends_on, label.strip())


def period_of(edition) -> Period:
    """The period an existing edition stands for."""
    return Period(edition.period_kind, edition.starts_on, edition.ends_on, edition.period_label, edition.term)


def default_title(region, period: Period) -> str:
    return f"{region.name}{period.label}中小学社会事务进校园白名单"
