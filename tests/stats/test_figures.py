"""Each figure against the hand-counted county of conftest.py, at the period boundaries it names."""

import datetime as dt

import pytest

from apps.stats import selectors
from apps.stats.scope import Scope, scope_for
from apps.whitelist.periods import range_period, school_year_period, term_period, year_period

pytestmark = pytest.mark.django_db


def _counts(rows):
    return {r["key"]: r["count"] for r in rows}


@pytest.fixture
def scope(county):
    return Scope(label="安溪县", region_ids=(county["region"].pk,))


def test_applications_by_department_type_category_and_outcome(county, scope):
    data = selectors.applications(scope, term_period(county["autumn"]))
    assert data["total"] == 4  # the draft and the other county's application are not counted
    assert {r["label"]: r["count"] for r in data["by_department"]} == {"测试公安局": 3, "测试消防大队": 1}
    police = data["by_department"][0]
    assert (police["approved"], police["rejected"], police["pending"], police["merged"]) == (1, 1, 1, 0)
    assert _counts(data["by_type"]) == {"activity": 3, "inspection": 1}
    assert _counts(data["by_category"]) == {"special_task": 2, "city_campaign": 0, "other": 2}
    assert _counts(data["by_outcome"]) == {"approved": 1, "merged": 1, "rejected": 1, "withdrawn": 0, "pending": 1}


def test_a_term_spanning_two_calendar_years_counts_in_the_year_it_begins(county, scope):
    """Applications belong to their term: autumn 2025 (to 31 Jan 2026) counts in 2025, spring in 2026."""
    assert selectors.applications(scope, year_period(2025))["total"] == 4
    assert selectors.applications(scope, year_period(2026))["total"] == 1
    assert selectors.applications(scope, school_year_period(2025))["total"] == 5
    assert selectors.applications(scope, term_period(county["spring"]))["total"] == 1


def test_review_time_per_stage_in_working_days_across_national_day(county, scope):
    rows = {r["stage"]: r for r in selectors.review_times(scope, term_period(county["autumn"]))["rows"]
            if r["kind"] == "regular"}
    first = rows["相关科室初审"]
    assert (first["decisions"], first["median_days"], first["p90_days"]) == (3, 2.0, 6.8)  # spells 1, 2, 8
    assert (first["within_limit"], first["within_share"], first["p90_within_limit"]) == (2, 66.7, False)
    second = rows["办公室审核"]  # Fri 10 Oct, the 调休 Saturday 11 Oct, Mon 13 Oct
    assert (second["decisions"], second["median_days"], second["p90_within_limit"]) == (1, 3.0, True)
    assert rows["教育督导室审定"]["median_days"] == 1.0


def test_review_time_honours_the_bureaus_own_holiday_rows(county, scope):
    from apps.reviews.models import Holiday

    Holiday.objects.create(date=dt.date(2025, 10, 10), name="本地假日")
    rows = {r["stage"]: r for r in selectors.review_times(scope, term_period(county["autumn"]))["rows"]
            if r["kind"] == "regular"}
    assert rows["办公室审核"]["median_days"] == 2.0


def test_percentile_matches_percentile_cont():
    assert selectors.percentile([1, 2, 8], 0.5) == 2.0
    assert selectors.percentile([1, 2, 8], 0.9) == 6.8
    assert selectors.percentile([4], 0.9) == 4.0
    assert selectors.percentile([], 0.5) is None


def test_whitelist_items_by_type_against_last_year_and_the_target(county, scope):
    data = selectors.whitelist(scope, term_period(county["autumn"]))
    rows = {r["key"]: r for r in data["rows"]}
    assert (rows["activity"]["previous"], rows["activity"]["current"], rows["activity"]["merged"]) == (10, 7, 1)
    assert (rows["activity"]["rate"], rows["activity"]["meets_target"]) == (30.0, True)
    assert (rows["inspection"]["rate"], rows["inspection"]["meets_target"]) == (20.0, True)
    assert (rows["total"]["previous"], rows["total"]["current"], rows["total"]["rate"]) == (15, 11, 26.7)
    assert [e["region"] for e in data["editions"]] == ["安溪县"]


def test_whitelist_without_a_list_a_year_earlier_has_no_rate(county, scope):
    rows = {r["key"]: r for r in selectors.whitelist(scope, range_period(dt.date(2024, 9, 1),
                                                                         dt.date(2024, 12, 31)))["rows"]}
    assert (rows["total"]["current"], rows["total"]["previous"], rows["total"]["rate"]) == (15, None, None)
    assert rows["total"]["meets_target"] is False


