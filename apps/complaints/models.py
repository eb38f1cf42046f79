"""Reports to the complaint line (举报), their evidence files, and the whitelist verdict on each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from whitelist_portal.stored_files import StoredFile


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    EMAIL = "email", _("邮箱")
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    ONLINE = "online", _("网上")


class BurdenCategory(models.TextChoices):
    """The burden a report is about (SPEC §4)."""

    SOCIAL_AFFAIRS = "social_affairs", _("社会事务进校园")
    INSPECTION = "inspection", _("督查检查评比考核")
    FORMS = "forms", _("报表填写")
    SECONDMENT = "secondment", _("抽调借用教师")
    APP_CHECKIN = "app_checkin", _("APP/公众号/打卡")
    MEETINGS = "meetings", _("会议培训")
    DUTY = "duty", _("值班值守")
    OTHER = "other", _("其他")


class Verdict(models.TextChoices):
    """The officer's finding on the whitelist: on the list (within or beyond its approval), not on it, or no matter."""

    ON_LIST_WITHIN = "on_list_within", _("白名单内事项，按批准的时间、范围、频次开展")
    ON_LIST_BEYOND = "on_list_beyond", _("白名单内事项，但超出批准的时间、范围或频次")
    NOT_ON_LIST = "not_on_list", _("未列入白名单")
    NOT_SOCIAL_AFFAIR = "not_social_affair", _("不属于社会事务进校园事项")

    @classmethod
    def needs_item(cls, value: str) -> bool:
        return value in (cls.ON_LIST_WITHIN, cls.ON_LIST_BEYOND)


class Finding(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("属实")
    PARTLY = "partly", _("部分属实")
    UNFOUNDED = "unfounded", _("查无实据")


class Complaint(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        RECEIVED = "received", _("已登记")
        ACCEPTED = "accepted", _("已受理")
        NOT_ACCEPTED = "not_accepted", _("不予受理")
        HANDLING = "handling", _("办理中")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已办结")

    OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.HANDLING)

    receipt_hash = models.CharField(_("回执码摘要"), max_length=64, unique=True, null=True, blank=True,
                                    editable=False)  # the code itself is never stored
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, db_index=True)
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    region = models.ForeignKey("accounts.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="+")
    schools = models.ManyToManyField("accounts.Organisation", verbose_name=_("涉及学校"), blank=True,
                                     related_name="+", limit_choices_to={"kind": "school"})
    school_text = models.CharField(_("涉及学校（未登记的）"), max_length=200, blank=True)
    department = models.ForeignKey("accounts.Organisation", verbose_name=_("涉及单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    department_text = models.CharField(_("涉及单位（未登记的）"), max_length=200, blank=True)
    category = models.CharField(_("类别"), max_length=20, choices=BurdenCategory.choices,
                                default=BurdenCategory.SOCIAL_AFFAIRS, db_index=True)
    activity_text = models.CharField(_("反映的活动或事项"), max_length=300, blank=True)
    occurred_on = models.DateField(_("发生日期"), null=True, blank=True)
    description = models.TextField(_("反映内容"), max_length=5000, blank=True)
    reporter_name = models.CharField(_("举报人姓名"), max_length=50, blank=True)
    reporter_contact = models.CharField(_("举报人联系方式"), max_length=100, blank=True)
    contact_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    status = models.CharField(_("状态"), max_length=14, choices=Status.choices, default=Status.DRAFT, db_index=True)
    reply_due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    verdict = models.CharField(_("白名单核对结果"), max_length=20, choices=Verdict.choices, blank=True)
    matched_item = models.ForeignKey("whitelist.WhitelistItem", verbose_name=_("对应白名单事项"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="complaints")
    verdict_note = models.CharField(_("核对说明"), max_length=500, blank=True)
    not_accepted_reason = models.TextField(_("不予受理理由"), max_length=2000, blank=True)
    handling_note = models.TextField(_("办理情况"), max_length=5000, blank=True)
    finding = models.CharField(_("核查结论"), max_length=14, choices=Finding.choices, blank=True)
    public_reply = models.TextField(_("答复举报人"), max_length=5000, blank=True)
    case = models.ForeignKey("self", verbose_name=_("并案至"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="linked")
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="not_accepted") | ~Q(not_accepted_reason=""),
                                   name="complaint_not_accepted_has_reason"),
            models.CheckConstraint(condition=Q(status="draft") | Q(receipt_hash__isnull=False),
                                   name="complaint_registered_has_receipt"),
        ]

    def __str__(self):
        return f"{_('举报')} {self.number}"

    @property
    def number(self) -> str:
        """The staff's file number: year of receipt and the row id (not the receipt code, which stays secret)."""
        year = self.received_at.year if self.received_at else ""
        return f"JB{year}-{self.pk or 0:05d}"

    @property
    def is_anonymous(self) -> bool:
        return not (self.reporter_name or self.reporter_contact)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def department_label(self) -> str:
        return self.department.name if self.department_id else self.department_text


def evidence_path(instance, filename):
    # The stored name never reuses the uploader's file name; the original is kept in a field.
    return f"complaints/{instance.complaint_id}/{instance.sha256[:16]}{instance.extension}"


class Evidence(StoredFile):
    complaint = models.ForeignKey(Complaint, verbose_name=_("举报"), on_delete=models.CASCADE,
                                  related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta(StoredFile.Meta):
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
