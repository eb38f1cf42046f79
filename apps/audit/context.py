"""Request metadata (request id, IP, browser) carried to the audit trail without threading it through calls."""

import contextvars
from dataclasses import dataclass

from whitelist_portal.client import client_ip, request_id


@dataclass(frozen=True)
class RequestMeta:
    request_id: str = ""
    ip_address: str | None = None
    user_agent: str = ""


_NO_REQUEST = RequestMeta()
_current: contextvars.ContextVar[RequestMeta] = contextvars.ContextVar("audit_request_meta", default=_NO_REQUEST)


def current_meta() -> RequestMeta:
    return _current.get()


def meta_from_request(request) -> RequestMeta:
    return RequestMeta(request_id=request_id(request), ip_address=client_ip(request),
                       user_agent=request.headers.get("User-Agent", "")[:300])


def set_meta(meta: RequestMeta) -> contextvars.Token:
    return _current.set(meta)


def reset_meta(token: contextvars.Token) -> None:
    _current.reset(token)
