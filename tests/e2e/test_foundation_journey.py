import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_user_logs_in_and_sees_the_chinese_navigation_of_its_role(page, demo_data, live_server):
    login(page, "fabu")
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.get_by_role("link", name="我的工作台").is_visible()
    assert nav.get_by_role("link", name="系统管理").is_visible()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="登录").is_visible()


def test_a_submitter_does_not_see_the_administration_menu(page, demo_data):
    login(page, "gongan")
    assert page.get_by_role("navigation", name="主导航").get_by_role("link", name="系统管理").count() == 0


def test_home_page_has_no_horizontal_scroll_at_375_px(phone_page, demo_data):
    phone_page.goto("/")
    assert phone_page.get_by_role("heading", name="社会事务进校园实行白名单管理").is_visible()
    widths = phone_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px window"
    phone_page.get_by_role("button", name="菜单").click()
    assert phone_page.get_by_role("link", name="公开白名单").first.is_visible()
    phone_page.screenshot(path="var/screenshots/home-375.png", full_page=True)
