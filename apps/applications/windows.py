"""Application windows: when a department may file a regular (non ad-hoc) application for a term."""

import datetime as dt

from django.utils import timezone

from .models import ApplicationWindow, Term


def today() -> dt.date:
    return timezone.localdate()


def open_window(term: Term, day: dt.date | None = None) -> ApplicationWindow | None:
    day = day or today()
    return (
        ApplicationWindow.objects.filter(term=term, opens_on__lte=day, closes_on__gte=day)
        .order_by("closes_on")
        .first()
    )


def open_windows(day: dt.date | None = None):
    day = day or today()
    return ApplicationWindow.objects.filter(opens_on__lte=day, closes_on__gte=day).select_related("term")


def regular_filing_allowed(term: Term, day: dt.date | None = None) -> bool:
    return open_window(term, day) is not None
