"""Cells of the portal's .xlsx files: what people typed is written as text, never as a formula.

Every writer (the published whitelist, the audit export, the import template) puts its values through here, so a
stored value that starts with ``=`` stays text when the file is opened and even when a cell is edited in Excel,
and a character XML cannot hold never reaches the file.
"""

from openpyxl.cell import WriteOnlyCell

from .plaintext import looks_like_formula, strip_control_chars

MAX_CELL_TEXT = 32767  # what one Excel cell holds


def xlsx_text(value):
    """A value fit for a cell: text without characters XML cannot hold; numbers, dates and None unchanged."""
    return strip_control_chars(value) if isinstance(value, str) else value


def put_text(cell, value):
    """Give ``cell`` (normal or write-only) ``value``; text becomes a string cell, formula-like text quote-prefixed.

    openpyxl reads a string that starts with ``=`` as a formula when it is assigned, so the type is set back to
    string afterwards; the quotePrefix style is the apostrophe Excel itself adds when text is typed that way.
    """
    if not isinstance(value, str):
        cell.value = value
        return cell
    # Text is cleaned here already, so openpyxl's own check of each string (a second regex pass) is skipped.
    cell._value = strip_control_chars(value)[:MAX_CELL_TEXT]
    cell.data_type = "s"
    if looks_like_formula(cell._value):
        cell.quotePrefix = True
    return cell


def text_cell(ws, value, style=None) -> WriteOnlyCell:
    """A write-only cell holding ``value`` as text; ``style`` is a prototype cell's style array to copy."""
    cell = WriteOnlyCell(ws)
    if style is not None:
        cell._style = style.__copy__()  # StyleArray's own copy, without copy.copy's dispatch per cell
    return put_text(cell, value)


def text_row(ws, values, style=None) -> list[WriteOnlyCell]:
    return [text_cell(ws, value, style) for value in values]
