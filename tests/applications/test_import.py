"""Excel import: the template, a good file, bad rows listed by cell and reason, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.applications.imports import HEADINGS, build_template
from apps.applications.models import Application
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD = {
    "学期": "2027春", "事项类型": "进校园活动", "事项名称": "交通安全教育进校园", "类别": "重要专项工作",
    "子类别": "安全教育", "准入依据类型": "党委政府统一部署的创建活动和重要专项工作",
    "依据文件名称": "关于开展交通安全教育的通知", "依据文件文号": "安公交〔2026〕40号",
    "主要内容": "交警讲解交通安全。",
    "开展形式": "讲座", "面向学段": "小学、初中", "参与对象": "学生", "涉及学校（全部学校填“全部”）": "全部",
    "计划开始日期": "2027-03-01", "计划结束日期": "2027-03-31", "计划次数": 1, "每次时长（分钟）": 40,
    "是否需要教师参与": "否", "内容是否已纳入日常教学": "否", "经费预算（元）": "", "联系人": "张伟",
    "联系电话": "0595-23201110", "是否临时申报": "否", "紧急事由": "",
}


def row(**overrides):
    values = {h: "否" for h in HEADINGS if h.startswith("是否要求") or h.startswith("是否设置")}
    values.update(GOOD)
    values.update(overrides)
    return [values.get(h, "") for h in HEADINGS]


def workbook(*rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADINGS)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def post(client, content, **extra):
    return client.post(reverse("applications:import"),
                       {"file": SimpleUploadedFile("申报表.xlsx", content), **extra}, follow=True)


def test_template_has_the_chinese_headings(client, submitter):
    client.force_login(submitter)
    response = client.get(reverse("applications:import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADINGS
    assert "事项名称" in HEADINGS and "是否要求打卡" in HEADINGS


def test_good_file_becomes_drafts(client, submitter, term):
    client.force_login(submitter)
    second = row(**{"事项名称": "禁毒宣传教育", "涉及学校（全部学校填“全部”）": "全部"})
    response = post(client, workbook(row(), second))
    assert "已导入 2 份申报草稿" in response.content.decode()
    apps = Application.objects.order_by("pk")
    assert [a.title for a in apps] == ["交通安全教育进校园", "禁毒宣传教育"]
    first = apps[0]
    assert (first.status, first.department, first.term, first.target_stages) == (
        "draft", submitter.organisation, term, ["primary", "junior"])
    assert first.demands_checkin is False and str(first.planned_start) == "2027-03-01"


def test_filled_in_template_imports(client, submitter, term):
    wb = load_workbook(io.BytesIO(build_template()))
    wb.worksheets[0].append(row())
    out = io.BytesIO()
    wb.save(out)
    client.force_login(submitter)
    assert "已导入 1 份" in post(client, out.getvalue()).content.decode()


def test_bad_rows_are_listed_with_cell_and_reason_and_nothing_is_imported(client, submitter, term):
    client.force_login(submitter)
    events = AuditEvent.objects.count()
    content = workbook(
        row(),
        row(**{"事项名称": "", "联系电话": "打电话"}),
        row(**{"类别": "随便", "是否要求打卡": "也许"}),
        row(**{"学期": "2019秋", "涉及学校（全部学校填“全部”）": "不存在的学校"}),
    )
    page = post(client, content).content.decode()
    assert Application.objects.count() == 0 and AuditEvent.objects.count() == events
    col = {h: chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26) for i, h in enumerate(HEADINGS)}
    for cell, reason in [
        (f"{col['事项名称']}3", "此项必填"),
        (f"{col['联系电话']}3", "请填写有效的联系电话"),
        (f"{col['类别']}4", "“随便”不是可选项"),
        (f"{col['是否要求打卡']}4", "请填写“是”或“否”"),
        (f"{col['学期']}5", "学期“2019秋”不可选"),
        (f"{col['涉及学校（全部学校填“全部”）']}5", "未找到学校：不存在的学校"),
    ]:
        assert cell in page and reason in page, (cell, reason)


def test_wrong_headings_or_not_a_workbook_are_refused(client, submitter):
    client.force_login(submitter)
    assert "表头与模板不一致" in post(client, _other_headings()).content.decode()
    assert "无法读取该文件" in post(client, b"not a workbook").content.decode()
    assert Application.objects.count() == 0


def _other_headings() -> bytes:
    wb = Workbook()
    wb.active.append(["名称", "内容"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_publisher_imports_on_behalf_of_a_department(client, publisher, department, term):
    client.force_login(publisher)
    page = post(client, workbook(row()), department=department.pk).content.decode()
    assert "已导入 1 份" in page
    app = Application.objects.get()
    assert (app.department, app.created_by) == (department, publisher)


def test_import_is_refused_to_other_roles(client, reviewer, auditor, outsider):
    for user in (reviewer, auditor, outsider):
        client.force_login(user)
        assert client.get(reverse("applications:import")).status_code == 403
        assert client.get(reverse("applications:import_template")).status_code == 403


def test_a_row_with_an_unreadable_cell_shows_its_other_errors_in_the_same_pass(client, submitter, term):
    client.force_login(submitter)
    col = {h: cell_column(i) for i, h in enumerate(HEADINGS)}
    page = post(client, workbook(row(**{"类别": "随便", "是否要求打卡": "也许", "事项名称": "", "联系电话": "打电话",
                                        "参与对象": "路人"}))).content.decode()
    for cell, reason in [
        (f"{col['类别']}2", "“随便”不是可选项"),
        (f"{col['是否要求打卡']}2", "请填写“是”或“否”"),
        (f"{col['参与对象']}2", "“路人”不是可选项"),
        (f"{col['事项名称']}2", "此项必填"),
        (f"{col['联系电话']}2", "请填写有效的联系电话"),
    ]:
        assert cell in page and reason in page, (cell, reason)
    # a cell already reported as unreadable is not reported again as missing
    assert page.count(f"<td data-label=\"单元格\">{col['类别']}2</td>") == 1
    assert page.count(f"<td data-label=\"单元格\">{col['参与对象']}2</td>") == 1
    assert Application.objects.count() == 0


def cell_column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


PROSE = {
    "开展依据（文件名称及文号）": (
        "1.《中华人民共和国未成年人保护法》\n2.《中小学幼儿园安全管理办法》（教育部令第23号）"),
    "牵头单位": "县公安局、县消防救援大队", "开展时间": "2025年4-5月", "开展频次": "每年1-2次",
    "开展地点": "选1所学校，不超过一个年级", "实施范围": "小学、初中、普高、职高", "开展形式": "讲座、报告、专题辅导",
    "主要内容": "消防疏散演练和灭火器使用示范。", "备注": "与“119”消防宣传月合并开展",
}
PROSE_FIELDS = {
    "开展依据（文件名称及文号）": "basis_text", "牵头单位": "lead_units_text", "开展时间": "time_text",
    "开展频次": "frequency_text", "开展地点": "place_text", "实施范围": "scope_text", "开展形式": "form_text",
    "主要内容": "content", "备注": "notes",
}


def test_the_prose_columns_are_kept_as_written_and_the_count_may_stay_empty(client, submitter, term):
    import datetime as dt

    client.force_login(submitter)
    content = workbook(row(**PROSE, **{"计划次数": ""}),
                       row(**{"事项名称": "防溺水教育", "开展时间": dt.datetime(2027, 4, 5), "开展频次": 1,
                              "计划次数": 2.0}))
    assert "已导入 2 份" in post(client, content).content.decode()
    first, second = Application.objects.order_by("pk")
    for heading, name in PROSE_FIELDS.items():
        assert getattr(first, name) == PROSE[heading], heading
    assert first.times_planned is None
    assert (second.time_text, second.frequency_text, second.times_planned) == ("2027年4月5日", "1", 2)


def test_a_sheet_past_the_row_cap_is_refused_without_reading_it_all(client, submitter, term, monkeypatch):
    from apps.applications import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    read = []
    real = imports._cell_values

    def counting(sheet, formulas):
        for values in real(sheet, formulas):
            read.append(values)
            yield values

    monkeypatch.setattr(imports, "_cell_values", counting)
    client.force_login(submitter)
    body = post(client, workbook(*[row(**{"事项名称": f"事项{n}"}) for n in range(50)])).content.decode()
    assert "一次最多导入 3 行" in body and not Application.objects.exists()
    assert len(read) <= 2 * 3 + 2  # stopped at the cap, not at the sheet's end


def test_an_import_whose_zip_declares_a_bomb_is_refused_before_inflating(client, submitter, term, monkeypatch):
    from apps.applications import imports

    def refuse(content, name):
        from django.core.exceptions import ValidationError

        raise ValidationError("压缩炸弹")

    monkeypatch.setattr(imports, "check_zip_bounds", refuse)
    monkeypatch.setattr(imports, "load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))
    client.force_login(submitter)
    assert "压缩炸弹" in post(client, workbook(row())).content.decode()
