"""The public online report and the lookup by receipt code: bots refused, throttled, nothing private shown."""

import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.complaints import receipts, services
from apps.complaints.models import Complaint

pytestmark = pytest.mark.django_db

HTML = '<img src=x onerror="alert(1)">'
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def _challenge(client):
    form = client.get(reverse("complaints:report")).context["form"]
    a, b = form.question.split(" = ")[0].split(" + ")
    return form.initial["token"], str(int(a) + int(b))


def _report(client, school, **overrides):
    token, answer = _challenge(client)
    data = {"schools": [school.pk], "category": "app_checkin", "activity_text": "某APP打卡",
            "description": "班主任要求家长每天在APP打卡并截图", "reporter_name": "王芳",
            "reporter_contact": "13700001234",
            "consent": "on", "token": token, "answer": answer}
    data.update(overrides)
    return client.post(reverse("complaints:report"), data)


@pytest.fixture
def staff_and_bureau(officer):
    return officer


def test_online_report_lands_received_and_shows_code_once(client, school, staff_and_bureau,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(client, school)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.status == Complaint.Status.RECEIVED and complaint.channel == "online"
    assert complaint.created_by is None
    page = client.get(response["Location"]).content.decode()
    shown = page.split("data-receipt-code>")[1].split("<")[0].strip()
    assert receipts.digest(receipts.normalise(shown)) == complaint.receipt_hash
    assert shown not in client.get(response["Location"]).content.decode()
    from apps.notifications.models import Notification
    assert Notification.objects.filter(recipient=staff_and_bureau).exists()


def test_honeypot_refuses_bots(client, school):
    response = _report(client, school, website="http://spam.example")
    assert response.status_code == 400 and not Complaint.objects.exists()


def test_wrong_or_missing_answer_refused(client, school):
    assert _report(client, school, answer="99").status_code == 400
    assert _report(client, school, answer="", token="forged").status_code == 400
    assert not Complaint.objects.exists()


def test_a_solved_challenge_works_only_once(client, school):
    token, answer = _challenge(client)
    assert _report(client, school, token=token, answer=answer).status_code == 302
    assert _report(client, school, token=token, answer=answer).status_code == 400
    assert Complaint.objects.count() == 1


def test_reports_are_throttled_per_ip(client, school, settings):
    settings.COMPLAINT_REPORT_LIMIT = 2
    assert _report(client, school).status_code == 302
    assert _report(client, school).status_code == 302
    assert _report(client, school).status_code == 429
    assert Complaint.objects.count() == 2


def test_mislabelled_and_oversize_files_refused(client, school, settings):
    fake = SimpleUploadedFile("证据.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = _report(client, school, evidence=[fake])
    assert response.status_code == 400 and "不是 PDF、Word 或图片文件" in response.content.decode()
    settings.ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("截图.png", PNG, content_type="image/png")
    response = _report(client, school, evidence=[big])
    assert response.status_code == 400 and "大小限制" in response.content.decode()
    assert not Complaint.objects.exists()


def test_evidence_is_stored_with_the_report(client, school):
    response = _report(client, school, evidence=[SimpleUploadedFile("截图.png", PNG, content_type="image/png")])
    assert response.status_code == 302
    assert Complaint.objects.get().evidence.get().original_name == "截图.png"


def test_html_in_every_field_is_shown_as_text(client, school, officer):
    fields = ("school_text", "department_text", "activity_text", "description", "reporter_name")
    response = _report(client, school, **{f: HTML for f in fields}, reporter_contact="13700001234")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert all(getattr(complaint, f) == HTML for f in fields)
    client.force_login(officer)
    for url in (reverse("complaints:detail", args=[complaint.pk]), reverse("complaints:queue")):
        page = client.get(url).content.decode()
        assert HTML not in page and "&lt;img src=x" in page
    page = client.post(reverse("complaints:reveal", args=[complaint.pk])).content.decode()
    assert HTML not in page


def test_receipt_codes_are_unguessable():
    codes = {receipts.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(receipts.is_well_formed(c) for c in codes)
    assert len(receipts.ALPHABET) ** receipts.LENGTH >= 10**12
    assert math.log2(len(receipts.ALPHABET)) * receipts.LENGTH > 40
    assert not set("01IOL") & set(receipts.ALPHABET)
    first, second = receipts.new_code(), receipts.new_code()
    assert first[:-1] != second[:-1]  # not a counter: consecutive codes differ well before the last place


def test_lookup_shows_status_dates_and_public_reply_only(client, registered, officer):
    complaint, code = registered(reporter_name="张三", reporter_contact="13812345678",
                                 description="内部描述不公开")
    complaint = services.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
    services.reply_to_reporter(complaint=complaint, actor=officer, seen_version=complaint.version,
                               reply=f"已责令整改。{HTML}", finding="substantiated", handling_note="内部办理记录")
    response = client.post(reverse("complaints:lookup"), {"code": receipts.display(code).lower()})
    page = response.content.decode()
    assert response.status_code == 200 and "已答复" in page and "已责令整改。" in page
    assert HTML not in page and "&lt;img" in page
    for private in ("张三", "13812345678", "内部描述不公开", "内部办理记录", "禁毒知识网络答题", complaint.number):
        assert private not in page


def test_wrong_code_tells_nothing(client, registered):
    registered()
    wrong = client.post(reverse("complaints:lookup"), {"code": "ABCD-EFGH-JKMN"})
    malformed = client.post(reverse("complaints:lookup"), {"code": "x"})
    assert wrong.status_code == malformed.status_code == 404
    strip = lambda r: r.content.decode().split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(wrong) == strip(malformed)
    assert "ABCD" not in wrong.content.decode()


def test_lookups_are_throttled_per_ip(client, registered, settings):
    settings.COMPLAINT_LOOKUP_LIMIT = 3
    _, code = registered()
    for _ in range(3):
        client.post(reverse("complaints:lookup"), {"code": "ABCD-EFGH-JKMN"})
    response = client.post(reverse("complaints:lookup"), {"code": code})
    assert response.status_code == 429 and "已登记" not in response.content.decode()
    other = client.post(reverse("complaints:lookup"), {"code": code}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_drafts_are_never_found_by_code(client, officer):
    draft = services.save_draft(actor=officer, data={"channel": "phone"})
    assert draft.receipt_hash is None
    assert client.post(reverse("complaints:lookup"), {"code": "ABCD-EFGH-JKMN"}).status_code == 404


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, registered, settings):
    settings.COMPLAINT_LOOKUP_LIMIT = 2
    for n in range(2):
        client.post(reverse("complaints:lookup"), {"code": "ABCD-EFGH-JKMN"}, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    response = client.post(reverse("complaints:lookup"), {"code": "ABCD-EFGH-JKMN"},
                           HTTP_X_FORWARDED_FOR="10.9.9.77")
    assert response.status_code == 429


def test_behind_our_proxy_the_address_it_saw_is_counted(client, registered, settings):
    settings.COMPLAINT_LOOKUP_LIMIT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client connects from 127.0.0.1: our proxy
    first = client.post(reverse("complaints:lookup"), {"code": "x"}, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    forged = client.post(reverse("complaints:lookup"), {"code": "x"}, HTTP_X_FORWARDED_FOR="7.7.7.7, 203.0.113.5")
    other = client.post(reverse("complaints:lookup"), {"code": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert (first.status_code, forged.status_code, other.status_code) == (404, 429, 404)


def test_characters_xml_cannot_hold_never_reach_a_stored_report(client, settings):
    """The online form cleans what was typed, like every form of the portal."""
    from apps.complaints.forms import OnlineReportForm

    form = OnlineReportForm(data={"description": "学校被要求\x0b打卡\x08"})
    assert "\x0b" not in form.data["description"] and "\x08" not in form.data["description"]
