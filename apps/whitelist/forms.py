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
    # A date input reads and shows ISO dates only; any other format leaves it empty.
    on = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
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
    reason = forms.CharField(label=_("增补原因"), max_length=300,
                             help_text=_("将在公开的变更记录中显示，如：临时申报，经相关科室审核通过。"),
                             error_messages={"required": _("请写明增补原因，该原因将在公开的变更记录中显示。")})

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


class NoticePolicyForm(forms.Form):
    notice_required = forms.BooleanField(label=_("发布前须公示"), required=False)
    notice_min_days = forms.IntegerField(label=_("最短公示天数"), min_value=1, max_value=30)


class DocumentForm(PlainTextFormMixin, forms.Form):
    issuing_body = forms.CharField(label=_("发文机关"), max_length=100, required=False)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    document_date = forms.DateField(label=_("成文日期"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ObjectionAnswerForm(PlainTextFormMixin, forms.Form):
    RESULTS = [("accepted", _("采纳")), ("rejected", _("不予采纳"))]

    result = forms.ChoiceField(label=_("答复结果"), choices=RESULTS, widget=forms.RadioSelect)
    answer = forms.CharField(label=_("答复"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("采纳时写明作了哪些修改；不予采纳时写明理由。答复将在公示稿页面公开（不含异议人信息）。"))


class ObjectionLookupForm(forms.Form):
    code = forms.CharField(label=_("异议查询码"), max_length=40)


class LookupForm(PlainTextFormMixin, forms.Form):
    """The public lookup: is what arrives at a school's gate on a list in force there on that day?"""

    q = forms.CharField(label=_("事项名称、内容或单位"), max_length=100, required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("如：防溺水、县消防救援大队")}))
    region = forms.ModelChoiceField(label=_("学校所在地区"), queryset=None, required=False,
                                    empty_label=_("全部地区"))
    day = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"},
                                                                                 format="%Y-%m-%d"),
                          help_text=_("活动进校园的日期，默认今天。"))

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
