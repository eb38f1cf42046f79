"""The complaints API: same rules as the pages — staff act, the auditor reads masked, the rest are refused."""

import pytest

from apps.audit.models import AuditEvent
from apps.complaints import receipts
from apps.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_staff_registers_by_api_and_gets_the_code_once(client, officer, school, police):
    client.force_login(officer)
    response = client.post("/api/complaints/", {
        "channel": "phone", "schools": [school.pk], "department": police.pk, "category": "forms",
        "activity_text": "创城问卷", "description": "要求家长填写问卷", "reporter_name": "张三",
        "reporter_contact": "13812345678"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    complaint = Complaint.objects.get(pk=body["id"])
    assert receipts.digest(receipts.normalise(body["receipt_code"])) == complaint.receipt_hash
    assert body["reporter_name"] == "张*" and body["reporter_contact"] == "138****5678"
    again = client.get(f"/api/complaints/{complaint.pk}/").json()
    assert "receipt_code" not in again


def test_api_refuses_incomplete_reports_with_field_errors(client, officer):
    client.force_login(officer)
    response = client.post("/api/complaints/", {"channel": "phone"}, content_type="application/json")
    assert response.status_code == 400 and "description" in response.json()
    assert not Complaint.objects.exists()
    draft = client.post("/api/complaints/", {"channel": "phone", "draft": True}, content_type="application/json")
    assert draft.status_code == 201 and draft.json()["status"] == "draft"


def test_steps_by_api_with_version_check(client, officer, registered):
    complaint, _ = registered()
    client.force_login(officer)
    url = f"/api/complaints/{complaint.pk}/"
    accepted = client.post(url + "accept/", {"version": complaint.version}, content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    stale = client.post(url + "decline/", {"version": complaint.version, "reason": "x"},
                        content_type="application/json")
    assert stale.status_code == 409
    no_reason = client.post(url + "reply/", {"version": accepted.json()["version"], "finding": "partly"},
                            content_type="application/json")
    assert no_reason.status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).status == "accepted"


def test_auditor_cannot_act_or_register_by_api(client, auditor, registered):
    complaint, _ = registered()
    client.force_login(auditor)
    url = f"/api/complaints/{complaint.pk}/"
    assert client.post(url + "accept/", {"version": complaint.version},
                       content_type="application/json").status_code == 403
    assert client.post("/api/complaints/", {"channel": "phone", "draft": True},
                       content_type="application/json").status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).status == "received"
    assert not AuditEvent.objects.filter(action="complaint.accepted").exists()


def test_api_filters_share_the_queue_filterset(client, officer, registered):
    registered(channel="phone")
    letter, _ = registered(channel="letter")
    client.force_login(officer)
    results = client.get("/api/complaints/", {"channel": "letter"}).json()["results"]
    assert [r["id"] for r in results] == [letter.pk]
