"""The commands docker-compose runs, run here: the web start script's steps, gunicorn, a worker, beat."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
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
        ALLOWED_HOSTS="whitelist.example.gov.cn,127.0.0.1",
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
    production_env.pop("REDIS_URL", None)  # no worker runs here; /healthz then checks the database alone
    proc = subprocess.Popen([str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "whitelist_portal.wsgi"],
                            cwd=ROOT, env=production_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(path, **headers):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
        return urllib.request.build_opener(NoRedirect).open(request, timeout=2)

    try:
        for _ in range(60):
            try:
                home = get("/", **{"X-Forwarded-Proto": "https"})
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("gunicorn did not answer")
        assert "社会事务进校园" in home.read().decode()
        assert get("/static/css/portal.css", **{"X-Forwarded-Proto": "https"}).status == 200
        with pytest.raises(urllib.error.HTTPError) as plain_http:
            get("/")
        assert plain_http.value.code == 301  # the production profile sends plain HTTP to HTTPS
        # The container's health check, exactly as docker-compose runs it.
        check = subprocess.run([sys.executable, "deploy/healthcheck.py"], cwd=ROOT, env=production_env,
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


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
