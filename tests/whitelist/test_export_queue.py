"""Export runs are never lost: a dead broker costs the publisher nothing, and the sweep hands over what was not
sent, what no worker took and what a dead worker left behind."""

import datetime as dt
import logging
import socket
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from apps.whitelist import export_queue, exports, services
from apps.whitelist.models import ExportRun
from whitelist_portal.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_broker():
    """The Celery app pointed at a port nothing listens on (as when Redis is down), tasks not run inline."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = f"redis://127.0.0.1:{port}/0", False
    _forget_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager = before
    _forget_connections()


def _forget_connections():
    app._pool = None
    app.amqp._producer_pool = None


def _ago(**kwargs):
    return timezone.now() - dt.timedelta(**kwargs)


def test_with_the_broker_down_the_page_answers_and_shows_the_run_is_not_queued(
        client, published, publisher, dead_broker, caplog, django_capture_on_commit_callbacks):
    client.force_login(publisher)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="apps.whitelist.export_queue"), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/whitelist/manage/{published.pk}/action/",
                               {"action": "export", "revision": published.revision})
    assert response.status_code == 302 and time.monotonic() - started < 5
    run = published.export_runs.get(status="waiting")
    assert run.queued_at is None and "could not be queued" in caplog.text
    page = client.get(f"/whitelist/manage/{published.pk}/").content.decode()
    assert "尚未交给后台任务服务" in page


def test_a_second_click_hands_the_waiting_run_over_again(published, publisher, django_capture_on_commit_callbacks):
    run = ExportRun.objects.create(edition=published)  # committed earlier, never reached the broker
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_export(edition=published, actor=publisher) == run
    run.refresh_from_db()
    assert run.status == "done" and run.attempts == 1


def test_the_sweep_sends_runs_never_handed_over_or_not_taken_in_time(published):
    fresh = ExportRun.objects.create(edition=published)  # its on_commit send may still be under way
    unsent = ExportRun.objects.create(edition=published)
    untaken = ExportRun.objects.create(edition=published)
    ExportRun.objects.filter(pk=unsent.pk).update(requested_at=_ago(minutes=2))
    ExportRun.objects.filter(pk=untaken.pk).update(requested_at=_ago(minutes=10), queued_at=_ago(minutes=4))
    assert export_queue.sweep()["sent"] == 2
    assert dict(ExportRun.objects.filter(pk__in=[fresh.pk, unsent.pk, untaken.pk]).values_list("pk", "status")) == {
        fresh.pk: "waiting", unsent.pk: "done", untaken.pk: "done"}


def test_a_run_whose_worker_died_is_redone_and_its_leftovers_removed(published, settings):
    settings.EXPORT_RUNNING_TIMEOUT = 60
    good = published.export_name
    run = ExportRun.objects.create(edition=published)
    ExportRun.objects.filter(pk=run.pk).update(status="running", started_at=_ago(minutes=2), attempts=1)
    leftover_tmp = Path(tempfile.gettempdir()) / f"whitelist-run{run.pk}-abc.xlsx"
    leftover_tmp.write_bytes(b"half a file")
    leftover_stored = default_storage.save(f"whitelist/exports/{published.pk}/v9-r{run.pk}-dead.xlsx",
                                           ContentFile(b"half a file"))
    assert exports.run_export(run_id=run.pk) == "done"  # a redelivery past the timeout may take it too
    ExportRun.objects.filter(pk=run.pk).update(status="running", started_at=_ago(minutes=2))
    assert export_queue.sweep() == {"requeued": 1, "failed": 0, "sent": 1}
    run.refresh_from_db()
    published.refresh_from_db()
    assert run.status == "done" and run.attempts == 3
    assert not leftover_tmp.exists() and not default_storage.exists(leftover_stored)
    assert published.export_name not in (good, leftover_stored) and default_storage.exists(published.export_name)


def test_a_live_worker_keeps_its_run_and_a_run_that_keeps_dying_fails(published, settings):
    settings.EXPORT_RUNNING_TIMEOUT = 60
    live = ExportRun.objects.create(edition=published)
    ExportRun.objects.filter(pk=live.pk).update(status="running", started_at=_ago(seconds=20), attempts=1)
    assert exports.run_export(run_id=live.pk) == "skipped"  # the same run sent twice is done once
    dying = ExportRun.objects.create(edition=published)
    ExportRun.objects.filter(pk=dying.pk).update(status="running", started_at=_ago(minutes=5),
                                                 attempts=export_queue.MAX_ATTEMPTS)
    leftover = default_storage.save(f"whitelist/exports/{published.pk}/v1-r{dying.pk}-dead.xlsx",
                                    ContentFile(b"half a file"))
    assert export_queue.sweep() == {"requeued": 0, "failed": 1, "sent": 0}
    assert ExportRun.objects.get(pk=live.pk).status == "running"
    dying.refresh_from_db()
    assert dying.status == "failed" and "中断" in dying.error
    assert not default_storage.exists(leftover) and default_storage.exists(published.export_name)


def test_the_broker_gives_up_within_seconds():
    assert app.conf.broker_connection_timeout <= 2
    assert app.conf.broker_transport_options["socket_connect_timeout"] <= 2
    assert app.conf.broker_transport_options["socket_timeout"] <= 5
    assert app.conf.task_publish_retry_policy["max_retries"] <= 1
    assert "sweep-export-runs" in app.conf.beat_schedule


def test_a_suspension_with_the_broker_down_still_commits_and_leaves_a_run_to_sweep(
        published, publisher, dead_broker, django_capture_on_commit_callbacks):
    item = published.items.get(name="法治教育进校园")
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_item(item=item, actor=publisher, reason="整改", seen_revision=item.revision)
    item.refresh_from_db()
    assert item.status == "suspended"
    run = published.export_runs.get(status="waiting")
    assert run.queued_at is None
