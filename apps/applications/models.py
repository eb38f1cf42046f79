"""Terms, application windows, caps and the 进校园活动申报 itself with its attachments."""

import datetime as dt
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from whitelist_portal.stored_files import StoredFile

from .terms import TermKey


class Term(models.Model):
    """A term of a school year; whitelists are published per term, caps count per school year."""

    class Semester(models.TextChoices):
        FIRST = "1", _("第一学期")
        SECOND = "2", _("第二学期")

    start_year = models.PositiveSmallIntegerField(_("学年起始年"))
    semester = models.CharField(_("学期"), max_length=1, choices=Semester.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("学期")
        verbose_name_plural = _("学期")
        ordering = ["-start_year", "-semester"]
        constraints = [models.UniqueConstraint(fields=["start_year", "semester"], name="term_unique")]

    def __str__(self):
        return self.key.label

    @property
    def key(self) -> TermKey:
        return TermKey(self.start_year, self.semester)

    @property
    def code(self) -> str:
        return self.key.code

    @property
    def short_label(self) -> str:
        return self.key.short_label

    @property
    def school_year_label(self) -> str:
        return self.key.school_year_label

    @classmethod
    def for_key(cls, key: TermKey) -> "Term":
        term, _ = cls.objects.get_or_create(
            start_year=key.start_year, semester=key.semester,
            defaults={"starts_on": key.starts_on, "ends_on": key.ends_on},
        )
        return term


class ApplicationWindow(models.Model):
    """A period in which departments file regular applications for a term (defaults: July / December)."""

    term = models.ForeignKey(Term, verbose_name=_("学期"), on_delete=models.CASCADE, related_name="windows")
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("申报窗口")
        verbose_name_plural = _("申报窗口")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="window_closes_after_open")
        ]

    def __str__(self):
        return f"{self.term} {self.opens_on:%Y-%m-%d}—{self.closes_on:%Y-%m-%d}"

    def is_open_on(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class ItemType(models.TextChoices):
    ACTIVITY = "activity", _("进校园活动")
    INSPECTION = "inspection", _("督查检查评比考核")


class Category(models.TextChoices):
    SPECIAL_TASK = "special_task", _("重要专项工作")
    CITY_CAMPAIGN = "city_campaign", _("城市创建活动")
    OTHER = "other", _("其他")


class Subcategory(models.TextChoices):
    SAFETY = "safety", _("安全教育")
    LEGAL = "legal", _("法治教育")
    ANTI_DRUG_AIDS = "anti_drug_aids", _("禁毒防艾")
    FIRE = "fire", _("消防安全")
    DISASTER = "disaster", _("防灾减灾")
    STABILITY = "stability", _("维护稳定")
    ANTI_GANG = "anti_gang", _("扫黑除恶")
    WORK_SAFETY = "work_safety", _("安全生产")
    SCIENCE = "science", _("科普")
    CULTURE = "culture", _("传统文化")
    HEALTH = "health", _("健康教育")
    CIVILISED_CITY = "civilised_city", _("文明城市创建")
    HYGIENIC_CITY = "hygienic_city", _("卫生城市创建")
    GREEN_CITY = "green_city", _("绿色城市创建")
    LIVEABLE_CITY = "liveable_city", _("宜居城市创建")
    TOURIST_CITY = "tourist_city", _("旅游城市创建")
    INSPECTION = "inspection", _("督查检查评比考核")
    OTHER = "other", _("其他")


class AdmissionGround(models.TextChoices):
    """The four grounds on which an activity may enter schools (SPEC §3.1)."""

    LAW = "law", _("法律法规或党中央、国务院及省市相关文件明确规定")
    MINISTRY_JOINT = "ministry_joint", _("部委联合教育部（省直部门联合省教育厅）部署")
    PARTY_CAMPAIGN = "party_campaign", _("党委政府统一部署的创建活动和重要专项工作")
    EMERGENCY = "emergency", _("特殊时期、紧急情况")


class ActivityForm(models.TextChoices):
    LECTURE = "lecture", _("讲座")
    DRILL = "drill", _("演练")
    EXHIBITION = "exhibition", _("展览")
    PREACHING = "preaching", _("宣讲")
    QUESTIONNAIRE = "questionnaire", _("问卷")
    INSPECTION = "inspection", _("检查")
    EVALUATION = "evaluation", _("评比")
    ASSESSMENT = "assessment", _("考核")
    PERFORMANCE = "performance", _("展演")
    OTHER = "other", _("其他")


class FrequencyPeriod(models.TextChoices):
    """The period a structured count of times refers to (频次的计算周期)."""

    TERM = "term", _("每学期")
    SCHOOL_YEAR = "school_year", _("每学年")
    YEAR = "year", _("每年")
    QUARTER = "quarter", _("每季度")
    ONCE = "once", _("本次")


class Participant(models.TextChoices):
    STUDENTS = "students", _("学生")
    TEACHERS = "teachers", _("教师")
    PARENTS = "parents", _("家长")


# The prohibited demands of SPEC §3.5: one yes/no answer each on the form; a "yes" is flagged.
PROHIBITED_DEMANDS = [
    ("demands_online_voting", _("是否要求师生或家长网络投票、点赞")),
    ("demands_quiz", _("是否要求师生或家长在线答题、竞答")),
    ("demands_survey", _("是否要求填写与教育教学无关的问卷、调查或信息填报")),
    ("demands_follow_account", _("是否要求关注微信公众号等账号")),
    ("demands_app_install", _("是否要求下载安装 APP")),
    ("demands_checkin", _("是否要求打卡")),
    ("demands_participation_rate", _("是否设置参与率等指标")),
    ("demands_proof_upload", _("是否要求上传截图、视频等留痕材料")),
]


class Application(models.Model):
    """A department's application to run an activity or an inspection in schools."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        IN_REVIEW = "in_review", _("审核中")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤回")
        MERGED = "merged", _("已合并")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    WITHDRAWABLE_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.RETURNED)
    FINAL_STATUSES = (Status.APPROVED, Status.REJECTED, Status.WITHDRAWN, Status.MERGED)

    reference = models.CharField(_("申报编号"), max_length=20, blank=True)
    department = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(Term, verbose_name=_("学期"), on_delete=models.PROTECT, related_name="applications")
    item_type = models.CharField(_("事项类型"), max_length=12, choices=ItemType.choices, default=ItemType.ACTIVITY)
    title = models.CharField(_("事项名称"), max_length=120)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    subcategory = models.CharField(_("子类别"), max_length=20, choices=Subcategory.choices)
    admission_ground = models.CharField(_("准入依据类型"), max_length=20, choices=AdmissionGround.choices, blank=True)
    basis_text = models.TextField(
        _("开展依据"), max_length=2000, blank=True,
        help_text=_("依据的文件名称及文号，照文件原文填写；有多份文件的，每行写一份。"),
    )
    content = models.TextField(_("主要内容"), max_length=5000)
    # The public wording of the item, kept word for word as the department writes it (SPEC §4, "What real lists
    # hold"); the structured values beside them are optional and only serve caps and statistics.
    lead_units_text = models.CharField(
        _("牵头单位"), max_length=300, blank=True,
        help_text=_("多个单位用“、”分隔，可写未在平台注册的单位；不填即为本单位。"),
    )
    lead_organisations = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("联合牵头单位（平台内）"), blank=True, related_name="+",
        limit_choices_to={"kind__in": ("department", "bureau")},
    )
    time_text = models.CharField(_("开展时间"), max_length=200, blank=True,
                                 help_text=_("如：全年；2025年4-5月；每年“安全教育日”前后。"))
    frequency_text = models.CharField(_("开展频次"), max_length=100, blank=True,
                                      help_text=_("如：1次；每学年一次；每年1-2次；每季度一场。"))
    frequency_period = models.CharField(_("频次计算周期"), max_length=12, choices=FrequencyPeriod.choices,
                                        blank=True)
    place_text = models.CharField(_("开展地点"), max_length=200, blank=True,
                                  help_text=_("可写条件，如：选1所学校，不超过一个年级。"))
    scope_text = models.CharField(_("实施范围"), max_length=300, blank=True,
                                  help_text=_("如：全县中小学；县部分中小学；小学、初中。"))
    form_text = models.CharField(_("开展形式"), max_length=200, blank=True,
                                 help_text=_("可写多种方式，如：讲座、报告、专题辅导。"))
    notes = models.CharField(_("备注"), max_length=300, blank=True)
    target_stages = models.JSONField(_("面向学段"), default=list, blank=True)
    participants = models.JSONField(_("参与对象"), default=list, blank=True)
    all_schools = models.BooleanField(_("面向全部学校"), default=True)
    schools = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("涉及学校"), blank=True, related_name="+",
        limit_choices_to={"kind": "school"},
    )
    planned_start = models.DateField(_("计划开始日期"), null=True, blank=True)
    planned_end = models.DateField(_("计划结束日期"), null=True, blank=True)
    times_planned = models.PositiveSmallIntegerField(_("计划次数"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("每次时长（分钟）"), null=True, blank=True)
    form = models.CharField(_("主要形式（分类）"), max_length=20, choices=ActivityForm.choices, blank=True)
    demands_online_voting = models.BooleanField(PROHIBITED_DEMANDS[0][1], null=True)
    demands_quiz = models.BooleanField(PROHIBITED_DEMANDS[1][1], null=True)
    demands_survey = models.BooleanField(PROHIBITED_DEMANDS[2][1], null=True)
    demands_follow_account = models.BooleanField(PROHIBITED_DEMANDS[3][1], null=True)
    demands_app_install = models.BooleanField(PROHIBITED_DEMANDS[4][1], null=True)
    demands_checkin = models.BooleanField(PROHIBITED_DEMANDS[5][1], null=True)
    demands_participation_rate = models.BooleanField(PROHIBITED_DEMANDS[6][1], null=True)
    demands_proof_upload = models.BooleanField(PROHIBITED_DEMANDS[7][1], null=True)
    teachers_required = models.BooleanField(_("是否需要教师参与"), default=False)
    already_in_teaching = models.BooleanField(_("内容是否已纳入日常教学"), default=False)
    budget = models.DecimalField(_("经费预算（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    is_adhoc = models.BooleanField(_("临时申报"), default=False)
    urgency_reason = models.TextField(_("紧急事由"), max_length=2000, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    precheck_findings = models.JSONField(_("预审结果"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("复制自"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("合并入"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("进校园申报")
        verbose_name_plural = _("进校园申报")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["department", "status"]),
            # (term, status) first: counts of a term's approvals in a region read from the index alone.
            models.Index(fields=["term", "status", "department"], name="application_term_status_dept"),
            # The lists' order (newest first), for everyone and for one department; keyset pages seek in them.
            models.Index(fields=["updated_at", "id"], name="application_updated"),
            models.Index(fields=["department", "updated_at", "id"], name="application_dept_updated"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="application_unique_reference"
            ),
            models.CheckConstraint(condition=Q(times_planned__isnull=True) | Q(times_planned__gte=1),
                                   name="application_times_planned_positive"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}" if self.reference else self.title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def prohibited_demands_answered_yes(self) -> list[str]:
        return [str(label) for name, label in PROHIBITED_DEMANDS if getattr(self, name)]


REFERENCE_PATTERN = re.compile(r"\d{4}[秋春]-\d+")  # e.g. 2025秋-0007 (see services.next_reference)


def looks_like_reference(value: str) -> bool:
    """A whole reference number typed into a search box is looked up exactly (an index seek, not a scan)."""
    return bool(REFERENCE_PATTERN.fullmatch(value))


def attachment_path(instance, filename):
    # The stored name never reuses the uploader's file name; the original is kept in a field.
    return f"applications/{instance.application_id}/{instance.sha256[:16]}{instance.extension}"


class Attachment(StoredFile):
    class Kind(models.TextChoices):
        IMPLEMENTATION_PLAN = "implementation_plan", _("实施方案")
        EMERGENCY_PLAN = "emergency_plan", _("应急预案")
        BASIS_DOCUMENT = "basis_document", _("依据文件")
        OTHER = "other", _("其他材料")

    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("材料类型"), max_length=24, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")

    class Meta(StoredFile.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class CapRule(models.Model):
    """A frequency cap or volume limit (SPEC §3.2, §3.8, §3.13); data the bureau edits in admin, not code.

    Caps hold "in principle": exceeding one is a warning to the reviewer unless the rule is marked blocking.
    """

    class Shape(models.TextChoices):
        CATEGORY_PER_YEAR = "category_year", _("每类别每学年次数")
        ITEM_PER_YEAR = "item_year", _("每事项每学年次数")
        TERM_VOLUME = "term_volume", _("每学期事项总量")
        YEAR_TOTAL = "year_total", _("每学年清单事项总数")
        SCHOOL_PER_TERM = "school_term", _("每校每学期参与事项数")

    name = models.CharField(_("名称"), max_length=100)
    shape = models.CharField(_("限额类型"), max_length=20, choices=Shape.choices)
    item_type = models.CharField(_("适用事项类型"), max_length=12, choices=ItemType.choices, blank=True,
                                 help_text=_("留空表示适用于全部事项类型"))
    category = models.CharField(_("适用类别"), max_length=20, choices=Category.choices, blank=True,
                                help_text=_("留空表示适用于全部类别"))
    per_department = models.BooleanField(
        _("按申报单位分别计算"), default=True,
        help_text=_("勾选时只统计同一申报单位已通过的申报；否则统计全部单位"),
    )
    limit = models.PositiveIntegerField(_("上限"))
    is_blocking = models.BooleanField(_("超出即不得提交"), default=False,
                                      help_text=_("原则性限额不勾选：超出时提示审核人，由审核人说明理由"))
    is_active = models.BooleanField(_("启用"), default=True)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("频次与总量限额")
        verbose_name_plural = _("频次与总量限额")
        ordering = ["shape", "category", "pk"]
        constraints = [models.CheckConstraint(condition=Q(limit__gte=1), name="caprule_limit_positive")]

    def __str__(self):
        return f"{self.name}（≤{self.limit}）"

    @property
    def counts_times(self) -> bool:
        """Frequency caps count visits (times planned); volume limits count items."""
        return self.shape in (self.Shape.CATEGORY_PER_YEAR, self.Shape.ITEM_PER_YEAR)


class TermCounter(models.Model):
    """The last reference number issued in a term; its row is the lock that keeps numbers unique."""

    term = models.OneToOneField(Term, verbose_name=_("学期"), on_delete=models.CASCADE, related_name="counter")
    last = models.PositiveIntegerField(_("最后编号"), default=0)

    class Meta:
        verbose_name = _("申报编号计数")
        verbose_name_plural = _("申报编号计数")

    def __str__(self):
        return f"{self.term.code}: {self.last}"
