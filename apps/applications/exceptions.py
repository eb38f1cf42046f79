"""Errors the application services raise; pages and the API turn them into messages and status codes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from whitelist_portal.service_errors import ConflictError as BaseConflictError


class ConflictError(BaseConflictError):
    """The application changed since the user loaded it (stale version or status)."""

    default_message = gettext_lazy("该申报已被他人修改或状态已变化，请刷新页面后重试。")



class PrecheckBlocked(ValidationError):
    """Submission refused because the pre-check found blocking problems; ``findings`` lists them all."""

    def __init__(self, findings):
        self.findings = list(findings)
        blocking = [f for f in self.findings if f.is_blocking]
        super().__init__([f.message for f in blocking] or [gettext("预审未通过。")], code="precheck_blocked")
