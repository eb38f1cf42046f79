"""Who may call the API and how often: a session (browser, CSRF on writes) or a token (machines); no Basic auth.

Throttles count per client address as ``whitelist_portal.client`` reads it, so a forged X-Forwarded-For buys
no fresh allowance.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, throttling
from rest_framework.authentication import TokenAuthentication

from .client import client_ip

_TOKEN_KEY = re.compile(r"^[0-9a-f]{40}$")


class PortalTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``; a key that cannot be a token (NUL bytes, wrong shape) is a clean 401."""

    def authenticate_credentials(self, key):
        if not _TOKEN_KEY.match(key):
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        return super().authenticate_credentials(key)


class _ByClientAddress:
    def get_ident(self, request):
        return client_ip(request) or "unknown"


class AnonRateThrottle(_ByClientAddress, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_ByClientAddress, throttling.UserRateThrottle):
    pass
