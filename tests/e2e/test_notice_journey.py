"""Issue 12's journey: a draft cannot be published without notice → an objection during notice reaches the
publisher → the publisher answers → the objector reads the answer by its code → the edition publishes after the
notice."""

import datetime as dt
import os

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved_items(transactional_db):
    from django.utils import timezone

    from apps.accounts import demo as accounts_demo
    from apps.accounts.models import Organisation
    from apps.applications.terms import term_for_date
    from tests.factories import TermFactory, approved_application

    with open(os.devnull, "w") as devnull:
        accounts_demo.seed(devnull)
    key = term_for_date(timezone.localdate())
    term = TermFactory(start_year=key.start_year, semester=key.semester)
    police = Organisation.objects.get(name="安溪县公安局")
    approved_application(term=term, department=police, title="禁毒防艾宣传教育", subcategory="anti_drug_aids")
    approved_application(term=term, department=police, title="交通安全知识讲座", subcategory="safety")
    return term


def test_notice_objection_answer_and_publication(page, browser, live_server, approved_items):
    from django.utils import timezone

    from apps.whitelist.models import WhitelistEdition

    login(page, "fabu")
    page.goto("/whitelist/manage/")
    page.get_by_role("button", name="汇编草稿").click()
    page.wait_for_url("**/whitelist/manage/*/")
    edition_url = page.url
    # Public notice is on by default: the draft offers no publication, only the notice.
    assert page.get_by_role("button", name="正式发布（第 1 版）").count() == 0
    assert page.get_by_text("本地区发布前须公示").is_visible()
    page.get_by_label("公示天数").fill("5")
    page.get_by_role("button", name="开始公示").click()
    page.get_by_text("白名单已进入公示").wait_for()
    assert page.get_by_role("button", name="正式发布（第 1 版）").count() == 0
    edition = WhitelistEdition.objects.get()
    assert edition.status == "notice"

    # A parent objects during the notice and keeps the code.
    visitor_context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    visitor = visitor_context.new_page()
    visitor.goto(f"/whitelist/{edition.pk}/")
    visitor.get_by_label("异议内容").fill("交通安全知识讲座与课堂教学内容重复")
    visitor.get_by_label("姓名（可不填）").fill("王家长")
    visitor.get_by_role("button", name="提交异议").click()
    visitor.get_by_role("heading", name="异议已提交").wait_for()
    code = visitor.locator("[data-objection-code]").inner_text().strip()
    assert len(code) == 14

    # It reaches the publisher's inbox at once; the publisher answers it.
    page.goto("/notifications/")
    page.get_by_role("button", name=f"《{edition.title}》收到公示期异议").click()
    page.wait_for_url("**/whitelist/manage/*/**")
    objections = page.locator("#objections")
    assert objections.get_by_text("交通安全知识讲座与课堂教学内容重复").is_visible()
    objections.get_by_label("不予采纳").check()
    objections.get_by_label("答复", exact=True).fill("该讲座讲授交通安全常识，不属于课堂教学内容，予以保留。")
    objections.get_by_role("button", name="答复").click()
    page.get_by_text("已答复该异议").wait_for()

    # The objector reads the answer by the code.
    visitor.goto("/whitelist/objections/lookup/")
    visitor.get_by_label("异议查询码").fill(code)
    visitor.get_by_role("button", name="查询").click()
    answer = visitor.locator(".wl-objection-answer")
    answer.get_by_text("不予采纳").wait_for()
    assert answer.get_by_text("不属于课堂教学内容").is_visible()

    # The notice ends; now the edition can be published.
    today = timezone.localdate()
    WhitelistEdition.objects.filter(pk=edition.pk).update(notice_starts_on=today - dt.timedelta(days=5),
                                                          notice_ends_on=today - dt.timedelta(days=1))
    page.goto(edition_url)
    page.get_by_role("button", name="正式发布（第 1 版）").click()
    page.get_by_text("白名单已发布").wait_for()
    assert WhitelistEdition.objects.get(pk=edition.pk).status == "published"

    visitor.goto(f"/whitelist/{edition.pk}/")
    answered = visitor.locator(".wl-answered-objections")
    assert answered.get_by_text("予以保留").is_visible()
    assert visitor.get_by_text("王家长").count() == 0
    visitor_context.close()
