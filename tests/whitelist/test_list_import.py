"""Importing a list a bureau already published: every shape cell for cell, groups understood, every problem at once
with its cell and nothing written, the dry run and confirmation, who may import where, and the round trip through
the public CSV, JSON and .xlsx."""

import csv
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from apps.audit.models import AuditEvent
from apps.whitelist import caching, list_import
from apps.whitelist.list_import import ListProblems, field_for_heading, import_list, parse_list
from apps.whitelist.models import EditionChange, ExportRun, WhitelistEdition, WhitelistItem
from apps.whitelist.periods import range_period, year_period
from tests.factories import BureauFactory, RegionFactory, publisher_user

from . import list_shapes
from .list_shapes import FIELDS

pytestmark = pytest.mark.django_db
PERIOD = year_period(2025)


def _items(edition) -> list[WhitelistItem]:
    return list(edition.items.order_by("pk"))  # file order


def _as_written(item: WhitelistItem) -> dict:
    return {"item_type": item.item_type, "group_label": item.group_label, **{f: getattr(item, f) for f in FIELDS}}


def _import(publisher, shape, **kwargs):
    kwargs.setdefault("period", PERIOD)
    return import_list(actor=publisher, content=shape.content, filename=shape.filename, **kwargs)


@pytest.fixture
def neighbour(db):
    """The publisher of the neighbouring county."""
    region = RegionFactory(code="350525", name="永春县")
    return publisher_user(username="yongchun", organisation=BureauFactory(name="永春县教育局", region=region))


# == each shape, cell for cell ==
SHAPE_IDS = ["county", "city", "names", "province", "province-gb18030"]


