"""A department records a visit and prints its permit; the school checks it on a phone and confirms it; the
bureau's year-end evaluation suspends the item; the permit of its next visit then checks as suspended."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.visits import services
from apps.visits.models import Visit
from tests.e2e.conftest import login
from tests.visits.conftest import visit_data, world  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-123456"


def _as(browser, live_server, username, **options):
    options = {"viewport": {"width": 1280, "height": 900}, **options}
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **options)
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, username, PASSWORD)
    return context, page


def test_record_print_check_confirm_evaluate_suspend(browser, live_server, world):  # noqa: F811
    today = timezone.localdate()
    context, department = _as(browser, live_server, "gongan")
    department.goto("/visits/new/")
    department.get_by_label("白名单事项").select_option(str(world.item.pk))
    department.get_by_label("学校", exact=True).select_option(str(world.school.pk))
    department.get_by_label("进校日期").fill(today.isoformat())
    department.get_by_label("开始时间").fill("09:30")
    department.get_by_label("学生", exact=True).check()
    department.get_by_label("参与人数").fill("300")
    department.get_by_label("时长（分钟）").fill("45")
    department.get_by_label("带队负责人").fill("张伟")
    department.get_by_role("button", name="登记并生成凭证").click()
    assert "请打印进校园凭证" in department.locator(".messages").inner_text()
    department.locator("[data-print-permit]").click()
    code = department.locator("[data-permit-code]").inner_text().strip()
    assert department.locator(".permit-qr svg").count() == 1
    visit = Visit.objects.get()
    assert code == visit.code_display
    context.close()
    later = services.record_visit(actor=world.submitter,
                                  data=visit_data(world, date=today + dt.timedelta(days=7)))

    phone = dict(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    context, school = _as(browser, live_server, "xuexiao", **phone)
    school.goto("/")
    school.goto(f"/check/?code={visit.code}")  # as the QR code leads
    assert school.locator("[data-verdict]").get_attribute("data-verdict") == "valid"
    assert school.evaluate("document.documentElement.scrollWidth") <= 390
    school.get_by_role("link", name="确认开展、拒绝进校或反映问题").click()
    school.get_by_role("button", name="确认已开展").click()
    assert "已确认该活动已开展" in school.locator(".messages").inner_text()
    visit.refresh_from_db()
    assert visit.status == "confirmed"
    context.close()

    context, bureau = _as(browser, live_server, "fabu")
    bureau.goto("/evaluations/")
    bureau.get_by_role("button", name="发起年终评估").click()
    section = bureau.locator(f"#item-{world.item.pk}")
    assert section.locator("[data-confirmed]").inner_text() == "1"
    section.get_by_label("评估结论").select_option("suspend")
    section.get_by_label("理由").fill("学校普遍反映负担重，暂停整改")
    section.get_by_role("button", name="记录评估结论").click()
    assert "已记录" in bureau.locator(".messages").inner_text()
    world.item.refresh_from_db()
    assert world.item.status == "suspended"
    bureau.goto(f"/whitelist/{world.edition.pk}/changes/")
    assert "学校普遍反映负担重" in bureau.content()
    context.close()

    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **phone)
    gate = context.new_page()
    gate.goto("/check/")
    gate.get_by_label("凭证编码").fill(later.code_display)
    gate.get_by_role("button", name="核验").click()
    assert gate.locator("[data-verdict]").get_attribute("data-verdict") == "suspended"
    assert "已暂停" in gate.locator(".verdict").inner_text()
    context.close()
