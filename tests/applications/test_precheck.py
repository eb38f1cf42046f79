"""Each pre-check finding: its level, its rule and its Chinese message."""

import pytest

from apps.applications.models import Application, CapRule
from apps.applications.precheck import BLOCKING, WARNING, likely_duplicates, run_precheck
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def rules(app):
    return {f.rule: f for f in run_precheck(app)}


def test_clean_application_in_open_window_has_no_findings(draft, open_window):
    assert run_precheck(draft) == []


@pytest.mark.parametrize("missing", ["admission_ground", "basis_title", "basis_number"])
def test_missing_basis_blocks(make_application, open_window, missing):
    finding = rules(make_application(**{missing: ""}))["basis_missing"]
    assert finding.level == BLOCKING
    assert "缺少准入依据" in finding.message


def test_emergency_ground_needs_no_document_number(make_application, open_window):
    assert "basis_missing" not in rules(make_application(admission_ground="emergency", basis_number=""))


@pytest.mark.parametrize("name", ["demands_online_voting", "demands_quiz", "demands_survey", "demands_follow_account",
                                  "demands_app_install", "demands_checkin", "demands_participation_rate",
                                  "demands_proof_upload"])
def test_each_prohibited_demand_answered_yes_blocks(make_application, open_window, name):
    found = rules(make_application(**{name: True}))
    assert set(found) == {f"prohibited_demand.{name}"}
    assert found[f"prohibited_demand.{name}"].level == BLOCKING
    assert "禁止性要求" in found[f"prohibited_demand.{name}"].message


def test_unanswered_prohibited_demand_blocks(make_application, open_window):
    found = rules(make_application(demands_checkin=None))
    assert found["prohibited_demand_unanswered.demands_checkin"].level == BLOCKING


def test_content_already_in_daily_teaching_is_a_warning(make_application, open_window):
    finding = rules(make_application(already_in_teaching=True))["already_in_teaching"]
    assert finding.level == WARNING and "日常教学" in finding.message


def test_planned_dates_outside_the_term_warn(make_application, open_window, term):
    finding = rules(make_application(planned_start=term.starts_on.replace(year=2020)))["dates_outside_term"]
    assert finding.level == WARNING


def test_likely_duplicate_names_the_other_application(make_application, open_window, submitter):
    earlier = make_application(title="禁毒宣传教育进校园", status=Application.Status.APPROVED, reference="2027春-0003")
    new = make_application(title="禁毒宣传教育进校园活动")
    finding = rules(new)["likely_duplicate"]
    assert finding.level == WARNING
    assert "禁毒宣传教育进校园" in finding.message and "2027春-0003" in finding.message
    assert finding.data["application_id"] == earlier.pk
    assert list(likely_duplicates(new)) == [earlier]


def test_duplicates_ignore_other_departments_other_years_drafts_and_different_titles(
        make_application, open_window, other_submitter, term):
    from apps.applications.models import Term

    last_year = Term.for_key(term.key.previous().previous())
    make_application(title="禁毒宣传教育进校园", status="approved", department=other_submitter.organisation,
                     created_by=other_submitter)
    make_application(title="禁毒宣传教育进校园", status="approved", term=last_year)
    make_application(title="禁毒宣传教育进校园", status="draft")
    make_application(title="消防疏散演练", status="approved")
    assert list(likely_duplicates(make_application(title="禁毒宣传教育进校园"))) == []


def test_cap_finding_counts_approved_in_the_school_year(make_application, open_window, term):
    # seeded: special tasks at most 2 a school year; the other term of the same year counts too
    from apps.applications.models import Term

    autumn = Term.for_key(term.key.previous())
    make_application(title="法治宣讲", status="approved", term=autumn)
    make_application(title="反诈宣传", status="approved")
    finding = rules(make_application(title="交通安全"))["cap_exceeded.category_year"]
    assert finding.level == WARNING
    assert finding.data["already"] == 2 and finding.data["would_be"] == 3 and finding.data["limit"] == 2
    assert "重要专项工作每学年进校园次数" in finding.message


def test_volume_limit_finding(make_application, open_window):
    CapRule.objects.filter(shape="term_volume").update(is_active=True, limit=2)
    make_application(title="甲事项讲座", status="approved", category="other", subcategory="science")
    make_application(title="乙事项展览", status="approved", category="other", subcategory="culture",
                     department=OrganisationFactory())
    new = make_application(title="丙事项", category="other", subcategory="health")
    finding = rules(new)["cap_exceeded.term_volume"]
    assert finding.data["already"] == 2 and finding.data["would_be"] == 3


def test_blocking_cap_rule_blocks(make_application, open_window):
    CapRule.objects.filter(category="city_campaign").update(is_blocking=True)
    make_application(title="文明城市宣讲", status="approved", category="city_campaign",
                     subcategory="civilised_city")
    finding = rules(make_application(title="卫生城市创建宣传", category="city_campaign",
                                     subcategory="hygienic_city"))["cap_exceeded.category_year"]
    assert finding.level == BLOCKING
