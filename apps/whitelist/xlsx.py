"""The semester whitelist as the bureau publishes it: an .xlsx written row by row (openpyxl write-only mode)."""

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from apps.applications.models import ItemType

from .wording import group_heading, stage_labels

# (heading, width in characters): about 190 characters fit an A4 landscape page at the fitted scale.
COLUMNS = [
    ("序号", 6), ("事项名称", 20), ("牵头单位", 16), ("时间", 14), ("频次", 12), ("范围及学段", 20),
    ("主要内容", 44), ("开展形式", 9), ("依据", 28), ("状态", 12), ("备注", 16),
]
HEADINGS = [h for h, _ in COLUMNS]
LAST = get_column_letter(len(COLUMNS))


def _fmt(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def status_text(item) -> str:
    if item.status == "in_force":
        return "有效"
    return f"{item.get_status_display()}（{_fmt(item.status_changed_on)}）"


def item_row(item) -> list:
    scope = item.scope_text
    if item.stages:
        scope = f"{scope}；{stage_labels(item.stages)}" if scope else stage_labels(item.stages)
    return [item.number, item.name, item.lead_units, item.time_text, item.frequency_text, scope, item.content,
            item.form_text, item.basis_text, status_text(item), item.notes]


def subtitle(edition) -> str:
    parts = [f"第 {edition.version} 版"]
    if edition.published_at:
        parts.append(f"发布日期：{_fmt(edition.published_at.date())}")
    if edition.updated_on:
        parts.append(f"更新日期：{_fmt(edition.updated_on)}")
    return "　".join(parts)


class _Styles:
    def __init__(self):
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(name="宋体", size=16, bold=True)
        self.bold = Font(name="宋体", size=11, bold=True)
        self.body = Font(name="宋体", size=10)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")
        self.fill = PatternFill("solid", fgColor="D9D9D9")


def _cell(ws, value, *, font, alignment, border=None, fill=None):
    cell = WriteOnlyCell(ws, value=value)
    cell.font, cell.alignment = font, alignment
    if border:
        cell.border = border
    if fill:
        cell.fill = fill
    return cell


def _setup_page(ws) -> None:
    for index, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = "3:3"
    ws.freeze_panes = "A4"
    ws.row_dimensions[1].height = 32


def write_edition(edition, items: Iterable, path) -> int:
    """Write ``items`` (ordered by item type, then 序号) under the edition's title; returns the item count."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("白名单")
    _setup_page(ws)
    st = _Styles()
    ws.append([_cell(ws, edition.title, font=st.title, alignment=st.center)])
    ws.merged_cells.add(f"A1:{LAST}1")
    ws.append([_cell(ws, subtitle(edition), font=st.body, alignment=st.right)])
    ws.merged_cells.add(f"A2:{LAST}2")
    ws.append([_cell(ws, h, font=st.bold, alignment=st.center, border=st.border, fill=st.fill) for h in HEADINGS])
    labels = dict(ItemType.choices)
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.item_type, []).append(item)
    row, count = 3, 0
    for index, item_type in enumerate(t for t in ItemType.values if t in groups):
        members = groups[item_type]
        row += 1
        ws.append([_cell(ws, group_heading(index, str(labels[item_type]), len(members)), font=st.bold,
                         alignment=st.left, border=st.border)])
        ws.merged_cells.add(f"A{row}:{LAST}{row}")
        for item in members:
            row += 1
            values = item_row(item)
            ws.append([
                _cell(ws, v, font=st.body, alignment=st.center if col in (0, 3, 4, 7, 9) else st.left,
                      border=st.border)
                for col, v in enumerate(values)
            ])
            count += 1
    wb.save(path)
    return count
