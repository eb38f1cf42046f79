"""Errors the visit services raise; pages turn them into messages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from whitelist_portal.service_errors import ConflictError as BaseConflictError


class ConflictError(BaseConflictError):
    default_message = gettext_lazy("该进校园活动已被他人处理或状态已变化，请刷新页面后重试。")


class OverLimit(ValidationError):
    """Recording the visit would break the item's approved frequency or a cap: the department must confirm it
    knowingly, with a justification (the caps hold "in principle", SPEC §3.2)."""

    def __init__(self, usages):
        self.usages = usages
        super().__init__([u.text for u in usages], code="over_limit")
