"""The audit trail believes X-Forwarded-For and X-Request-ID only from the proxies named in TRUSTED_PROXIES."""

import pytest
from django.test import RequestFactory

from apps.audit.context import meta_from_request

pytestmark = pytest.mark.django_db


def _meta(remote, forwarded=None, request_id=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    if request_id is not None:
        headers["HTTP_X_REQUEST_ID"] = request_id
    return meta_from_request(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_client_cannot_name_its_address_or_request_id(settings):
    settings.TRUSTED_PROXIES = []
    meta = _meta("203.0.113.7", forwarded="1.2.3.4", request_id="forged-id")
    assert meta.ip_address == "203.0.113.7"
    assert meta.request_id != "forged-id" and len(meta.request_id) == 32


def test_a_trusted_proxy_names_the_client_and_the_request_id(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    meta = _meta("10.0.0.2", forwarded="1.2.3.4, 203.0.113.7, 10.0.0.9", request_id="req-42")
    assert meta.ip_address == "203.0.113.7"  # the hop our proxies saw, not what the client wrote before it
    assert meta.request_id == "req-42"


def test_garbage_from_a_trusted_proxy_is_not_stored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    meta = _meta("10.0.0.1", forwarded="not-an-ip", request_id="x" * 65)
    assert meta.ip_address == "10.0.0.1" and meta.request_id != "x" * 65
    assert _meta("10.0.0.1", request_id="bad id\x00").request_id != "bad id\x00"


def test_gunicorn_trusts_forwarded_headers_from_the_same_proxies(monkeypatch):
    import runpy
    from pathlib import Path

    conf = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    assert runpy.run_path(str(conf))["forwarded_allow_ips"] == "127.0.0.1,::1"
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,192.168.1.5")
    assert runpy.run_path(str(conf))["forwarded_allow_ips"] == "127.0.0.1,::1,10.0.0.0/8,192.168.1.5"
