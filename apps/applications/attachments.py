"""Recognising an uploaded attachment by its content: PDF, Word (.doc/.docx) and images only."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# detected type → (content type, extensions the file name may carry)
ALLOWED = {
    "pdf": ("application/pdf", {".pdf"}),
    "doc": ("application/msword", {".doc"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
    "gif": ("image/gif", {".gif"}),
    "webp": ("image/webp", {".webp"}),
}
ACCEPT = ",".join(sorted({ext for _, exts in ALLOWED.values() for ext in exts}))


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    extension: str
    content_type: str
    sha256: str


def _extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


# A Word document is a zip. These bounds are read from the archive's directory before anything is inflated, so a
# small file that would unpack to gigabytes (a "zip bomb") is refused at once. A real .docx has tens of entries,
# unpacks to a few times its size and, in its larger parts (XML, images), compresses far less than 100:1.
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_RATIO = 100
ZIP_RATIO_CHECKED_ABOVE = 1024 * 1024  # tiny parts may compress any amount without harm


def check_zip_bounds(content: bytes, name: str) -> None:
    """Refuse an archive whose declared contents are too many, too large in total, or too tightly packed."""
    refused = ValidationError(
        gettext("文件“%(name)s”解压后内容异常庞大（疑似压缩炸弹），已拒绝上传。") % {"name": name}, code="zip_bomb"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # not a readable archive: the content check that follows refuses it for what it is
    if len(entries) > ZIP_MAX_ENTRIES:
        raise refused
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > ZIP_RATIO_CHECKED_ABOVE and entry.file_size > ZIP_MAX_RATIO * max(entry.compress_size, 1):
            raise refused
    if total > settings.ATTACHMENT_MAX_UNZIPPED_BYTES:
        raise refused


def _docx_is_sound(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist() and archive.testzip() is None
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def _pdf_is_sound(content: bytes) -> bool:
    return content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]


def check_upload(uploaded) -> CheckedFile:
    """Read and verify an uploaded file; raise a ValidationError with a Chinese message when it is refused."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationError(
            gettext("文件“%(name)s”超过 %(mb)s MB 的大小限制。")
            % {"name": uploaded.name, "mb": limit // (1024 * 1024)},
            code="too_big",
        )
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            gettext("文件“%(name)s”超过 %(mb)s MB 的大小限制。")
            % {"name": uploaded.name, "mb": limit // (1024 * 1024)},
            code="too_big",
        )
    if not content:
        raise ValidationError(gettext("文件“%(name)s”是空文件。") % {"name": uploaded.name}, code="empty")
    kind = filetype.guess(content)
    detected = kind.extension if kind else None
    if detected in ("zip", "docx"):
        check_zip_bounds(content, uploaded.name)
    if detected == "zip" and _docx_is_sound(content):
        detected = "docx"
    if detected not in ALLOWED:
        raise ValidationError(
            gettext("文件“%(name)s”不是 PDF、Word 或图片文件，已拒绝上传。") % {"name": uploaded.name}, code="type"
        )
    content_type, extensions = ALLOWED[detected]
    extension = _extension(uploaded.name)
    if extension not in extensions:
        raise ValidationError(
            gettext("文件“%(name)s”的扩展名与实际内容（%(kind)s）不符，已拒绝上传。")
            % {"name": uploaded.name, "kind": detected.upper()},
            code="mislabelled",
        )
    if detected == "docx" and not _docx_is_sound(content):
        raise ValidationError(
            gettext("文件“%(name)s”不是完整的 Word 文档（文件已损坏或被截断）。") % {"name": uploaded.name},
            code="malformed",
        )
    if detected == "pdf" and not _pdf_is_sound(content):
        raise ValidationError(
            gettext("文件“%(name)s”不是完整的 PDF 文件（文件已损坏或被截断）。") % {"name": uploaded.name},
            code="malformed",
        )
    return CheckedFile(content, extension, content_type, hashlib.sha256(content).hexdigest())
