"""A .docx is a zip: one that declares gigabytes, thousands of entries or an absurd ratio is refused before
anything is inflated, and nothing is stored."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.applications import attachments
from apps.applications.models import Attachment

pytestmark = pytest.mark.django_db

GIB = 1024 ** 3


def _docx(extra: dict[str, bytes] | None = None, entries: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
        for n in range(entries):
            z.writestr(f"word/media/p{n}.xml", "")
    return out.getvalue()


def _declare_size(content: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size a member declares, in its local header and the central directory."""
    data = bytearray(content)
    name = member.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", data, at + name_at - (4 if signature == b"PK\x03\x04" else 18))[0]
            if bytes(data[at + name_at:at + name_at + length]) == name:
                struct.pack_into("<I", data, at + offset, size)
            at = data.find(signature, at + 4)
    return bytes(data)


def _upload(client, draft, content):
    return client.post(reverse("applications:attachment_upload", args=[draft.pk]),
                       {"kind": "implementation_plan", "file": SimpleUploadedFile("方案.docx", content)}, follow=True)


def test_a_docx_declaring_four_gigabytes_is_refused_without_inflating(client, submitter, draft, monkeypatch):
    bomb = _declare_size(_docx({"word/bomb.xml": b"<a/>" * 1000}), "word/bomb.xml", 4 * GIB - 1)
    assert len(bomb) < 10_000
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/bomb.xml").file_size == 4 * GIB - 1
    inflated = []
    monkeypatch.setattr(zipfile.ZipFile, "testzip", lambda self: inflated.append(1))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: inflated.append(1))
    client.force_login(submitter)
    page = _upload(client, draft, bomb).content.decode()
    assert "疑似压缩炸弹" in page
    assert inflated == [] and Attachment.objects.count() == 0


def test_a_docx_with_an_absurd_compression_ratio_is_refused(client, submitter, draft):
    bomb = _docx({"word/zeros.xml": b"\x00" * (20 * 1024 * 1024)})  # 20 MB of zeros in ~20 KB
    assert len(bomb) < 100_000
    client.force_login(submitter)
    assert "疑似压缩炸弹" in _upload(client, draft, bomb).content.decode()
    assert Attachment.objects.count() == 0


def test_a_docx_with_thousands_of_entries_is_refused(client, submitter, draft):
    client.force_login(submitter)
    page = _upload(client, draft, _docx(entries=attachments.ZIP_MAX_ENTRIES + 1)).content.decode()
    assert "疑似压缩炸弹" in page and Attachment.objects.count() == 0


def test_a_docx_whose_parts_add_up_past_the_limit_is_refused(client, submitter, draft, settings):
    settings.ATTACHMENT_MAX_UNZIPPED_BYTES = 1024 * 1024
    import os

    parts = {f"word/media/image{n}.bin": os.urandom(300 * 1024) for n in range(4)}  # 1.2 MB, incompressible
    client.force_login(submitter)
    assert "疑似压缩炸弹" in _upload(client, draft, _docx(parts)).content.decode()
    assert Attachment.objects.count() == 0


def test_an_ordinary_docx_with_a_picture_is_still_accepted(client, submitter, draft):
    import os

    content = _docx({"word/media/image1.png": os.urandom(200 * 1024), "word/styles.xml": b"<w:styles/>" * 5000})
    client.force_login(submitter)
    _upload(client, draft, content)
    assert Attachment.objects.count() == 1
