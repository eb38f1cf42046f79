"""The form of the list import: the period the list was published for, its title, publish or draft, and the file."""

import base64
import binascii

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.applications.models import Term
from whitelist_portal.text_input import PlainTextFormMixin

from . import periods
from .list_import import MAX_BYTES
from .models import PeriodKind


class PeriodForm(PlainTextFormMixin, forms.Form):
    """A 学期, 学年, 年度 or dated range; ``cleaned_data["period"]`` is the Period."""

    period_kind = forms.ChoiceField(label=_("期间类型"), choices=PeriodKind.choices, initial=PeriodKind.YEAR,
                                    widget=forms.RadioSelect(attrs={"class": "choice-list"}))
    term = forms.ModelChoiceField(Term.objects.all(), label=_("学期"), required=False, empty_label=_("请选择"),
                                  help_text=_("按学期发布时选择。"))
    year = forms.IntegerField(label=_("年份"), required=False, min_value=2000, max_value=2100,
                              help_text=_("年度填该年，如 2025；学年填起始年，如 2025 即 2025—2026学年。"))
    starts_on = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_label = forms.CharField(label=_("期间名称"), max_length=60, required=False,
                                   help_text=_("按时段发布时可填，如“2025年下半年”；不填按起止日期生成。"))

    def clean(self):
        data = super().clean()
        kind = data.get("period_kind")
        if kind == PeriodKind.TERM:
            if not data.get("term"):
                self.add_error("term", _("请选择学期。"))
            else:
                data["period"] = periods.term_period(data["term"])
        elif kind in (PeriodKind.SCHOOL_YEAR, PeriodKind.YEAR):
            if not data.get("year"):
                if "year" not in self.errors:
                    self.add_error("year", _("请填写年份。"))
            else:
                make = periods.school_year_period if kind == PeriodKind.SCHOOL_YEAR else periods.year_period
                data["period"] = make(data["year"])
        elif kind == PeriodKind.RANGE:
            for name in ("starts_on", "ends_on"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("请填写日期。"))
            if data.get("starts_on") and data.get("ends_on"):
                try:
                    data["period"] = periods.range_period(data["starts_on"], data["ends_on"],
                                                          data.get("period_label", ""))
                except ValidationError as exc:
                    self.add_error("ends_on", exc)
        return data


class ListImportForm(PeriodForm):
    title = forms.CharField(label=_("白名单标题"), max_length=200, required=False,
                            help_text=_("不填时用文件中的标题行；文件没有标题时按行政区划和期间生成。"))
    publish = forms.TypedChoiceField(
        label=_("导入后"), choices=[("1", _("直接发布（第 1 版）")), ("0", _("保存为草稿，检查后再发布"))],
        initial="1", coerce=lambda v: v == "1", widget=forms.RadioSelect(attrs={"class": "choice-list"}))
    file = forms.FileField(label=_("清单文件（.xlsx 或 .csv）"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
                           help_text=_("表头可按原表，如：序号、活动（事项）名称、牵头单位、开展时间、开展地点、实施范围、"
                                       "开展频次、活动主要内容、开展形式、开展依据、有效期、备注；顺序不限，可只有部分列。"))
    # After the dry run the file travels back with the confirmation, so what is imported is what was checked.
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                self.add_error("file", _("文件超过 %(mb)d MB，无法导入。") % {"mb": MAX_BYTES // (1024 * 1024)})
                return data
            data["bytes"], data["filename"] = upload.read(), upload.name
        elif data.get("content"):
            try:
                data["bytes"] = base64.b64decode(data["content"], validate=True)
            except (binascii.Error, ValueError):
                self.add_error("file", _("文件内容已损坏，请重新选择文件。"))
        else:
            self.add_error("file", _("请选择要导入的清单文件。"))
        return data

    def carried_content(self) -> str:
        return base64.b64encode(self.cleaned_data["bytes"]).decode("ascii")
