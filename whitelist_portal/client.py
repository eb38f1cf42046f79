"""Who sent a request: the client's address and request id, believing forwarded headers only from TRUSTED_PROXIES.

A client can write any X-Forwarded-For or X-Request-ID it likes; only a proxy we run may speak for it. With no
proxy configured, the address is REMOTE_ADDR and the request id is ours.
"""

import ipaddress
import re
import uuid
from functools import lru_cache

from django.conf import settings

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(value: str | None):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    ip = _parse(address)
    return ip is not None and any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The first address, read from the right, that is not one of our proxies; REMOTE_ADDR if it is not a proxy."""
    remote = request.META.get("REMOTE_ADDR")
    if not is_trusted_proxy(remote):
        return str(_parse(remote)) if _parse(remote) else None
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        ip = _parse(hop)
        if ip is None:
            break  # a malformed hop was written by the client: what lies left of it is not ours to believe
        if not is_trusted_proxy(str(ip)):
            return str(ip)
    return str(_parse(remote))


def request_id(request) -> str:
    """The proxy's X-Request-ID when a trusted proxy sent a well-formed one, else a fresh id."""
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    if offered and _REQUEST_ID.match(offered) and is_trusted_proxy(request.META.get("REMOTE_ADDR")):
        return offered
    return uuid.uuid4().hex
