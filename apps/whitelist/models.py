"""Whitelist editions (one per term and region), their items, the public change log, objections and exports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.applications.models import Category, FrequencyPeriod, ItemType, Subcategory


class PeriodKind(models.TextChoices):
    """The period a bureau publishes its list for."""

    TERM = "term", _("学期")
    SCHOOL_YEAR = "school_year", _("学年")
    YEAR = "year", _("年度")
    RANGE = "range", _("时段")


class WhitelistEdition(models.Model):
    """The whitelist of one region for one period (a term, a school year, a year or a dated range): drafted,
    optionally put on notice, then published in versions; or imported as a list the bureau already published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        NOTICE = "notice", _("公示中")
        PUBLISHED = "published", _("已发布")

    PUBLIC_STATUSES = (Status.NOTICE, Status.PUBLISHED)

    period_kind = models.CharField(_("期间类型"), max_length=12, choices=PeriodKind.choices, default=PeriodKind.TERM)
    term = models.ForeignKey("applications.Term", verbose_name=_("学期"), on_delete=models.PROTECT,
                             related_name="whitelist_editions", null=True, blank=True,
                             help_text=_("按学期发布时为该学期；按学年、年度或时段发布时留空。"))
    starts_on = models.DateField(_("期间开始"))
    ends_on = models.DateField(_("期间结束"))
    period_label = models.CharField(_("期间"), max_length=60, help_text=_("如：2025年度、2025—2026学年第一学期"))
    region = models.ForeignKey("accounts.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="whitelist_editions")
    title = models.CharField(_("标题"), max_length=200)
    is_imported = models.BooleanField(_("导入的既有清单"), default=False)
    source_name = models.CharField(_("导入文件"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=0, help_text=_("发布为第 1 版，此后每次变更加 1。"))
    revision = models.PositiveIntegerField(_("修订号"), default=1)  # compare-and-set counter for every change
    notice_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示截止"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    updated_on = models.DateField(_("最近更新"), null=True, blank=True)
    issuing_body = models.CharField(_("发文机关"), max_length=100, blank=True,
                                    help_text=_("印在正式文件上，如：安溪县教育局；留空时不印。"))
    document_number = models.CharField(_("文号"), max_length=60, blank=True, help_text=_("如：安教〔2026〕12号"))
    document_date = models.DateField(_("成文日期"), null=True, blank=True)
    export_name = models.CharField(_("导出文件"), max_length=200, blank=True)
    export_generated_at = models.DateTimeField(_("导出时间"), null=True, blank=True)
    export_version = models.PositiveIntegerField(_("导出对应版本"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("白名单")
        verbose_name_plural = _("白名单")
        ordering = ["-starts_on", "region__code"]
        indexes = [models.Index(fields=["region", "starts_on", "ends_on"])]
        constraints = [
            models.UniqueConstraint(fields=["region", "period_kind", "starts_on", "ends_on"],
                                    name="whitelist_edition_unique_region_period"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="whitelist_edition_period"),
            models.CheckConstraint(condition=~Q(period_kind="term") | Q(term__isnull=False),
                                   name="whitelist_edition_term_period_has_term"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def period_display(self) -> str:
        """The period in the reader's language; a dated range keeps the bureau's own name for it."""
        from django.utils.translation import gettext

        if self.period_kind == PeriodKind.TERM and self.term_id:
            return str(self.term)
        if self.period_kind == PeriodKind.SCHOOL_YEAR:
            return gettext("%(start)s—%(end)s学年") % {"start": self.starts_on.year, "end": self.ends_on.year}
        if self.period_kind == PeriodKind.YEAR:
            return gettext("%(year)s年度") % {"year": self.starts_on.year}
        return self.period_label

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.NOTICE)


class WhitelistItem(models.Model):
    """One line of the published list, made from one or more finally approved applications."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("有效")
        SUSPENDED = "suspended", _("暂停")
        REVOKED = "revoked", _("撤销")

    edition = models.ForeignKey(WhitelistEdition, verbose_name=_("白名单"), on_delete=models.CASCADE,
                                related_name="items")
    item_type = models.CharField(_("事项类型"), max_length=12, choices=ItemType.choices, db_index=True)
    number = models.PositiveIntegerField(_("序号"), help_text=_("在同一事项类型内连续编号"))
    number_text = models.CharField(_("序号（原文）"), max_length=20, blank=True,
                                   help_text=_("导入清单时原表的序号；为空时按序号显示"))
    group_label = models.CharField(_("分组"), max_length=100, blank=True,
                                   help_text=_("原表的分组标题，如“一、安全教育类”"))
    # Every public field below is prose kept word for word; structured values beside it are optional.
    name = models.CharField(_("事项名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.OTHER)
    subcategory = models.CharField(_("子类别"), max_length=20, choices=Subcategory.choices, blank=True)
    lead_units = models.CharField(_("牵头单位"), max_length=500, blank=True)
    departments = models.ManyToManyField("accounts.Organisation", verbose_name=_("牵头单位（机构）"),
                                         related_name="+", blank=True)
    time_text = models.CharField(_("开展时间"), max_length=300, blank=True)
    frequency_text = models.CharField(_("开展频次"), max_length=200, blank=True)
    times = models.PositiveSmallIntegerField(_("次数"), null=True, blank=True)
    frequency_period = models.CharField(_("频次计算周期"), max_length=12, choices=FrequencyPeriod.choices, blank=True)
    place_text = models.CharField(_("开展地点"), max_length=300, blank=True)
    scope_text = models.CharField(_("实施范围"), max_length=500, blank=True)
    stages = models.JSONField(_("学段"), default=list, blank=True)
    stages_key = models.CharField(max_length=120, blank=True, editable=False)  # ",primary,junior," for filtering
    content = models.TextField(_("主要内容"), max_length=5000, blank=True)
    form_text = models.CharField(_("开展形式"), max_length=300, blank=True)
    basis_text = models.TextField(_("开展依据"), max_length=2000, blank=True)
    validity_text = models.CharField(_("有效期"), max_length=200, blank=True)
    notes = models.CharField(_("备注"), max_length=1000, blank=True)
    applications = models.ManyToManyField("applications.Application", verbose_name=_("来源申报"),
                                          related_name="whitelist_items", blank=True)
    is_supplement = models.BooleanField(_("增补事项"), default=False)
    added_in_version = models.PositiveIntegerField(_("列入版本"), default=1)
    added_on = models.DateField(_("列入日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    status_reason = models.CharField(_("状态变更原因"), max_length=300, blank=True)
    revision = models.PositiveIntegerField(_("修订号"), default=1)

    class Meta:
        verbose_name = _("白名单事项")
        verbose_name_plural = _("白名单事项")
        ordering = ["edition", "item_type", "number"]
        indexes = [models.Index(fields=["edition", "item_type", "number"])]
        constraints = [
            models.UniqueConstraint(fields=["edition", "item_type", "number"], name="whitelist_item_unique_number"),
        ]

    def __str__(self):
        return f"{self.number_label}. {self.name}"

    def save(self, *args, **kwargs):
        self.stages_key = "," + ",".join(self.stages) + "," if self.stages else ""
        super().save(*args, **kwargs)

    @property
    def number_label(self) -> str:
        return self.number_text or str(self.number)


class EditionChange(models.Model):
    """One line of the public change log: a version, a notice, a supplement, a suspension or a revocation."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("公示")
        PUBLISHED = "published", _("发布")
        SUPPLEMENT = "supplement", _("增补")
        SUSPENDED = "suspended", _("暂停")
        REINSTATED = "reinstated", _("恢复")
        REVOKED = "revoked", _("撤销")
        CORRECTED = "corrected", _("更正")
        IMPORTED = "imported", _("导入")

    edition = models.ForeignKey(WhitelistEdition, verbose_name=_("白名单"), on_delete=models.CASCADE,
                                related_name="changes")
    item = models.ForeignKey(WhitelistItem, verbose_name=_("事项"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="changes")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    version = models.PositiveIntegerField(_("版本"), default=0)
    happened_on = models.DateField(_("日期"))
    summary = models.CharField(_("摘要"), max_length=300)
    reason = models.TextField(_("原因"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-happened_on", "-pk"]

    def __str__(self):
        return f"{self.happened_on} {self.summary}"


# The columns a list may show, in the order bureaus usually print them; each region keeps its own choice.
LIST_COLUMNS = [
    ("number", _("序号")), ("name", _("事项名称")), ("lead_units", _("牵头单位")), ("time_text", _("开展时间")),
    ("place_text", _("开展地点")), ("scope_text", _("实施范围")), ("stages", _("学段")),
    ("frequency_text", _("开展频次")), ("content", _("主要内容")), ("form_text", _("开展形式")),
    ("basis_text", _("开展依据")), ("validity_text", _("有效期")), ("status", _("状态")), ("notes", _("备注")),
]
DEFAULT_COLUMNS = [key for key, _label in LIST_COLUMNS]


def default_columns() -> list[str]:
    return list(DEFAULT_COLUMNS)


DEFAULT_NOTICE_DAYS = 5


class PublicationSettings(models.Model):
    """How one region publishes its list: whether a draft must go through public notice first (and for how many
    days at least), and which columns its public pages and its Excel file show."""

    region = models.OneToOneField("accounts.Region", verbose_name=_("行政区划"), on_delete=models.CASCADE,
                                  related_name="publication_settings")
    columns = models.JSONField(_("公布的列"), default=default_columns,
                               help_text=_("按顺序列出要公布的列；全部事项都为空的列自动省略。"))
    notice_required = models.BooleanField(_("发布前须公示"), default=True,
                                          help_text=_("开启时，草稿须经公示且公示期满后方可发布。"))
    notice_min_days = models.PositiveSmallIntegerField(_("最短公示天数"), default=DEFAULT_NOTICE_DAYS,
                                                       validators=[MinValueValidator(1), MaxValueValidator(30)])

    class Meta:
        verbose_name = _("白名单公布设置")
        verbose_name_plural = _("白名单公布设置")

    def __str__(self):
        return str(self.region)

    def clean(self):
        from django.core.exceptions import ValidationError

        known = set(DEFAULT_COLUMNS)
        if not isinstance(self.columns, list) or not self.columns or set(self.columns) - known:
            raise ValidationError({"columns": _("请从以下列中选择：%(keys)s") % {"keys": "、".join(DEFAULT_COLUMNS)}})
        if "name" not in self.columns:
            raise ValidationError({"columns": _("“事项名称”列不能省略。")})


class Objection(models.Model):
    """An objection to a draft on public notice (公示期异议): the publisher answers each one, the objector follows
    it by a code (only its digest is stored), and answered objections are shown without personal data."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("待答复")
        ACCEPTED = "accepted", _("采纳")
        REJECTED = "rejected", _("不予采纳")

    edition = models.ForeignKey(WhitelistEdition, verbose_name=_("白名单"), on_delete=models.CASCADE,
                                related_name="objections")
    item = models.ForeignKey(WhitelistItem, verbose_name=_("事项"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="objections")
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    content = models.TextField(_("异议内容"), max_length=2000)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    code_hash = models.CharField(_("查询码摘要"), max_length=64, unique=True, null=True, blank=True, editable=False)
    answer_status = models.CharField(_("答复结果"), max_length=10, choices=Answer.choices, default=Answer.PENDING,
                                     db_index=True)
    answer = models.TextField(_("答复"), max_length=2000, blank=True,
                              help_text=_("采纳时写明作了哪些修改；不予采纳时写明理由。"))
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(answer_status="pending") | ~Q(answer=""),
                                   name="objection_answered_has_answer"),
        ]

    def __str__(self):
        return self.content[:40]

    @property
    def is_answered(self) -> bool:
        return self.answer_status != self.Answer.PENDING


class ExportRun(models.Model):
    """One run of the semester Excel export; the page shows the latest run's state."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("等待中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    edition = models.ForeignKey(WhitelistEdition, verbose_name=_("白名单"), on_delete=models.CASCADE,
                                related_name="export_runs")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.WAITING)
    error = models.TextField(_("错误信息"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("事项数"), default=0)
    # Queue state (apps/whitelist/export_queue.py): when the run was last handed to the broker (empty: not yet),
    # and how many times a worker has started it.
    queued_at = models.DateTimeField(_("排队时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="export_failed_has_error"),
        ]

    def __str__(self):
        return f"{self.edition} {self.get_status_display()}"