@pytest.mark.parametrize("shape", list_shapes.all_shapes(), ids=SHAPE_IDS)
def test_each_shape_imports_every_cell_as_written(publisher, shape, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edition = _import(publisher, shape)
    assert (edition.is_imported, edition.source_name, edition.title) == (True, shape.filename, shape.title)
    assert (edition.region, edition.period_kind, edition.period_label) == (
        publisher.organisation.region, "year", "2025年度")
    items = _items(edition)
    assert len(items) == len(shape.expected)
    for item, expected in zip(items, shape.expected, strict=True):
        assert _as_written(item) == expected, item.name
        assert (item.category, item.stages, item.status) == ("other", [], "in_force")


def test_numbers_run_per_item_type_in_file_order_and_keep_the_written_number(publisher):
    items = _items(_import(publisher, list_shapes.county_list()))
    assert [(i.item_type, i.number, i.number_text) for i in items] == [
        ("activity", 1, "1"), ("activity", 2, "2"), ("activity", 3, "3"), ("inspection", 1, "1")]
    names = _items(_import(publisher, list_shapes.names_only_list(), period=year_period(2024)))
    assert [(i.number, i.number_text, i.number_label) for i in names] == [(1, "", "1"), (2, "", "2"), (3, "", "3")]


def test_prose_is_kept_with_its_inner_line_breaks_and_dates_as_written(publisher):
    county = {i.name: i for i in _items(_import(publisher, list_shapes.county_list()))}
    assert county["防溺水安全教育进校园"].basis_text == (
        "1.《中华人民共和国未成年人保护法》\n2.《中小学幼儿园安全管理办法》（教育部令第23号）")
    assert county["法治副校长讲授法治课"].time_text == "2025年4月5日"
    assert county["消防安全宣传进校园"].place_text == "选1所学校，不超过一个年级"
    assert county["学校安全工作专项督导检查"].frequency_text == "1"
    city = {i.name: i for i in _items(_import(publisher, list_shapes.city_list(), period=year_period(2024)))}
    assert city["文明城市创建宣传"].time_text == "2025年10月"  # the spaces around the cell go, nothing else
    assert city["“平安校园”禁毒教育"].lead_units == "市禁毒办\n市教育局"


# == group rows ==
def test_group_rows_set_the_group_and_an_inspection_heading_sets_the_item_type(publisher):
    items = _items(_import(publisher, list_shapes.county_list()))
    assert [(i.group_label, i.item_type) for i in items] == [
        ("一、安全教育类", "activity"), ("一、安全教育类", "activity"), ("二、法治教育类", "activity"),
        ("三、督查检查评比考核事项", "inspection")]
    province = _items(_import(publisher, list_shapes.province_csv(), period=year_period(2024)))
    assert [(i.group_label, i.item_type) for i in province] == [
        ("（一）进校园活动", "activity"), ("（一）进校园活动", "activity"),
        ("（二）督查检查评比考核事项", "inspection")]


def test_an_ungrouped_list_takes_the_item_type_from_its_column(publisher):
    items = _items(_import(publisher, list_shapes.city_list()))
    assert [(i.item_type, i.group_label) for i in items] == [("activity", ""), ("activity", ""), ("inspection", "")]


@pytest.mark.parametrize("heading, field", [
    ("序号", "number_text"), ("活动（事项）名称", "name"), ("活动(事项)名称", "name"), ("事 项 名 称", "name"),
    ("牵头（实施、主办）单位", "lead_units"), ("主办单位", "lead_units"), ("县直责任部门", "lead_units"),
    ("开展时间", "time_text"), ("开展地点", "place_text"), ("实施（对象）范围", "scope_text"),
    ("开展频次", "frequency_text"), ("活动主要内容", "content"), ("开展形式（方式）", "form_text"),
    ("开展方式", "form_text"), ("开展依据（文件名称及文号）", "basis_text"), ("有效期", "validity_text"),
    ("备注", "notes"), ("事项类型", "item_type"), ("类别", "group_label"), ("奇怪的列", None),
])
def test_headings_are_matched_by_their_common_names(heading, field):
    assert field_for_heading(heading) == field


# == publication, draft, audit, export, cache ==
def test_a_published_import_is_version_one_with_a_change_line_an_audit_event_and_an_export(
        publisher, django_capture_on_commit_callbacks):
    before = caching.generation()
    with django_capture_on_commit_callbacks(execute=True):
        edition = _import(publisher, list_shapes.county_list())
    edition.refresh_from_db()
    assert (edition.status, edition.version) == ("published", 1) and edition.published_at is not None
    change = edition.changes.get()
    assert (change.kind, change.version, change.summary) == (
        EditionChange.Kind.IMPORTED, 1, "导入既有清单（某县2025年白名单.xlsx），共 4 项")
    event = AuditEvent.objects.get(action="whitelist.import")
    assert event.data["items"] == 4 and event.data["file"] == "某县2025年白名单.xlsx"
    assert ExportRun.objects.filter(edition=edition, status=ExportRun.Status.DONE).count() == 1
    assert edition.export_name
    assert caching.generation() > before
    assert set(edition.items.values_list("added_in_version", flat=True)) == {1}


def test_a_draft_import_waits_for_publication(publisher):
    edition = _import(publisher, list_shapes.county_list(), publish=False, title="  某县2025年白名单（导入稿）  ")
    assert (edition.status, edition.version, edition.title) == ("draft", 0, "某县2025年白名单（导入稿）")
    assert not edition.changes.exists() and not edition.export_runs.exists()
    from apps.whitelist.services import publish_edition

    published = publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    assert (published.status, published.version, published.items.count()) == ("published", 1, 4)


def test_a_list_without_a_title_row_gets_the_generated_title(publisher):
    shape = list_shapes.Shape("bare", "无标题.csv", "序号,事项名称\n1,防诈骗宣传\n".encode(), "")
    assert _import(publisher, shape).title == "安溪县2025年度中小学社会事务进校园白名单"


# == problems ==
def _problem_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["某县白名单"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "活动名称", "牵头单位", "主办单位", "开展时间", "奇怪的列", "事项类型"])
    ws.append([1, "防溺水教育", "县教育局", "县教育局", "全年", "", "进校园活动"])
    ws.append([2, "", "县公安局", "", "全年", "", ""])
    ws.append([3, "消防演练", "=A1&B1", "", "全年", "", ""])
    ws.append([4, "长" * 201, "县司法局", "", "全年", "", "随便"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_every_problem_is_reported_at_once_with_its_cell_and_nothing_is_written(publisher):
    events = AuditEvent.objects.count()
    with pytest.raises(ListProblems) as caught:
        import_list(actor=publisher, period=PERIOD, content=_problem_workbook(), filename="有问题.xlsx")
    messages = caught.value.messages
    for expected in [
        "D2：表头“主办单位”与 C2“牵头单位”重复（都对应“牵头单位”）",
        "F2：无法识别的表头“奇怪的列”",
        "B4：事项名称为空。",
        "C5：是公式，请改为直接填写文字。",
        "B6：事项名称超过 200 字（共 201 字）。",
        "G6：事项类型“随便”无法识别",
    ]:
        assert any(m.startswith(expected) for m in messages), (expected, messages)
    assert len(messages) == 6
    assert not WhitelistEdition.objects.exists() and not WhitelistItem.objects.exists()
    assert AuditEvent.objects.count() == events


def test_characters_xml_cannot_hold_are_reported_by_cell():
    content = "序号,事项名称,备注\n1,防诈骗\x0b宣传,\n2,禁毒教育,见\x07附件\n".encode()
    problems = [str(p) for p in parse_list(content, "清单.csv").problems]
    assert problems == ["B2：含有无法保存的控制字符，请删除后再导入。", "C3：含有无法保存的控制字符，请删除后再导入。"]


def test_a_list_without_a_name_column_or_a_heading_row_is_refused():
    assert [str(p) for p in parse_list("序号,牵头单位\n1,县公安局\n".encode(), "a.csv").problems] == [
        "第1行：没有“事项名称”列（表头应如“事项名称”“活动名称”）。"]
    assert "没有找到表头行" in str(parse_list("甲,乙\n1,2\n".encode(), "a.csv").problems[0])


def test_a_file_that_is_no_list_is_refused():
    def first(content, name):
        return str(parse_list(content, name).problems[0])

    assert "不是有效的 .xlsx 工作簿" in first(b"PK\x03\x04 broken", "a.xlsx")
    assert "不是有效的 .xlsx 工作簿" in first(b"hello", "a.xlsx")
    assert "旧版 .xls" in first(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "a.xls")
    assert "只能导入 .xlsx 或 .csv" in first(b"%PDF-1.4", "a.pdf")
    assert "文件是空的" in first(b"", "a.csv")


def test_a_file_too_big_or_too_long_is_refused(monkeypatch):
    monkeypatch.setattr(list_import, "MAX_BYTES", 100)
    assert "文件超过" in str(parse_list(b"x" * 101, "a.csv").problems[0])
    monkeypatch.setattr(list_import, "MAX_BYTES", 5 * 1024 * 1024)
    monkeypatch.setattr(list_import, "MAX_ROWS", 3)
    rows = "".join(f"{n},事项{n}\n" for n in range(1, 10))
    parsed = parse_list(("序号,事项名称\n" + rows).encode(), "a.csv")
    assert len(parsed.rows) == 3
    assert [str(p) for p in parsed.problems] == ["第5行：一份清单最多导入 3 项，以下各行未读取。"]


def test_a_gb18030_csv_reads_like_utf8():
    utf8, gbk = list_shapes.province_csv(), list_shapes.province_csv("gb18030")
    assert utf8.content != gbk.content
    assert [r.values for r in parse_list(gbk.content, gbk.filename).rows] == [
        r.values for r in parse_list(utf8.content, utf8.filename).rows]


# == periods and regions ==
def test_a_second_list_for_the_same_period_is_refused(publisher):
    _import(publisher, list_shapes.county_list())
    with pytest.raises(ValidationError) as caught:
        _import(publisher, list_shapes.names_only_list())
    assert "已有2025年度的白名单" in caught.value.message_dict["period_kind"][0]
    assert WhitelistEdition.objects.count() == 1
    other = _import(publisher, list_shapes.names_only_list(), period=range_period(
        PERIOD.starts_on.replace(month=7), PERIOD.ends_on, "2025年下半年"))
    assert (other.period_kind, other.period_label) == ("range", "2025年下半年")


def test_only_a_publisher_imports_and_only_into_the_region_of_its_organisation(publisher, neighbour, reviewer):
    with pytest.raises(PermissionDenied):
        _import(reviewer, list_shapes.county_list())
    with pytest.raises(PermissionDenied):
        _import(neighbour, list_shapes.county_list(), region=publisher.organisation.region)
    mine = _import(neighbour, list_shapes.county_list())
    assert mine.region == neighbour.organisation.region != publisher.organisation.region
    theirs = _import(publisher, list_shapes.county_list())  # the same period in another region is no duplicate
    assert theirs.region == publisher.organisation.region
    assert not WhitelistEdition.objects.filter(region=publisher.organisation.region, created_by=neighbour).exists()


# == the page ==
def _post(client, shape, **data):
    data = {"period_kind": "year", "year": "2025", "publish": "1", "action": "check", **data}
    if shape is not None:
        data["file"] = SimpleUploadedFile(shape.filename, shape.content)
    return client.post(reverse("whitelist:import"), data)


def test_the_page_is_for_publishers_only(client, publisher, reviewer, submitter):
    assert client.get(reverse("whitelist:import")).status_code == 302  # to the login page
    for user in (reviewer, submitter):
        client.force_login(user)
        assert client.get(reverse("whitelist:import")).status_code == 403
        assert _post(client, list_shapes.county_list()).status_code == 403
    client.force_login(publisher)
    page = client.get(reverse("whitelist:import")).content.decode()
    assert "导入既有清单" in page and 'type="file"' in page
    assert reverse("whitelist:import") in client.get(reverse("whitelist:manage")).content.decode()
    assert not WhitelistEdition.objects.exists()


def test_the_dry_run_shows_what_it_understood_then_the_confirmation_imports(client, publisher):
    client.force_login(publisher)
    response = _post(client, list_shapes.county_list())
    page = response.content.decode()
    assert "检查结果：可以导入" in page and "确认导入" in page
    for text in ["活动名称", "活动主要内容", "一、安全教育类", "三、督查检查评比考核事项", "进校园活动 3 项",
                 "督查检查评比考核 1 项", "某县2025年社会事务进校园白名单", "选1所学校，不超过一个年级"]:
        assert text in page, text
    assert not WhitelistEdition.objects.exists()
    confirm = response.context["confirm"].data.copy()
    confirm["action"] = "confirm"
    done = client.post(reverse("whitelist:import"), confirm)
    edition = WhitelistEdition.objects.get()
    assert done.status_code == 302 and done.url == reverse("whitelist:manage_edition", args=[edition.pk])
    assert (edition.is_imported, edition.items.count(), edition.status) == (True, 4, "published")
    landing = client.get(done.url).content.decode()
    assert "防溺水安全教育进校园" in landing and "已导入“某县2025年社会事务进校园白名单”，共 4 项。" in landing
    listing = client.get(reverse("whitelist:manage")).content.decode()
    assert f'title="{edition.source_name}">导入</span>' in listing


def test_a_term_list_is_imported_as_a_draft_with_the_title_given(client, publisher, term):
    client.force_login(publisher)
    response = _post(client, list_shapes.city_list(), period_kind="term", term=str(term.pk), publish="0",
                     title="某市本学期白名单")
    assert "检查结果：可以导入" in response.content.decode()
    confirm = response.context["confirm"].data.copy()
    confirm["action"] = "confirm"
    client.post(reverse("whitelist:import"), confirm)
    edition = WhitelistEdition.objects.get()
    assert (edition.period_kind, edition.term, edition.starts_on, edition.ends_on) == (
        "term", term, term.starts_on, term.ends_on)
    assert (edition.status, edition.title, edition.items.count()) == ("draft", "某市本学期白名单", 3)


def test_the_page_lists_every_problem_by_cell_and_imports_nothing(client, publisher):
    client.force_login(publisher)
    shape = list_shapes.Shape("bad", "有问题.xlsx", _problem_workbook(), "")
    page = _post(client, shape).content.decode()
    assert "6 处问题，未导入任何事项" in page
    for cell, reason in [("B4", "事项名称为空"), ("C5", "是公式"), ("D2", "重复"), ("G6", "无法识别")]:
        assert f"<td data-label=\"单元格\">{cell}</td>" in page and reason in page
    assert "确认导入" not in page
    # a confirmation forged around the dry run still goes through every check
    forged = {"period_kind": "year", "year": "2025", "publish": "1", "action": "confirm",
              "content": __import__("base64").b64encode(shape.content).decode(), "filename": shape.filename}
    assert "6 处问题" in client.post(reverse("whitelist:import"), forged).content.decode()
    assert not WhitelistEdition.objects.exists()


def test_the_period_fields_are_checked_beside_the_field(client, publisher):
    client.force_login(publisher)
    page = _post(client, list_shapes.county_list(), period_kind="term").content.decode()
    assert "请选择学期。" in page
    page = _post(client, list_shapes.county_list(), period_kind="range").content.decode()
    assert page.count("请填写日期。") == 2
    page = _post(client, None).content.decode()
    assert "请选择要导入的清单文件。" in page
    _import(publisher, list_shapes.county_list())
    page = _post(client, list_shapes.city_list()).content.decode()
    assert "已有2025年度的白名单" in page and WhitelistEdition.objects.count() == 1


def test_a_neighbouring_publisher_cannot_see_the_imported_list_and_imports_into_its_own_region(
        client, publisher, neighbour):
    edition = _import(publisher, list_shapes.county_list(), publish=False)
    client.force_login(neighbour)
    assert client.get(reverse("whitelist:manage_edition", args=[edition.pk])).status_code == 404
    assert edition.title not in client.get(reverse("whitelist:manage")).content.decode()
    response = _post(client, list_shapes.county_list())
    confirm = response.context["confirm"].data.copy()
    confirm["action"] = "confirm"
    client.post(reverse("whitelist:import"), confirm)
    assert WhitelistEdition.objects.get(created_by=neighbour).region.name == "永春县"


# == round trip: import → published → public CSV, JSON and .xlsx, cell for cell ==
HEADING_FIELD = {
    "序号": "number_label", "事项名称": "name", "牵头单位": "lead_units", "开展时间": "time_text",
    "开展地点": "place_text", "实施范围": "scope_text", "开展频次": "frequency_text", "主要内容": "content",
    "开展形式": "form_text", "开展依据": "basis_text", "有效期": "validity_text", "备注": "notes",
}


def _expected_public(item: dict) -> dict:
    values = {f: v for f, v in item.items() if f in FIELDS and f != "number_text"}
    return values


@pytest.mark.parametrize("shape", list_shapes.all_shapes()[:4], ids=SHAPE_IDS[:4])
def test_an_imported_list_round_trips_through_the_public_csv_json_and_xlsx(client, publisher, shape,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edition = _import(publisher, shape)
    items = _items(edition)
    by_name = {i.name: i for i in items}
    response = client.get(reverse("whitelist:items_csv", args=[edition.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    headings, body = rows[0], rows[1:]
    assert len(body) == len(shape.expected)
    compared = set()
    for cells in body:
        row = dict(zip(headings, cells, strict=True))
        item = by_name[row["事项名称"]]
        expected = {**_expected_public(_as_written(item)), "number_label": item.number_label}
        for heading, value in row.items():
            if heading in HEADING_FIELD:
                assert value == expected[HEADING_FIELD[heading]], (heading, value)
                compared.add(HEADING_FIELD[heading])
    written = {f for e in shape.expected for f, v in e.items() if v and f in FIELDS and f != "number_text"}
    assert written == compared - {"number_label"}, written ^ compared
    # every expected cell equals what was imported, so the CSV equals the file
    for item, expected in zip(items, shape.expected, strict=True):
        assert _as_written(item) == expected

    _compare_xlsx(client, edition, by_name, written)

    data = json.loads(client.get(reverse("whitelist:items_json", args=[edition.pk])).content)
    assert len(data["items"]) == len(shape.expected)
    for entry in data["items"]:
        expected = next(e for e in shape.expected if e["name"] == entry["name"])
        shown = {f: entry[f] for f in FIELDS if f in entry}
        assert shown == {f: expected[f] for f in shown}
        assert set(FIELDS) - set(shown) == set()


def test_a_numeral_in_the_number_column_beside_a_heading_is_a_group_row():
    content = ("序号,事项名称,牵头单位\n一,安全教育类,\n1,防溺水教育,县教育局\n"
               "（二）,督查检查评比考核事项,\n1,安全检查,县教育局\n")
    rows = parse_list(content.encode(), "a.csv").rows
    assert [(r.group_label, r.item_type, r.values["name"]) for r in rows] == [
        ("一、安全教育类", "activity", "防溺水教育"), ("（二）督查检查评比考核事项", "inspection", "安全检查")]


def test_text_under_no_known_heading_is_reported_once_per_column():
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "开展时间", None, "", "怪列"])
    ws.merge_cells("C1:D1")  # a heading over two columns: the second column's text has no field to go to
    ws.append([1, "防溺水教育", "4月", "5月", "多出的字", "x"])
    ws.append([2, "禁毒教育", "6月", "7月", "", "y"])
    out = io.BytesIO()
    wb.save(out)
    problems = [str(p) for p in parse_list(out.getvalue(), "a.xlsx").problems]
    assert problems[0].startswith("F1：无法识别的表头“怪列”")
    assert problems[1:] == ["D2：D 列没有可识别的表头，该列内容无法导入；请补上表头或删除该列内容。",
                            "E2：E 列没有可识别的表头，该列内容无法导入；请补上表头或删除该列内容。"]


def _compare_xlsx(client, edition, by_name, written) -> None:
    """The published .xlsx: under each heading the cell as written (cells read as text, as a reader sees them)."""
    from openpyxl import load_workbook

    from apps.whitelist.list_import import cell_text

    response = client.get(reverse("whitelist:export", args=[edition.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = [[cell_text(c) for c in r] for r in sheet.iter_rows(values_only=True)]
    headings = next(r for r in rows if "事项名称" in r)
    name_at = headings.index("事项名称")
    seen, compared = set(), set()
    for cells in rows:
        item = by_name.get(cells[name_at]) if len(cells) > name_at else None
        if item is None:
            continue  # title, headings, group rows
        seen.add(item.name)
        expected = {**_expected_public(_as_written(item)), "number_label": item.number_label}
        for heading, value in zip(headings, cells, strict=False):
            if heading in HEADING_FIELD:
                assert value == expected[HEADING_FIELD[heading]], (heading, value)
                compared.add(HEADING_FIELD[heading])
    assert seen == set(by_name)
    assert written == compared - {"number_label"}, written ^ compared
