"""Excel import of 申报表 rows: a template with Chinese headings, every row validated like the form,
all rows become drafts or none does."""

import datetime as dt
import io
from dataclasses import dataclass, field
from itertools import islice

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from apps.accounts.models import Organisation
from apps.accounts.permissions import can, require
from whitelist_portal.spreadsheet import put_text

from . import services
from .attachments import check_zip_bounds
from .forms import TARGET_STAGES, ApplicationForm, selectable_terms
from .models import (
    PROHIBITED_DEMANDS,
    ActivityForm,
    AdmissionGround,
    Category,
    FrequencyPeriod,
    ItemType,
    Participant,
    Subcategory,
)

MAX_ROWS = 500
MAX_IMPORT_BYTES = 5 * 1024 * 1024
FIRST_DATA_ROW = 2

# (heading, form field, how to read the cell): choices are given by their Chinese labels.
COLUMNS = [
    ("学期", "term", "term"),
    ("事项类型", "item_type", ItemType),
    ("事项名称", "title", "text"),
    ("类别", "category", Category),
    ("子类别", "subcategory", Subcategory),
    ("准入依据类型", "admission_ground", AdmissionGround),
    ("开展依据（文件名称及文号）", "basis_text", "text"),
    ("牵头单位", "lead_units_text", "text"),
    ("开展时间", "time_text", "text"),
    ("开展频次", "frequency_text", "text"),
    ("开展地点", "place_text", "text"),
    ("实施范围", "scope_text", "text"),
    ("开展形式", "form_text", "text"),
    ("主要内容", "content", "text"),
    ("备注", "notes", "text"),
    ("形式分类", "form", ActivityForm),
    ("面向学段", "target_stages", TARGET_STAGES),
    ("参与对象", "participants", Participant),
    ("涉及学校（全部学校填“全部”）", "schools", "schools"),
    ("计划开始日期", "planned_start", "date"),
    ("计划结束日期", "planned_end", "date"),
    ("计划次数", "times_planned", "text"),
    ("频次计算周期", "frequency_period", FrequencyPeriod),
    ("每次时长（分钟）", "duration_minutes", "text"),
    *[(str(label), name, "yesno") for name, label in PROHIBITED_DEMANDS],
    ("是否需要教师参与", "teachers_required", "yesno"),
    ("内容是否已纳入日常教学", "already_in_teaching", "yesno"),
    ("经费预算（元）", "budget", "text"),
    ("联系人", "contact_name", "text"),
    ("联系电话", "contact_phone", "text"),
    ("是否临时申报", "is_adhoc", "yesno"),
    ("紧急事由", "urgency_reason", "text"),
]
HEADINGS = [heading for heading, _f, _k in COLUMNS]
COLUMN_OF = {name: get_column_letter(i + 1) for i, (_h, name, _k) in enumerate(COLUMNS)}
CHECKBOXES = ("all_schools", "teachers_required", "already_in_teaching", "is_adhoc")
MULTI_SEPARATORS = ("、", "，", ",", "；", ";")


@dataclass
class RowError:
    row: int
    cell: str
    heading: str
    message: str


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


def _choices(kind) -> list[tuple[str, str]]:
    return [(v, str(label)) for v, label in (kind.choices if hasattr(kind, "choices") else kind)]


def _split(text: str) -> list[str]:
    for sep in MULTI_SEPARATORS[1:]:
        text = text.replace(sep, MULTI_SEPARATORS[0])
    return [part.strip() for part in text.split(MULTI_SEPARATORS[0]) if part.strip()]


class CellError(Exception):
    pass


