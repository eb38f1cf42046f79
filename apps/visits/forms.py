"""Forms: recording a visit, the school's answers at the gate, its rating, the permit check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from apps.applications.models import Participant
from whitelist_portal.text_input import PlainTextFormMixin

from .models import Decision

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
SCORES = [(n, str(n)) for n in range(1, 6)]


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return f"{item.name}（{item.edition.period_display}）"


class VisitForm(PlainTextFormMixin, forms.Form):
    item = ItemChoiceField(label=_("白名单事项"), queryset=None, empty_label=_("请选择"))
    school = forms.ModelChoiceField(label=_("学校"), queryset=None, empty_label=_("请选择"))
    date = forms.DateField(label=_("进校日期"), widget=DATE)
    start_time = forms.TimeField(label=_("开始时间"), widget=TIME)
    participants = forms.MultipleChoiceField(label=_("参与对象"), choices=Participant.choices,
                                             widget=forms.CheckboxSelectMultiple)
    participant_count = forms.IntegerField(label=_("参与人数"), min_value=1, max_value=100000)
    duration_minutes = forms.IntegerField(label=_("时长（分钟）"), min_value=1, max_value=600)
    person_in_charge = forms.CharField(label=_("带队负责人"), max_length=50)
    person_phone = forms.CharField(label=_("负责人电话"), max_length=30, required=False)
    acknowledge = forms.BooleanField(label=_("已知超出批准频次或限额，仍须登记"), required=False)
    justification = forms.CharField(label=_("超出理由"), max_length=1000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, region_id, show_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["school"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.SCHOOL, is_active=True, region_id=region_id).order_by("name")
        if not show_override:
            self.fields["acknowledge"].widget = forms.HiddenInput()
            self.fields["justification"].widget = forms.HiddenInput()


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmForm(PlainTextFormMixin, VersionForm):
    note = forms.CharField(label=_("说明（可不填）"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(PlainTextFormMixin, VersionForm):
    reason = forms.CharField(label=_("原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ProblemForm(PlainTextFormMixin, forms.Form):
    description = forms.CharField(label=_("发现的问题"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("如：要求学生扫码答题、超出批准的形式或人数。将作为举报转举报受理员办理。"))


class RatingForm(PlainTextFormMixin, forms.Form):
    burden = forms.TypedChoiceField(label=_("负担程度（1 = 几乎没有负担，5 = 负担很重）"), choices=SCORES, coerce=int,
                                    widget=forms.RadioSelect)
    usefulness = forms.TypedChoiceField(label=_("实际效果（1 = 没有帮助，5 = 很有帮助）"), choices=SCORES, coerce=int,
                                        widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class CheckForm(forms.Form):
    code = forms.CharField(label=_("凭证编码"), max_length=30,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "inputmode": "text", "placeholder": "XXXX-XXXX-XXXX"}))
    school = forms.ModelChoiceField(label=_("本校"), queryset=Organisation.objects.filter(
        kind=Organisation.Kind.SCHOOL, is_active=True).order_by("name"), required=False,
        empty_label=_("（不选则只核对日期和事项状态）"))


class DecisionForm(PlainTextFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("评估结论"), choices=Decision.Kind.choices)
    reason = forms.CharField(label=_("理由"), max_length=1000)
