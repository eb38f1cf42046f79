"""The publisher publishes the whitelist; a visitor without an account filters it, opens an item, downloads it."""

import os

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved_items(transactional_db):
    from django.utils import timezone

    from apps.accounts import demo as accounts_demo
    from apps.accounts.models import Organisation
    from apps.applications.terms import term_for_date
    from tests.factories import TermFactory, approved_application, publishes_without_notice

    with open(os.devnull, "w") as devnull:
        accounts_demo.seed(devnull)
    # This county publishes without public notice (the default is notice first: tests/e2e/test_notice_journey.py).
    publishes_without_notice(Organisation.objects.get(name="安溪县公安局").region)
    key = term_for_date(timezone.localdate())
    term = TermFactory(start_year=key.start_year, semester=key.semester)
    police = Organisation.objects.get(name="安溪县公安局")
    fire = Organisation.objects.get(name="安溪县消防救援大队")
    approved_application(term=term, department=police, title="禁毒防艾宣传教育", subcategory="anti_drug_aids",
                         target_stages=["junior", "senior"])
    approved_application(term=term, department=fire, title="消防安全演练", subcategory="fire", form="drill")
    approved_application(term=term, department=fire, title="学校消防安全检查", item_type="inspection",
                         category="other", subcategory="inspection", form="inspection")
    return term


def test_publisher_publishes_and_a_visitor_filters_opens_and_downloads(page, phone_page, approved_items, tmp_path):
    login(page, "fabu")
    page.get_by_role("link", name="白名单发布").first.click()
    page.get_by_role("button", name="汇编草稿").click()
    page.wait_for_url("**/whitelist/manage/*/")
    assert page.get_by_role("cell", name="禁毒防艾宣传教育", exact=True).first.is_visible()
    page.get_by_role("link", name="预览公开页面").click()
    assert page.get_by_text("预览：以下为公众将看到的页面").is_visible()
    page.go_back()
    page.get_by_role("button", name="正式发布（第 1 版）").click()
    page.get_by_text("白名单已发布").wait_for()
    assert page.locator("#export-status").get_by_text("已完成").is_visible()

    visitor = phone_page
    visitor.goto("/")
    visitor.get_by_role("link", name="查看公开白名单").click()
    visitor.get_by_role("heading", level=1).filter(has_text="中小学社会事务进校园白名单").wait_for()
    assert visitor.get_by_role("link", name="消防安全演练").is_visible()
    visitor.get_by_label("事项类型").select_option(label="督查检查评比考核")
    visitor.get_by_role("button", name="筛选").click()
    visitor.wait_for_url("**item_type=inspection**")
    assert visitor.get_by_role("link", name="学校消防安全检查").is_visible()
    assert visitor.get_by_role("link", name="消防安全演练").count() == 0
    visitor.get_by_label("事项类型").select_option(label="全部")
    visitor.get_by_label("牵头单位").select_option(label="县公安局")
    visitor.get_by_role("button", name="筛选").click()
    visitor.get_by_role("link", name="禁毒防艾宣传教育").click()
    visitor.get_by_role("heading", name="禁毒防艾宣传教育").wait_for()
    assert visitor.get_by_text("县公安局").first.is_visible()
    visitor.get_by_role("link", name="中小学社会事务进校园白名单").click()
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="下载 Excel").click()
    saved = tmp_path / "whitelist.xlsx"
    download.value.save_as(saved)
    ws = load_workbook(saved)["白名单"]
    assert ws["A1"].value.endswith("中小学社会事务进校园白名单")
    names = [ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)]
    assert {"禁毒防艾宣传教育", "消防安全演练", "学校消防安全检查"} <= set(names)
