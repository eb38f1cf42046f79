"""Importing a list a bureau has already published (.xlsx or .csv, in its own headings) as an edition, cell for cell.

Real lists differ by place: headings in any order and subset, named in several ways, title rows merged above
them, group rows (「一、安全教育类」) between the items. The reader finds the heading row, maps each heading to an
item field by its common names, understands group rows, and keeps every cell as written. Every problem of the
file is reported at once with its cell address; nothing is imported until the file is clean.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from apps.accounts.permissions import can, require
from apps.applications.models import ItemType
from apps.audit.services import record_event
from whitelist_portal.plaintext import has_control_chars

from . import services
from .caching import invalidate_on_commit
from .models import EditionChange, WhitelistEdition, WhitelistItem
from .periods import Period, default_title

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000  # items; reading stops here
MAX_COLUMNS = 40
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024  # an .xlsx is a zip: refuse one that would inflate beyond this
HEADING_SCAN_ROWS = 15

# The item fields a column can fill, with the label the page shows for each.
FIELD_LABELS = {
    "number_text": gettext_lazy("序号"), "name": gettext_lazy("事项名称"),
    "lead_units": gettext_lazy("牵头单位"), "time_text": gettext_lazy("开展时间"),
    "place_text": gettext_lazy("开展地点"), "scope_text": gettext_lazy("实施范围"),
    "frequency_text": gettext_lazy("开展频次"), "content": gettext_lazy("主要内容"),
    "form_text": gettext_lazy("开展形式"), "basis_text": gettext_lazy("开展依据"),
    "validity_text": gettext_lazy("有效期"), "notes": gettext_lazy("备注"),
    "item_type": gettext_lazy("事项类型"), "group_label": gettext_lazy("分组"),
}

# Headings as bureaus write them, normalised (half-width brackets, no spaces) with the bracketed words dropped
# or kept: 「活动（事项）名称」 is found as 活动名称 and as 活动事项名称.
ALIASES = {
    "number_text": ["序号", "编号", "序", "No.", "No"],
    "name": ["名称", "事项名称", "活动名称", "活动事项名称", "项目名称", "事项", "活动", "活动项目", "清单事项",
             "进校园事项", "进校园活动名称", "检查事项名称", "事项内容名称"],
    "lead_units": ["牵头单位", "牵头实施主办单位", "主办单位", "实施单位", "责任单位", "牵头部门", "主管部门",
                   "组织单位", "承办单位", "申报单位", "发起单位", "牵头单位部门"],
    "time_text": ["开展时间", "时间", "活动时间", "实施时间", "时间安排", "开展时段"],
    "place_text": ["开展地点", "地点", "活动地点", "实施地点"],
    "scope_text": ["实施范围", "实施对象范围", "范围", "对象范围", "开展范围", "适用范围", "实施对象", "参与对象",
                   "面向对象", "覆盖范围", "涉及学校", "面向学段"],
    "frequency_text": ["开展频次", "频次", "次数", "频率", "开展次数", "活动频次"],
    "content": ["活动主要内容", "主要内容", "内容", "活动内容", "事项内容", "工作内容", "具体内容"],
    "form_text": ["开展形式", "开展形式方式", "开展方式", "形式", "方式", "活动形式", "活动方式"],
    "basis_text": ["开展依据", "依据", "文件依据", "政策依据", "设立依据", "依据文件", "开展依据文件"],
    "validity_text": ["有效期", "有效期限", "有效时间"],
    "notes": ["备注", "说明", "其他"],
    "item_type": ["事项类型", "类型"],
    "group_label": ["类别", "分类", "事项类别", "活动类别", "类目"],
}
_ALIAS_FIELD = {alias.lower(): name for name, aliases in ALIASES.items() for alias in aliases}
# When no alias fits, the end of a heading says what it holds (…单位 → lead units), then any word in it does.
KEYWORDS = [
    ("序号", "number_text"), ("有效", "validity_text"), ("依据", "basis_text"), ("频次", "frequency_text"),
    ("次数", "frequency_text"), ("地点", "place_text"), ("时间", "time_text"), ("范围", "scope_text"),
    ("对象", "scope_text"), ("形式", "form_text"), ("方式", "form_text"), ("备注", "notes"), ("单位", "lead_units"),
    ("部门", "lead_units"), ("内容", "content"), ("名称", "name"), ("类别", "group_label"),
]

KNOWN_HEADINGS = gettext_lazy(
    "序号、事项名称（活动名称）、牵头单位（主办单位）、开展时间、开展地点、实施范围、开展频次、主要内容、开展形式、"
    "开展依据、有效期、备注、事项类型、类别")
INSPECTION_WORDS = ("督查", "检查", "评比", "考核")
ITEM_TYPE_VALUES = {
    "进校园活动": ItemType.ACTIVITY, "活动": ItemType.ACTIVITY, "社会事务进校园": ItemType.ACTIVITY,
    "社会事务进校园活动": ItemType.ACTIVITY,
    "督查检查评比考核": ItemType.INSPECTION, "督查检查评比考核事项": ItemType.INSPECTION,
    "督查检查考核": ItemType.INSPECTION, "督查": ItemType.INSPECTION, "检查": ItemType.INSPECTION,
    "评比": ItemType.INSPECTION, "考核": ItemType.INSPECTION,
}
# A row with one text across it is a group heading when it reads like one: 一、… （二）… 第三类 … 讲座类.
GROUP_TEXT = re.compile(
    r"^([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十\d]+[类部分批组项])"
    r"|^.{1,20}类$|^(进校园活动|督查检查评比考核|督查检查)(事项|类)?$"
)
GROUP_NUMERAL = re.compile(r"[一二三四五六七八九十]+[、.．]?|[（(][一二三四五六七八九十]+[）)]")
ATTACHMENT_LINE = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*[:：]?$")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})


@dataclass(frozen=True)
class Problem:
    cell: str
    message: str

    def __str__(self):
        return f"{self.cell}：{self.message}" if self.cell else self.message


@dataclass(frozen=True)
class Cell:
    text: str
    formula: bool = False
    span: int = 1  # columns a merged cell covers


@dataclass(frozen=True)
class Column:
    index: int
    heading: str
    field: str

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class ListRow:
    row: int
    item_type: str
    group_label: str
    values: dict


@dataclass
class ParsedList:
    title: str = ""
    heading_row: int = 0
    columns: list[Column] = field(default_factory=list)
    rows: list[ListRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {}
        for row in self.rows:
            counts[row.item_type] = counts.get(row.item_type, 0) + 1
        return counts

    def groups(self) -> list[tuple[str, str, int]]:
        """(group label, item type, items) in file order."""
        seen: dict[tuple[str, str], int] = {}
        for row in self.rows:
            if row.group_label:
                key = (row.group_label, row.item_type)
                seen[key] = seen.get(key, 0) + 1
        return [(label, item_type, n) for (label, item_type), n in seen.items()]


class ListProblems(ValidationError):
    """The file has problems; ``problems`` lists each with its cell."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(p) for p in problems])


