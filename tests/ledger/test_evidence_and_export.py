import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from apps.ledger import services
from apps.ledger.models import LedgerLine, LineEvidence
from tests.complaints.test_public import PNG

pytestmark = pytest.mark.django_db


def test_evidence_is_checked_like_an_application_upload(client, open_line, school_owner, other_owner, reviewer):
    line = open_line()
    client.force_login(other_owner)
    good = SimpleUploadedFile("整改照片.png", PNG, content_type="image/png")
    assert client.post(f"/ledger/{line.pk}/evidence/", {"file": good}).status_code == 404
    client.force_login(school_owner)
    bad = SimpleUploadedFile("整改报告.pdf", b"not a pdf at all", content_type="application/pdf")
    client.post(f"/ledger/{line.pk}/evidence/", {"file": bad})
    assert not LineEvidence.objects.exists()
    good = SimpleUploadedFile("整改照片.png", PNG, content_type="image/png")
    client.post(f"/ledger/{line.pk}/evidence/", {"file": good})
    evidence = LineEvidence.objects.get()
    assert evidence.original_name == "整改照片.png"
    client.force_login(reviewer)
    response = client.get(f"/ledger/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    client.force_login(other_owner)
    assert client.get(f"/ledger/evidence/{evidence.pk}/").status_code == 404


def test_export_in_the_004_form_cell_by_cell(client, open_line, reviewer, school_owner, in_days):
    first = open_line(problem="=HYPERLINK(\"http://x\")", owner_person="王校长")
    line = services.report_progress(line=first, actor=school_owner, seen_version=1, measures="+停止打卡",
                                    results="0012")
    line = services.request_close_out(line=line, actor=school_owner, seen_version=line.version)
    services.close_out(line=line, actor=reviewer, seen_version=line.version, opinion="核实")
    late = open_line(problem="周末补课", owner_person="")
    LedgerLine.objects.filter(pk=late.pk).update(deadline=in_days(-3))
    client.force_login(reviewer)
    response = client.get("/ledger/ledger.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["序号", "问题", "采取的措施", "取得的成效", "责任单位", "责任人", "整改时限", "状态", "销号日期"]
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert rows[1] == [1, "周末补课", None, None, "安溪县凤城中心小学", None, f"{in_days(-3):%Y-%m-%d}",
                       "待整改（已超期）", None]
    assert rows[2] == [2, "=HYPERLINK(\"http://x\")", "+停止打卡", "0012", "安溪县凤城中心小学", "王校长",
                       f"{in_days(10):%Y-%m-%d}", "已销号", today]
    for cell in ws[3][1:]:
        assert cell.data_type == "s"  # text stays text: no formula, no number
    assert len(rows) == 3


def test_export_follows_the_filters(client, open_line, reviewer, police):
    open_line(problem="学校问题")
    open_line(problem="公安问题", owner=police)
    client.force_login(reviewer)
    ws = load_workbook(io.BytesIO(client.get(f"/ledger/ledger.xlsx?owner={police.pk}").content)).active
    assert [c.value for c in ws["B"]][1:] == ["公安问题"]
