"""The rectification ledger (整改台账): each problem found, who fixes it by when, what was done, and its close-out."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from whitelist_portal.stored_files import StoredFile


class SourceKind(models.TextChoices):
    COMPLAINT = "complaint", _("举报")
    SELF_CHECK = "self_check", _("自查")
    INSPECTION = "inspection", _("督查检查")
    EVALUATION = "evaluation", _("年终评估")
    ACTIVITY_RECORD = "activity_record", _("活动记录超频次")


class LedgerLine(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        IN_PROGRESS = "in_progress", _("整改中")
        AWAITING_VERIFICATION = "awaiting", _("已完成待核实")
        SENT_BACK = "sent_back", _("核实未通过")
        CLOSED = "closed", _("已销号")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.AWAITING_VERIFICATION, Status.SENT_BACK)
    OWNER_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.SENT_BACK)  # the owner may still report

    region = models.ForeignKey("accounts.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    source_kind = models.CharField(_("问题来源"), max_length=16, choices=SourceKind.choices, db_index=True)
    source_ref = models.CharField(_("来源编号"), max_length=100, blank=True)
    complaint = models.ForeignKey("complaints.Complaint", verbose_name=_("来源举报"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="ledger_lines")
    problem = models.TextField(_("问题"), max_length=2000)
    owner = models.ForeignKey("accounts.Organisation", verbose_name=_("责任单位"), on_delete=models.PROTECT,
                              related_name="ledger_lines")
    owner_person = models.CharField(_("责任人"), max_length=50, blank=True)
    standard = models.TextField(_("整改标准"), max_length=2000, blank=True)
    deadline = models.DateField(_("整改时限"), db_index=True)
    measures = models.TextField(_("采取的措施"), max_length=5000, blank=True)
    results = models.TextField(_("取得的成效"), max_length=5000, blank=True)
    immediate = models.BooleanField(_("立行立改"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    verification_opinion = models.TextField(_("核实意见"), max_length=2000, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核实人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("建立人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("建立时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("整改台账")
        verbose_name_plural = _("整改台账")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False, verified_at__isnull=False),
                name="ledger_closed_is_verified"),
            models.CheckConstraint(condition=~Q(source_kind="complaint") | Q(complaint__isnull=False),
                                   name="ledger_complaint_source_named"),
        ]

    def __str__(self):
        return f"{_('整改')} {self.number}"

    @property
    def number(self) -> str:
        year = self.created_at.year if self.created_at else timezone.localdate().year
        return f"ZG{year}-{self.pk or 0:05d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()


class DeadlineExtension(models.Model):
    """Each extension of a line's deadline, with the reason the bureau gave."""

    line = models.ForeignKey(LedgerLine, verbose_name=_("整改台账"), on_delete=models.CASCADE,
                             related_name="extensions")
    old_deadline = models.DateField(_("原时限"))
    new_deadline = models.DateField(_("新时限"))
    reason = models.TextField(_("延期理由"), max_length=1000)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    extended_at = models.DateTimeField(_("延期时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改延期")
        verbose_name_plural = _("整改延期")
        ordering = ["extended_at", "pk"]

    def __str__(self):
        return f"{self.old_deadline} → {self.new_deadline}"


def evidence_path(instance, filename):
    return f"ledger/{instance.line_id}/{instance.sha256[:16]}{instance.extension}"


class LineEvidence(StoredFile):
    line = models.ForeignKey(LedgerLine, verbose_name=_("整改台账"), on_delete=models.CASCADE,
                             related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta(StoredFile.Meta):
        verbose_name = _("整改佐证材料")
        verbose_name_plural = _("整改佐证材料")
