"""Running one export: write to a temporary file, store it under a new name, then point the edition at it."""

import logging
import os
import secrets
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .caching import invalidate_on_commit
from .columns import columns_for
from .models import ExportRun, WhitelistEdition
from .xlsx import write_edition

logger = logging.getLogger(__name__)


def type_counts(items) -> dict[str, int]:
    return dict(items.order_by().values_list("item_type").annotate(n=Count("pk")))


def run_export(*, run_id: int) -> str:
    """Produce the file of an ExportRun; idempotent, and a failure keeps the last good file."""
    claimed = ExportRun.objects.filter(
        pk=run_id, status__in=[ExportRun.Status.WAITING, ExportRun.Status.RUNNING]
    ).update(status=ExportRun.Status.RUNNING, started_at=timezone.now())
    if claimed != 1:
        return "skipped"  # gone, or already done / failed
    run = ExportRun.objects.select_related("edition", "edition__term", "edition__region").get(pk=run_id)
    edition = run.edition
    fd, tmp_path = tempfile.mkstemp(suffix=".xlsx", prefix="whitelist-")
    os.close(fd)
    stored = ""
    try:
        items = edition.items.order_by("item_type", "number")
        count = write_edition(edition, items.iterator(chunk_size=1000), tmp_path, counts=type_counts(items),
                              columns=columns_for(edition, items))
        with open(tmp_path, "rb") as fh:
            # A new name each run: readers keep getting the old file until the edition points at the new one.
            stored = default_storage.save(
                f"whitelist/exports/{edition.pk}/v{edition.version}-{secrets.token_hex(6)}.xlsx", File(fh)
            )
        old = _swap(run, stored, count)
        if old and old != stored:
            transaction.on_commit(lambda: default_storage.delete(old))
        return "done"
    except Exception as exc:  # any failure is shown to the publisher; the last good file stays
        logger.exception("Whitelist export %s failed", run_id)
        if stored:
            default_storage.delete(stored)
        ExportRun.objects.filter(pk=run_id).update(
            status=ExportRun.Status.FAILED, finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000] or "未知错误",
        )
        return "failed"
    finally:
        os.unlink(tmp_path)


@transaction.atomic
def _swap(run: ExportRun, stored: str, count: int) -> str:
    edition = WhitelistEdition.objects.select_for_update().get(pk=run.edition_id)
    old = edition.export_name
    # The file's version is the one read when the run began; a later change queues its own run.
    WhitelistEdition.objects.filter(pk=edition.pk).update(
        export_name=stored, export_generated_at=timezone.now(), export_version=run.edition.version
    )
    ExportRun.objects.filter(pk=run.pk).update(status=ExportRun.Status.DONE, finished_at=timezone.now(),
                                               row_count=count, error="")
    invalidate_on_commit()
    return old