# == reading cells ==
def _date_text(value: dt.date, number_format: str = "") -> str:
    fmt = (number_format or "").lower()
    if fmt and "d" not in fmt and "m" in fmt:  # shown as a month: 2025年4月
        return f"{value.year}年{value.month}月"
    text = f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.datetime) and (value.hour or value.minute):
        text += f" {value.hour}:{value.minute:02d}"
    return text


def cell_text(value, number_format: str = "") -> str:
    """A cell as the reader sees it, trimmed of the whitespace around it and nothing else."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return _date_text(value, number_format)
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_zip(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ListProblems([Problem("", _("无法读取该文件：不是有效的 .xlsx 工作簿。"))]) from exc
    if len(entries) > 2000 or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        raise ListProblems([Problem("", _("该工作簿解压后内容过大，无法导入。"))])


def _xlsx_rows(content: bytes):
    """The first sheet's rows as Cells; a merged range's value fills every cell of the range."""
    _check_zip(content)
    try:
        sheet = load_workbook(io.BytesIO(content), data_only=False).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ListProblems([Problem("", _("无法读取该文件：不是有效的 .xlsx 工作簿。"))]) from exc
    width = min(sheet.max_column or 1, MAX_COLUMNS)
    merged = {}
    for rng in sheet.merged_cells.ranges:
        if rng.min_col > width:
            continue
        top = sheet.cell(rng.min_row, rng.min_col)
        filled = Cell(cell_text(top.value, top.number_format), top.data_type == "f", rng.max_col - rng.min_col + 1)
        for r in range(rng.min_row, min(rng.max_row, rng.min_row + MAX_ROWS * 2) + 1):
            for c in range(rng.min_col, min(rng.max_col, width) + 1):
                merged[(r, c)] = filled
    for row in sheet.iter_rows(min_row=1, max_col=width):
        yield [merged.get((c.row, c.column)) or Cell(cell_text(c.value, getattr(c, "number_format", "")),
                                                     c.data_type == "f") for c in row]


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListProblems([Problem("", _("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码。"))])


def _csv_rows(content: bytes):
    text = _decode(content)
    if "\x00" in text:
        raise ListProblems([Problem("", _("无法读取该文件：不是 CSV 文本。"))])
    try:
        for values in csv.reader(io.StringIO(text, newline="")):
            yield [Cell(cell_text(v)) for v in values[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise ListProblems([Problem("", _("CSV 文件格式有误：%(error)s") % {"error": exc})]) from exc


def _rows(content: bytes, filename: str):
    name = (filename or "").lower()
    if len(content) > MAX_BYTES:
        raise ListProblems([Problem("", _("文件超过 %(mb)d MB，无法导入。") % {"mb": MAX_BYTES // (1024 * 1024)})])
    if not content:
        raise ListProblems([Problem("", _("文件是空的。"))])
    if content.startswith(b"PK"):
        return _xlsx_rows(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ListProblems([Problem("", _("这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv 后导入。"))])
    if name.endswith(".xlsx"):
        raise ListProblems([Problem("", _("无法读取该文件：不是有效的 .xlsx 工作簿。"))])
    if name.endswith((".csv", ".txt")):
        return _csv_rows(content)
    raise ListProblems([Problem("", _("只能导入 .xlsx 或 .csv 文件。"))])


# == headings ==
def normalise_heading(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return re.sub(r"[\s*＊:：]+", "", text)


def field_for_heading(text: str) -> str | None:
    """The item field a heading names, or None."""
    norm = normalise_heading(text)
    bare = re.sub(r"\([^)]*\)", "", norm)
    flat = norm.replace("(", "").replace(")", "")
    for candidate in (bare, flat, norm):
        if candidate.lower() in _ALIAS_FIELD:
            return _ALIAS_FIELD[candidate.lower()]
    for candidate in (bare, flat):
        for word, name in KEYWORDS:
            if candidate.endswith(word):
                return name
    for word, name in KEYWORDS:
        if word in bare:
            return name
    return None


def _is_heading_row(cells: list[Cell]) -> bool:
    found = [field_for_heading(c.text) for c in cells if c.text]
    return "name" in found or len([f for f in found if f]) >= 2


def _map_headings(cells: list[Cell], row: int, parsed: ParsedList) -> set[int]:
    """Map each heading to its field; returns the columns whose heading is reported as a problem."""
    first: dict[str, Column] = {}
    flagged = set()
    for index, cell in enumerate(cells):
        if not cell.text or (index and cell.span > 1 and cells[index - 1] is cell):
            continue  # empty, or the rest of a merged heading
        address = f"{get_column_letter(index + 1)}{row}"
        name = field_for_heading(cell.text)
        if name is None or name in first:
            flagged.add(index)
        if name is None:
            parsed.problems.append(Problem(address, _("无法识别的表头“%(h)s”；可用的表头如：%(ok)s") % {
                "h": cell.text, "ok": KNOWN_HEADINGS}))
        elif name in first:
            parsed.problems.append(Problem(address, _("表头“%(h)s”与 %(other)s“%(o)s”重复（都对应“%(f)s”）") % {
                "h": cell.text, "other": f"{first[name].letter}{row}", "o": first[name].heading,
                "f": FIELD_LABELS[name]}))
        else:
            first[name] = Column(index, cell.text, name)
    parsed.columns = sorted(first.values(), key=lambda c: c.index)
    if "name" not in first:
        parsed.problems.append(Problem(f"第{row}行", _("没有“事项名称”列（表头应如“事项名称”“活动名称”）。")))
    return flagged


# == rows ==
def group_item_type(label: str, current: str) -> str:
    """The item type a group heading sets: 督查检查评比考核 headings are inspections; a sub-heading (（一）…) keeps
    the type of the heading above it unless it says otherwise."""
    if any(w in label for w in INSPECTION_WORDS) and "进校园活动" not in label:
        return ItemType.INSPECTION
    if "活动" in label or not re.match(r"^[（(]", label):
        return ItemType.ACTIVITY
    return current


def _group_text(cells: list[Cell], columns: list[Column]) -> str | None:
    """The text of a group row (one text across the row, or a numeral in 序号 beside a heading), else None."""
    name_column = next((c.index for c in columns if c.field == "name"), None)
    number_column = next((c.index for c in columns if c.field == "number_text"), None)
    filled = [i for i, c in enumerate(cells) if c.text]
    if (number_column is not None and set(filled) == {number_column, name_column}
            and GROUP_NUMERAL.fullmatch(cells[number_column].text)):
        numeral = cells[number_column].text
        return numeral + ("" if numeral[-1] in "、.．)）" else "、") + cells[name_column].text
    texts = {cells[i].text for i in filled}
    if len(texts) != 1:
        return None
    text = texts.pop()
    holder = cells[filled[0]]
    if holder.span > 1 or GROUP_TEXT.search(text):
        return text
    if filled[0] == number_column != name_column and not re.fullmatch(r"[\d.．、]+", text):
        return text
    return None


def _cell_problems(cell: Cell, address: str, label: str, limit: int) -> list[Problem]:
    problems = []
    if cell.formula:
        problems.append(Problem(address, _("是公式，请改为直接填写文字。")))
    if has_control_chars(cell.text):
        problems.append(Problem(address, _("含有无法保存的控制字符，请删除后再导入。")))
    if limit and len(cell.text) > limit:
        problems.append(Problem(address, _("%(label)s超过 %(limit)d 字（共 %(n)d 字）。") % {
            "label": label, "limit": limit, "n": len(cell.text)}))
    return problems


def _limit(name: str) -> int:
    return WhitelistItem._meta.get_field(name).max_length or 0


def _item_row(cells, row, columns, item_type, group_label, parsed) -> ListRow:
    values = {}
    for column in columns:
        cell = cells[column.index] if column.index < len(cells) else Cell("")
        address = f"{column.letter}{row}"
        if column.field == "item_type":
            parsed.problems.extend(_cell_problems(cell, address, column.label, 0))
            if cell.text:
                item_type = ITEM_TYPE_VALUES.get(normalise_heading(cell.text))
                if item_type is None:
                    parsed.problems.append(Problem(address, _(
                        "事项类型“%(v)s”无法识别，可填：进校园活动、督查检查评比考核") % {"v": cell.text}))
                    item_type = ItemType.ACTIVITY
            continue
        parsed.problems.extend(_cell_problems(cell, address, column.label, _limit(column.field)))
        values[column.field] = cell.text
    name = next(c for c in columns if c.field == "name")
    if not values.get("name"):
        parsed.problems.append(Problem(f"{name.letter}{row}", _("事项名称为空。")))
    if values.get("group_label"):
        group_label = values.pop("group_label")
    values.pop("group_label", None)
    return ListRow(row, item_type, group_label, values)


def _unread_columns(cells, row, parsed: ParsedList, reported: set) -> None:
    """Text in a column no heading names (no heading, or the second column under a merged heading) is reported once;
    a column whose heading was reported as unknown or duplicate is not reported again."""
    mapped = {c.index for c in parsed.columns}
    for index, cell in enumerate(cells):
        if cell.text and index not in mapped and index not in reported:
            reported.add(index)
            letter = get_column_letter(index + 1)
            parsed.problems.append(Problem(f"{letter}{row}", _(
                "%(letter)s 列没有可识别的表头，该列内容无法导入；请补上表头或删除该列内容。") % {"letter": letter}))


def parse_list(content: bytes, filename: str) -> ParsedList:
    """Read a published list. The result's ``problems`` list every problem of the file with its cell."""
    parsed = ParsedList()
    try:
        rows = _rows(content, filename)
        _read(rows, parsed)
    except ListProblems as exc:
        parsed.problems.extend(exc.problems)
    return parsed


