"""Recognising an uploaded attachment by its content: PDF, Word (.doc/.docx) and images only."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

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
        raise ValidationError(f"文件“{uploaded.name}”超过 {limit // (1024 * 1024)} MB 的大小限制。", code="too_big")
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(f"文件“{uploaded.name}”超过 {limit // (1024 * 1024)} MB 的大小限制。", code="too_big")
    if not content:
        raise ValidationError(f"文件“{uploaded.name}”是空文件。", code="empty")
    kind = filetype.guess(content)
    detected = kind.extension if kind else None
    if detected == "zip" and _docx_is_sound(content):
        detected = "docx"
    if detected not in ALLOWED:
        raise ValidationError(f"文件“{uploaded.name}”不是 PDF、Word 或图片文件，已拒绝上传。", code="type")
    content_type, extensions = ALLOWED[detected]
    extension = _extension(uploaded.name)
    if extension not in extensions:
        raise ValidationError(
            f"文件“{uploaded.name}”的扩展名与实际内容（{detected.upper()}）不符，已拒绝上传。", code="mislabelled"
        )
    if detected == "docx" and not _docx_is_sound(content):
        raise ValidationError(f"文件“{uploaded.name}”不是完整的 Word 文档（文件已损坏或被截断）。", code="malformed")
    if detected == "pdf" and not _pdf_is_sound(content):
        raise ValidationError(f"文件“{uploaded.name}”不是完整的 PDF 文件（文件已损坏或被截断）。", code="malformed")
    return CheckedFile(content, extension, content_type, hashlib.sha256(content).hexdigest())
