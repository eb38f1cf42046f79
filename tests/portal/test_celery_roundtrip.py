import pytest

from whitelist_portal.celery import app, ping


@pytest.mark.redis
@pytest.mark.worker
def test_a_task_makes_a_round_trip_through_a_real_worker_on_redis(celery_worker):
    assert app.conf.task_always_eager is False
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert result.successful()


def test_without_redis_tasks_run_in_process(settings):
    assert ping.delay().get(timeout=1) == "pong"
