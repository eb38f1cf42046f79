"""The semester Excel export: the bureau's form cell by cell, status rows, failures and the real worker."""

import time
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from apps.whitelist import exports, services
from apps.whitelist.models import ExportRun, WhitelistEdition
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db


def _open(edition):
    with default_storage.open(edition.export_name, "rb") as fh:
        return load_workbook(fh)


def test_the_workbook_has_title_headings_groups_and_every_item_in_order(published, publisher, approved):
    urgent = approved(title="冬季防溺水安全提醒", is_adhoc=True, target_stages=["primary"])
    services.add_supplement(edition=published, applications=[urgent], actor=publisher, reason="临时申报")
    item = published.items.get(name="法治教育进校园")
    services.suspend_item(item=item, actor=publisher, reason="整改", seen_revision=item.revision)
    run = ExportRun.objects.create(edition=published)
    assert exports.run_export(run_id=run.pk) == "done"
    published.refresh_from_db()

    ws = _open(published)["白名单"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == published.title == f"安溪县{published.term}中小学社会事务进校园白名单"
    assert rows[1][0].startswith("第 3 版")
    # The region's columns, less those no item fills (开展地点, 有效期); status because one item is suspended.
    assert list(rows[2]) == ["序号", "事项名称", "牵头单位", "开展时间", "实施范围", "学段", "开展频次", "主要内容",
                             "开展形式", "开展依据", "状态", "备注"]
    col = {h: i for i, h in enumerate(rows[2])}
    assert rows[3][0] == "一、进校园活动（3项）"
    assert [r[:2] for r in rows[4:7]] == [(1, "安全教育进校园"), (2, "法治教育进校园"), (3, "冬季防溺水安全提醒")]
    assert rows[7][0] == "二、督查检查评比考核（1项）"
    assert rows[8][:2] == (1, "学校安全工作专项督导检查")
    assert len(rows) == 9
    law = rows[5]
    assert law[col["牵头单位"]] == item.lead_units and law[col["主要内容"]] == item.content
    assert law[col["状态"]].startswith("暂停（")
    assert rows[4][col["状态"]] is None  # an item in force prints no status
    assert "增补" in rows[6][col["备注"]] and rows[6][col["学段"]] == "小学"
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:L1", "A2:L2", "A4:L4", "A8:L8"}
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.column_dimensions["H"].width == 40 and ws["H5"].alignment.wrap_text
    assert ws.print_title_rows == "$3:$3"


def test_a_failed_run_keeps_the_last_good_file_and_shows_the_error(published, monkeypatch):
    good = published.export_name
    assert default_storage.exists(good)

    def broken(*args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(exports, "write_edition", broken)
    run = ExportRun.objects.create(edition=published)
    assert exports.run_export(run_id=run.pk) == "failed"
    run.refresh_from_db()
    published.refresh_from_db()
    assert run.status == "failed" and "磁盘已满" in run.error
    assert published.export_name == good and default_storage.exists(good)


def test_a_new_file_replaces_the_old_one_only_when_complete(published, monkeypatch):
    old = published.export_name
    seen_during_write = []

    real = exports.write_edition

    def spy(edition, items, path, **kwargs):
        seen_during_write.append(WhitelistEdition.objects.get(pk=edition.pk).export_name)
        return real(edition, items, path, **kwargs)

    monkeypatch.setattr(exports, "write_edition", spy)
    run = ExportRun.objects.create(edition=published)
    assert exports.run_export(run_id=run.pk) == "done"
    published.refresh_from_db()
    assert seen_during_write == [old]  # while writing, the public still gets the previous complete file
    assert published.export_name != old
    assert exports.run_export(run_id=run.pk) == "skipped"  # a finished run is not run twice


def test_rerun_reuses_a_waiting_run_and_refuses_drafts(publisher, approved, term, published):
    first = services.request_export(edition=published, actor=publisher)
    assert services.request_export(edition=published, actor=publisher) == first
    other = TermFactory(start_year=term.start_year + 1, semester=term.semester)
    approved(term=other, title="下学年")
    draft = services.assemble_edition(term=other, actor=publisher)
    with pytest.raises(ValidationError):
        services.request_export(edition=draft, actor=publisher)


@pytest.mark.redis
@pytest.mark.worker
def test_publishing_exports_through_a_real_worker(celery_worker, publisher, approved, term, client):
    approved(title="安全教育进校园")
    approved(title="科普活动进校园")
    edition = services.assemble_edition(term=term, actor=publisher)
    services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    deadline = time.monotonic() + 30
    run = edition.export_runs.get()
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in ("done", "failed"):
            break
        time.sleep(0.3)
    assert run.status == "done", run.error
    edition.refresh_from_db()
    response = client.get(f"/whitelist/{edition.pk}/export.xlsx")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(b"".join(response.streaming_content)))["白名单"]
    assert [ws.cell(row=r, column=2).value for r in (5, 6)] == ["安全教育进校园", "科普活动进校园"]
