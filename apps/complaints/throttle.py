"""Per-IP limits for the public pages, counted in the shared cache (Redis in production)."""

from django.core.cache import cache


def client_ip(request) -> str:
    forwarded = request.headers.get("X-Forwarded-For", "")
    return (forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")) or "unknown"


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
