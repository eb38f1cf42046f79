"""The 登记台账 export: the issue's columns, what people typed written as text cells, never as formulas."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","点我")'


def test_register_columns_and_text_cells(client, officer, registered):
    registered(activity_text=FORMULA, description="+1+1", school_text="@SUM(A1)", reporter_name="-张三")
    client.force_login(officer)
    response = client.get(reverse("complaints:register_xlsx"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    headings = [c.value for c in ws[1]]
    for column in ("序号", "受理时间", "渠道", "涉及学校", "涉及单位", "反映事项", "类别", "白名单核对结果", "办理情况",
                   "状态"):
        assert column in headings
    row = {h: c for h, c in zip(headings, ws[2], strict=True)}
    assert row["反映事项"].value == f"{FORMULA}\n+1+1" and row["反映事项"].data_type == "s"
    assert row["举报人"].value == "-张三" and row["举报人"].data_type == "s"
    assert "@SUM(A1)" in row["涉及学校"].value and row["涉及学校"].data_type == "s"
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    assert row["状态"].value == "已登记" and row["序号"].value == 1


def test_register_follows_the_queue_filters(client, officer, registered):
    registered(channel="phone", activity_text="电话反映")
    registered(channel="letter", activity_text="来信反映")
    client.force_login(officer)
    response = client.get(reverse("complaints:register_xlsx"), {"channel": "letter"})
    ws = load_workbook(io.BytesIO(response.content)).active
    texts = "\n".join(str(c.value) for r in ws.iter_rows(min_row=2) for c in r)
    assert "来信反映" in texts and "电话反映" not in texts
