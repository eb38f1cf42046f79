"""The portal's roles (SPEC §2). Each role is a Django Group whose name is the role's Chinese title."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUBMITTER = "申报单位经办人", _("申报单位经办人")
    REVIEWER = "审核人", _("审核人")
    PUBLISHER = "发布管理员", _("发布管理员")
    COMPLAINT_STAFF = "举报受理员", _("举报受理员")
    RECTIFICATION_OWNER = "整改责任人", _("整改责任人")
    AUDITOR = "监督人", _("监督人")
