"""Forms of the publisher's pages and the public objection form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.applications.models import Term
from whitelist_portal.text_input import PlainTextFormMixin

from .models import Objection, WhitelistItem


class AssembleForm(PlainTextFormMixin, forms.Form):
    term = forms.ModelChoiceField(Term.objects.all(), label=_("学期"), empty_label=None)


class NoticeForm(PlainTextFormMixin, forms.Form):
    days = forms.IntegerField(label=_("公示天数"), min_value=1, max_value=30, initial=7)


class ItemWordingForm(PlainTextFormMixin, forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = WhitelistItem
        fields = ["name", "lead_units", "time_text", "frequency_text", "scope_text", "content", "form_text",
                  "basis_text", "notes"]
        widgets = {"content": forms.Textarea(attrs={"rows": 5})}


class ItemStatusForm(PlainTextFormMixin, forms.Form):
    ACTIONS = [("suspended", _("暂停")), ("revoked", _("撤销")), ("in_force", _("恢复"))]

    to_status = forms.ChoiceField(label=_("操作"), choices=ACTIONS, widget=forms.RadioSelect)
    on = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        if item is not None:
            allowed = {"in_force": ["suspended", "revoked"], "suspended": ["in_force", "revoked"]}.get(item.status, [])
            self.fields["to_status"].choices = [c for c in self.ACTIONS if c[0] in allowed]


class SupplementForm(PlainTextFormMixin, forms.Form):
    applications = forms.ModelMultipleChoiceField(queryset=None, label=_("本学期已通过、尚未列入的申报"),
                                                  widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("增补说明"), max_length=300, required=False)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = queryset
        self.fields["applications"].label_from_instance = (
            lambda a: f"{a.title}（{a.department.display_name}{_('，临时申报') if a.is_adhoc else ''}）"
        )


class ObjectionForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["item", "content", "name", "contact"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}
        labels = {"name": _("姓名（可不填）"), "contact": _("联系方式（可不填）")}

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = edition.items.order_by("item_type", "number")
        self.fields["item"].required = False
        self.fields["item"].empty_label = _("整份白名单")
        self.fields["item"].label = _("针对事项")
