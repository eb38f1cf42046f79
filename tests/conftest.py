"""Shared fixtures: service markers that skip locally but fail under REQUIRE_SERVICES=1, users by relation."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from apps.accounts.roles import Role
from tests.factories import BureauFactory, OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_configure(config):
    """Under pytest-xdist each worker process takes a Redis database of its own (cache, broker, locks), as it takes
    a test database of its own: two workers never see each other's keys or run each other's tasks."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or not settings.REDIS_URL:
        return
    from urllib.parse import urlsplit, urlunsplit

    from asgiref.local import Local
    from django.core.cache import caches

    from whitelist_portal.celery import app

    parts = urlsplit(settings.REDIS_URL)
    base = int(parts.path.strip("/") or 0)
    url = urlunsplit(parts._replace(path=f"/{(base + 1 + int(worker[2:])) % 16}"))
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": url}}
    caches.__dict__.pop("settings", None)  # the handler read CACHES once; read it again, with no open client
    caches._connections = Local(caches.thread_critical)
    app.conf.broker_url = app.conf.result_backend = url
    os.environ["REDIS_URL"] = url  # the workers, servers and beat that tests start


def _missing_service(marker: str) -> str | None:
    """Why the service a marker needs is unavailable, or None when it is there."""
    from django.db import connection

    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL=postgres://…)"
    if marker in ("redis", "worker"):
        if not settings.REDIS_URL:
            return "needs Redis (set REDIS_URL=redis://…)"
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            return f"Redis at REDIS_URL does not answer: {exc}"
    if marker == "browser":
        if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
            return f"needs Chromium at {CHROMIUM}"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "needs the playwright package"
    return None


@pytest.fixture(autouse=True)
def _services_required_by_markers(request):
    for marker in ("postgres", "redis", "worker", "browser"):
        if request.node.get_closest_marker(marker) is None:
            continue
        reason = _missing_service(marker)
        if reason:
            if settings.REQUIRE_SERVICES:
                pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_state(request, settings, tmp_path):
    """Each test: a clean cache, a private upload folder, tasks run inline unless a real worker is wanted."""
    from django.core.cache import cache
    from django.utils import translation

    from whitelist_portal.celery import app

    cache.clear()
    # A request in English leaves English active in this thread; each test starts in the portal's language.
    translation.activate(settings.LANGUAGE_CODE)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "private")}},
    }
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous
    # Eager tasks run from several threads at once (the concurrency tests) race on Celery's process-wide
    # "inside a task" flag and may leave it set; the next test starts outside any task.
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


# Data the migrations write (roles, caps, review stages). A transactional test flushes the database when it ends,
# so every transactional test starts by writing that data again (each function is idempotent).
DATA_MIGRATIONS = [
    ("apps.accounts.migrations.0002_role_groups", "create_groups"),
    ("apps.applications.migrations.0003_seed_cap_rules", "seed"),
    ("apps.reviews.migrations.0002_default_stages", "create_stages"),
]


def replay_data_migrations() -> None:
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # a flush recreates content types under new ids
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server", "celery_worker"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request):
    if _is_transactional(request):
        request.getfixturevalue("transactional_db")
        replay_data_migrations()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on Redis, pointed at the test database; stopped after the test."""
    proc = start_celery_worker()
    yield proc
    stop_celery_worker(proc)


def start_celery_worker(**extra_env) -> subprocess.Popen:
    """Start a worker (settings overridden by ``extra_env``) and return once it answers a ping."""
    from django.db import connection

    env = dict(os.environ, **extra_env)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{port}/{db['NAME']}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    env["PRIVATE_MEDIA_ROOT"] = settings.PRIVATE_MEDIA_ROOT
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "whitelist_portal", "worker", "--pool=solo", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--loglevel=WARNING", f"--hostname=test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    from whitelist_portal.celery import app

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("Celery worker exited: " + proc.stdout.read().decode(errors="replace"))
        if app.control.ping(timeout=0.5, destination=[f"test-{os.getpid()}@{os.uname().nodename}"]):
            break
    else:
        proc.kill()
        raise RuntimeError("Celery worker did not answer within 30 s")
    return proc


def stop_celery_worker(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# Users by relation: a department and its submitter, another department's submitter, the bureau's staff.
@pytest.fixture
def department(db):
    return OrganisationFactory(name="测试公安局")


@pytest.fixture
def submitter(department):
    return UserFactory(username="alice", organisation=department, roles=[Role.SUBMITTER])


@pytest.fixture
def other_submitter(db):
    return UserFactory(username="bob", organisation=OrganisationFactory(name="测试消防大队"), roles=[Role.SUBMITTER])


@pytest.fixture
def bureau(db):
    return BureauFactory(name="测试县教育局")


@pytest.fixture
def reviewer(bureau):
    return UserFactory(username="reviewer", organisation=bureau, roles=[Role.REVIEWER])


@pytest.fixture
def publisher(bureau):
    return UserFactory(username="publisher", organisation=bureau, roles=[Role.PUBLISHER])


@pytest.fixture
def auditor(bureau):
    return UserFactory(username="auditor", organisation=bureau, roles=[Role.AUDITOR])


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")
