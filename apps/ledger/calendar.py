"""The working-day calendar of ledger deadlines: the review calendar's (official holidays and 调休, then the bureau's
Holiday rows as overrides), read once for a span of dates."""

import datetime as dt

from apps.reviews.workdays import add_working_days, calendar_between, is_working_day


class WorkingCalendar:
    """The holiday table between two dates, read once; then pure date arithmetic."""

    def __init__(self, start: dt.date, end: dt.date):
        self.holidays, self.workdays = calendar_between(start, end)

    @classmethod
    def around(cls, today: dt.date, days: int = 60) -> "WorkingCalendar":
        return cls(today - dt.timedelta(days=days), today + dt.timedelta(days=days))

    def is_working_day(self, day: dt.date) -> bool:
        return is_working_day(day, self.holidays, self.workdays)

    def add(self, start: dt.date, days: int) -> dt.date:
        return add_working_days(start, days, self.holidays, self.workdays)

    def overdue_cutoff(self, today: dt.date, days: int) -> dt.date:
        """The latest deadline that is more than ``days`` working days past by ``today``: a deadline on or before
        it has at least ``days + 1`` working days in (deadline, today]."""
        day, counted = today, 0
        while counted < days + 1:
            if self.is_working_day(day):
                counted += 1
            day -= dt.timedelta(days=1)
        return day
