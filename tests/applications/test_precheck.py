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


@pytest.mark.parametrize("missing", ["admission_ground", "basis_text"])
def test_missing_basis_blocks(make_application, open_window, missing):
    finding = rules(make_application(**{missing: ""}))["basis_missing"]
    assert finding.level == BLOCKING
    assert "缺少准入依据" in finding.message


def test_missing_document_number_is_a_warning_for_the_reviewer(make_application, open_window):
    found = rules(make_application(basis_text="《安溪县创建全国文明城市工作方案》"))
    assert "basis_missing" not in found
    assert found["basis_number_missing"].level == WARNING


@pytest.mark.parametrize("basis", [
    "《中小学幼儿园安全管理办法》（教育部令第23号）", "1.《关于X的通知》（教基〔2025〕3号）\n2.《Y方案》",
    "闽教基[2024]12号文", "《Z意见》（国办发（2021）8号）",
])
def test_document_numbers_as_bureaus_write_them_are_recognised(make_application, open_window, basis):
    assert "basis_number_missing" not in rules(make_application(basis_text=basis))


def test_a_second_document_can_be_named_in_the_basis(make_application, open_window):
    basis = "1.《中华人民共和国禁毒法》（主席令第七十九号）\n2.《关于加强禁毒教育的通知》（闽禁毒〔2025〕3号）"
    app = make_application(basis_text=basis)
    app.refresh_from_db()
    assert app.basis_text == basis and "basis_missing" not in rules(app)


def test_emergency_ground_needs_no_document_number(make_application, open_window):
    found = rules(make_application(admission_ground="emergency", basis_text="县气象台暴雨红色预警"))
    assert "basis_missing" not in found and "basis_number_missing" not in found


@pytest.mark.parametrize("title", ["全县中小学生禁毒知识竞赛", "“我与宪法”主题征文", "青少年科技创新大赛"])
def test_a_competition_is_flagged_for_the_reviewer(make_application, open_window, title):
    finding = rules(make_application(title=title))["looks_like_competition"]
    assert finding.level == WARNING and "竞赛" in finding.message


def test_an_inspection_filed_as_an_activity_is_flagged(make_application, open_window):
    found = rules(make_application(title="校园食品安全专项检查", item_type="activity"))
    assert found["looks_like_inspection"].level == WARNING
    assert "looks_like_inspection" not in rules(make_application(title="校园食品安全专项检查",
                                                                   item_type="inspection"))


def test_time_and_frequency_in_words_are_needed_to_submit(make_application, open_window):
    finding = rules(make_application(time_text="", frequency_text=" "))["wording_missing"]
    assert finding.level == BLOCKING and "开展时间" in finding.message and "开展频次" in finding.message


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


def test_duplicates_ignore_other_years_drafts_and_different_titles(make_application, open_window, term):
    from apps.applications.models import Term

    last_year = Term.for_key(term.key.previous().previous())
    make_application(title="禁毒宣传教育进校园", status="approved", term=last_year)
    make_application(title="禁毒宣传教育进校园", status="draft")
    make_application(title="消防疏散演练", status="approved")
    assert list(likely_duplicates(make_application(title="禁毒宣传教育进校园"))) == []


def test_near_duplicates_are_found_by_characters_across_departments_with_score_and_reasons(
        make_application, open_window, other_submitter):
    """Issue 12, item 7: 防溺水安全教育进校园 and 防溺水专题讲座 of one department in one term."""
    talk = make_application(title="防溺水专题讲座", status="approved", content="组织防溺水专题讲座，讲解防溺水知识")
    elsewhere = make_application(title="禁毒宣传教育进校园", status="approved",
                                 department=other_submitter.organisation, created_by=other_submitter)
    new = make_application(title="防溺水安全教育进校园", content="开展防溺水安全教育讲座")
    found = likely_duplicates(new)
    assert found == [talk]
    assert found[0].similarity.score >= 50
    assert found[0].similarity.reasons[:2] == ("标题同含“防溺水”", "同一申报单位")
    finding = rules(new)["likely_duplicate"]
    assert "相似度" in finding.message and "防溺水" in finding.message

    same_title = make_application(title="禁毒宣传教育进校园活动")
    other, = likely_duplicates(same_title)
    assert other == elsewhere and "同一申报单位" not in other.similarity.reasons
    assert other.department.display_name in rules(same_title)["likely_duplicate"].message


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
