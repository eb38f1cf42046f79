"""Visits of whitelist items to schools (SPEC §4 activity record / entry permit): each planned visit with its permit
code, what the school made of it at the gate, its rating, and the bureau's year-end evaluation of the items."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from whitelist_portal import codes


class Visit(models.Model):
    """One planned visit of a whitelist item to one school, with its entry permit (进校园凭证).

    The permit code is kept as issued (not as a digest like a reporter's receipt): it is printed on a document the
    department may print again, and it names nothing private; it is random, 12 characters of 31 (≈ 7.9 × 10¹⁷)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("待进校")
        CONFIRMED = "confirmed", _("已确认开展")
        REFUSED = "refused", _("学校拒绝进校")
        CANCELLED = "cancelled", _("已取消")

    COUNTED = (Status.PLANNED, Status.CONFIRMED)  # what counts against the approved frequency when recording

    code = models.CharField(_("凭证编码"), max_length=codes.LENGTH, unique=True, editable=False)
    item = models.ForeignKey("whitelist.WhitelistItem", verbose_name=_("白名单事项"), on_delete=models.PROTECT,
                             related_name="visits")
    item_key = models.CharField(_("事项标识"), max_length=260, db_index=True, editable=False)
    department = models.ForeignKey("accounts.Organisation", verbose_name=_("开展单位"), on_delete=models.PROTECT,
                                   related_name="+")
    school = models.ForeignKey("accounts.Organisation", verbose_name=_("学校"), on_delete=models.PROTECT,
                               related_name="visits")
    region = models.ForeignKey("accounts.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    date = models.DateField(_("进校日期"), db_index=True)
    start_time = models.TimeField(_("开始时间"))
    school_year = models.PositiveSmallIntegerField(_("学年起始年"), editable=False)
    semester = models.CharField(_("学期"), max_length=1, editable=False)
    participants = models.JSONField(_("参与对象"), default=list)
    participant_count = models.PositiveIntegerField(_("参与人数"), validators=[MinValueValidator(1)])
    duration_minutes = models.PositiveSmallIntegerField(_("时长（分钟）"),
                                                        validators=[MinValueValidator(1), MaxValueValidator(600)])
    person_in_charge = models.CharField(_("带队负责人"), max_length=50)
    person_phone = models.CharField(_("负责人电话"), max_length=30, blank=True)
    warnings = models.JSONField(_("超频次提示"), default=list, blank=True)
    justification = models.TextField(_("超出说明"), max_length=1000, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED,
                              db_index=True)
    school_note = models.TextField(_("学校说明"), max_length=1000, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("学校确认人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(_("学校确认时间"), null=True, blank=True)
    ledger_line = models.OneToOneField("ledger.LedgerLine", verbose_name=_("超频次整改事项"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="visit")
    complaints = models.ManyToManyField("complaints.Complaint", verbose_name=_("现场反映的问题"), blank=True,
                                        related_name="visits")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("进校园活动记录")
        verbose_name_plural = _("进校园活动记录")
        ordering = ["-date", "-start_time", "-pk"]
        indexes = [models.Index(fields=["school", "school_year", "semester"]),
                   models.Index(fields=["item_key", "school", "school_year"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["planned", "cancelled"]) | Q(handled_at__isnull=False),
                                   name="visit_handled_by_school"),
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(school_note=""),
                                   name="visit_refusal_has_reason"),
        ]

    def __str__(self):
        return f"{self.number} {self.date}"

    @property
    def number(self) -> str:
        return f"JX{self.date:%Y}-{self.pk or 0:05d}"

    @property
    def code_display(self) -> str:
        return codes.display(self.code)

    def get_participants_display(self) -> str:
        from apps.applications.models import Participant

        labels = dict(Participant.choices)
        return "、".join(str(labels.get(p, p)) for p in self.participants)


class Rating(models.Model):
    """The school's view of one confirmed visit: its burden and its usefulness (1–5) and a comment. The department
    sees only the averages."""

    visit = models.OneToOneField(Visit, verbose_name=_("进校园活动记录"), on_delete=models.CASCADE,
                                 related_name="rating")
    burden = models.PositiveSmallIntegerField(_("负担程度"), validators=[MinValueValidator(1), MaxValueValidator(5)],
                                              help_text=_("1 = 几乎没有负担，5 = 负担很重"))
    usefulness = models.PositiveSmallIntegerField(_("实际效果"),
                                                  validators=[MinValueValidator(1), MaxValueValidator(5)],
                                                  help_text=_("1 = 没有帮助，5 = 很有帮助"))
    comment = models.TextField(_("意见"), max_length=1000, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT,
                                 related_name="+")
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("学校评价")
        verbose_name_plural = _("学校评价")
        constraints = [
            models.CheckConstraint(condition=Q(burden__gte=1, burden__lte=5, usefulness__gte=1, usefulness__lte=5),
                                   name="rating_in_range"),
        ]

    def __str__(self):
        return f"{self.visit} {self.burden}/{self.usefulness}"


class Evaluation(models.Model):
    """The bureau's year-end evaluation of a region's whitelist items for one school year (SPEC §3.9)."""

    class Status(models.TextChoices):
        OPEN = "open", _("评估中")
        FINISHED = "finished", _("已完成")

    region = models.ForeignKey("accounts.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    school_year = models.PositiveSmallIntegerField(_("学年起始年"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年终评估")
        verbose_name_plural = _("年终评估")
        ordering = ["-school_year"]
        constraints = [models.UniqueConstraint(fields=["region", "school_year"], name="evaluation_once_a_year")]

    def __str__(self):
        return f"{self.region} {self.school_year}—{self.school_year + 1}"


class Decision(models.Model):
    """The bureau's decision on one item in the evaluation, with its reason."""

    class Kind(models.TextChoices):
        KEEP = "keep", _("保留")
        SUSPEND = "suspend", _("暂停")
        RECTIFY = "rectify", _("整改")
        REVOKE = "revoke", _("撤销")
        CLEAR = "clear", _("清理")

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("年终评估"), on_delete=models.CASCADE,
                                   related_name="decisions")
    item = models.ForeignKey("whitelist.WhitelistItem", verbose_name=_("白名单事项"), on_delete=models.PROTECT,
                             related_name="evaluation_decisions")
    kind = models.CharField(_("评估结论"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("理由"), max_length=1000)
    ledger_line = models.ForeignKey("ledger.LedgerLine", verbose_name=_("整改事项"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评估结论")
        verbose_name_plural = _("评估结论")
        ordering = ["evaluation", "item__item_type", "item__number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "item"], name="decision_once_per_item")]

    def __str__(self):
        return f"{self.item} {self.get_kind_display()}"
