"""Errors the ledger services raise; pages and the API turn them into messages and status codes."""

from django.utils.translation import gettext_lazy


class ConflictError(Exception):
    """The line changed since the user loaded it (stale version or status)."""

    default_message = gettext_lazy("该整改事项已被他人处理或状态已变化，请刷新页面后重试。")

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)
