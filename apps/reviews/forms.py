"""Thin forms for the decision page and the queue's centralised review."""

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from apps.applications import sections as form_sections
from whitelist_portal.text_input import PlainTextFormMixin

from .models import ReviewDecision

DECISION_CHOICES = [
    (ReviewDecision.Kind.APPROVE, _("审核通过")),
    (ReviewDecision.Kind.RETURN, pgettext_lazy("review decision", "退回修改")),
    (ReviewDecision.Kind.REJECT, _("不予通过")),
]


class DecisionForm(PlainTextFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核决定"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    opinion = forms.CharField(
        label=_("审核意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("退回修改、不予通过时必填；会通知申报单位。"),
    )
    sections = forms.MultipleChoiceField(
        label=_("意见涉及的部分"), required=False, choices=form_sections.CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
        help_text=_("退回修改时可勾选，申报单位打开申报表即看到需要修改的部分。"),
    )
    justification = forms.CharField(
        label=_("超出预审警示的理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("预审有警示事项时，审核通过须写明理由，理由将记入审计记录。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        decision, opinion = data.get("decision"), (data.get("opinion") or "").strip()
        if decision in (ReviewDecision.Kind.RETURN, ReviewDecision.Kind.REJECT) and not opinion:
            self.add_error("opinion", gettext("退回修改或不予通过时，须填写审核意见。"))
        return data


def _pairs(values) -> list[tuple[int, int]]:
    """Checkbox values are "pk:version" so that each selected row carries the version the reviewer saw."""
    pairs = []
    for value in values:
        pk, _, version = str(value).partition(":")
        if not (pk.isdigit() and version.isdigit()):
            raise forms.ValidationError(gettext("所选申报无效，请刷新页面后重试。"))
        pairs.append((int(pk), int(version)))
    return pairs


class BatchApproveForm(PlainTextFormMixin, forms.Form):
    selected = forms.MultipleChoiceField(label=_("选择申报"), required=True, error_messages={
        "required": _("请至少勾选一件申报。")})
    opinion = forms.CharField(label=_("统一审核意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("集中认定须填写统一的审核意见。")})
    justification = forms.CharField(label=_("超出预审警示的理由"), required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("所选申报中有预审警示的，须填写理由方可通过。"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = choices

    def clean_selected(self):
        return _pairs(self.cleaned_data["selected"])


class MergeForm(PlainTextFormMixin, forms.Form):
    others = forms.MultipleChoiceField(label=_("并入本件的申报"),
                                       error_messages={"required": _("请至少勾选一件要并入的申报。")})
    opinion = forms.CharField(label=_("合并意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("合并须填写审核意见，说明合并理由。")})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].choices = choices

    def clean_others(self):
        return _pairs(self.cleaned_data["others"])
