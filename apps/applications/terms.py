"""School years and terms as pure date arithmetic (SPEC §4): 学年 1 Sep – 31 Aug; 第一学期 Sep–Jan, 第二学期 Feb–Aug."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext

FIRST, SECOND = "1", "2"


@dataclass(frozen=True)
class TermKey:
    start_year: int  # 2025 for the 2025—2026 school year
    semester: str  # "1" autumn, "2" spring

    @property
    def school_year_label(self) -> str:
        return gettext("%(start)s—%(end)s学年") % {"start": self.start_year, "end": self.start_year + 1}

    @property
    def label(self) -> str:
        return (gettext("%(year)s第一学期") if self.semester == FIRST else gettext("%(year)s第二学期")) % {
            "year": self.school_year_label
        }

    @property
    def code(self) -> str:
        """Short code used in reference numbers: 2025秋, 2026春."""
        return f"{self.start_year}秋" if self.semester == FIRST else f"{self.start_year + 1}春"

    @property
    def short_label(self) -> str:
        """The code as shown on pages, in the reader's language (the code itself stays in reference numbers)."""
        if self.semester == FIRST:
            return gettext("%(year)s秋") % {"year": self.start_year}
        return gettext("%(year)s春") % {"year": self.start_year + 1}

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.start_year, 9, 1) if self.semester == FIRST else dt.date(self.start_year + 1, 2, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.start_year + 1, 1, 31) if self.semester == FIRST else dt.date(self.start_year + 1, 8, 31)

    @property
    def default_window(self) -> tuple[dt.date, dt.date]:
        """Departments apply in July for the autumn term and in December for the spring term (001)."""
        if self.semester == FIRST:
            return dt.date(self.start_year, 7, 1), dt.date(self.start_year, 7, 31)
        return dt.date(self.start_year, 12, 1), dt.date(self.start_year, 12, 31)

    def next(self) -> "TermKey":
        return TermKey(self.start_year, SECOND) if self.semester == FIRST else TermKey(self.start_year + 1, FIRST)

    def previous(self) -> "TermKey":
        return TermKey(self.start_year - 1, SECOND) if self.semester == FIRST else TermKey(self.start_year, FIRST)


def school_year_start(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def term_for_date(day: dt.date) -> TermKey:
    start = school_year_start(day)
    return TermKey(start, FIRST if (day.month >= 9 or day.month == 1) else SECOND)
