"""The commands docker-compose runs, run here: the web start script's steps, gunicorn, a worker, beat."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def production_env(tmp_path, transactional_db):
    from django.db import connection

    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="test-production-secret-key-that-is-long-enough-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(tmp_path / "static"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    return env


def test_web_start_script_migrates_collects_static_and_serves_through_gunicorn(production_env):
    script = (ROOT / "deploy" / "start-web.sh").read_text()
    assert "manage.py migrate --noinput" in script and "manage.py collectstatic --noinput" in script
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *step], cwd=ROOT, env=production_env, check=True,
                       capture_output=True)
    assert list(Path(production_env["STATIC_ROOT"]).glob("css/portal.*.css")), "manifest static files missing"
    port = free_port()
    production_env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    production_env["GUNICORN_WORKERS"] = "1"
    proc = subprocess.Popen([str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "whitelist_portal.wsgi"],
                            cwd=ROOT, env=production_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = None
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                    css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/portal.css", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        assert body and "社会事务进校园" in body
        assert css.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.redis
def test_beat_starts_with_the_schedule_in_code(production_env, tmp_path):
    proc = subprocess.Popen(
        [str(BIN / "celery"), "-A", "whitelist_portal", "beat", "--loglevel=INFO",
         f"--schedule={tmp_path / 'beat-schedule'}"],
        cwd=ROOT, env=production_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    time.sleep(4)
    try:
        assert proc.poll() is None, proc.stdout.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
