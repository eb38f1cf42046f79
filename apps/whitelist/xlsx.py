"""The semester whitelist as the bureau publishes it: an .xlsx written row by row (openpyxl write-only mode)."""

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from apps.applications.models import ItemType
from whitelist_portal.spreadsheet import text_cell

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
    """One prototype cell per look; every written cell copies a prototype's style array (cheap in write-only mode)."""

    def __init__(self, ws):
        thin = Side(style="thin", color="000000")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        body = Font(name="宋体", size=10)
        bold = Font(name="宋体", size=11, bold=True)
        self.title = self._proto(ws, font=Font(name="宋体", size=16, bold=True),
                                 alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        self.subtitle = self._proto(ws, font=body, alignment=Alignment(horizontal="right", vertical="center"))
        self.heading = self._proto(ws, font=bold, border=border, fill=PatternFill("solid", fgColor="D9D9D9"),
                                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        self.group = self._proto(ws, font=bold, border=border,
                                 alignment=Alignment(horizontal="left", vertical="center", wrap_text=True))
        self.center = self._proto(ws, font=body, border=border,
                                  alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        self.left = self._proto(ws, font=body, border=border,
                                alignment=Alignment(horizontal="left", vertical="center", wrap_text=True))

    @staticmethod
    def _proto(ws, **style):
        cell = WriteOnlyCell(ws)
        for name, value in style.items():
            setattr(cell, name, value)
        return cell._style

    @staticmethod
    def cell(ws, value, proto):
        return text_cell(ws, value, proto)  # typed text stays text, never a formula


CENTERED_COLUMNS = {0, 3, 4, 7, 9}


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


def write_edition(edition, items: Iterable, path, counts: dict[str, int]) -> int:
    """Stream ``items`` (ordered by item type, then 序号) under the edition's title; ``counts`` per item type
    give the group headings. Rows are written as they come, so memory stays flat however long the list."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("白名单")
    _setup_page(ws)
    st = _Styles(ws)
    cell = st.cell
    ws.append([cell(ws, edition.title, st.title)])
    ws.merged_cells.add(f"A1:{LAST}1")
    ws.append([cell(ws, subtitle(edition), st.subtitle)])
    ws.merged_cells.add(f"A2:{LAST}2")
    ws.append([cell(ws, h, st.heading) for h in HEADINGS])
    labels = dict(ItemType.choices)
    order = [t for t in ItemType.values if counts.get(t)]
    row, count, current = 3, 0, None
    for item in items:
        if item.item_type != current:
            current = item.item_type
            row += 1
            heading = group_heading(order.index(current), str(labels[current]), counts[current])
            ws.append([cell(ws, heading, st.group)])
            ws.merged_cells.add(f"A{row}:{LAST}{row}")
        row += 1
        ws.append([cell(ws, v, st.center if col in CENTERED_COLUMNS else st.left)
                   for col, v in enumerate(item_row(item))])
        count += 1
    wb.save(path)
    return count
