"""The complaint register (登记台账) as .xlsx: what people typed is written as text cells, never as formulas."""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from whitelist_portal.spreadsheet import put_text

from .privacy import Reporter

COLUMNS = [  # (heading, width)
    ("序号", 6), ("受理时间", 17), ("渠道", 7), ("举报人", 9), ("联系方式", 15), ("涉及学校", 24), ("涉及单位", 20),
    ("反映事项", 40), ("类别", 14), ("白名单核对结果", 30), ("办理情况", 36), ("状态", 9),
]


def text_cell(ws, value, alignment=None):
    """A string cell whatever the text looks like (the portal's one rule for spreadsheets), aligned as given."""
    cell = WriteOnlyCell(ws)
    if alignment is not None:
        cell.alignment = alignment
    return put_text(cell, value or "")


def _verdict(complaint) -> str:
    if not complaint.verdict:
        return "未核对"
    text = complaint.get_verdict_display()
    if complaint.matched_item_id:
        item = complaint.matched_item
        text += f"：{item.edition.title} 第{item.number_text or item.number}项 {item.name}"
    return text


def _matter(complaint) -> str:
    parts = [p for p in (complaint.activity_text, complaint.description) if p]
    return "\n".join(parts)


def _handling(complaint) -> str:
    parts = []
    if complaint.not_accepted_reason:
        parts.append(f"不予受理：{complaint.not_accepted_reason}")
    if complaint.handling_note:
        parts.append(complaint.handling_note)
    if complaint.finding:
        parts.append(f"核查结论：{complaint.get_finding_display()}")
    if complaint.public_reply:
        parts.append(f"答复：{complaint.public_reply}")
    return "\n".join(parts)


def write_register(complaints, path_or_file, *, reveal: bool) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("登记台账")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    wrap = Alignment(vertical="top", wrap_text=True)
    heading = []
    for title, _ in COLUMNS:
        cell = text_cell(ws, title)
        cell.font = Font(bold=True)
        heading.append(cell)
    ws.append(heading)
    count = 0
    for count, complaint in enumerate(complaints, start=1):
        reporter = Reporter(complaint, reveal=reveal)
        schools = "、".join([s.name for s in complaint.schools.all()] + ([complaint.school_text]
                                                                        if complaint.school_text else []))
        received = f"{complaint.received_at:%Y-%m-%d %H:%M}" if complaint.received_at else ""
        ws.append([
            count, text_cell(ws, received), text_cell(ws, complaint.get_channel_display()),
            text_cell(ws, reporter.name or "匿名"), text_cell(ws, reporter.contact),
            text_cell(ws, schools, wrap), text_cell(ws, complaint.department_label, wrap),
            text_cell(ws, _matter(complaint), wrap), text_cell(ws, complaint.get_category_display()),
            text_cell(ws, _verdict(complaint), wrap), text_cell(ws, _handling(complaint), wrap),
            text_cell(ws, complaint.get_status_display()),
        ])
    wb.save(path_or_file)
    return count
