"""What is published is what was decided: every public field, word for word, on every surface."""

import csv
import io
import json
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from apps.whitelist import services
from apps.whitelist.models import EditionChange
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# Prose as real lists print it, one value per public field of the application (SPEC §4 "What real lists hold").
PROSE = {
    "title": "“平安校园”法治安全宣传教育活动",
    "lead_units_text": "县公安局、县消防救援大队、县司法局",
    "time_text": "2025年4-5月（“4·15”全民国家安全教育日前后）",
    "frequency_text": "每学年一次",
    "place_text": "选1所学校，不超过一个年级",
    "scope_text": "全县中小学（含普高、职高）",
    "form_text": "讲座、报告、专题辅导",
    "content": "1.宣讲《反有组织犯罪法》；\n2.防范电信网络诈骗；\n3.消防疏散演练。",
    "basis_text": "1.《中华人民共和国禁毒法》（主席令第七十九号）\n2.《关于加强中小学法治教育的通知》",
    "notes": "不得要求学生拍照打卡 & 不得收费 <不布置作业>",
}
# Application field → item field.
ITEM_FIELD = {"title": "name", "lead_units_text": "lead_units"}


def _item_field(name):
    return ITEM_FIELD.get(name, name)


@pytest.fixture
def decided(publisher, approved, term, django_capture_on_commit_callbacks):
    """A published list of one item whose every public field is prose as the department typed it."""
    approved(**PROSE, target_stages=["primary", "junior", "vocational"], times_planned=None,
             frequency_period="school_year")
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.assemble_edition(term=term, actor=publisher)
        edition = services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    edition.refresh_from_db()
    return edition, edition.items.get()


def test_every_public_field_of_the_item_is_the_applications_text(decided):
    _edition, item = decided
    for name, value in PROSE.items():
        assert getattr(item, _item_field(name)) == value, name
    assert item.stages == ["primary", "junior", "vocational"] and item.frequency_period == "school_year"
    assert item.times is None


def test_the_public_pages_show_each_field_as_written(client, decided):
    edition, item = decided
    page = client.get(f"/whitelist/{edition.pk}/").content.decode()
    detail = client.get(f"/whitelist/items/{item.pk}/").content.decode()
    for name in ("title", "lead_units_text", "time_text", "frequency_text", "place_text", "scope_text",
                 "form_text"):
        assert escape(PROSE[name]) in page, name
    for name, value in PROSE.items():
        for line in value.split("\n"):
            assert escape(line) in detail, name
    assert "<不布置作业>" not in detail  # markup typed by a person stays text
    assert "中职" in page  # the structured stages, apart from the scope's own words


def test_the_csv_and_json_carry_each_field_as_written(client, decided):
    edition, item = decided
    body = client.get(f"/whitelist/{edition.pk}/items.csv").content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    cells = dict(zip(header, row, strict=True))
    assert cells["事项名称"] == PROSE["title"] and cells["牵头单位"] == PROSE["lead_units_text"]
    for heading, name in (("开展时间", "time_text"), ("开展频次", "frequency_text"), ("开展地点", "place_text"),
                          ("实施范围", "scope_text"), ("开展形式", "form_text"), ("主要内容", "content"),
                          ("开展依据", "basis_text"), ("备注", "notes")):
        assert cells[heading] == PROSE[name], heading
    assert "状态" not in header and "有效期" not in header  # nothing to say in either column
    data = json.loads(client.get(f"/whitelist/{edition.pk}/items.json").content)
    for name, value in PROSE.items():
        assert data["items"][0][_item_field(name)] == value, name


def test_the_api_carries_each_field_as_written(client, decided):
    edition, item = decided
    found = client.get(f"/api/whitelist/items/{item.pk}/").json()
    for name, value in PROSE.items():
        assert found[_item_field(name)] == value, name
    listed = client.get(f"/api/whitelist/editions/{edition.pk}/").json()
    assert listed["period_label"] == str(edition.term) and listed["period_kind"] == "term"


def test_the_excel_file_carries_each_field_as_written(decided):
    edition, _item = decided
    with default_storage.open(edition.export_name, "rb") as fh:
        rows = list(load_workbook(fh)["白名单"].iter_rows(values_only=True))
    header, row = rows[2], rows[4]
    cells = dict(zip(header, row, strict=True))
    assert cells["事项名称"] == PROSE["title"] and cells["牵头单位"] == PROSE["lead_units_text"]
    for heading, name in (("开展时间", "time_text"), ("开展频次", "frequency_text"), ("开展地点", "place_text"),
                          ("实施范围", "scope_text"), ("开展形式", "form_text"), ("主要内容", "content"),
                          ("开展依据", "basis_text"), ("备注", "notes")):
        assert cells[heading] == PROSE[name], heading
    assert cells["学段"] == "小学、初中、中职"


def test_lead_units_default_to_the_departments_that_applied(publisher, approved, term):
    approved(title="防溺水教育", lead_units_text="", department=OrganisationFactory(name="县水利局"))
    edition = services.assemble_edition(term=term, actor=publisher)
    assert edition.items.get().lead_units == "县水利局"


def test_a_published_item_is_corrected_as_a_dated_public_change(client, decided, publisher,
                                                                 django_capture_on_commit_callbacks):
    edition, item = decided
    with pytest.raises(ValidationError):
        services.update_item_wording(item=item, actor=publisher, seen_revision=item.revision,
                                     frequency_text="每学期一次")
    item.refresh_from_db()
    assert item.frequency_text == PROSE["frequency_text"]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_item_wording(item=item, actor=publisher, seen_revision=item.revision,
                                     reason="原表述有误，以县教育局批复为准", frequency_text="每学年1-2次")
    item.refresh_from_db()
    edition.refresh_from_db()
    assert item.frequency_text == "每学年1-2次" and edition.version == 2 and edition.export_version == 2
    change = edition.changes.get(kind=EditionChange.Kind.CORRECTED)
    assert "开展频次" in change.summary and change.reason == "原表述有误，以县教育局批复为准"
    log = client.get(f"/whitelist/{edition.pk}/changes/").content.decode()
    assert "更正事项" in log and "原表述有误" in log


def test_the_correction_page_asks_for_a_reason_once_published(client, decided, publisher):
    _edition, item = decided
    client.force_login(publisher)
    form = {name: getattr(item, name) for name in services.WORDING_FIELDS} | {"revision": item.revision}
    response = client.post(f"/whitelist/manage/items/{item.pk}/edit/", {**form, "time_text": "全年"})
    assert response.status_code == 200 and "须说明更正原因" in response.content.decode()
    item.refresh_from_db()
    assert item.time_text == PROSE["time_text"]
    response = client.post(f"/whitelist/manage/items/{item.pk}/edit/",
                           {**form, "time_text": "全年", "reason": "按批复更正"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.time_text == "全年"
