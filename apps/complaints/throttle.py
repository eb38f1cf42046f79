"""Per-IP limits for the public pages, counted in the shared cache (Redis in production)."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The caller's address. X-Forwarded-For is only believed as far as our own proxies wrote it: with
    ``TRUSTED_PROXY_COUNT`` = n, the n-th address from the right is the one our outermost proxy saw; a client that
    sends the header itself can only add addresses to the left, which are never read."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
    if hops > 0 and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or "unknown"


def allow(scope: str, ip: str, *, limit: int, window: int) -> bool:
    """Count one attempt of ``ip`` in ``scope``; False once more than ``limit`` fall within ``window`` seconds."""
    key = f"complaints:throttle:{scope}:{ip}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
