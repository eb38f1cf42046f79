import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.audit.models import AuditEvent
from apps.ledger.imports import import_ledger
from apps.ledger.models import LedgerLine

pytestmark = pytest.mark.django_db
HEADER = ["序号", "问题", "采取的措施", "取得的成效", "责任单位", "责任人", "整改时限", "状态", "销号日期"]


def workbook(*rows, title="某县减负整改台账") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(HEADER)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = [
    (1, "要求学生APP打卡", "已停止", "=不再打卡", "安溪县凤城中心小学", "周明", dt.date(2026, 12, 20), "整改中", None),
    (2, "周末值班看展板", "已取消", "教师周末不再值班", "安溪县公安局", "张伟", "2026年11月1日", "已销号",
     "2026-11-02"),
]


def test_a_clean_file_imports_every_line(reviewer, school, police):
    lines = import_ledger(actor=reviewer, content=workbook(*GOOD), source_kind="inspection", source_ref="2026年督查")
    assert [(x.problem, x.owner, x.status, x.deadline) for x in lines] == [
        ("要求学生APP打卡", school, "in_progress", dt.date(2026, 12, 20)),
        ("周末值班看展板", police, "closed", dt.date(2026, 11, 1))]
    assert lines[0].results == "=不再打卡"  # as typed, as text
    assert lines[1].closed_on == dt.date(2026, 11, 2) and lines[1].verified_at is not None
    assert AuditEvent.objects.filter(action="ledger.imported").count() == 2


def test_every_bad_cell_is_named_and_nothing_is_imported(reviewer, school, police):
    rows = [*GOOD,
            (3, "", "", "", "不存在的单位", "", "下周", "已完成", ""),
            (4, "问题四", "", "", "安溪县凤城中心小学", "", "2026-02-30", "已销号", "")]
    with pytest.raises(ValidationError) as exc:
        import_ledger(actor=reviewer, content=workbook(*rows), source_kind="self_check")
    cells = sorted(message.split("：", 1)[0] for message in exc.value.messages)
    assert cells == ["B5", "E5", "G5", "G6", "H5", "H6"]
    assert not LedgerLine.objects.exists()


def test_the_page_lists_the_problems_and_only_the_bureau_imports(client, reviewer, school_owner, school, police):
    client.force_login(school_owner)
    assert client.get("/ledger/import/").status_code == 403
    client.force_login(reviewer)
    bad = SimpleUploadedFile("台账.xlsx", workbook((1, "", "", "", "安溪县凤城中心小学", "", "", "", "")))
    response = client.post("/ledger/import/", {"file": bad, "source_kind": "self_check"})
    assert response.status_code == 400
    assert "B3" in response.content.decode() and "G3" in response.content.decode()
    good = SimpleUploadedFile("台账.xlsx", workbook(*GOOD))
    assert client.post("/ledger/import/", {"file": good, "source_kind": "self_check"}).status_code == 302
    assert LedgerLine.objects.count() == 2
    junk = SimpleUploadedFile("台账.xlsx", b"not a workbook")
    response = client.post("/ledger/import/", {"file": junk, "source_kind": "self_check"})
    assert response.status_code == 400 and "不是有效的 .xlsx" in response.content.decode()