def test_complaints_by_channel_category_verdict_school_department_and_month(county, scope):
    data = selectors.complaints(scope, term_period(county["autumn"]))
    assert data["total"] == 3  # the last evening of January is in; the first minutes of February are not
    assert _counts(data["by_channel"])["phone"] == 2 and _counts(data["by_channel"])["email"] == 1
    assert _counts(data["by_category"])["forms"] == 2 and _counts(data["by_category"])["meetings"] == 0
    verdicts = _counts(data["by_verdict"])
    assert (verdicts["not_on_list"], verdicts["on_list_within"], verdicts["unchecked"]) == (1, 1, 1)
    assert data["by_school"] == [{"label": "凤城中心小学", "count": 2}]
    assert {r["label"]: r["count"] for r in data["by_department"]} == {
        "测试公安局": 1, "测试消防大队": 1, "未登记或未填写的单位": 1}
    months = {r["key"]: r["count"] for r in data["by_month"]}
    assert months == {"2025-09": 0, "2025-10": 0, "2025-11": 1, "2025-12": 1, "2026-01": 1}
    assert selectors.complaints(scope, term_period(county["spring"]))["total"] == 1


def test_ledger_lines_opened_closed_and_overdue_per_owner(county, scope):
    data = selectors.ledger(scope, term_period(county["autumn"]), today=dt.date(2026, 6, 1))
    rows = {r["label"]: r for r in data["rows"]}
    assert rows["测试公安局"] == {"label": "测试公安局", "opened": 2, "closed": 1, "overdue": 1}
    assert rows["测试消防大队"] == {"label": "测试消防大队", "opened": 0, "closed": 0, "overdue": 1}
    assert data["as_of"] == "2026-01-31" and data["total"] == {"opened": 2, "closed": 1, "overdue": 2}
    # Before the close-out (1 Dec 2025) the first police line was overdue too.
    early = selectors.ledger(scope, term_period(county["autumn"]), today=dt.date(2025, 11, 20))
    assert {r["label"]: r["overdue"] for r in early["rows"]}["测试公安局"] == 1


def test_a_department_sees_its_own_figures_and_no_reports(county):
    from tests.factories import UserFactory

    gongan = UserFactory(organisation=county["police"], roles=["申报单位经办人"])
    scope = scope_for(gongan)
    assert scope.department_id == county["police"].pk
    period = term_period(county["autumn"])
    assert selectors.applications(scope, period)["total"] == 3
    assert selectors.complaints(scope, period) is None
    assert [r["label"] for r in selectors.ledger(scope, period)["rows"]] == ["测试公安局"]
    assert selectors.whitelist(scope, period)["rows"][-1]["current"] == 11  # its region's public list


def test_a_bureau_sees_its_region_and_may_narrow_only_within_it(county):
    scope = scope_for(county["publisher"], region_id=county["other"].pk)  # not its own: ignored
    assert scope.region_ids == (county["region"].pk,)
    assert selectors.complaints(scope, term_period(county["autumn"]))["total"] == 3


def _visit(county, department, day, status, *, over=False, region=None):
    from django.utils import timezone

    from apps.applications.terms import term_for_date
    from apps.ledger.models import LedgerLine
    from apps.visits.models import Visit
    from tests.factories import UserFactory
    from whitelist_portal import codes

    item = county["edition"].items.first()
    key = term_for_date(dt.date.fromisoformat(day))
    line = None
    if over:
        line = LedgerLine.objects.filter(owner=department).first()
    return Visit.objects.create(
        code=codes.new_code(), item=item, item_key=item.name, department=department, school=county["school"],
        region=region or county["region"], date=day, start_time=dt.time(14, 30), school_year=key.start_year,
        semester=key.semester, participant_count=100, duration_minutes=45, person_in_charge="张三",
        created_by=UserFactory(organisation=department), status=status, ledger_line=line,
        school_note="未带凭证" if status == "refused" else "",
        handled_at=timezone.now() if status in ("confirmed", "refused") else None)


def test_visits_against_plan_per_department(county, scope):
    """Autumn term (1 Sep 2025 – 31 Jan 2026): police 4 recorded — 2 confirmed (one beyond its frequency, its
    ledger line opened), 1 refused, 1 waiting — and 1 cancelled; fire 1 confirmed on the term's last day. Not
    counted: a police visit the first day of spring, and the other county's visit."""
    police, fire = county["police"], county["fire"]
    _visit(county, police, "2025-09-15", "confirmed")
    _visit(county, police, "2025-10-20", "confirmed", over=True)
    _visit(county, police, "2025-11-03", "refused")
    _visit(county, police, "2026-01-20", "planned")
    _visit(county, police, "2025-12-01", "cancelled")
    _visit(county, fire, "2026-01-31", "confirmed")
    _visit(county, police, "2026-02-01", "confirmed")
    _visit(county, police, "2025-11-03", "confirmed", region=county["other"])
    data = selectors.visits(scope, term_period(county["autumn"]))
    rows = {r["label"]: r for r in data["rows"]}
    assert set(rows) == {"测试公安局", "测试消防大队"}
    assert [rows["测试公安局"][k] for k in ("planned", "confirmed", "refused", "waiting", "cancelled", "over")] == [
        4, 2, 1, 1, 1, 1]
    assert [rows["测试消防大队"][k] for k in ("planned", "confirmed", "refused")] == [1, 1, 0]
    assert data["total"]["planned"] == 5 and data["total"]["confirmed"] == 3
    own = selectors.visits(Scope(label="测试消防大队", department_id=fire.pk), term_period(county["autumn"]))
    assert [r["label"] for r in own["rows"]] == ["测试消防大队"]  # a department sees its own visits only
