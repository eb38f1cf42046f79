import pytest
from rest_framework.test import APIClient

from apps.applications.models import Application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_the_queue_api_lists_the_reviewers_stage_with_the_shared_filters(api, make_in_review, keshi,
                                                                         django_assert_max_num_queries):
    first = make_in_review(title="甲事项", category="city_campaign")
    make_in_review(title="乙事项")
    make_in_review(3, title="丙事项")
    api.force_authenticate(keshi)
    body = api.get("/api/reviews/queue/").json()
    assert [row["title"] for row in body["results"]] == ["甲事项", "乙事项"]
    assert body["results"][0]["stage"]["name"] == "相关科室初审" and body["results"][0]["version"] == first.version
    assert [r["id"] for r in api.get("/api/reviews/queue/", {"category": "city_campaign"}).json()["results"]] == [
        first.pk]
    for _ in range(5):
        make_in_review()
    with django_assert_max_num_queries(6):
        assert api.get("/api/reviews/queue/").json()["count"] == 7


def test_decide_through_the_api_with_the_same_rules(api, in_review, keshi):
    api.force_authenticate(keshi)
    url = f"/api/reviews/applications/{in_review.pk}/decision/"
    refused = api.post(url, {"decision": "reject", "version": in_review.version, "opinion": ""}, format="json")
    assert refused.status_code == 400 and "opinion" in refused.json()
    ok = api.post(url, {"decision": "approve", "version": in_review.version, "opinion": "同意"}, format="json")
    assert ok.status_code == 200 and ok.json()["stage"] == "办公室审核"
    stale = api.post(url, {"decision": "approve", "version": in_review.version}, format="json")
    assert stale.status_code == 409 and "刷新" in stale.json()["detail"]


def test_the_api_refuses_a_reviewer_of_another_stage_a_department_and_an_auditor(api, make_in_review, keshi,
                                                                                  submitter, auditor):
    far = make_in_review(3)
    url = f"/api/reviews/applications/{far.pk}/decision/"
    for user in (keshi, submitter, auditor):
        api.force_authenticate(user)
        assert api.post(url, {"decision": "approve", "version": far.version}, format="json").status_code == 403
    api.force_authenticate(submitter)
    assert api.get("/api/reviews/queue/").status_code == 403
    api.force_authenticate(None)
    assert api.get("/api/reviews/queue/").status_code in (401, 403)
    assert Application.objects.get(pk=far.pk).version == far.version


def test_batch_approve_and_merge_through_the_api(api, make_in_review, keshi):
    a, b, lead, other = (make_in_review() for _ in range(4))
    api.force_authenticate(keshi)
    body = api.post("/api/reviews/batch-approve/", {
        "items": [{"id": a.pk, "version": a.version}, {"id": b.pk, "version": b.version - 1}],
        "opinion": "集中认定"}, format="json").json()
    assert body["approved"] == [a.pk] and body["refused"][0]["id"] == b.pk
    merged = api.post("/api/reviews/merge/", {"lead": {"id": lead.pk, "version": lead.version},
                                              "others": [{"id": other.pk, "version": other.version}],
                                              "opinion": "合并"}, format="json")
    assert merged.status_code == 200
    assert Application.objects.get(pk=other.pk).merged_into_id == lead.pk


def test_stages_are_listed_for_reviewers_only(api, keshi):
    api.force_authenticate(keshi)
    names = [s["name"] for s in api.get("/api/reviews/stages/").json()]
    assert names[:3] == ["相关科室初审", "办公室审核", "教育督导室审定"]
    api.force_authenticate(UserFactory(roles=["申报单位经办人"]))
    assert api.get("/api/reviews/stages/").status_code == 403