def _cell_value(raw, name, kind, terms, schools):
    """One cell as the form would receive it from a browser; prose as written (a date cell as 2025年4月5日)."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return f"{raw.year}年{raw.month}月{raw.day}日" if kind == "text" else raw.isoformat()
    text = "" if raw is None else str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not text:
        return [] if name in ("target_stages", "participants", "schools") else ""
    if kind == "text":
        return text
    if kind == "date":
        return text.replace("/", "-").replace(".", "-")
    if kind == "yesno":
        if text in ("是", "Y", "y", "1"):
            return "1"
        if text in ("否", "N", "n", "0"):
            return "0"
        raise CellError(_("请填写“是”或“否”。"))
    if kind == "term":
        for term in terms:
            if text in (term.code, str(term)):
                return str(term.pk)
        raise CellError(_("学期“%(t)s”不可选，可填：%(ok)s。") % {"t": text, "ok": "、".join(t.code for t in terms)})
    if kind == "schools":
        if text == "全部":
            return []
        names = _split(text)
        unknown = [n for n in names if n not in schools]
        if unknown:
            raise CellError(_("未找到学校：%s。") % "、".join(unknown))
        return [str(schools[n]) for n in names]
    by_label = {label: value for value, label in _choices(kind)}
    if name in ("target_stages", "participants"):
        parts = _split(text)
        unknown = [p for p in parts if p not in by_label]
        if unknown:
            raise CellError(_not_a_choice("、".join(unknown), by_label))
        return [by_label[p] for p in parts]
    if text not in by_label:
        raise CellError(_not_a_choice(text, by_label))
    return by_label[text]


def _not_a_choice(value, by_label) -> str:
    return _("“%(v)s”不是可选项，可填：%(ok)s。") % {"v": value, "ok": "、".join(by_label)}


def _row_form_data(values, row_number, terms, schools, errors) -> tuple[dict, set]:
    """The row as form data, and the fields whose cells could not be read (their errors are already listed)."""
    data, bad = {}, set()
    for (heading, name, kind), raw in zip(COLUMNS, values, strict=False):
        try:
            data[name] = _cell_value(raw, name, kind, terms, schools)
        except CellError as exc:
            errors.append(RowError(row_number, f"{COLUMN_OF[name]}{row_number}", heading, str(exc)))
            bad.add(name)
    if "schools" in data:
        data["all_schools"] = "on" if not data["schools"] else ""
    return data, bad


def _as_querydict(data: dict):
    from django.http import QueryDict

    qd = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            qd.setlist(key, value)
        elif key in CHECKBOXES:
            if value in ("1", "on"):
                qd[key] = "on"
        else:
            qd[key] = value
    return qd


def _cell_values(sheet, formulas: list):
    """The sheet's rows as values; formula cells (refused: a formula is not what a person typed) go to ``formulas``."""
    for row in sheet.iter_rows():
        formulas.extend((c.row, c.column, c.coordinate) for c in row if c.data_type == "f")
        yield tuple(c.value for c in row)


def _formula_errors(formulas) -> list[RowError]:
    return [RowError(r, coordinate, HEADINGS[column - 1] if column <= len(HEADINGS) else "",
                     _("不能导入公式，请直接填写文字或数值。")) for r, column, coordinate in formulas if r > 1]


