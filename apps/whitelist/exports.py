"""Running one export: write to a temporary file, store it under a new name, then point the edition at it."""

import contextlib
import logging
import os
import secrets
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from .caching import invalidate_on_commit
from .columns import columns_for
from .export_queue import running_timeout
from .models import ExportRun, WhitelistEdition
from .xlsx import write_edition

logger = logging.getLogger(__name__)


def type_counts(items) -> dict[str, int]:
    return dict(items.order_by().values_list("item_type").annotate(n=Count("pk")))


def claim(run_id: int) -> bool:
    """Take a run for this worker: a waiting one, or a running one whose worker is presumed dead.

    A compare-and-set, so the same run sent twice (a click and the sweep, or a redelivery) is done once."""
    now = timezone.now()
    takeable = Q(status=ExportRun.Status.WAITING) | Q(status=ExportRun.Status.RUNNING,
                                                      started_at__lt=now - running_timeout())
    return ExportRun.objects.filter(takeable, pk=run_id).update(
        status=ExportRun.Status.RUNNING, started_at=now, attempts=F("attempts") + 1) == 1


def _temp_prefix(run_id: int) -> str:
    return f"whitelist-run{run_id}-"


def remove_leftovers(run: ExportRun) -> None:
    """Files an earlier, interrupted attempt of this run left: its temporary file and a stored, unused copy;
    and any export's temporary file older than a run may last (its worker died)."""
    stale = timezone.now().timestamp() - running_timeout().total_seconds()
    for path in Path(tempfile.gettempdir()).glob("whitelist-run*-*.xlsx"):
        with contextlib.suppress(FileNotFoundError):
            if path.name.startswith(_temp_prefix(run.pk)) or path.stat().st_mtime < stale:
                path.unlink()
    folder = f"whitelist/exports/{run.edition_id}"
    try:
        names = default_storage.listdir(folder)[1]
    except (FileNotFoundError, NotImplementedError):
        return
    current = WhitelistEdition.objects.filter(pk=run.edition_id).values_list("export_name", flat=True).first()
    for name in names:
        if f"-r{run.pk}-" in name and f"{folder}/{name}" != current:
            default_storage.delete(f"{folder}/{name}")


def run_export(*, run_id: int) -> str:
    """Produce the file of an ExportRun; idempotent, and a failure keeps the last good file."""
    if not claim(run_id):
        return "skipped"  # gone, already done / failed, or being done by a live worker
    run = ExportRun.objects.select_related("edition", "edition__term", "edition__region").get(pk=run_id)
    edition = run.edition
    if run.attempts > 1:
        remove_leftovers(run)
    fd, tmp_path = tempfile.mkstemp(suffix=".xlsx", prefix=_temp_prefix(run_id))
    os.close(fd)
    stored = ""
    try:
        items = edition.items.order_by("item_type", "number")
        count = write_edition(edition, items.iterator(chunk_size=1000), tmp_path, counts=type_counts(items),
                              columns=columns_for(edition, items))
        with open(tmp_path, "rb") as fh:
            # A new name each run: readers keep getting the old file until the edition points at the new one.
            stored = default_storage.save(
                f"whitelist/exports/{edition.pk}/v{edition.version}-r{run_id}-{secrets.token_hex(6)}.xlsx", File(fh)
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
    invalidate_on_commit(editions=[edition])
    return old