def _read(rows, parsed: ParsedList) -> None:
    heading_cells, titles = None, []
    item_type, group_label, reported = ItemType.ACTIVITY, "", set()  # columns already reported
    for number, cells in enumerate(rows, start=1):
        if heading_cells is None:
            if _is_heading_row(cells):
                heading_cells, parsed.heading_row = cells, number
                reported = _map_headings(cells, number, parsed)
                if not any(c.field == "name" for c in parsed.columns):
                    return
            elif number >= HEADING_SCAN_ROWS:
                break
            elif any(c.text for c in cells):
                titles.append(next(c.text for c in cells if c.text))
                if ATTACHMENT_LINE.match(titles[-1]):
                    titles.pop()  # 「附件1」 above the title of a list sent with a notice
            continue
        if not any(c.text for c in cells) or [c.text for c in cells] == [c.text for c in heading_cells]:
            continue
        group = _group_text(cells, parsed.columns)
        if group is not None:
            index = next(i for i, c in enumerate(cells) if c.text)
            written = Cell(group, any(c.formula for c in cells))
            parsed.problems.extend(_cell_problems(written, f"{get_column_letter(index + 1)}{number}",
                                                  _("分组标题"), _limit("group_label")))
            group_label, item_type = group, group_item_type(group, item_type)
            continue
        if len(parsed.rows) >= MAX_ROWS:
            parsed.problems.append(Problem(f"第{number}行", _(
                "一份清单最多导入 %(n)d 项，以下各行未读取。") % {"n": MAX_ROWS}))
            break
        _unread_columns(cells, number, parsed, reported)
        parsed.rows.append(_item_row(cells, number, parsed.columns, item_type, group_label, parsed))
    if heading_cells is None:
        parsed.problems.append(Problem("", _("没有找到表头行：前 %(n)d 行中应有“事项名称”（或“活动名称”）等表头。") % {
            "n": HEADING_SCAN_ROWS}))
    elif not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem("", _("表头下没有事项。")))
    parsed.title = titles[0] if titles else ""


