"""A member of the public reports online and gets a code; the officer matches, accepts and replies; the public
reads the reply by the code."""

import re

import pytest

from apps.complaints import matching
from apps.complaints.models import Complaint
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _solve(page):
    question = page.locator(".challenge").inner_text()
    a, b = re.findall(r"\d+", question)[:2]
    page.get_by_label("验证问题").fill(str(int(a) + int(b)))


def test_public_report_to_reply_by_receipt_code(page, browser, live_server, demo_data):
    page.goto("/report/")
    page.get_by_role("link", name="填写网上举报").click()
    assert page.title().startswith("网上举报")
    page.get_by_label("涉及学校", exact=True).select_option(label="安溪县凤城中心小学")
    page.get_by_label("涉及单位", exact=True).select_option(label="安溪县公安局")
    page.get_by_label("类别").select_option(label="APP/公众号/打卡")
    page.get_by_label("反映的活动或事项").fill("禁毒知识网上答题<b>")
    page.get_by_label("反映内容").fill("学校要求学生在APP上完成禁毒知识答题并截图。")
    page.get_by_label("联系电话或邮箱（可不填）").fill("13812345678")
    page.get_by_role("checkbox", name=re.compile("我已阅读并同意")).check()
    page.get_by_label("验证问题").fill("999")
    page.get_by_role("button", name="提交举报").click()
    assert "答案不正确" in page.locator("#field-answer .errorlist").inner_text()
    assert not Complaint.objects.filter(activity_text="禁毒知识网上答题<b>").exists()
    _solve(page)
    page.get_by_role("checkbox", name=re.compile("我已阅读并同意")).check()
    page.get_by_role("button", name="提交举报").click()
    code = page.locator("[data-receipt-code]").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    page.screenshot(path="var/screenshots/complaint-receipt.png", full_page=True)
    page.reload()
    assert code not in page.content()

    officer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server.url)
    staff = officer.new_page()
    staff.set_default_timeout(15000)
    login(staff, "jubao")
    staff.get_by_role("navigation", name="主导航").get_by_role("link", name="举报受理").click()
    complaint = Complaint.objects.get(channel="online", activity_text="禁毒知识网上答题<b>")
    staff.get_by_role("link", name=complaint.number).click()
    assert "禁毒知识网上答题<b>" in staff.locator("h1").inner_text()
    assert "138****5678" in staff.locator("[data-reporter]").inner_text()
    proposals = staff.locator(".match-list li")
    assert "禁毒防艾宣传教育" in proposals.first.inner_text()
    staff.get_by_label("白名单内事项，但超出批准的时间、范围或频次").check()
    item = next(i for i in matching.items_for(complaint) if i.name == "禁毒防艾宣传教育")
    staff.get_by_label("对应白名单事项").select_option(value=str(item.pk))
    staff.get_by_label("核对说明").fill("白名单批准的形式为图片展和讲座，不含网上答题")
    staff.get_by_role("button", name="记录核对结果").click()
    assert "核对结果已记录" in staff.locator(".messages").inner_text()
    staff.get_by_role("button", name="受理", exact=True).click()
    assert "已受理" in staff.locator(".messages").inner_text()
    staff.get_by_label("核查结论").select_option(label="属实")
    staff.get_by_label("答复举报人（凭回执码可查看）").fill("经核实，已责令县公安局停止网上答题和截图上报。")
    staff.get_by_role("button", name="答复举报人").click()
    assert "答复已记录" in staff.locator(".messages").inner_text()
    staff.screenshot(path="var/screenshots/complaint-case.png", full_page=True)
    officer.close()

    page.goto("/report/")
    page.get_by_label("回执码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    assert "已答复" in page.locator("#result-h + dl").inner_text()
    assert "已责令县公安局停止网上答题" in page.locator("[data-public-reply]").inner_text()
    assert "13812345678" not in page.content() and "138****5678" not in page.content()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.REPLIED and complaint.matched_item == item
    page.screenshot(path="var/screenshots/complaint-lookup.png", full_page=True)
