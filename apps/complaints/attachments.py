"""Evidence files: the same content checks as application uploads, all files checked before any is stored."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from apps.applications.attachments import ACCEPT, check_upload  # noqa: F401  (ACCEPT for the forms)

MAX_FILES = 5


def check_files(files) -> list:
    files = [f for f in files or () if f]
    if len(files) > MAX_FILES:
        raise ValidationError({"evidence": [gettext("最多上传 %(n)s 个文件。") % {"n": MAX_FILES}]})
    checked, errors = [], []
    for uploaded in files:
        try:
            checked.append((uploaded, check_upload(uploaded)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"evidence": errors})
    return checked
