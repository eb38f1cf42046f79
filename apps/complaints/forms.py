"""Forms: the staff intake (draft-able), the public online report, the verdict and the workflow steps."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from whitelist_portal.text_input import PlainTextFormMixin

from . import challenge
from .attachments import ACCEPT
from .models import BurdenCategory, Channel, Complaint, Finding, Verdict

FACT_WIDGETS = {
    "description": forms.Textarea(attrs={"rows": 5}),
    "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _schools():
    return Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, is_active=True).order_by("name")


def _departments():
    return Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, is_active=True).order_by("name")


class FactsForm(PlainTextFormMixin, forms.ModelForm):
    """The facts of a report, shared by the staff and the public form."""

    schools = forms.ModelMultipleChoiceField(label=_("涉及学校"), queryset=Organisation.objects.none(), required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 6}),
                                             help_text=_("可多选；列表中没有的学校请填在下一栏。"))

    class Meta:
        model = Complaint
        fields = ["schools", "school_text", "department", "department_text", "category", "activity_text",
                  "occurred_on", "description"]
        widgets = FACT_WIDGETS
        labels = {"school_text": _("学校名称（列表中没有时填写）"),
                  "department_text": _("涉及单位（列表中没有时填写）"),
                  "activity_text": _("反映的活动或事项"), "occurred_on": _("发生日期")}
        help_texts = {"activity_text": _("如：某某知识网络答题、某某APP注册打卡"),
                      "department": _("组织或要求开展该活动的部门、单位")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = _schools()
        self.fields["department"].queryset = _departments()
        self.fields["department"].empty_label = _("（不清楚或不在列表中）")
        if self.instance.pk:
            self.initial.setdefault("schools", list(self.instance.schools.all()))

    def facts(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        data["schools"] = list(data.get("schools") or [])
        return data


class IntakeForm(FactsForm):
    """The staff's one form for every channel; a draft keeps whatever a caller has said so far."""

    evidence = MultipleFileField(label=_("证据材料（可不传）"), required=False,
                                 widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                                 help_text=_("来信扫描件、邮件截图、照片等，登记时一并保存；"
                                             "PDF、Word 或图片，最多 5 个。"))

    class Meta(FactsForm.Meta):
        fields = ["channel", "received_at", *FactsForm.Meta.fields, "reporter_name", "reporter_contact"]
        labels = {**FactsForm.Meta.labels, "reporter_name": _("举报人姓名（可不填）"),
                  "reporter_contact": _("联系电话或邮箱（可不填）")}
        help_texts = {**FactsForm.Meta.help_texts, "reporter_name": _("可匿名；鼓励实名，信息仅举报受理人员可见。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.ONLINE]
        self.fields["received_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.instance.pk:
            self.initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
            self.initial.setdefault("channel", Channel.PHONE)
        for name in ("category", "description"):
            self.fields[name].required = False  # a draft may lack them; registering asks the service
        self.fields["category"].initial = BurdenCategory.SOCIAL_AFFAIRS


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("证据材料"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=_("PDF、Word 或图片，单个文件不超过 20 MB。"))


class OnlineReportForm(FactsForm):
    """The public's report: the same facts, optional name and contact, evidence, consent, and two bot checks."""

    reporter_name = forms.CharField(label=_("您的姓名（可不填）"), max_length=50, required=False)
    reporter_contact = forms.CharField(label=_("联系电话或邮箱（可不填）"), max_length=100, required=False,
                                       help_text=_("留下联系方式，便于我们向您核实情况、反馈结果。"))
    evidence = MultipleFileField(label=_("证据材料（可不传）"), required=False,
                                 widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                                 help_text=_("截图、照片、通知文件等，PDF、Word 或图片，最多 5 个，单个不超过 20 MB。"))
    consent = forms.BooleanField(label=_(
        "我已阅读并同意：所填信息仅用于核查处理本次举报，举报人信息严格保密，仅举报受理人员可见。"))
    answer = forms.CharField(label=_("验证问题"), max_length=4, required=False, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}))
    token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(label=_("网址（请勿填写）"), required=False, widget=forms.TextInput(
        attrs={"tabindex": "-1", "autocomplete": "off"}))  # honeypot: people never see it

    class Meta(FactsForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        # The answer is checked against the posted token; the page shown again carries a fresh question.
        self.posted_token = self.data.get("token", "") if self.is_bound else ""
        self.submitted_answer = self.data.get("answer", "") if self.is_bound else ""
        self.question, token = challenge.new_challenge()
        self.initial["token"] = token
        if self.is_bound:
            self.data = self.data.copy()
            self.data["token"] = token
            self.data["answer"] = ""

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website"):
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重试。"), code="bot")
        if not challenge.verify(self.posted_token, self.submitted_answer):
            self.add_error("answer", _("验证问题的答案不正确，请重新计算。"))
        return cleaned


class LookupForm(PlainTextFormMixin, forms.Form):
    code = forms.CharField(label=_("回执码"), max_length=20, widget=forms.TextInput(
        attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
               "placeholder": "XXXX-XXXX-XXXX"}))


class VersionForm(PlainTextFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class VerdictForm(VersionForm):
    verdict = forms.ChoiceField(label=_("核对结果"), choices=Verdict.choices, widget=forms.RadioSelect)
    item = forms.TypedChoiceField(label=_("对应白名单事项"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(label=_("核对说明"), max_length=500, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("（不适用）"))] + [
            (item.pk, f"{item.edition.region.name} · {item.get_item_type_display()} {item.number_text or item.number}. "
                      f"{item.name}") for item in items]


class DeclineForm(VersionForm):
    reason = forms.CharField(label=_("不予受理理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class NoteForm(VersionForm):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class CloseForm(NoteForm):
    override_reason = forms.CharField(label=_("整改未销号时先行办结的理由"), max_length=1000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(VersionForm):
    finding = forms.ChoiceField(label=_("核查结论"), choices=Finding.choices)
    handling_note = forms.CharField(label=_("办理情况（内部记录）"), widget=forms.Textarea(attrs={"rows": 3}),
                                    max_length=5000, required=False)
    reply = forms.CharField(label=_("答复举报人（凭回执码可查看）"), widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=5000)
    override_reason = forms.CharField(label=_("整改未销号时先行答复的理由"), max_length=1000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(VersionForm):
    case = forms.IntegerField(label=_("并案至举报（编号末尾数字）"), required=False, min_value=1)
