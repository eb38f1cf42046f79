"""The ledger as .xlsx in the form bureaus report it (seed 004): text stays text, never a formula."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from whitelist_portal.spreadsheet import text_cell

COLUMNS = [  # (heading, width)
    ("序号", 6), ("问题", 40), ("采取的措施", 40), ("取得的成效", 36), ("责任单位", 20), ("责任人", 10),
    ("整改时限", 12), ("状态", 12), ("销号日期", 12),
]


def _date(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def write_ledger(lines, path_or_file) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("整改台账")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    heading = []
    for title, _ in COLUMNS:
        cell = text_cell(ws, title)
        cell.font = Font(bold=True)
        heading.append(cell)
    ws.append(heading)
    wrap = text_cell(ws, "")
    wrap.alignment = Alignment(vertical="top", wrap_text=True)
    style = wrap._style
    count = 0
    for count, line in enumerate(lines, start=1):
        status = line.get_status_display() + ("（已超期）" if line.is_overdue else "")
        ws.append([count] + [text_cell(ws, value, style) for value in (
            line.problem, line.measures, line.results, line.owner.name, line.owner_person, _date(line.deadline),
            status, _date(line.closed_on))])
    wb.save(path_or_file)
    return count
