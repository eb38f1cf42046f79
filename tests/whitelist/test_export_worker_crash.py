"""A worker killed in the middle of an export: the sweep has the run redone, and the download never serves
anything but a complete file."""

import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from openpyxl import load_workbook

from apps.whitelist import services
from apps.whitelist.models import ExportRun, WhitelistEdition
from tests.conftest import start_celery_worker, stop_celery_worker
from whitelist_portal.celery import app


def _wait_for(condition, what: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _status(run) -> str:
    run.refresh_from_db()
    return run.status


def _download(client, edition) -> bytes:
    response = client.get(f"/whitelist/{edition.pk}/export.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    load_workbook(BytesIO(content))  # a complete workbook, whatever happens behind it
    return content


class EditionLock(threading.Thread):
    """Holds the edition's row lock from another connection, so a worker stops just before it points the
    edition at its new file: its temporary file is written and its copy stored, but not yet published."""

    def __init__(self, pk):
        super().__init__(daemon=True)
        self.pk, self.held, self.release = pk, threading.Event(), threading.Event()

    def run(self):
        try:
            with transaction.atomic():
                # "no key": new rows may still point at the edition; the worker's lock for its swap must wait
                WhitelistEdition.objects.select_for_update(no_key=True).get(pk=self.pk)
                self.held.set()
                self.release.wait(60)
        finally:
            connection.close()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.worker
def test_a_worker_killed_mid_export_is_redone_by_the_sweep(celery_worker, publisher, approved, term, client):
    approved(title="安全教育进校园")
    approved(title="科普活动进校园")
    edition = services.assemble_edition(term=term, actor=publisher)
    services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    _wait_for(lambda: _status(edition.export_runs.get()) == "done", "the first export")
    edition.refresh_from_db()
    good = _download(client, edition)
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "whitelist" / "exports" / str(edition.pk)

    lock = EditionLock(edition.pk)
    lock.start()
    assert lock.held.wait(10)
    run = services.request_export(edition=edition, actor=publisher)
    _wait_for(lambda: any(folder.glob(f"*-r{run.pk}-*.xlsx")), "the worker to store its file")
    temp_files = list(Path(tempfile.gettempdir()).glob(f"whitelist-run{run.pk}-*.xlsx"))
    assert temp_files and _status(run) == "running"
    celery_worker.kill()  # SIGKILL: no cleanup, no acknowledgement
    celery_worker.wait(10)
    lock.release.set()
    lock.join(10)

    assert _download(client, edition) == good  # the stored copy of the dead attempt is never pointed at
    assert _status(run) == "running" and run.attempts == 1

    worker = start_celery_worker(EXPORT_RUNNING_TIMEOUT="1")
    try:
        time.sleep(1.5)
        app.send_task("whitelist.sweep_export_runs")  # what beat sends every minute
        _wait_for(lambda: _status(run) in ("done", "failed"), "the sweep to have the run redone")
    finally:
        stop_celery_worker(worker)
    assert run.status == "done" and run.attempts == 2, run.error
    edition.refresh_from_db()
    redone = _download(client, edition)
    assert redone != good
    sheet = load_workbook(BytesIO(redone))["白名单"]
    assert [sheet.cell(row=r, column=2).value for r in (5, 6)] == ["安全教育进校园", "科普活动进校园"]
    assert not any(path.exists() for path in temp_files)
    assert [p.name for p in folder.iterdir()] == [Path(edition.export_name).name]
    assert ExportRun.objects.filter(status__in=["waiting", "running"]).count() == 0
