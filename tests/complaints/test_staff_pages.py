"""The officer's pages: intake with draft, the receipt code shown once, steps from the case page, the queue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.complaints import receipts
from apps.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def _form(school, police, **overrides):
    data = {"channel": "phone", "received_at": "2026-11-27T09:30", "schools": [school.pk], "department": police.pk,
            "category": "app_checkin", "activity_text": "禁毒知识网络答题", "description": "要求学生APP答题截图",
            "reporter_name": "张三", "reporter_contact": "13812345678", "register": "1"}
    data.update(overrides)
    return data


def test_intake_registers_and_shows_the_code_once(client, officer, school, police):
    client.force_login(officer)
    assert client.get(reverse("complaints:create")).status_code == 200
    response = client.post(reverse("complaints:create"), _form(school, police))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("complaints:detail", args=[complaint.pk])
    page = client.get(response["Location"]).content.decode()
    shown = page.split("data-receipt-code>")[1].split("<")[0].strip()
    assert receipts.digest(receipts.normalise(shown)) == complaint.receipt_hash
    again = client.get(response["Location"]).content.decode()
    assert "data-receipt-code" not in again and shown not in again


def test_phone_draft_keeps_what_was_said(client, officer, school, police):
    client.force_login(officer)
    response = client.post(reverse("complaints:create"), {"channel": "phone", "received_at": "2026-11-27T09:30",
                                                           "activity_text": "某APP打卡", "save_draft": "1"})
    draft = Complaint.objects.get()
    assert draft.status == Complaint.Status.DRAFT and draft.activity_text == "某APP打卡"
    assert response["Location"] == reverse("complaints:edit", args=[draft.pk])
    response = client.post(reverse("complaints:edit", args=[draft.pk]),
                           _form(school, police, version=draft.version))
    draft.refresh_from_db()
    assert draft.status == Complaint.Status.RECEIVED


def test_register_without_facts_shows_errors_and_keeps_nothing(client, officer):
    client.force_login(officer)
    response = client.post(reverse("complaints:create"), {"channel": "phone", "received_at": "2026-11-27T09:30",
                                                          "register": "1"})
    assert response.status_code == 200 and "请填写反映的事项或具体内容" in response.content.decode()
    assert not Complaint.objects.exists()


def test_steps_from_the_case_page(client, officer, registered):
    complaint, _ = registered()
    client.force_login(officer)
    url = reverse("complaints:step", args=[complaint.pk, "accept"])
    assert client.post(url, {"version": complaint.version}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ACCEPTED
    # The same form again (stale version) changes nothing and says why.
    response = client.post(reverse("complaints:step", args=[complaint.pk, "decline"]),
                           {"version": complaint.version - 1, "reason": "x"}, follow=True)
    assert "刷新页面" in response.content.decode() or "不能执行此操作" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ACCEPTED
    response = client.post(reverse("complaints:step", args=[complaint.pk, "reply"]),
                           {"version": complaint.version, "finding": "unfounded", "reply": "经核查，未发现该情况。"})
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.REPLIED and complaint.finding == "unfounded"


def test_html_typed_by_staff_is_shown_as_text(client, officer, registered):
    complaint, _ = registered(activity_text="<script>alert(1)</script>", description="<b>粗体</b>")
    client.force_login(officer)
    for url in (reverse("complaints:detail", args=[complaint.pk]), reverse("complaints:queue")):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_queue_filters_and_due(client, officer, registered):
    phone, _ = registered()
    letter, _ = registered(channel="letter")
    Complaint.objects.filter(pk=letter.pk).update(reply_due_on="2020-01-01")
    client.force_login(officer)
    page = client.get(reverse("complaints:queue"), {"channel": "letter"})
    numbers = [e["complaint"].pk for e in page.context["entries"]]
    assert numbers == [letter.pk]
    page = client.get(reverse("complaints:queue"), {"due": "overdue"})
    assert [e["complaint"].pk for e in page.context["entries"]] == [letter.pk]
    assert page.context["entries"][0]["due"] == "overdue"


@pytest.mark.parametrize("url_name", ["complaints:queue", "complaints:detail", "api", "auditor-export"])
def test_query_count_stays_flat(client, officer, auditor, registered, url_name):
    first, _ = registered()
    client.force_login(auditor if url_name == "auditor-export" else officer)
    url = {"api": "/api/complaints/", "auditor-export": reverse("complaints:register_xlsx"),
           "complaints:detail": reverse("complaints:detail", args=[first.pk])}.get(url_name) or reverse(url_name)

    def count():
        client.get(url)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(8):
        other, _code = registered()
        if url_name.endswith("detail"):
            from apps.complaints import services
            services.link_to_case(complaint=other, case=first, actor=officer)
    assert count() == few


def test_repeated_unfounded_reports_from_one_contact_are_flagged(client, officer, registered):
    from apps.complaints import services

    for _ in range(2):
        complaint, _code = registered(reporter_contact="139 0000 1111")
        complaint = services.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
        services.reply_to_reporter(complaint=complaint, actor=officer, seen_version=complaint.version,
                                   reply="查无实据", finding="unfounded")
    fresh, _ = registered(reporter_contact="13900001111")
    client.force_login(officer)
    page = client.get(reverse("complaints:detail", args=[fresh.pk])).content.decode()
    assert "多件举报经核查查无实据" in page
    other, _ = registered(reporter_contact="13700002222")
    assert "多件举报经核查查无实据" not in client.get(reverse("complaints:detail", args=[other.pk])).content.decode()


def test_intake_keeps_evidence_and_refuses_a_mislabelled_file(client, officer, school, police):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.complaints.test_public import PNG

    client.force_login(officer)
    bad = SimpleUploadedFile("来信.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("complaints:create"), {**_form(school, police), "evidence": [bad]})
    assert response.status_code == 200 and "不是 PDF、Word 或图片文件" in response.content.decode()
    assert not Complaint.objects.exists()
    good = SimpleUploadedFile("来信.png", PNG, content_type="image/png")
    response = client.post(reverse("complaints:create"), {**_form(school, police), "evidence": [good]})
    assert response.status_code == 302
    assert Complaint.objects.get().evidence.get().original_name == "来信.png"


def test_officer_of_another_region_sees_nothing(client, registered, db):
    from apps.accounts.models import Region
    from apps.accounts.roles import Role
    from tests.factories import BureauFactory, UserFactory

    complaint, _ = registered()
    elsewhere = Region.objects.create(code="350525", name="永春县", level="county")
    stranger = UserFactory(username="jubao-yc", organisation=BureauFactory(region=elsewhere),
                           roles=[Role.COMPLAINT_STAFF])
    client.force_login(stranger)
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    assert client.get(reverse("complaints:queue")).context["entries"] == []
    assert client.post(f"/api/complaints/{complaint.pk}/accept/", {"version": complaint.version},
                       content_type="application/json").status_code == 404


def test_statistics_count_by_category_and_school(client, officer, registered, school):
    registered(category="forms")
    registered(category="forms")
    registered(category="duty")
    client.force_login(officer)
    stats = client.get(reverse("complaints:stats")).context["stats"]
    by_category = dict(stats["by_category"])
    assert stats["total"] == 3 and by_category["报表填写"] == 2 and by_category["值班值守"] == 1
    assert dict(stats["by_school"])[school.name] == 3
