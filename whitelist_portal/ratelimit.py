"""A small rate limit for the public HTML forms (objections, reports): so many POSTs per address per window.

Counted in the cache; when the cache cannot answer, the form is let through rather than refused.
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .client import client_ip

logger = logging.getLogger(__name__)
_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"10/hour" -> (10, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


def hit(scope: str, ident: str, limit: int, period: int) -> bool:
    """Count one POST; True while the address is within its allowance."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{ident}:{window}"
    try:
        if cache.add(key, 1, timeout=period + 1):
            return True
        return cache.incr(key) <= limit
    except Exception:  # the cache being down must not take the public forms with it
        logger.warning("rate limit cache unavailable; %s let through", scope, exc_info=True)
        return True


def limit_public_posts(scope: str):
    """Decorate a view whose POST anyone may send; over the limit it answers 429 with a page in Chinese."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                limit, period = parse_rate(settings.PUBLIC_FORM_RATE)
                if not hit(scope, client_ip(request) or "unknown", limit, period):
                    response = render(request, "429.html", {"minutes": max(1, period // 60)}, status=429)
                    response["Retry-After"] = str(period)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
