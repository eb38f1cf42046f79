"""A version that is not a number, posted to the review pages or the API, is refused without a 500 or a change."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("version", ["abc", "1.5", "\x00", ""])
def test_a_decision_with_a_bad_version_changes_nothing(client, in_review, keshi, version):
    client.force_login(keshi)
    before = (in_review.status, in_review.version)
    response = client.post(reverse("reviews:decide", args=[in_review.pk]),
                           {"decision": "approve", "opinion": "同意", "version": version})
    assert response.status_code < 500
    in_review.refresh_from_db()
    assert (in_review.status, in_review.version) == before


def test_batch_and_merge_with_bad_versions_change_nothing(client, in_review, keshi):
    client.force_login(keshi)
    before = (in_review.status, in_review.version)
    assert client.post(reverse("reviews:batch_approve"), {"selected": [f"{in_review.pk}:abc"]}).status_code < 500
    assert client.post(reverse("reviews:merge", args=[in_review.pk]),
                       {"version": "abc", "others": [f"{in_review.pk}:x"]}).status_code < 500
    in_review.refresh_from_db()
    assert (in_review.status, in_review.version) == before


def test_the_review_api_refuses_a_bad_version_with_400(in_review, keshi):
    api = APIClient()
    api.force_authenticate(keshi)
    response = api.post(f"/api/reviews/applications/{in_review.pk}/decision/",
                        {"decision": "approve", "opinion": "同意", "version": "abc"}, format="json")
    assert response.status_code == 400
    response = api.post("/api/reviews/batch-approve/", {"items": [{"id": in_review.pk, "version": "abc"}]},
                        format="json")
    assert response.status_code == 400
    in_review.refresh_from_db()
    assert in_review.status != "approved"


@pytest.mark.parametrize("value", [10**20, -(10**20)])
def test_numbers_no_column_can_hold_are_refused_with_400(in_review, keshi, value):
    client = APIClient()
    client.force_authenticate(keshi)
    for body in ({"items": [{"id": value, "version": 1}], "opinion": "同意"},
                 {"items": [{"id": in_review.pk, "version": value}], "opinion": "同意"}):
        assert client.post("/api/reviews/batch-approve/", body, format="json").status_code == 400
    in_review.refresh_from_db()
    assert in_review.status == "in_review"


@pytest.mark.parametrize("version", [str(10**20), "99999999999999999999999"])
def test_a_decision_with_a_version_too_large_changes_nothing(client, in_review, keshi, version):
    client.force_login(keshi)
    response = client.post(reverse("reviews:decide", args=[in_review.pk]),
                           {"decision": "approve", "opinion": "同意", "version": version})
    assert response.status_code < 500
    in_review.refresh_from_db()
    assert in_review.status == "in_review"
