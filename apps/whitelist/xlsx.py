"""The semester whitelist as the bureau publishes it: an .xlsx written row by row (openpyxl write-only mode)."""

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from apps.applications.models import ItemType
from whitelist_portal.spreadsheet import text_cell

from .columns import Column, row_texts
from .wording import group_heading


def _fmt(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def document_line(edition) -> str:
    """发文机关、文号、成文日期 as the bureau gave them (an empty string when it gave none)."""
    parts = [edition.issuing_body, edition.document_number, _fmt(edition.document_date)]
    return "　".join(p for p in parts if p)


def author(edition) -> str:
    """The bureau that issues the list: the issuing body it named, else the publisher's own organisation."""
    if edition.issuing_body:
        return edition.issuing_body
    organisation = getattr(edition.created_by, "organisation", None)
    return organisation.name if organisation else str(edition.region)


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


def _cells_to_row(cells, row_idx):
    """openpyxl's write-only append tries each value as a plain value first and, for a styled cell, pays for a
    raised and caught error per cell; our rows hold only styled cells, so they are placed as they are."""
    for col_idx, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column, cell.row = col_idx, row_idx
        yield cell


def _setup_page(ws, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = "3:3"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.evenFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = "A4"
    ws.row_dimensions[1].height = 32


def write_edition(edition, items: Iterable, path, counts: dict[str, int], columns: list[Column]) -> int:
    """Stream ``items`` (ordered by item type, then 序号) under the edition's title in the region's ``columns``;
    ``counts`` per item type give the group headings, and an item's own group (an imported list's 「一、…类」)
    gets a heading row where it changes. Rows are written as they come, so memory stays flat however long the list."""
    wb = Workbook(write_only=True)
    wb.properties.creator = wb.properties.lastModifiedBy = author(edition)
    wb.properties.title = edition.title
    ws = wb.create_sheet("白名单")
    ws._values_to_row = _cells_to_row  # every value appended here is already a styled cell
    _setup_page(ws, columns)
    st = _Styles(ws)
    cell = st.cell
    last = get_column_letter(len(columns))
    ws.append([cell(ws, edition.title, st.title)])
    ws.merged_cells.add(f"A1:{last}1")
    document = document_line(edition)
    ws.append([cell(ws, "　".join(filter(None, [document, subtitle(edition)])), st.subtitle)])
    ws.merged_cells.add(f"A2:{last}2")
    ws.append([cell(ws, c.heading, st.heading) for c in columns])
    labels = dict(ItemType.choices)
    order = [t for t in ItemType.values if counts.get(t)]
    styles = [st.center if c.centered else st.left for c in columns]
    number_at = next((i for i, c in enumerate(columns) if c.key == "number"), None)
    row, count, current, group = 3, 0, None, ""

    def heading_row(text):
        nonlocal row
        row += 1
        ws.append([cell(ws, text, st.group)])
        ws.merged_cells.add(f"A{row}:{last}{row}")

    for item in items:
        if item.item_type != current:
            current, group = item.item_type, ""
            heading_row(group_heading(order.index(current), str(labels[current]), counts[current]))
        if item.group_label and item.group_label != group:
            group = item.group_label
            heading_row(group)
        row += 1
        values = row_texts(item, columns)
        if number_at is not None and values[number_at].isdigit():
            values[number_at] = int(values[number_at])  # a plain 序号 stays a number, as bureaus type it
        ws.append([cell(ws, v, style) for v, style in zip(values, styles, strict=True)])
        count += 1
    wb.save(path)
    return count
