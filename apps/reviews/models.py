"""Review stages as data, where each application stands in them, the decisions taken, and the holiday calendar."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StageKind(models.TextChoices):
    REGULAR = "regular", _("常规申报")
    ADHOC = "adhoc", _("临时申报")


class ReviewStage(models.Model):
    """One step of the review of an application kind; the bureau admin edits the list in admin."""

    kind = models.CharField(_("适用申报类型"), max_length=10, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("环节名称"), max_length=50)
    time_limit_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=5)
    group = models.ForeignKey(
        "auth.Group", verbose_name=_("审核人组"), on_delete=models.PROTECT, related_name="review_stages",
        help_text=_("该组的成员可在本环节作出审核决定。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("审核环节")
        verbose_name_plural = _("审核环节")
        ordering = ["kind", "order"]
        constraints = [models.UniqueConstraint(fields=["kind", "order"], name="review_stage_unique_order")]

    def __str__(self):
        return self.name  # as people say it: 「相关科室初审」

    @classmethod
    def kind_for(cls, application) -> str:
        return StageKind.ADHOC if application.is_adhoc else StageKind.REGULAR


class Holiday(models.Model):
    """A public holiday, or (is_workday) a weekend made a working day (调休), for the working-day arithmetic."""

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=50)
    is_workday = models.BooleanField(_("调休上班"), default=False)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class PrecheckLevel(models.TextChoices):
    CLEAN = "clean", _("无问题")
    INFO = "info", _("提示")
    WARNING = "warning", _("警示")
    BLOCKING = "blocking", _("严重")


class ReviewProgress(models.Model):
    """Where an application stands in review: the stage it waits at, since when, until when."""

    application = models.OneToOneField(
        "applications.Application", verbose_name=_("申报"), on_delete=models.CASCADE, related_name="review"
    )
    stage = models.ForeignKey(
        ReviewStage, verbose_name=_("当前环节"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="progress_rows",
    )
    entered_at = models.DateTimeField(_("进入本环节时间"), default=timezone.now)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    returned_from_stage = models.ForeignKey(
        ReviewStage, verbose_name=_("退回环节"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    precheck_level = models.CharField(
        _("预审结果"), max_length=10, choices=PrecheckLevel.choices, default=PrecheckLevel.CLEAN
    )
    # The applying department's region, copied here so that a bureau's queue and its counts per stage are read
    # from this table's indexes alone, without joining every waiting application (SPEC: bureaus see only theirs).
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("所属区划"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("审核进度")
        verbose_name_plural = _("审核进度")
        indexes = [
            models.Index(fields=["stage", "entered_at"]),
            # What waits in a region: counts per stage and overdue (index-only), the queue in its order.
            models.Index(fields=["region", "stage", "due_on"], condition=Q(stage__isnull=False),
                         name="review_waiting_by_region"),
            models.Index(fields=["region", "entered_at", "application"], condition=Q(stage__isnull=False),
                         name="review_queue_order"),
        ]

    def __str__(self):
        return f"{self.application} @ {self.stage or '—'}"

    def save(self, *args, **kwargs):
        if self.region_id is None and self.application_id is not None:
            from apps.applications.models import Application

            self.region_id = (Application.objects.filter(pk=self.application_id)
                              .values_list("department__region_id", flat=True).first())
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return self.stage_id is not None and self.due_on is not None and self.due_on < timezone.localdate()


class ReviewDecision(models.Model):
    """One decision of one reviewer on one application at one stage, with the opinion and any justification."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回修改")
        REJECT = "reject", _("不予通过")
        MERGE = "merge", _("压减合并")

    application = models.ForeignKey(
        "applications.Application", verbose_name=_("申报"), on_delete=models.CASCADE, related_name="review_decisions"
    )
    stage = models.ForeignKey(ReviewStage, verbose_name=_("环节"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("决定"), max_length=10, choices=Kind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField(_("审核意见"), blank=True)
    sections = models.JSONField(_("意见涉及的部分"), default=list, blank=True,
                                help_text=_("审核人指明的申报表部分（键名见 apps.applications.sections）。"))
    justification = models.TextField(_("超出警示的理由"), blank=True)
    warnings = models.JSONField(_("决定时的预审警示"), default=list, blank=True)
    version_seen = models.PositiveIntegerField(_("审核时的版本"))
    batch = models.CharField(_("集中认定批次"), max_length=32, blank=True)
    snapshot = models.JSONField(_("决定时的申报内容"), default=dict, blank=True,
                                help_text=_("决定时各申报项的填写内容，用于显示重新提交后的修改之处。"))
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("审核决定")
        verbose_name_plural = _("审核决定")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="approve") | ~Q(opinion=""), name="review_decision_opinion_unless_approve"
            ),
        ]

    def __str__(self):
        return f"{self.application} {self.get_kind_display()} @ {self.stage.name}"
