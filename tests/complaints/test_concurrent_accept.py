"""Two officers accepting one report at the same moment on Postgres, each on its own connection: one wins."""

import threading

import pytest
from django.db import connection

from apps.audit.selectors import events_for
from apps.complaints import services
from apps.complaints.exceptions import ConflictError
from apps.complaints.models import Complaint

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", call())
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            results[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.mark.parametrize("second", ["accept", "decline"])
def test_exactly_one_of_two_officers_moves_the_report(registered, officer, officer2, second):
    complaint, _ = registered()
    seen = complaint.version
    other = (lambda: services.accept_complaint(complaint=complaint, actor=officer2, seen_version=seen)) \
        if second == "accept" else \
        (lambda: services.decline_complaint(complaint=complaint, actor=officer2, seen_version=seen, reason="重复"))
    results = run_together(
        lambda: services.accept_complaint(complaint=complaint, actor=officer, seen_version=seen), other)
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    assert isinstance(next(v for k, v in results if k == "error"), ConflictError)
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert fresh.version == seen + 1
    assert events_for(fresh).filter(action__in=["complaint.accepted", "complaint.not_accepted"]).count() == 1
