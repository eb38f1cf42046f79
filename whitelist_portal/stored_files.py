"""What every uploaded file keeps beside its bytes — application attachments, report evidence, rectification
evidence: the uploader's name for it, the type and extension the content check found, its size and digest."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """Each concrete model adds its ``file`` (its own storage path), its owner and ``uploaded_by``."""

    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    extension = models.CharField(_("扩展名"), max_length=10)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
