"""With the cache unreachable the public pages are rendered from the database, and the outage is logged once."""

import logging
import socket

import pytest

from apps.whitelist import caching, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_cache(settings, monkeypatch):
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{port}/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    settings.WHITELIST_CACHE_SECONDS = 600
    monkeypatch.setattr(caching, "_unavailable", False)
    return port


def test_public_pages_answer_from_the_database_when_the_cache_is_down(
        client, published, publisher, dead_cache, caplog, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    with pytest.raises(Exception):  # noqa: B017 - the cache really is unreachable
        cache.get("anything")
    item = published.items.get(name="安全教育进校园")
    urls = ["/whitelist/", "/whitelist/editions/", f"/whitelist/{published.pk}/", f"/whitelist/{published.pk}/changes/",
            f"/whitelist/items/{item.pk}/", f"/whitelist/{published.pk}/items.csv",
            f"/whitelist/{published.pk}/items.json", f"/whitelist/{published.pk}/?q=安全"]
    with caplog.at_level(logging.WARNING, logger="apps.whitelist.caching"):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
        assert "安全教育进校园" in client.get(f"/whitelist/{published.pk}/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):  # a change still commits; the bump is skipped
            services.revoke_item(item=item, actor=publisher, reason="年终评估不合格", seen_revision=item.revision)
        assert "status-revoked" in client.get(f"/whitelist/{published.pk}/").content.decode()
    outages = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(outages) == 1
