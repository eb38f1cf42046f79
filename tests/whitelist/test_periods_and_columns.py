"""Editions for a 学期, 学年, 年度 or dated range with an editable title; the region's column set."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from apps.whitelist import periods, services
from apps.whitelist.models import EditionChange, PublicationSettings
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db


def test_a_year_list_takes_the_approvals_of_every_term_in_the_year(publisher, approved):
    spring, autumn, other = TermFactory(start_year=2025, semester="2"), TermFactory(start_year=2026, semester="1"), \
        TermFactory(start_year=2026, semester="2")
    approved(term=spring, title="春季防溺水教育")
    approved(term=autumn, title="秋季消防演练")
    approved(term=other, title="次年春季禁毒宣传")
    edition = services.assemble_edition(period=periods.year_period(2026), actor=publisher)
    assert set(edition.items.values_list("name", flat=True)) == {"春季防溺水教育", "秋季消防演练"}
    assert (edition.period_kind, edition.starts_on, edition.ends_on) == ("year", dt.date(2026, 1, 1),
                                                                         dt.date(2026, 12, 31))
    assert edition.term is None and edition.title == "安溪县2026年度中小学社会事务进校园白名单"


def test_a_school_year_and_a_dated_range_have_their_own_titles(publisher):
    year = services.assemble_edition(period=periods.school_year_period(2025), actor=publisher)
    half = services.assemble_edition(period=periods.range_period(dt.date(2025, 7, 1), dt.date(2025, 12, 31),
                                                                 "2025年下半年"), actor=publisher, title="")
    given = services.assemble_edition(period=periods.year_period(2024), actor=publisher,
                                      title="安溪县2024年社会事务进校园白名单")
    assert year.title == "安溪县2025—2026学年中小学社会事务进校园白名单"
    assert half.title == "安溪县2025年下半年中小学社会事务进校园白名单"
    assert given.title == "安溪县2024年社会事务进校园白名单"
    with pytest.raises(ValidationError):
        periods.range_period(dt.date(2025, 7, 1), dt.date(2025, 6, 30))


def test_the_publisher_picks_the_period_on_the_page(client, publisher, approved):
    approved(term=TermFactory(start_year=2026, semester="1"), title="秋季消防演练")
    client.force_login(publisher)
    response = client.post("/whitelist/manage/", {"period_kind": "range", "starts_on": "2026-07-01"})
    assert response.status_code == 200 and "请填写日期" in response.content.decode()
    response = client.post("/whitelist/manage/", {"period_kind": "year", "year": "2026", "title": ""})
    assert response.status_code == 302
    edition = publisher.organisation.region.whitelist_editions.get()
    assert edition.period_label == "2026年度" and edition.items.get().name == "秋季消防演练"


def test_a_title_is_edited_in_draft_and_corrected_with_a_log_line_once_published(
        published, publisher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.rename_edition(edition=published, actor=publisher, title="安溪县2026年秋季学期社会事务进校园白名单",
                                seen_revision=published.revision)
    published.refresh_from_db()
    assert published.title == "安溪县2026年秋季学期社会事务进校园白名单" and published.version == 2
    change = published.changes.get(kind=EditionChange.Kind.CORRECTED)
    assert "更正白名单标题" in change.summary and "原标题" in change.reason
    with pytest.raises(ValidationError):
        services.rename_edition(edition=published, actor=publisher, title="  ", seen_revision=published.revision)


def test_the_regions_columns_drive_page_csv_and_file(client, published, publisher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_columns(actor=publisher, columns=["time_text", "frequency_text", "content"])
    settings = PublicationSettings.objects.get(region=publisher.organisation.region)
    assert settings.columns == ["number", "name", "time_text", "frequency_text", "content"]
    header = next(csv.reader(io.StringIO(
        client.get(f"/whitelist/{published.pk}/items.csv").content.decode("utf-8-sig"))))
    assert header == ["事项类型", "序号", "事项名称", "开展时间", "开展频次", "主要内容"]
    page = client.get(f"/whitelist/{published.pk}/").content.decode()
    assert '<th scope="col">开展频次</th>' in page and '<th scope="col">牵头单位</th>' not in page


def test_status_is_printed_only_for_an_item_not_in_force(client, published, publisher):
    header = next(csv.reader(io.StringIO(
        client.get(f"/whitelist/{published.pk}/items.csv").content.decode("utf-8-sig"))))
    assert "状态" not in header
    item = published.items.get(name="法治教育进校园")
    services.suspend_item(item=item, actor=publisher, reason="整改", seen_revision=item.revision,
                          on=dt.date(2026, 11, 20))
    rows = list(csv.reader(io.StringIO(
        client.get(f"/whitelist/{published.pk}/items.csv").content.decode("utf-8-sig"))))
    status = rows[0].index("状态")
    by_name = {r[2]: r for r in rows[1:]}
    assert by_name["法治教育进校园"][status] == "暂停（2026年11月20日）"
    assert by_name["安全教育进校园"][status] == ""
