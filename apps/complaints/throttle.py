"""Per-address limits for the complaint line's public pages: the portal's one counter and one client address."""

from whitelist_portal.client import client_ip
from whitelist_portal.ratelimit import hit

__all__ = ["allow", "client_ip"]


def allow(scope: str, ip: str | None, *, limit: int, window: int) -> bool:
    """Count one attempt of ``ip`` in ``scope``; False once more than ``limit`` fall within ``window`` seconds."""
    return hit(f"complaints:{scope}", ip or "unknown", limit, window)
