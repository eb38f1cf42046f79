"""The whole review loop in a browser: warning, return with an opinion, resubmission, three approvals, timeline."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "禁毒宣传教育进校园"  # gongan's, in the demo: over the cap of special tasks, so the pre-check warns


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_as(username, width=1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN",
                                      base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        login(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def application(demo_data):
    from apps.applications.models import Application, ApplicationWindow

    application = Application.objects.get(title=TITLE)
    today = timezone.localdate()
    # The department resubmits as a regular filing: keep the term's window open whatever day the test runs.
    ApplicationWindow.objects.get_or_create(term=application.term, opens_on=today - dt.timedelta(days=1),
                                            closes_on=today + dt.timedelta(days=1))
    return application


def approve_with_justification(page, pk, stage):
    page.goto(f"/reviews/{pk}/")
    expect(page.get_by_role("heading", name=f"审核决定（{stage}）")).to_be_visible()
    page.get_by_label("审核通过").check()
    page.get_by_label("审核意见").fill(f"{stage}：同意。")
    page.get_by_label("超出预审警示的理由").fill("县委统一部署的禁毒专项工作，确需开展。")
    page.get_by_role("button", name="提交审核决定").click()
    page.wait_for_url("**/reviews/")
    expect(page.get_by_text(f"已对“{TITLE}”作出决定：审核通过。")).to_be_visible()


def test_a_return_a_resubmission_three_approvals_and_the_timeline(as_user, application):
    pk = application.pk
    reviewer = as_user("keshi")
    reviewer.goto("/reviews/")
    row = reviewer.locator("tr", has_text=TITLE)
    expect(row.get_by_text("警示")).to_be_visible()
    row.get_by_role("link", name=TITLE).click()
    expect(reviewer.locator(".finding", has_text="超出限额").first).to_be_visible()
    reviewer.screenshot(path="var/screenshots/review-decision.png", full_page=True)
    reviewer.get_by_label("退回修改").check()
    reviewer.get_by_role("button", name="提交审核决定").click()
    expect(reviewer.locator("#field-opinion .errorlist")).to_have_text("退回修改或不予通过时，须填写审核意见。")
    reviewer.get_by_label("退回修改").check()
    reviewer.get_by_label("审核意见").fill("请补充禁毒展板内容清单和各校巡展时间。")
    reviewer.get_by_role("button", name="提交审核决定").click()
    reviewer.wait_for_url("**/reviews/")
    expect(reviewer.locator("tr", has_text=TITLE)).to_have_count(0)

    department = as_user("gongan")
    expect(department.locator(".inbox-link .badge")).to_be_visible()
    department.goto(f"/applications/{pk}/")
    expect(department.get_by_text("请补充禁毒展板内容清单和各校巡展时间。").first).to_be_visible()
    department.get_by_role("link", name="预审并提交").click()
    department.get_by_role("button", name="确认提交").click()
    expect(department.get_by_text("申报已提交，等待教育局审核。")).to_be_visible()

    reviewer.goto("/reviews/")
    expect(reviewer.locator("tr", has_text=TITLE)).to_be_visible()  # back at the stage that returned it
    approve_with_justification(reviewer, pk, "相关科室初审")
    approve_with_justification(as_user("bangongshi"), pk, "办公室审核")
    approve_with_justification(as_user("dudaoshi"), pk, "教育督导室审定")

    department.goto(f"/applications/{pk}/")
    timeline = department.locator(".timeline").inner_text()
    steps = ["提交申报", "进入审核", "相关科室初审：退回修改", "重新提交", "重新提交后回到审核",
             "相关科室初审：审核通过", "办公室审核：审核通过", "教育督导室审定：审核通过"]
    positions = [timeline.find(step) for step in steps]
    assert -1 not in positions, timeline
    assert positions == sorted(positions), timeline
    assert "县委统一部署的禁毒专项工作，确需开展。" in timeline
    department.screenshot(path="var/screenshots/review-timeline.png", full_page=True)
    application.refresh_from_db()
    assert application.status == "approved"


def test_the_queue_fits_a_phone(as_user, demo_data):
    phone = as_user("keshi", width=375)
    phone.goto("/reviews/")
    expect(phone.get_by_role("heading", name="审核队列")).to_be_visible()
    widths = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px window"
    phone.screenshot(path="var/screenshots/review-queue-375.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_detail_page_with_prohibited_demand_badges_does_not_scroll_sideways(as_user, demo_data, width):
    from apps.applications.models import PROHIBITED_DEMANDS, Application

    application = Application.objects.filter(created_by__username="gongan").order_by("pk").first()
    Application.objects.filter(pk=application.pk).update(
        title="关于组织开展全县中小学生交通安全与防溺水专题宣传教育暨家长学校网络答题活动的申报", status="returned",
        **{name: True for name, _label in PROHIBITED_DEMANDS})
    page = as_user("gongan", width=width)
    page.goto(f"/applications/{application.pk}/")
    badges = page.locator(".prohibited-demands .status")
    expect(badges.first).to_be_visible()
    assert badges.count() == len(PROHIBITED_DEMANDS)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px window"
    page.screenshot(path=f"var/screenshots/application-demands-{width}.png", full_page=True)
