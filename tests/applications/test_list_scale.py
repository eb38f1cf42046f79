"""The application lists at scale: keyset pages over every row once, in order, with filters; attachment counts for
the rows shown only; a flat query count; trigram search of a Chinese title by a fragment (PostgreSQL)."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.applications import selectors
from apps.applications.models import Application, Attachment

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("applications:overview")


@pytest.fixture
def seven(make_application):
    """Seven applications, three submitted; four changed at the very same instant (the tie is broken by id)."""
    rows = [make_application(title=f"列表事项{n}", status="submitted" if n % 2 else "draft") for n in range(7)]
    Application.objects.filter(pk__in=[a.pk for a in rows[:4]]).update(updated_at=timezone.now() - dt.timedelta(1))
    return rows


def _attach(application, n):
    for k in range(n):
        Attachment.objects.create(application=application, kind="other", file=f"x/{application.pk}-{k}.pdf",
                                  original_name="方案.pdf", content_type="application/pdf", extension=".pdf",
                                  size=1, sha256="0" * 64, uploaded_by=application.created_by)


def test_keyset_pages_cover_the_list_once_in_order_with_a_filter(client, publisher, seven, monkeypatch):
    monkeypatch.setattr("apps.applications.views.PAGE_SIZE", 2)
    client.force_login(publisher)
    for params, expected in (({}, list(selectors.application_list(publisher))),
                             ({"status": "draft"}, list(selectors.application_list(publisher).filter(status="draft")))):
        rows, cursor = [], None
        while True:
            page = client.get(OVERVIEW, {**params, **({"cursor": cursor} if cursor else {})}).context["page_obj"]
            rows += list(page)
            if not page.has_next:
                break
            cursor = page.next_cursor
        assert rows == expected and len(set(rows)) == len(rows)
    assert len(expected) == 4
    back = client.get(OVERVIEW, {"cursor": page.previous_cursor, "status": "draft"}).context["page_obj"]
    assert list(back) == expected[:2] and back.is_first


def test_attachments_are_counted_for_the_rows_shown_with_a_flat_query_count(client, publisher, seven, monkeypatch,
                                                                            django_assert_max_num_queries):
    monkeypatch.setattr("apps.applications.views.PAGE_SIZE", 3)
    client.force_login(publisher)
    client.get(OVERVIEW)
    with django_assert_max_num_queries(20) as few:
        client.get(OVERVIEW)
    few = len(few)  # now: the next request empties the connection's query log
    for application in seven:
        _attach(application, 2)
    _attach(seven[-1], 1)
    response = client.get(OVERVIEW)
    shown = {a.pk: a.attachment_count for a in response.context["page_obj"]}
    assert shown == {a.pk: a.attachments.count() for a in Application.objects.filter(pk__in=shown)}
    assert "3 个附件" in response.content.decode() or seven[-1].pk not in shown
    with django_assert_max_num_queries(few):
        client.get(OVERVIEW, {"cursor": response.context["page_obj"].next_cursor})


def test_the_api_list_pages_by_cursor(reviewer, seven, monkeypatch):
    monkeypatch.setattr("whitelist_portal.keyset.KeysetPagination.page_size", 3)
    api = APIClient()
    api.force_authenticate(reviewer)
    body = api.get("/api/applications/", {"status": "submitted"}).json()
    assert (body["count"], body["count_capped"]) == (3, False)
    ids = [r["id"] for r in body["results"]]
    assert body["next"] is None and ids == [a.pk for a in selectors.application_list(reviewer).filter(
        status="submitted")]
    body = api.get("/api/applications/").json()
    while body["next"]:
        body = api.get(body["next"]).json()
        ids += [r["id"] for r in body["results"]]
    assert api.get("/api/applications/", {"q": "列表事项"}).json()["count"] is None  # a keyword search is not counted


def test_a_whole_reference_number_is_found_exactly(client, publisher, seven):
    Application.objects.filter(pk=seven[0].pk).update(reference="2027春-0012")
    Application.objects.filter(pk=seven[1].pk).update(reference="2027春-00123")
    client.force_login(publisher)
    assert [a.pk for a in client.get(OVERVIEW, {"q": "2027春-0012"}).context["page_obj"]] == [seven[0].pk]
    assert {a.pk for a in client.get(OVERVIEW, {"q": "-0012"}).context["page_obj"]} == {seven[0].pk, seven[1].pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm exists on PostgreSQL only")
def test_a_chinese_title_is_found_by_a_fragment_through_the_trigram_index(client, publisher, make_application):
    wanted = make_application(title="2026年秋季防溺水安全教育进校园专题讲座")
    make_application(title="消防安全演练进校园")
    client.force_login(publisher)
    assert [a.pk for a in client.get(OVERVIEW, {"q": "溺水安全教"}).context["page_obj"]] == [wanted.pk]
    queryset = Application.objects.filter(title__icontains="溺水安全教").values("pk")
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: make the planner show the index it can use
        sql, params = queryset.query.sql_with_params()
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "application_title_trgm" in plan


def test_the_workspaces_query_count_stays_flat(client, publisher, submitter, make_application,
                                                django_assert_max_num_queries):
    make_application()
    counts = {}
    for user in (publisher, submitter):
        client.force_login(user)
        client.get("/workspace/")
        with django_assert_max_num_queries(40) as queries:
            client.get("/workspace/")
        counts[user.pk] = len(queries)
    for status in ("draft", "submitted", "approved", "rejected", "returned"):
        for _ in range(3):
            make_application(status=status)
    for user in (publisher, submitter):
        client.force_login(user)
        with django_assert_max_num_queries(counts[user.pk]):
            assert client.get("/workspace/").status_code == 200
