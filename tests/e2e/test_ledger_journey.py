"""A report goes to rectification; the school reports measures and results; the bureau verifies and closes out;
the report is replied to with the results, and the public reads the reply by its code."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.accounts.models import Organisation, User
from apps.complaints import services as complaints
from apps.complaints.models import Complaint
from apps.ledger.models import LedgerLine
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, username)
    return context, page


def test_complaint_to_rectification_to_close_out_to_reply(page, browser, live_server, demo_data):
    officer = User.objects.get(username="jubao")
    school = Organisation.objects.get(name="安溪县凤城中心小学")
    complaint, code = complaints.register_complaint(actor=officer, data={
        "channel": "phone", "received_at": timezone.now(), "schools": [school], "category": "app_checkin",
        "department": Organisation.objects.get(name="安溪县公安局"),
        "activity_text": "暑期安全APP打卡", "description": "学校要求学生暑期每天在APP上打卡。"})
    complaint = complaints.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)

    context, staff = _as(browser, live_server, "jubao")
    staff.goto(f"/complaints/{complaint.pk}/")
    panel = staff.locator("#rectification")
    panel.get_by_label("安溪县公安局").uncheck()
    assert panel.get_by_label("安溪县凤城中心小学").is_checked()
    panel.get_by_label("问题", exact=True).fill("要求学生暑期每天APP打卡")
    panel.get_by_label("整改标准").fill("停止打卡要求")
    deadline = timezone.localdate() + dt.timedelta(days=10)
    panel.get_by_label("整改时限").fill(deadline.isoformat())
    panel.get_by_role("button", name="转入整改").click()
    assert "已转入整改台账" in staff.locator(".messages").inner_text()
    line = LedgerLine.objects.get(complaint=complaint)
    assert line.owner == school
    assert "尚未销号" in staff.locator("[data-reply-blockers]").inner_text()

    owner_context, owner = _as(browser, live_server, "xuexiao")
    owner.get_by_role("navigation", name="主导航").get_by_role("link", name="我的整改").click()
    owner.get_by_role("link", name=line.number).click()
    owner.get_by_label("采取的措施").fill("已通知各班停止打卡")
    owner.get_by_label("取得的成效").fill("全校学生不再每天打卡")
    owner.get_by_role("button", name="保存整改进展").click()
    assert "整改进展已保存" in owner.locator(".messages").inner_text()
    owner.get_by_role("button", name="申请销号").click()
    assert "等待核实" in owner.locator(".messages").inner_text()
    owner.screenshot(path="var/screenshots/ledger-owner.png", full_page=True)
    owner_context.close()

    bureau_context, bureau = _as(browser, live_server, "keshi")
    bureau.get_by_role("navigation", name="主导航").get_by_role("link", name="整改台账").click()
    bureau.get_by_role("link", name=line.number).click()
    bureau.get_by_label("核实意见").fill("电话抽查三个班级，已停止打卡")
    bureau.get_by_role("button", name="核实通过，销号").click()
    assert "已核实销号" in bureau.locator(".messages").inner_text()
    bureau.screenshot(path="var/screenshots/ledger-line.png", full_page=True)
    bureau_context.close()

    staff.goto(f"/complaints/{complaint.pk}/")
    assert staff.locator("[data-reply-blockers]").count() == 0
    reply = staff.get_by_label("答复举报人（凭回执码可查看）")
    assert "全校学生不再每天打卡" in reply.input_value()
    staff.get_by_label("核查结论").select_option(label="属实")
    staff.get_by_role("button", name="答复举报人").click()
    assert "答复已记录" in staff.locator(".messages").inner_text()
    context.close()

    page.goto("/report/")
    page.get_by_label("回执码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert "全校学生不再每天打卡" in page.locator("[data-public-reply]").inner_text()
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.REPLIED
