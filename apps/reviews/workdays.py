"""Working-day arithmetic for review time limits: weekends and listed holidays are skipped, 调休 days count."""

import datetime as dt
from collections.abc import Iterable


def is_working_day(day: dt.date, holidays: Iterable[dt.date] = (), extra_workdays: Iterable[dt.date] = ()) -> bool:
    if day in set(extra_workdays):
        return True
    return day.weekday() < 5 and day not in set(holidays)


def add_working_days(start: dt.date, days: int, holidays: Iterable[dt.date] = (),
                     extra_workdays: Iterable[dt.date] = ()) -> dt.date:
    """The date by which ``days`` full working days after ``start`` have passed (start itself not counted)."""
    holidays, extra_workdays = set(holidays), set(extra_workdays)
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays, extra_workdays):
            left -= 1
    return day


def due_date(start: dt.date, days: int) -> dt.date:
    """``add_working_days`` with the holiday table of the database (one query)."""
    from .models import Holiday

    horizon = start + dt.timedelta(days=days * 3 + 30)
    rows = Holiday.objects.filter(date__gt=start, date__lte=horizon).values_list("date", "is_workday")
    holidays = {d for d, workday in rows if not workday}
    extra = {d for d, workday in rows if workday}
    return add_working_days(start, days, holidays, extra)