# == the service ==
def _region(actor, region):
    own = actor.organisation.region if actor.organisation is not None else None
    region = region or own
    if region is None:
        raise ValidationError(_("您的账号未关联机构，无法确定白名单所属行政区划。"))
    if not can(actor, "whitelist.manage", WhitelistEdition(region=region)):
        raise PermissionDenied(_("只能向本机构所在行政区划导入白名单。"))
    return region


def _refuse_existing(region, period: Period) -> None:
    existing = WhitelistEdition.objects.filter(region=region, period_kind=period.kind, starts_on=period.starts_on,
                                               ends_on=period.ends_on).first()
    if existing is not None:
        raise ValidationError({"period_kind": _("%(region)s已有%(period)s的白名单“%(title)s”，不能重复导入。") % {
            "region": region.name, "period": period.label, "title": existing.title}})


def preview_import(*, actor, period: Period, content: bytes, filename: str, region=None) -> ParsedList:
    """The dry run: what the file holds and every problem of it; writes nothing."""
    require(actor, "whitelist.manage")
    region = _region(actor, region)
    _refuse_existing(region, period)
    return parse_list(content, filename)


def import_title(title: str, parsed: ParsedList, region, period) -> str:
    """The title given, else the file's title row, else the generated one."""
    for candidate in (title.strip(), parsed.title):
        if candidate and len(candidate) <= WhitelistEdition._meta.get_field("title").max_length:
            return candidate
    return default_title(region, period)


