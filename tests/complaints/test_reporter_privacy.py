"""The role × page/API/export matrix for reporter data: only complaint staff see it unmasked, and only on purpose."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.complaints import services
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "张三丰", "13812345678"
MASKED_NAME, MASKED_PHONE = "张**", "138****5678"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def complaint(registered, officer):
    complaint, _ = registered(reporter_name=NAME, reporter_contact=PHONE)
    services.add_evidence(complaint=complaint, actor=officer,
                          uploaded=SimpleUploadedFile("证据截图.png", PNG, content_type="image/png"))
    return complaint


@pytest.fixture
def others(bureau):
    department = OrganisationFactory(name="测试卫健局")
    return {
        "reviewer": UserFactory(username="keshi", organisation=bureau, roles=[Role.REVIEWER]),
        "publisher": UserFactory(username="fabu", organisation=bureau, roles=[Role.PUBLISHER]),
        "submitter": UserFactory(username="weijian", organisation=department, roles=[Role.SUBMITTER]),
        "owner": UserFactory(username="zhenggai", organisation=department, roles=[Role.RECTIFICATION_OWNER]),
    }


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        wb = load_workbook(io.BytesIO(response.content))
        return "\n".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value is not None)
    return response.content.decode()


def _pages(complaint):
    return {
        "queue": reverse("complaints:queue"),
        "detail": reverse("complaints:detail", args=[complaint.pk]),
        "export": reverse("complaints:register_xlsx"),
        "api_list": "/api/complaints/",
        "api_detail": f"/api/complaints/{complaint.pk}/",
        "stats": reverse("complaints:stats"),
    }


def test_staff_pages_mask_until_the_officer_asks(client, officer, complaint):
    client.force_login(officer)
    for name, url in _pages(complaint).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = _text(response)
        if name == "export":
            assert NAME in text and PHONE in text  # the register is staff's working file
        else:
            assert NAME not in text and PHONE not in text, name
    assert MASKED_NAME in _text(client.get(_pages(complaint)["detail"]))


def test_staff_reveal_on_page_and_api_is_audited(client, officer, complaint):
    client.force_login(officer)
    before = AuditEvent.objects.filter(action="complaint.reporter_viewed").count()
    page = client.post(reverse("complaints:reveal", args=[complaint.pk]))
    assert page.status_code == 200 and NAME in _text(page) and PHONE in _text(page)
    api = client.post(f"/api/complaints/{complaint.pk}/reporter/")
    assert api.json() == {"name": NAME, "contact": PHONE}
    events = AuditEvent.objects.filter(action="complaint.reporter_viewed")
    assert events.count() == before + 2 and set(events.values_list("actor", flat=True)) == {officer.pk}


def test_staff_export_is_audited_per_reporter(client, officer, complaint):
    client.force_login(officer)
    client.get(reverse("complaints:register_xlsx"))
    assert AuditEvent.objects.for_object(complaint).filter(action="complaint.reporter_exported",
                                                           actor=officer).exists()


def test_auditor_reads_everything_masked(client, auditor, complaint):
    client.force_login(auditor)
    for name, url in _pages(complaint).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = _text(response)
        assert NAME not in text and PHONE not in text, name
    assert MASKED_PHONE in _text(client.get(_pages(complaint)["export"]))
    assert MASKED_PHONE in _text(client.get(_pages(complaint)["detail"]))
    assert client.get("/api/complaints/").json()["results"][0]["reporter_contact"] == MASKED_PHONE
    assert client.post(reverse("complaints:reveal", args=[complaint.pk])).status_code == 403
    assert client.post(f"/api/complaints/{complaint.pk}/reporter/").status_code == 403
    assert client.post(reverse("complaints:evidence_upload", args=[complaint.pk])).status_code == 403
    for step in ("accept", "decline", "verdict", "link"):
        assert client.post(reverse("complaints:step", args=[complaint.pk, step]),
                           {"version": complaint.version, "reason": "x"}).status_code == 403
    evidence = complaint.evidence.get()
    assert client.get(reverse("complaints:evidence_download", args=[evidence.pk])).status_code == 403
    assert evidence.original_name not in _text(client.get(_pages(complaint)["detail"]))  # a name may name
    assert not AuditEvent.objects.filter(action="complaint.reporter_viewed").exists()


@pytest.mark.parametrize("role", ["reviewer", "publisher", "submitter", "owner"])
def test_other_roles_see_nothing(client, others, role, complaint):
    client.force_login(others[role])
    for name, url in _pages(complaint).items():
        response = client.get(url)
        assert response.status_code == 403, name
        assert NAME not in _text(response) and PHONE not in _text(response)
    assert client.post(reverse("complaints:reveal", args=[complaint.pk])).status_code == 403
    assert client.post(f"/api/complaints/{complaint.pk}/reporter/").status_code in (403, 404)
    evidence = complaint.evidence.get()
    assert client.get(reverse("complaints:evidence_download", args=[evidence.pk])).status_code == 403


def test_visitors_are_sent_to_login_or_refused(client, complaint):
    for name, url in _pages(complaint).items():
        response = client.get(url)
        assert response.status_code in (302, 403), name
        if name.startswith("api"):
            assert response.status_code == 403
        else:
            assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_staff_downloads_evidence(client, officer, complaint):
    client.force_login(officer)
    response = client.get(reverse("complaints:evidence_download", args=[complaint.evidence.get().pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Security-Policy"] == "sandbox"
