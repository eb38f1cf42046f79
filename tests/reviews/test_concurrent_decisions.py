"""Two reviewers deciding the same application at the same moment, each on its own database connection."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.applications.models import Application
from apps.audit.selectors import events_for
from apps.reviews import checks, services
from apps.reviews.models import ReviewDecision
from apps.reviews.services import ReviewConflict
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_precheck(monkeypatch):
    """Hold the row lock a little longer, so the second reviewer surely waits on it rather than arriving late."""
    real = checks.findings_now

    def slow(application):
        time.sleep(0.3)
        return real(application)

    monkeypatch.setattr(checks, "findings_now", slow)


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


def second_reviewer(bureau):
    return UserFactory(username="keshi2", organisation=bureau, roles=["审核人", "审核人-相关科室"])


def test_exactly_one_of_two_simultaneous_decisions_wins(in_review, keshi, bureau, slow_precheck):
    other = second_reviewer(bureau)
    seen = in_review.version
    results = run_together(
        lambda: services.approve(application=in_review, actor=keshi, version=seen, opinion="同意"),
        lambda: services.reject(application=in_review, actor=other, version=seen, opinion="不同意"),
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    loser = next(value for kind, value in results if kind == "error")
    assert isinstance(loser, ReviewConflict) and "刷新" in loser.message
    application = Application.objects.get(pk=in_review.pk)
    assert application.version == seen + 1
    assert ReviewDecision.objects.filter(application=application).count() == 1
    assert events_for(application).filter(action__in=["review.approve", "review.reject"]).count() == 1


def test_two_reviewers_posting_the_page_at_once_get_one_success_and_one_clear_message(in_review, keshi, bureau,
                                                                                       slow_precheck):
    other = second_reviewer(bureau)
    url = reverse("reviews:decide", args=[in_review.pk])
    clients = []
    for user in (keshi, other):
        client = Client()
        client.force_login(user)
        clients.append(client)
    form = {"decision": "return", "opinion": "请补充材料", "version": in_review.version}
    results = run_together(*[(lambda c=c: c.post(url, form, follow=True)) for c in clients])
    assert all(kind == "ok" for kind, _ in results), results
    pages = [response for _, response in results]
    assert [p.status_code for p in pages] == [200, 200]
    texts = [p.content.decode() for p in pages]
    assert sum("已对" in t for t in texts) == 1
    assert sum("可能已被其他审核人处理" in t for t in texts) == 1
    assert ReviewDecision.objects.filter(application_id=in_review.pk).count() == 1


def test_a_merge_and_an_approval_of_the_same_application_at_once_do_not_both_happen(make_in_review, keshi, bureau,
                                                                                     slow_precheck):
    other = second_reviewer(bureau)
    lead, target = make_in_review(title="防溺水安全教育"), make_in_review(title="防溺水专题讲座")
    results = run_together(
        lambda: services.merge(lead=lead, lead_version=lead.version, others=[(target, target.version)],
                               actor=keshi, opinion="合并"),
        lambda: services.approve(application=target, actor=other, version=target.version, opinion="同意"),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    target = Application.objects.get(pk=target.pk)
    merged = target.status == "merged"
    approved = target.status == "in_review" and target.review.stage.order == 2
    assert merged != approved
    assert ReviewDecision.objects.filter(application=target).count() == 1
