"""The department's pages: form errors in Chinese beside fields, draft, submit, withdraw, copy, list queries."""

import datetime as dt

import pytest
from django.urls import reverse

from apps.applications.models import Application
from apps.audit.selectors import events_for
from tests.factories import ApplicationFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def form_data(term, **overrides):
    data = {
        "term": term.pk, "item_type": "activity", "title": "交通安全教育进校园", "category": "special_task",
        "subcategory": "safety", "admission_ground": "party_campaign",
            "basis_text": "《关于开展交通安全教育的通知》（安公交〔2026〕40号）",
        "time_text": "2026年3月", "frequency_text": "每学期1次",
            "content": "交警为小学生讲解交通安全。", "form": "lecture",
        "target_stages": ["primary"], "participants": ["students"], "all_schools": "on",
        "planned_start": "2027-03-01", "planned_end": "2027-03-31", "times_planned": "1", "duration_minutes": "40",
        "contact_name": "张伟", "contact_phone": "0595-23201110",
        **{name: "0" for name in ("demands_online_voting", "demands_quiz", "demands_survey",
                                  "demands_follow_account", "demands_app_install", "demands_checkin",
                                  "demands_participation_rate", "demands_proof_upload")},
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_draft_from_the_form(client, submitter, term):
    client.force_login(submitter)
    response = client.post(reverse("applications:create"), form_data(term))
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("applications:detail", args=[app.pk])
    assert (app.status, app.department, app.created_by) == ("draft", submitter.organisation, submitter)
    assert app.demands_checkin is False and app.planned_start == dt.date(2027, 3, 1)
    assert [e.action for e in events_for(app)] == ["application.created"]


def test_field_errors_are_in_chinese_beside_the_field_and_nothing_is_saved(client, submitter, term):
    client.force_login(submitter)
    data = form_data(term, title="", contact_phone="abc", demands_quiz=None, all_schools=None,
                     planned_end="2027-02-01", is_adhoc="on", urgency_reason="")
    page = client.post(reverse("applications:create"), data).content.decode()
    assert Application.objects.count() == 0
    for field, message in [("title", "此项必填。"), ("contact_phone", "请填写有效的联系电话"),
                           ("demands_quiz", "请回答此项（是 / 否）。"), ("schools", "请至少选择一所学校"),
                           ("planned_end", "计划结束日期不能早于开始日期。"),
                           ("urgency_reason", "临时申报须填写紧急事由。")]:
        block = page.split(f'id="field-{field}"')[1].split('<div class="field')[0]
        assert message in block, field


def test_edit_with_a_stale_version_is_refused(client, submitter, draft, term):
    client.force_login(submitter)
    Application.objects.filter(pk=draft.pk).update(version=5)
    page = client.post(reverse("applications:edit", args=[draft.pk]),
                       {**form_data(term, title="新标题"), "version": 1}).content.decode()
    assert "已被他人修改" in page
    draft.refresh_from_db()
    assert draft.title != "新标题"


def test_listed_schools_are_saved(client, submitter, term):
    a, b = SchoolFactory(), SchoolFactory()
    client.force_login(submitter)
    client.post(reverse("applications:create"), form_data(term, all_schools=None, schools=[a.pk, b.pk]))
    app = Application.objects.get()
    assert not app.all_schools and set(app.schools.all()) == {a, b}


def test_submit_page_shows_findings_and_blocking_stops(client, submitter, make_application, open_window):
    client.force_login(submitter)
    app = make_application(basis_text="", demands_checkin=True)
    page = client.get(reverse("applications:submit", args=[app.pk])).content.decode()
    assert "缺少准入依据" in page and "是否要求打卡" in page and "确认提交" not in page
    response = client.post(reverse("applications:submit", args=[app.pk]), {"version": app.version})
    assert response.status_code == 200
    app.refresh_from_db()
    assert app.status == "draft"


def test_warnings_travel_with_the_submission(client, submitter, make_application, open_window):
    client.force_login(submitter)
    app = make_application(already_in_teaching=True)
    page = client.get(reverse("applications:submit", args=[app.pk])).content.decode()
    assert "日常教学" in page and "确认提交" in page
    response = client.post(reverse("applications:submit", args=[app.pk]), {"version": app.version})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status in ("submitted", "in_review") and app.reference
    assert [f["rule"] for f in app.precheck_findings] == ["already_in_teaching"]
    assert "日常教学" in client.get(reverse("applications:detail", args=[app.pk])).content.decode()


def test_withdraw_and_copy(client, submitter, draft, open_window):
    client.force_login(submitter)
    client.post(reverse("applications:submit", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    client.post(reverse("applications:withdraw", args=[draft.pk]), {"version": draft.version, "reason": "合并"})
    draft.refresh_from_db()
    assert draft.status == "withdrawn"
    response = client.post(reverse("applications:copy", args=[draft.pk]))
    copy = Application.objects.exclude(pk=draft.pk).get()
    assert response["Location"] == reverse("applications:edit", args=[copy.pk])
    assert (copy.status, copy.copied_from, copy.title, copy.reference) == ("draft", draft, draft.title, "")
    timeline = client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "提交申报" in timeline and "撤回申报" in timeline and "合并" in timeline


def test_list_filters_and_search(client, submitter, make_application):
    make_application(title="禁毒宣传", status="approved")
    make_application(title="消防演练", category="other", subcategory="fire")
    client.force_login(submitter)
    page = client.get(reverse("applications:list"), {"status": "approved"}).content.decode()
    assert "禁毒宣传" in page and "消防演练" not in page
    page = client.get(reverse("applications:list"), {"q": "消防"}).content.decode()
    assert "消防演练" in page and "禁毒宣传" not in page
    page = client.get(reverse("applications:list"), {"category": "other"}).content.decode()
    assert "消防演练" in page and "禁毒宣传" not in page


def test_list_query_count_does_not_grow_with_rows(client, reviewer, submitter, term, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("applications:list")).status_code == 200
        return len(ctx.captured_queries)

    ApplicationFactory(department=submitter.organisation, created_by=submitter, term=term)
    few = count()
    ApplicationFactory.create_batch(15, department=submitter.organisation, created_by=submitter, term=term)
    assert count() == few
    with django_assert_max_num_queries(12):
        client.get(reverse("applications:list"))


def test_an_ended_term_cannot_be_applied_for(submitter, term):
    from django.core.exceptions import ValidationError

    from apps.applications.models import Term
    from apps.applications.services import create_draft

    ended = Term.for_key(term.key.previous().previous())  # 2026春, ended in August 2026
    with pytest.raises(ValidationError) as exc:
        create_draft(actor=submitter, data={"term": ended, "title": "甲", "category": "other", "subcategory": "other",
                                            "content": "内容", "participants": ["students"], "contact_name": "张伟",
                                            "contact_phone": "0595-23201110"})
    assert "已结束" in exc.value.message_dict["term"][0]
    assert Application.objects.count() == 0


def test_co_leading_units_are_offered_from_the_departments_region_and_above(client, submitter):
    from apps.accounts.models import Region
    from tests.factories import OrganisationFactory

    own = submitter.organisation.region
    city = Region.objects.create(code="350500", name="泉州市", level="city")
    own.parent = city
    own.save()
    neighbour = Region.objects.create(code="350525", name="永春县", level="county", parent=city)
    near = OrganisationFactory(name="安溪县消防救援大队", region=own)
    above = OrganisationFactory(name="泉州市公安局", region=city)
    far = OrganisationFactory(name="永春县公安局", region=neighbour)
    client.force_login(submitter)
    offered = set(client.get("/applications/new/").context["form"].fields["lead_organisations"].queryset)
    assert {near, above} <= offered and far not in offered
