"""The statistics charts are drawn in the browser from the site's own files: no request leaves the site."""

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_charts_render_from_local_files_with_no_request_leaving_the_site(page, live_server, demo_data):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    login(page, "fabu")
    page.goto("/stats/?kind=school_year&school_year=2025")
    page.locator(".stats-chart svg").first.wait_for()
    charts = page.locator(".stats-chart")
    assert charts.count() >= 5
    assert page.locator(".stats-chart svg").count() == charts.count()
    # Each chart has its numbers in a table beneath it; the period form shows the chosen kind's fields only.
    assert page.locator("table[data-table=whitelist_types] tbody tr").count() == 3
    assert page.locator("#field-school_year").is_visible() and not page.locator("#field-term").is_visible()

    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="减负统计公开").first.click()
    page.wait_for_url("**/statistics/")
    page.locator("[data-chart=public_whitelist] svg").wait_for()
    assert page.locator("[data-chart=public_transparency] svg").count() == 1
    assert any(url.endswith("/static/vendor/echarts/echarts.min.js") for url in requests)
    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == []
