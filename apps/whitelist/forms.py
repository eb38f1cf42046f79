"""Forms of the publisher's pages and the public objection form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from whitelist_portal.text_input import PlainTextFormMixin

from .import_forms import PeriodForm
from .models import LIST_COLUMNS, Objection, PeriodKind, WhitelistItem


class AssembleForm(PeriodForm):
    """The period a list is drafted for, and its title (generated when left empty)."""

    title = forms.CharField(label=_("标题"), max_length=200, required=False,
                            help_text=_("留空则按“地区＋期间＋中小学社会事务进校园白名单”生成，之后可修改。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_kind"].initial = PeriodKind.TERM
        self.fields["term"].empty_label = None


class TitleForm(PlainTextFormMixin, forms.Form):
    title = forms.CharField(label=_("白名单标题"), max_length=200)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ColumnsForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("公布的列"), choices=LIST_COLUMNS, widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
        help_text=_("公开页面、CSV 与 Excel 文件按此显示；全部事项都为空的列自动省略。“序号”“事项名称”始终显示。"))


class NoticeForm(PlainTextFormMixin, forms.Form):
    days = forms.IntegerField(label=_("公示天数"), min_value=1, max_value=30, initial=7)


class ItemWordingForm(PlainTextFormMixin, forms.ModelForm):
    """The public wording of an item; on a published list each change is a correction with a stated reason."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("更正原因"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("白名单已发布：更正将作为新版本记入公开的变更记录。"))

    class Meta:
        model = WhitelistItem
        fields = ["name", "lead_units", "time_text", "frequency_text", "place_text", "scope_text", "content",
                  "form_text", "basis_text", "validity_text", "notes"]
        widgets = {"content": forms.Textarea(attrs={"rows": 5}), "basis_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.edition.status != "published":
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("更正已发布的白名单须说明更正原因。")


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