def parse_workbook(content) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Read the sheet and validate every row like the form; returns (row number, service data) and errors."""
    check_zip_bounds(content, _("申报表"))  # an .xlsx is a zip: its declared sizes are read before inflating it
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("无法读取该文件，请使用本页提供的 .xlsx 模板。")) from exc
    formulas = []
    reader = _cell_values(sheet, formulas)
    # Reading stops at the cap (blank rows between entries allowed): a huge sheet costs no more than a full one.
    rows = list(islice(reader, 2 * MAX_ROWS + 1))
    if next(reader, None) is not None:
        raise ValidationError(_("一次最多导入 %d 行。") % MAX_ROWS)
    if not rows or [str(c or "").strip() for c in rows[0][: len(HEADINGS)]] != HEADINGS:
        raise ValidationError(_("表头与模板不一致，请下载模板后按模板列顺序填写。"))
    terms = list(selectable_terms())
    schools = dict(Organisation.objects.filter(kind="school", is_active=True).values_list("name", "pk"))
    good, errors = [], _formula_errors(formulas)
    data_rows = [(i, r) for i, r in enumerate(rows[1:], start=FIRST_DATA_ROW) if any(c not in (None, "") for c in r)]
    if not data_rows:
        raise ValidationError(_("表中没有可导入的数据行。"))
    if len(data_rows) > MAX_ROWS:
        raise ValidationError(_("一次最多导入 %d 行。") % MAX_ROWS)
    for number, values in data_rows:
        # A row with an unreadable cell is still checked like the form, so that all its errors show in one pass.
        data, bad = _row_form_data(values, number, terms, schools, errors)
        form = ApplicationForm(_as_querydict(data))
        if not form.is_valid() or bad:
            for name, messages_ in form.errors.items():
                if name in bad or (name == "all_schools" and "schools" in bad):
                    continue
                column = COLUMN_OF.get(name, "")
                heading = HEADINGS[list(COLUMN_OF).index(name)] if name in COLUMN_OF else _("整行")
                cell = f"{column}{number}" if column else f"第{number}行"
                errors.extend(RowError(number, cell, heading, message) for message in messages_)
            continue
        good.append((number, form.service_data()))
    return good, errors


def import_applications(*, actor, content: bytes, department=None) -> ImportResult:
    good, errors = parse_workbook(content)
    result = ImportResult(errors=errors, rows=len(good) + len({e.row for e in errors}))
    if errors:
        return result
    with transaction.atomic():
        for number, data in good:
            try:
                result.created.append(services.create_draft(actor=actor, data=data, department=department))
            except ValidationError as exc:
                for name, messages_ in exc.message_dict.items():
                    column = COLUMN_OF.get(name, "")
                    for message in messages_:
                        result.errors.append(RowError(number, f"{column}{number}", name, message))
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
    return result


def build_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报表"
    sheet.append(HEADINGS)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, heading in enumerate(HEADINGS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(heading) * 2 + 2))
    sheet.freeze_panes = "A2"
    for index, (_heading, _name, kind) in enumerate(COLUMNS, start=1):
        if kind == "yesno":
            options = ["是", "否"]
        elif not isinstance(kind, str) and _name not in ("target_stages", "participants"):
            options = [label for _v, label in _choices(kind)]
        else:
            continue
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        validation.error, validation.errorTitle = "请从下拉列表中选择", "输入无效"
        sheet.add_data_validation(validation)
        validation.add(f"{get_column_letter(index)}{FIRST_DATA_ROW}:{get_column_letter(index)}{MAX_ROWS + 1}")
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(["学期", "填学期代码，如 " + "、".join(t.code for t in selectable_terms())])
    notes.append(["面向学段 / 参与对象", "可填多项，用顿号分隔，如：小学、初中；学生、家长"])
    notes.append(["涉及学校", "面向全部学校填“全部”；否则填学校全称，用顿号分隔"])
    notes.append(["日期", "格式 2027-03-01"])
    notes.append(["禁止性要求各列", "每项必填“是”或“否”"])
    for cell in (c for ws in workbook.worksheets for row in ws.iter_rows() for c in row):
        put_text(cell, cell.value)  # every text, term codes included, is written as text
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@login_required
def template_download(request):
    require(request.user, "applications.import")
    response = HttpResponse(build_template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E7%94%B3%E6%8A%A5%E8%A1%A8%E6%A8%A1%E6%9D%BF.xlsx"
    return response


@login_required
def import_page(request):
    require(request.user, "applications.import")
    from .forms import ImportForm

    on_behalf = not can(request.user, "applications.create")
    form = ImportForm(request.POST or None, request.FILES or None, on_behalf=on_behalf)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise ValidationError(_("文件超过 5 MB，请分批导入。"))
            result = import_applications(actor=request.user, content=upload.read(),
                                         department=form.cleaned_data.get("department"))
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            if not result.errors:
                messages.success(request, _("已导入 %d 份申报草稿。") % len(result.created))
                return redirect("applications:list")
    return render(request, "applications/import.html", {"form": form, "result": result})
