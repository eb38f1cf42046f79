import pytest
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_healthz_is_503_naming_the_database_when_it_fails(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken(self, sql, params=None):
        raise ConnectionError("database is down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["database"].startswith("database:")


@pytest.mark.redis
def test_healthz_is_503_naming_redis_when_it_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("redis:")
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.redis
@pytest.mark.worker
def test_healthz_pings_redis_and_a_celery_worker(client, celery_worker):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "celery": "ok"}
