"""Working-day arithmetic for review time limits: weekends and holidays are skipped, 调休 days count; China's
official calendar comes from a pinned package and the bureau's ``Holiday`` rows override it."""

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


def official_day(day: dt.date) -> bool | None:
    """China's official calendar (State Council holidays and 调休): True a working day, False a day off, None
    where the pinned ``chinesecalendar`` package holds no data for that year."""
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - the package is a pinned requirement
        return None
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def calendar_between(start: dt.date, end: dt.date) -> tuple[set[dt.date], set[dt.date]]:
    """(days off that fall on weekdays, working days that fall on weekends) between two dates: the official
    calendar first, then the bureau's own ``Holiday`` rows, which override it (one query)."""
    from .models import Holiday

    holidays, workdays = set(), set()
    day = start
    while day <= end:
        official = official_day(day)
        if official is False and day.weekday() < 5:
            holidays.add(day)
        elif official is True and day.weekday() >= 5:
            workdays.add(day)
        day += dt.timedelta(days=1)
    for date, is_workday in Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday"):
        (workdays if is_workday else holidays).add(date)
        (holidays if is_workday else workdays).discard(date)
    return holidays, workdays


def due_date(start: dt.date, days: int) -> dt.date:
    """``add_working_days`` with the official calendar and the bureau's holiday table."""
    horizon = start + dt.timedelta(days=days * 3 + 30)
    holidays, extra = calendar_between(start + dt.timedelta(days=1), horizon)
    return add_working_days(start, days, holidays, extra)
