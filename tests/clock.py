"""Move the portal's clock in a test: ``windows.today()``, ``timezone.now()`` and every ``default=timezone.now``.

Django's ``timezone.now()`` calls ``datetime.now`` from its own module, so replacing that one name moves every
reader of the clock (services, ``auto_now`` fields, field defaults captured at import). The clock starts on the
given day at 10:00 local time and runs on with real time, so stored times keep their order.
"""

import contextlib
import datetime as dt
import time
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings

_REAL = dt.datetime


class _ClockMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, _REAL)


@contextlib.contextmanager
def portal_clock(day: dt.date, hour: int = 10):
    start = _REAL.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))
    started = time.monotonic()

    class ClockDatetime(_REAL, metaclass=_ClockMeta):
        @classmethod
        def now(cls, tz=None):
            moment = start + dt.timedelta(seconds=time.monotonic() - started)
            return moment.astimezone(tz) if tz is not None else moment.astimezone().replace(tzinfo=None)

    with mock.patch("django.utils.timezone.datetime", ClockDatetime):
        yield
