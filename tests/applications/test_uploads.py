"""Attachments: recognised by content, size-limited, stored privately, downloaded only with permission."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.applications.demo import demo_pdf
from apps.applications.models import Attachment

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def docx_bytes(with_document=True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("_rels/.rels", "<Relationships/>")
        if with_document:
            z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(client, app, name, content, kind="implementation_plan"):
    return client.post(reverse("applications:attachment_upload", args=[app.pk]),
                       {"kind": kind, "file": SimpleUploadedFile(name, content)}, follow=True)


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def owner_client(client, submitter):
    client.force_login(submitter)
    return client


@pytest.mark.parametrize("name,content,content_type", [
    ("实施方案.pdf", demo_pdf("plan"), "application/pdf"),
    ("方案.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("现场.png", PNG, "image/png"),
])
def test_sound_files_are_stored_privately(owner_client, draft, name, content, content_type):
    page = upload(owner_client, draft, name, content).content.decode()
    assert "附件已上传" in page
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, content_type, len(content))
    path = Path(attachment.file.path)
    assert path.read_bytes() == content
    assert str(path).startswith(settings.PRIVATE_MEDIA_ROOT)
    assert not str(path).startswith(str(settings.STATIC_ROOT)) and name not in path.name


@pytest.mark.parametrize("name,content,message", [
    ("方案.pdf", EXE, "不是 PDF、Word 或图片文件"),
    ("方案.pdf", "这其实是一段文本，不是 PDF。".encode() * 20, "不是 PDF、Word 或图片文件"),
    ("方案.pdf", PNG, "扩展名与实际内容（PNG）不符"),
    ("方案.docx", docx_bytes(with_document=False), "不是 PDF、Word 或图片文件"),
    ("方案.docx", docx_bytes()[:200], "不是"),
    ("方案.docx", b"PK\x03\x04" + b"\x00" * 100, "不是"),
    ("方案.pdf", demo_pdf("x")[:300], "不是完整的 PDF 文件"),
    ("方案.pdf", b"", "空文件"),
])
def test_malformed_or_mislabelled_files_are_refused_and_nothing_is_stored(owner_client, draft, name, content,
                                                                         message):
    page = upload(owner_client, draft, name, content).content.decode()
    assert message in page
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def test_oversize_file_is_refused(owner_client, draft, settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    big = demo_pdf("big")
    big = big[:-6] + b"%" * 3000 + big[-6:]
    page = upload(owner_client, draft, "大文件.pdf", big).content.decode()
    assert "超过 0 MB" in page or "大小限制" in page
    assert Attachment.objects.count() == 0 and stored_files() == []


def test_default_limit_is_twenty_megabytes():
    assert settings.ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024


def test_download_checks_permission(client, submitter, other_submitter, reviewer, outsider, draft):
    client.force_login(submitter)
    upload(client, draft, "实施方案.pdf", demo_pdf("plan"))
    attachment = Attachment.objects.get()
    url = reverse("applications:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["X-Content-Type-Options"] == "nosniff"
    for user in (other_submitter, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_other_department_cannot_upload_or_delete(client, submitter, other_submitter, draft):
    client.force_login(submitter)
    upload(client, draft, "实施方案.pdf", demo_pdf("plan"))
    attachment = Attachment.objects.get()
    client.force_login(other_submitter)
    assert upload(client, draft, "x.pdf", demo_pdf("x")).status_code == 404
    assert client.post(reverse("applications:attachment_delete", args=[attachment.pk])).status_code == 404
    assert Attachment.objects.count() == 1


def test_owner_deletes_an_attachment_and_its_file(client, submitter, draft, django_capture_on_commit_callbacks):
    client.force_login(submitter)
    upload(client, draft, "实施方案.pdf", demo_pdf("plan"))
    path = Attachment.objects.get().file.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:attachment_delete", args=[Attachment.objects.get().pk]))
    assert Attachment.objects.count() == 0 and not os.path.exists(path)


def test_attachments_cannot_change_after_submission(client, submitter, draft):
    from apps.applications.models import Application

    Application.objects.filter(pk=draft.pk).update(status="in_review")
    client.force_login(submitter)
    assert upload(client, draft, "实施方案.pdf", demo_pdf("plan")).status_code == 403
    assert Attachment.objects.count() == 0
