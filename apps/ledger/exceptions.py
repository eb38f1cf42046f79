"""Errors the ledger services raise; pages and the API turn them into messages and status codes."""

from django.utils.translation import gettext_lazy

from whitelist_portal.service_errors import ConflictError as BaseConflictError


class ConflictError(BaseConflictError):
    """The line changed since the user loaded it (stale version or status)."""

    default_message = gettext_lazy("该整改事项已被他人处理或状态已变化，请刷新页面后重试。")

