"""One statistics table as an .xlsx file: a title row, the period, the headings, the rows and the total."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from whitelist_portal.spreadsheet import put_text


def table_xlsx(table, subtitle: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.key[:31]
    put_text(sheet.cell(row=1, column=1), table.title).font = Font(bold=True, size=14)
    put_text(sheet.cell(row=2, column=1), subtitle)
    for column, heading in enumerate(table.columns, start=1):
        put_text(sheet.cell(row=4, column=column), heading).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=4, column=column).column_letter].width = 14 if column > 1 else 32
    row_number = 5
    for row in [*table.rows, *([table.footer] if table.footer else [])]:
        for column, value in enumerate(row, start=1):
            put_text(sheet.cell(row=row_number, column=column), value)
        row_number += 1
    if table.note:
        put_text(sheet.cell(row=row_number + 1, column=1), table.note)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