def _items(edition, parsed: ParsedList) -> list[WhitelistItem]:
    numbers: dict[str, int] = {}
    items = []
    for row in parsed.rows:
        numbers[row.item_type] = numbers.get(row.item_type, 0) + 1
        items.append(WhitelistItem(
            edition=edition, item_type=row.item_type, number=numbers[row.item_type], group_label=row.group_label,
            added_in_version=1, added_on=edition.updated_on, **row.values,
        ))
    return items


@transaction.atomic
def import_list(*, actor, period: Period, content: bytes, filename: str, title: str = "", region=None,
                publish: bool = True) -> WhitelistEdition:
    """Make the list a bureau already published into the edition of ``period`` of the actor's region, every cell
    as written; published as version 1 (or kept as a draft). Refused, with every problem, unless the file is clean."""
    parsed = preview_import(actor=actor, period=period, content=content, filename=filename, region=region)
    if parsed.problems:
        raise ListProblems(parsed.problems)
    region = _region(actor, region)
    now = timezone.now()
    status = WhitelistEdition.Status.PUBLISHED if publish else WhitelistEdition.Status.DRAFT
    try:
        with transaction.atomic():
            edition = WhitelistEdition.objects.create(
                region=region, period_kind=period.kind, term=period.term, starts_on=period.starts_on,
                ends_on=period.ends_on, period_label=period.label, title=import_title(title, parsed, region, period),
                is_imported=True, source_name=filename[:200], status=status, version=1 if publish else 0,
                published_at=now if publish else None, updated_on=timezone.localdate() if publish else None,
                created_by=actor,
            )
    except IntegrityError as exc:  # another import of the same period won the race
        _refuse_existing(region, period)
        raise ValidationError(services.CONFLICT) from exc
    WhitelistItem.objects.bulk_create(_items(edition, parsed))
    count = len(parsed.rows)
    if publish:
        EditionChange.objects.create(edition=edition, kind=EditionChange.Kind.IMPORTED, version=1,
                                     happened_on=timezone.localdate(),
                                     summary=f"导入既有清单（{filename}），共 {count} 项"[:300])
    record_event(actor=actor, obj=edition, action="whitelist.import", action_label="导入既有清单",
                 to_state=status, data={"file": filename, "items": count, "period": period.label,
                                        "counts": parsed.counts()})
    invalidate_on_commit(editions=[edition])
    if publish:
        services.request_export(edition=edition, actor=actor)
    return edition
