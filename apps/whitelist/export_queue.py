"""Getting export runs to a worker: handed to the broker after commit, handed again by a periodic sweep when no
worker took them, and redone when the worker that had one died.

A broker that cannot be reached never fails the publisher's request: the run stays "waiting" without a queue
time, the page says so, and the sweep hands it over once the broker is back. Sending a run twice is harmless,
because a worker claims a run with a compare-and-set (``exports.claim``).
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import ExportRun

logger = logging.getLogger(__name__)

# A run handed to the broker but not started by then is handed over again.
QUEUE_AGAIN_AFTER = dt.timedelta(minutes=3)
# A run committed this long ago and never handed over (the broker was down) is handed over by the sweep.
SEND_GRACE = dt.timedelta(seconds=30)
# A worker that dies repeatedly on one export does not loop for ever: the run fails and says why.
MAX_ATTEMPTS = 3


def running_timeout() -> dt.timedelta:
    """How long a run may stay "running" before its worker is presumed dead (past the task's hard time limit)."""
    return dt.timedelta(seconds=settings.EXPORT_RUNNING_TIMEOUT)


def send(run_id: int) -> bool:
    """Hand a waiting run to the broker now; False, logged, when the broker cannot be reached."""
    from .tasks import export_edition

    waiting = ExportRun.objects.filter(pk=run_id, status=ExportRun.Status.WAITING)
    waiting.update(queued_at=timezone.now())
    try:
        export_edition.apply_async((run_id,))
    except Exception:  # kombu/redis raise many kinds for a broker that is down; all mean "not queued"
        logger.warning("Export run %s could not be queued; the sweep will try again", run_id, exc_info=True)
        waiting.update(queued_at=None)
        return False
    return True


def send_on_commit(run: ExportRun) -> None:
    transaction.on_commit(lambda: send(run.pk))


def sweep(now=None) -> dict[str, int]:
    """Redo what was lost: runs whose worker died, runs never handed over, runs no worker took in time."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0, "sent": 0}
    dead = ExportRun.objects.filter(status=ExportRun.Status.RUNNING, started_at__lt=now - running_timeout())
    for run in dead:
        still = ExportRun.objects.filter(pk=run.pk, status=ExportRun.Status.RUNNING, started_at=run.started_at)
        if run.attempts >= MAX_ATTEMPTS:
            failed = still.update(status=ExportRun.Status.FAILED, finished_at=now,
                                  error=f"后台任务 {run.attempts} 次中断，未能生成文件，请检查后台任务服务后重新生成。")
            if failed:
                from .exports import remove_leftovers  # exports imports this module

                remove_leftovers(run)
            counts["failed"] += failed
        elif still.update(status=ExportRun.Status.WAITING, queued_at=None):
            counts["requeued"] += 1
            counts["sent"] += send(run.pk)
    lost = ExportRun.objects.filter(status=ExportRun.Status.WAITING).filter(
        Q(queued_at__isnull=True, requested_at__lt=now - SEND_GRACE) | Q(queued_at__lt=now - QUEUE_AGAIN_AFTER))
    for run_id in lost.values_list("pk", flat=True):
        counts["sent"] += send(run_id)
    if any(counts.values()):
        logger.warning("Export sweep: %s", counts)
    return counts
