"""The 进校园活动申报表 as a form in sections, the attachment upload and the Excel import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from whitelist_portal.text_input import PlainTextFormMixin

from . import windows
from .attachments import ACCEPT
from .models import PROHIBITED_DEMANDS, Application, Attachment, Participant, Term
from .sections import SECTIONS
from .services import EDITABLE_FIELDS, field_errors
from .terms import term_for_date

TARGET_STAGES = [("primary", _("小学")), ("junior", _("初中")), ("senior", _("高中")), ("vocational", _("中职"))]
YES_NO = [("1", _("是")), ("0", _("否"))]



def selectable_terms():
    """The current term and the two after it."""
    key = term_for_date(windows.today())
    keys = [key, key.next(), key.next().next()]
    return Term.objects.filter(pk__in=[Term.for_key(k).pk for k in keys]).order_by("start_year", "semester")


def _yes_no(label):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "1", empty_value=None,
                                  widget=forms.RadioSelect(attrs={"class": "choice-list"}),
                                  error_messages={"required": _("请回答此项（是 / 否）。")})


class ApplicationForm(PlainTextFormMixin, forms.ModelForm):
    target_stages = forms.MultipleChoiceField(label=_("面向学段"), choices=TARGET_STAGES, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    participants = forms.MultipleChoiceField(label=_("参与对象"), choices=Participant.choices,
                                             widget=forms.CheckboxSelectMultiple,
                                             error_messages={"required": _("请至少选择一类参与对象。")})

    class Meta:
        model = Application
        fields = [f for f in EDITABLE_FIELDS] + ["schools", "lead_organisations"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 5}),
            "basis_text": forms.Textarea(attrs={"rows": 3}),
            "lead_organisations": forms.SelectMultiple(attrs={"size": 6}),
            "urgency_reason": forms.Textarea(attrs={"rows": 3}),
            "planned_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "planned_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "schools": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "basis_text": _("如：《中小学幼儿园安全管理办法》（教育部令第23号）。有多份文件的，每行写一份；"
                            "没有文号的照实填写，审核人会看到提示。"),
            "lead_organisations": _("牵头单位中已在平台注册的其他单位（可多选），用于统计；"
                                    "公开表述以上方“牵头单位”为准。"),
            "is_adhoc": _("申报窗口之外只能提交临时申报，并须说明紧急事由。"),
            "schools": _("未勾选“面向全部学校”时选择；可按住 Ctrl 多选。"),
            "already_in_teaching": _("已纳入教材和日常教学的内容原则上不再单独安排。"),
        }

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PROHIBITED_DEMANDS:
            self.fields[name] = _yes_no(label)
            if self.instance.pk and getattr(self.instance, name) is not None:
                self.initial[name] = "1" if getattr(self.instance, name) else "0"
        self.fields["term"].queryset = selectable_terms()
        self.fields["term"].empty_label = None
        self.fields["schools"].queryset = Organisation.objects.filter(kind="school", is_active=True)
        self.fields["schools"].required = False
        units = Organisation.objects.filter(kind__in=("department", "bureau"), is_active=True)
        if region is None and self.instance.department_id:
            region = self.instance.department.region
        if region is not None:  # units of the department's county and of the levels above it
            units = units.filter(region__in=[r.pk for r in region.lineage()])
        self.fields["lead_organisations"].queryset = units.order_by("kind", "name")
        self.fields["lead_organisations"].required = False
        for name in ("title", "content", "contact_name", "contact_phone", "category", "subcategory"):
            self.fields[name].error_messages["required"] = _("此项必填。")
        for field in self.fields.values():  # the empty choice of a select reads as a prompt, not as dashes
            if isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", _("请选择")), *field.choices[1:]]
        self.fields["admission_ground"].required = True
        self.fields["admission_ground"].error_messages["required"] = _("请选择准入依据类型。")

    def sections(self):
        """(key, heading, bound fields) per section, in the form's order."""
        return [(key, heading, [self[name] for name in names]) for key, heading, names in SECTIONS]

    def clean(self):
        cleaned = super().clean()
        values = {k: v for k, v in cleaned.items() if k in EDITABLE_FIELDS}
        for name, message in field_errors(Application(**values), cleaned.get("schools")).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in EDITABLE_FIELDS}
        data["schools"] = list(self.cleaned_data.get("schools") or [])
        data["lead_organisations"] = list(self.cleaned_data.get("lead_organisations") or [])
        return data

    def _post_clean(self):
        # The services validate the model; the form's own checks above give the messages beside fields.
        pass


class AttachmentForm(PlainTextFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、Word（.doc/.docx）或图片，单个不超过 20 MB。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           error_messages={"required": _("请选择要上传的文件。")})


class ImportForm(PlainTextFormMixin, forms.Form):
    file = forms.FileField(label=_("申报表（.xlsx）"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": _("请选择要导入的 Excel 文件。")})
    department = forms.ModelChoiceField(label=_("代为申报的单位"), required=False,
                                        queryset=Organisation.objects.filter(kind="department", is_active=True),
                                        empty_label=_("请选择"))

    def __init__(self, *args, on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_behalf:
            del self.fields["department"]
        else:
            self.fields["department"].required = True
