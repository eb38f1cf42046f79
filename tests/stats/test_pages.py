"""The statistics page, its .xlsx tables and the API read the same figures; queries stay flat as rows grow; the
public page shows nothing a visitor may not see."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.stats import selectors
from apps.stats.scope import Scope
from apps.whitelist.periods import term_period
from tests.factories import ApplicationFactory, OrganisationFactory

from .conftest import complaint, decide, ledger_line

pytestmark = pytest.mark.django_db


def _autumn(county) -> str:
    return f"kind=term&term={county['autumn'].pk}"


def _grow(county, n: int):
    """``n`` more of every kind of row the page aggregates, from new departments and schools."""
    region = county["region"]
    start = county["edition"].items.count()
    for i in range(start, start + n):
        department = OrganisationFactory(name=f"新增部门{i}", region=region)
        application = ApplicationFactory(department=department, term=county["autumn"], status="approved",
                                         submitted_at=county["edition"].created_at)
        decide(application, 1, "approve", "2025-10-20 10:00", county["reviewer"])
        complaint(region, "2025-11-10 10:00", department=department, schools=[county["school"]])
        ledger_line(region, department, "2025-10-10 09:00", "2025-11-01")
        county["edition"].items.create(item_type="inspection", number=1000 + i, name=f"新增事项{i}")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_asks_the_same_number_of_queries_however_many_rows(client, county, django_assert_max_num_queries):
    client.force_login(county["publisher"])
    url = f"/stats/?{_autumn(county)}"
    before = _queries(client, url)
    _grow(county, 6)
    assert _queries(client, url) == before
    with django_assert_max_num_queries(25):
        client.get(url)
    client.logout()
    before = _queries(client, "/statistics/")
    _grow(county, 3)
    assert _queries(client, "/statistics/") == before
    with django_assert_max_num_queries(10):
        client.get("/statistics/")


def test_the_page_shows_the_figures_and_each_table_downloads_with_the_same_numbers(client, county):
    client.force_login(county["publisher"])
    response = client.get(f"/stats/?{_autumn(county)}")
    body = response.content.decode()
    assert 'data-chart="reviews_stages"' in body and 'id="stats-charts"' in body
    assert "/static/vendor/echarts/echarts.min.js" in body and "<script>" not in body  # no inline script
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(client.get(f"/stats/export/whitelist_types.xlsx?{_autumn(county)}").content))
    rows = [[c.value for c in row] for row in workbook.active.iter_rows(min_row=5)]
    assert rows[2][:5] == ["合计", 15, 11, 1, 26.7]
    assert client.get(f"/stats/export/no_such_table.xlsx?{_autumn(county)}").status_code == 404


def test_names_that_look_like_formulas_stay_text_in_the_xlsx(client, county):
    county["police"].name = "=HYPERLINK(\"http://x\")"
    county["police"].save()
    client.force_login(county["publisher"])
    sheet = load_workbook(io.BytesIO(client.get(
        f"/stats/export/applications_department.xlsx?{_autumn(county)}").content)).active
    cell = next(c for row in sheet.iter_rows(min_row=5) for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_api_serves_the_selectors_figures(client, county):
    scope = Scope(label="安溪县", region_ids=(county["region"].pk,))
    client.force_login(county["reviewer"])
    for figure in ("applications", "reviews", "whitelist", "complaints"):
        answer = client.get(f"/api/stats/{figure}/?{_autumn(county)}").json()
        expected = selectors.FIGURES[figure](scope, term_period(county["autumn"]))
        assert answer["data"] == expected, figure
        assert answer["period"]["starts_on"] == "2025-09-01"
    assert client.get("/api/stats/applications/?kind=range&starts_on=2026-01-01").status_code == 400
    assert client.get("/api/stats/applications/?kind=term&term=999999").status_code == 400
    client.logout()
    assert client.get("/api/stats/applications/").status_code == 403


def test_the_public_page_shows_numbers_only(client, county):
    """Published lists' counts and rates and the transparency figures; no person, school, department, owner or
    report text, and nothing of the applications."""
    secrets = ["王小明", "13912345678", "要求家长下载某APP打卡", "凤城中心小学", "测试公安局", "测试消防大队",
               "自查发现的问题", "相关科室初审"]
    pages = [client.get("/statistics/"), client.get("/api/stats/public/")]
    for name in ("public_whitelist", "public_transparency"):
        sheet = load_workbook(io.BytesIO(client.get(f"/statistics/export/{name}.xlsx").content)).active
        pages.append(" ".join(str(c.value) for row in sheet.iter_rows() for c in row))
    assert pages[0].status_code == 200 and pages[0]["Cache-Control"] == "public, max-age=300"
    for page in pages:
        text = page if isinstance(page, str) else page.content.decode()
        for secret in secrets:
            assert secret not in text, secret
    whitelists = pages[1].json()["whitelists"]
    county_lists = [w for w in whitelists if w["region"] == "安溪县"]
    assert [w["rows"][-1]["rate"] for w in county_lists] == [None, 26.7]
    assert "26.7" in pages[0].content.decode()


def test_the_home_page_links_the_public_statistics(client, db):
    assert 'href="/statistics/"' in client.get("/").content.decode()


def test_a_period_the_form_cannot_take_is_a_clean_400(client, county):
    client.force_login(county["publisher"])
    for query in ("kind=range&starts_on=0001-01-01&ends_on=0001-12-31",
                  "kind=range&starts_on=2026-05-01&ends_on=2026-04-01",
                  "kind=range&starts_on=2020-01-01&ends_on=2026-01-01", "kind=year&year=99999", "kind=nonsense"):
        assert client.get(f"/api/stats/ledger/?{query}").status_code == 400, query
        assert client.get(f"/stats/?{query}").status_code == 200, query  # the page falls back to this term


def test_the_term_select_shows_the_term_the_figures_are_for(client, county):
    from django.utils import timezone

    from apps.applications.models import Term
    from apps.applications.terms import term_for_date

    key = term_for_date(timezone.localdate())
    current = Term.for_key(key)
    Term.for_key(key.next())  # a later term exists and sorts first in the select
    client.force_login(county["reviewer"])
    html = client.get("/stats/").content.decode()
    assert f'<option value="{current.pk}" selected>' in html
