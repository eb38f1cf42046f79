"""The applications API: same visibility, validation and services as the pages; forged calls change nothing."""

import pytest
from rest_framework.test import APIClient

from apps.applications.models import Application
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NO = {name: False for name in ("demands_online_voting", "demands_quiz", "demands_survey", "demands_follow_account",
                               "demands_app_install", "demands_checkin", "demands_participation_rate",
                               "demands_proof_upload")}


def payload(term, **overrides):
    return {"term": term.pk, "item_type": "activity", "title": "交通安全教育进校园", "category": "special_task",
            "subcategory": "safety", "admission_ground": "party_campaign",
            "basis_text": "《关于开展交通安全教育的通知》（安公交〔2026〕40号）",
            "time_text": "2026年3月", "frequency_text": "每学期1次",
            "content": "交警讲解交通安全。", "participants": ["students"],
            "target_stages": ["primary"], "contact_name": "张伟", "contact_phone": "0595-23201110", **NO,
            **overrides}


def api(user=None):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def test_create_update_submit_through_the_api(submitter, term, open_window):
    client = api(submitter)
    created = client.post("/api/applications/", payload(term), format="json")
    assert created.status_code == 201, created.data
    pk, version = created.data["id"], created.data["version"]
    app = Application.objects.get(pk=pk)
    assert (app.department, app.status) == (submitter.organisation, "draft")
    updated = client.patch(f"/api/applications/{pk}/", {"title": "交通安全教育", "version": version}, format="json")
    assert updated.status_code == 200 and updated.data["title"] == "交通安全教育"
    findings = client.get(f"/api/applications/{pk}/precheck/")
    assert findings.status_code == 200 and findings.data == []
    submitted = client.post(f"/api/applications/{pk}/submit/", {"version": updated.data["version"]}, format="json")
    assert submitted.status_code == 200, submitted.data
    assert submitted.data["reference"] == "2027春-0001"


def test_validation_errors_are_chinese_and_per_field(submitter, term):
    client = api(submitter)
    response = client.post("/api/applications/", payload(term, contact_phone="x", is_adhoc=True), format="json")
    assert response.status_code == 400
    assert "请填写有效的联系电话" in response.data["contact_phone"][0]
    assert "临时申报须填写紧急事由" in response.data["urgency_reason"][0]
    unanswered = client.post("/api/applications/", payload(term, demands_quiz=None), format="json")
    assert unanswered.status_code == 400 and "demands_quiz" in unanswered.data
    assert Application.objects.count() == 0


def test_blocking_findings_refuse_submission_with_the_findings(submitter, make_application, open_window):
    app = make_application(demands_app_install=True)
    response = api(submitter).post(f"/api/applications/{app.pk}/submit/", {"version": app.version}, format="json")
    assert response.status_code == 400
    assert [f["rule"] for f in response.data["findings"]] == ["prohibited_demand.demands_app_install"]
    app.refresh_from_db()
    assert app.status == "draft"


def test_stale_version_is_a_409_and_changes_nothing(submitter, draft, open_window):
    client = api(submitter)
    assert client.patch(f"/api/applications/{draft.pk}/", {"title": "甲", "version": draft.version},
                        format="json").status_code == 200
    events = AuditEvent.objects.count()
    stale = client.patch(f"/api/applications/{draft.pk}/", {"title": "乙", "version": draft.version}, format="json")
    assert stale.status_code == 409 and "刷新" in stale.data["detail"]
    assert client.post(f"/api/applications/{draft.pk}/submit/", {"version": draft.version},
                       format="json").status_code == 409
    draft.refresh_from_db()
    assert (draft.title, draft.status, AuditEvent.objects.count()) == ("甲", "draft", events)


def test_update_without_version_is_refused(submitter, draft):
    response = api(submitter).patch(f"/api/applications/{draft.pk}/", {"title": "甲"}, format="json")
    assert response.status_code == 400 and "version" in response.data


def test_forged_calls_on_another_departments_application(other_submitter, draft, open_window):
    client = api(other_submitter)
    before = (draft.title, draft.status, draft.version, AuditEvent.objects.count())
    assert client.get(f"/api/applications/{draft.pk}/").status_code == 404
    assert client.patch(f"/api/applications/{draft.pk}/", {"title": "篡改", "version": draft.version},
                        format="json").status_code == 404
    for action in ("submit", "withdraw", "copy"):
        assert client.post(f"/api/applications/{draft.pk}/{action}/", {"version": draft.version},
                           format="json").status_code == 404
    assert client.get("/api/applications/").data["count"] == 0
    draft.refresh_from_db()
    assert (draft.title, draft.status, draft.version, AuditEvent.objects.count()) == before


def test_department_field_cannot_be_forged(submitter, other_submitter, term):
    response = api(submitter).post("/api/applications/", {**payload(term), "department":
                                                          other_submitter.organisation_id}, format="json")
    assert response.status_code == 201
    assert Application.objects.get().department == submitter.organisation


def test_reviewer_reads_but_cannot_write(reviewer, draft, term):
    client = api(reviewer)
    assert client.get(f"/api/applications/{draft.pk}/").status_code == 200
    assert client.get("/api/applications/").data["count"] == 1
    assert client.post("/api/applications/", payload(term), format="json").status_code == 403
    assert client.patch(f"/api/applications/{draft.pk}/", {"title": "甲", "version": draft.version},
                        format="json").status_code == 403
    assert client.post(f"/api/applications/{draft.pk}/submit/", {"version": draft.version},
                       format="json").status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_anonymous_gets_nothing(draft):
    assert api().get("/api/applications/").status_code == 403


def test_filters_are_the_list_pages(submitter, make_application):
    make_application(title="禁毒宣传", status="approved")
    make_application(title="消防演练")
    client = api(submitter)
    titles = [r["title"] for r in client.get("/api/applications/", {"status": "approved"}).data["results"]]
    assert titles == ["禁毒宣传"]
    titles = [r["title"] for r in client.get("/api/applications/", {"q": "消防"}).data["results"]]
    assert titles == ["消防演练"]


def test_api_list_query_count_does_not_grow(reviewer, submitter, term, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ApplicationFactory

    client = api(reviewer)
    ApplicationFactory(department=submitter.organisation, created_by=submitter, term=term)
    client.get("/api/applications/")  # the user's roles are read once and cached
    with CaptureQueriesContext(connection) as few:
        client.get("/api/applications/")
    ApplicationFactory.create_batch(10, department=submitter.organisation, created_by=submitter, term=term)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/applications/")
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(6):
        client.get("/api/applications/")


def test_schema_lists_the_applications_endpoints(client, submitter):
    client.force_login(submitter)
    schema = client.get("/api/schema/").content.decode()
    assert "/api/applications/{id}/submit/" in schema and "/api/applications/{id}/precheck/" in schema


def test_api_refuses_an_ended_term(submitter, term):
    from apps.applications.models import Term

    ended = Term.for_key(term.key.previous().previous())
    response = api(submitter).post("/api/applications/", payload(ended), format="json")
    assert response.status_code == 400 and "已结束" in response.data["term"][0]
