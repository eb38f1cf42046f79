"""The queue at scale: keyset pages that cover every waiting application once, in order, with filters kept; counts
per stage read from the review positions of the reviewer's own region."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.reviews import selectors
from apps.reviews.models import ReviewProgress
from tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("reviews:queue")


@pytest.fixture
def seven(make_in_review):
    """Seven applications at the first stage; four arrived at the very same instant (the tie is broken by id)."""
    apps = [make_in_review(title=f"排队事项{n}", category="city_campaign" if n % 2 else "special_task")
            for n in range(7)]
    same = timezone.now() - dt.timedelta(days=2)
    ReviewProgress.objects.filter(application__in=apps[:4]).update(entered_at=same)
    return apps


def _walk(client, params, key="cursor"):
    """Follow the next links from the first page; returns the rows of each page."""
    pages, cursor = [], None
    while True:
        context = client.get(QUEUE, {**params, **({key: cursor} if cursor else {})}).context
        page = context["page_obj"]
        pages.append(list(page))
        if not page.has_next:
            return pages, page, context
        cursor = page.next_cursor


def test_keyset_pages_cover_the_queue_once_in_order_and_walk_back(client, keshi, seven, monkeypatch):
    monkeypatch.setattr("apps.reviews.views.QUEUE_PAGE_SIZE", 3)
    client.force_login(keshi)
    expected = list(selectors.queue_for(keshi))
    pages, last, _ = _walk(client, {})
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [a for p in pages for a in p] == expected and len(expected) == 7
    back, rows = last, []
    while back.has_previous:
        back = client.get(QUEUE, {"cursor": back.previous_cursor}).context["page_obj"]
        rows[:0] = list(back)
    assert rows == expected[:6] and back.is_first


def test_keyset_pages_keep_the_filter(client, keshi, seven, monkeypatch):
    monkeypatch.setattr("apps.reviews.views.QUEUE_PAGE_SIZE", 2)
    client.force_login(keshi)
    pages, _last, context = _walk(client, {"category": "city_campaign"})
    rows = [a for p in pages for a in p]
    assert rows == [a for a in selectors.queue_for(keshi) if a.category == "city_campaign"] and len(rows) == 3
    assert "category=city_campaign" in context["querystring"] and "cursor" not in context["querystring"]
    html = client.get(QUEUE, {"category": "city_campaign"}).content.decode()
    assert "?category=city_campaign&cursor=" in html and "符合条件的共" not in html  # a filtered queue is not counted
    assert "符合条件的共 7 件" in client.get(QUEUE).content.decode()  # the whole queue is, from the stage counts


def test_a_malformed_cursor_shows_the_first_page(client, keshi, seven):
    client.force_login(keshi)
    for bad in ("nonsense", "W10", "WyJhZnRlciIsWyJ4IiwxXV0"):  # garbage, [], ["after",["x",1]]
        assert list(client.get(QUEUE, {"cursor": bad}).context["page_obj"])[:1] == [seven[0]]


def test_the_api_pages_by_cursor_and_says_when_the_count_is_capped(keshi, seven, monkeypatch):
    monkeypatch.setattr("whitelist_portal.keyset.KeysetPagination.page_size", 3)
    api = APIClient()
    api.force_authenticate(keshi)
    assert api.get("/api/reviews/queue/").json()["count"] == 7  # exact, from the counts per stage
    body = api.get("/api/reviews/queue/", {"category": "special_task"}).json()
    assert (body["count"], body["count_capped"], body["previous"]) == (None, False, None)  # filtered: not counted
    ids = [r["id"] for r in body["results"]]
    while body["next"]:
        assert "category=special_task" in body["next"]
        body = api.get(body["next"]).json()
        ids += [r["id"] for r in body["results"]]
    assert ids == [a.pk for a in selectors.queue_for(keshi) if a.category == "special_task"]
    assert body["previous"] and api.get("/api/reviews/queue/", {"cursor": "nonsense"}).status_code == 404
    monkeypatch.setattr("whitelist_portal.keyset.COUNT_CAP", 5)
    body = api.get("/api/applications/").json()  # the lists count up to the cap
    assert (body["count"], body["count_capped"]) == (5, True)


def test_the_schema_documents_the_cursor(client, keshi):
    client.force_login(keshi)
    schema = client.get("/api/schema/").content.decode()
    assert "count_capped" in schema and "Opaque position" in schema


def test_another_regions_waiting_applications_are_neither_listed_nor_counted(client, keshi, make_in_review):
    mine = make_in_review(title="本县事项")
    elsewhere = OrganisationFactory(name="外县公安局", region=RegionFactory(code="350525", name="永春县"))
    theirs = make_in_review(title="外县事项", department=elsewhere)
    assert ReviewProgress.objects.get(application=theirs).region_id == elsewhere.region_id
    client.force_login(keshi)
    page = client.get(QUEUE)
    assert list(page.context["page_obj"]) == [mine]
    assert sum(row["waiting"] for row in page.context["stage_counts"]) == 1


def test_the_queue_and_the_workspace_query_count_stays_flat(client, keshi, make_in_review, monkeypatch,
                                                            django_assert_max_num_queries):
    monkeypatch.setattr("apps.reviews.views.QUEUE_PAGE_SIZE", 3)
    make_in_review()
    client.force_login(keshi)
    client.get(QUEUE)
    with django_assert_max_num_queries(20) as queue:
        client.get(QUEUE)
    queue = len(queue)  # now: the next request empties the connection's query log
    with django_assert_max_num_queries(30) as workspace:
        client.get("/workspace/")
    workspace = len(workspace)
    for _ in range(8):
        make_in_review()
    page = client.get(QUEUE).context["page_obj"]
    with django_assert_max_num_queries(queue):
        client.get(QUEUE, {"cursor": page.next_cursor})
    with django_assert_max_num_queries(workspace):
        client.get("/workspace/")
