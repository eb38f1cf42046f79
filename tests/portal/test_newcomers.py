"""Issue 12, item 11 (and /favicon.ico of item 10): what a newcomer meets first."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

ROOT = Path(__file__).resolve().parents[2]


def test_the_favicon_is_served_at_the_site_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an icon resource


def test_the_readme_names_host_and_make_run_passes_it_to_the_base_url():
    readme = (ROOT / "README.md").read_text()
    assert "`HOST`" in readme and "make run HOST=0.0.0.0:8000" in readme and "PORTAL_BASE_URL" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert 'PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://$(HOST)}"' in makefile


def test_ci_installs_a_cjk_font():
    assert "fonts-noto-cjk" in (ROOT / ".ci" / "run").read_text()


def test_a_refusal_is_logged_without_a_traceback(client, db, caplog):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody", roles=["申报单位经办人"]))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/whitelist/manage/").status_code == 403
    refusals = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert refusals and all(r.exc_info is None and not r.exc_text for r in refusals)
    assert "Traceback" not in caplog.text


def test_the_filter_leaves_other_failures_their_traceback():
    from whitelist_portal.logfilters import RefusalWithoutTraceback

    try:
        raise PermissionDenied
    except PermissionDenied:
        exc_info = sys.exc_info()
    refusal = logging.LogRecord("django.request", logging.WARNING, "", 0, "Forbidden", (), exc_info)
    refusal.status_code = 403
    failure = logging.LogRecord("django.request", logging.ERROR, "", 0, "Server error", (), exc_info)
    failure.status_code = 500
    assert RefusalWithoutTraceback().filter(refusal) and RefusalWithoutTraceback().filter(failure)
    assert refusal.exc_info is None and failure.exc_info is exc_info


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="needs the project venv")
def test_a_test_run_prints_no_staticfiles_warning(tmp_path):
    # The inner run gets a database of its own: on this run's Postgres it would recreate, then drop, our test database.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REQUIRE_SERVICES")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'inner.sqlite3'}"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/portal/test_newcomers.py::test_the_favicon_is_served_at_the_site_root"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False, env=env)
    assert "passed" in result.stdout
    assert "No directory at" not in result.stdout + result.stderr
