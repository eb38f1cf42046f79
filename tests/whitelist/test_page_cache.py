"""The whole-response cache of the public pages: one cache read, gzip or identity, 304s, no cookie, one rebuild per
change on commit, and never an old list after a change."""

import gzip
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

from apps.whitelist import export_queue, page_cache, services, tasks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _public_urls(edition):
    item = edition.items.order_by("number").first()
    return ["/", "/whitelist/", "/whitelist/editions/", f"/whitelist/{edition.pk}/",
            f"/whitelist/{edition.pk}/changes/", f"/whitelist/items/{item.pk}/", f"/whitelist/{edition.pk}/?q=安全"]


@pytest.fixture
def counted_cache(monkeypatch):
    """Counts every call the page makes on the cache: through Django's API, and each command sent to Redis."""
    import redis

    calls = []
    for name in ("get", "get_many", "set", "add", "incr", "delete", "has_key"):
        original = getattr(cache, name)

        def wrapper(*args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, wrapper)
    execute = redis.Redis.execute_command

    def command(self, *args, **options):
        calls.append(f"redis {args[0]}")
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", command)
    return calls


def test_a_hit_is_one_cache_read_and_no_query_gzipped_when_accepted_plain_otherwise(
        client, published, counted_cache, django_assert_num_queries):
    url = f"/whitelist/{published.pk}/"
    first = client.get(url)  # the published fixture's rebuild already stored it
    assert first.status_code == 200 and "安全教育进校园" in first.content.decode()
    counted_cache.clear()
    with django_assert_num_queries(0):
        zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert counted_cache in (["redis MGET"], ["get_many"])  # Redis, or the local-memory cache without it
    assert zipped["Content-Encoding"] == "gzip" and int(zipped["Content-Length"]) == len(zipped.content)
    assert gzip.decompress(zipped.content) == first.content
    plain = client.get(url)
    assert "Content-Encoding" not in plain and plain.content == first.content
    assert zipped["ETag"] == plain["ETag"] and "Accept-Encoding" in zipped["Vary"]


def test_a_repeat_visit_gets_304_by_etag_or_date(client, published):
    url = f"/whitelist/{published.pk}/"
    first = client.get(url)
    assert first["Cache-Control"] == "no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200


def test_visitors_pages_set_no_cookie_and_do_not_vary_on_one(published):
    visitor = Client(enforce_csrf_checks=True)
    for url in _public_urls(published):
        for attempt in ("rendered", "cached"):
            response = visitor.get(url)
            assert response.status_code == 200, (url, attempt)
            assert not response.cookies, (url, attempt)
            assert "Cookie" not in response.get("Vary", ""), (url, attempt)
            assert "csrfmiddlewaretoken" not in response.content.decode(), (url, attempt)


def test_the_language_switch_works_for_a_visitor_and_each_language_is_cached_apart(published):
    visitor = Client(enforce_csrf_checks=True)
    url = f"/whitelist/{published.pk}/"
    chinese = visitor.get(url)
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": url})
    assert switched.status_code == 302 and switched["Location"] == url
    english = visitor.get(url)
    assert english["Content-Language"] == "en" and 'lang="en"' in english.content.decode()
    assert english["ETag"] != chinese["ETag"]
    assert visitor.get(url, HTTP_IF_NONE_MATCH=chinese["ETag"]).status_code == 200
    assert visitor.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})["Location"] == "/"


def test_a_logged_in_user_bypasses_the_whole_page_and_sees_their_own(client, published):
    url = f"/whitelist/{published.pk}/"
    visitor_page = client.get(url)
    user = UserFactory(username="reader")
    client.force_login(user)
    page = client.get(url, HTTP_IF_NONE_MATCH=visitor_page["ETag"])
    logout = 'action="/accounts/logout/"'
    assert page.status_code == 200 and "ETag" not in page and logout in page.content.decode()
    assert logout not in Client().get(url).content.decode()


def test_a_list_on_notice_with_its_objection_form_is_never_stored(client, publisher, approved, term,
                                                                  django_capture_on_commit_callbacks):
    approved(title="公示中的事项")
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.assemble_edition(term=term, actor=publisher)
        edition = services.start_notice(edition=edition, actor=publisher, days=7, seen_revision=edition.revision)
    url = f"/whitelist/{edition.pk}/"
    for _ in range(2):
        page = client.get(url)
        assert "csrfmiddlewaretoken" in page.content.decode() and "ETag" not in page
    assert edition.title in client.get("/whitelist/").content.decode()


def _committed(django_capture_on_commit_callbacks, change):
    # The Excel export a change asks for runs in its own task (its own commit, its own rebuild): not here.
    with mock.patch.object(tasks.rebuild_public_pages, "delay") as delay, mock.patch.object(export_queue, "send"):
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
            assert delay.call_count == 0  # nothing before the commit
    return delay, result


def test_publish_supplement_and_suspension_each_queue_exactly_one_rebuild_on_commit(
        published, publisher, approved, term, django_capture_on_commit_callbacks):
    urgent = approved(title="冬季防溺水安全提醒", is_adhoc=True, urgency_reason="近期多起溺水事故")
    delay, (item,) = _committed(django_capture_on_commit_callbacks, lambda: services.add_supplement(
        edition=published, applications=[urgent], actor=publisher, reason="临时申报"))
    delay.assert_called_once_with([published.pk], [])
    item = published.items.get(name="安全教育进校园")
    delay, _ = _committed(django_capture_on_commit_callbacks, lambda: services.suspend_item(
        item=item, actor=publisher, reason="组织不力，暂停整改", seen_revision=item.revision))
    delay.assert_called_once_with([published.pk], [item.pk])
    item.refresh_from_db()
    delay, _ = _committed(django_capture_on_commit_callbacks, lambda: services.update_item_wording(
        item=item, actor=publisher, seen_revision=item.revision, reason="更正错字", name="安全教育进校园活动"))
    delay.assert_called_once_with([published.pk], [item.pk])

    from tests.factories import TermFactory

    later = TermFactory(start_year=term.start_year + 1, semester=term.semester)
    approved(term=later, title="下一学年事项")

    def assemble_and_publish():
        edition = services.assemble_edition(term=later, actor=publisher)
        return services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)

    delay, edition = _committed(django_capture_on_commit_callbacks, assemble_and_publish)
    delay.assert_called_once_with([edition.pk], [])  # two services, one transaction: one rebuild


def test_a_change_never_leaves_the_old_list_and_the_rebuild_fills_the_cache(
        client, published, publisher, django_capture_on_commit_callbacks, django_assert_num_queries):
    url = f"/whitelist/{published.pk}/"
    assert "status-suspended" not in client.get(url).content.decode()
    item = published.items.get(name="安全教育进校园")
    # The rebuild is lost (no worker): the next visitor still never gets the old list.
    _committed(django_capture_on_commit_callbacks, lambda: services.suspend_item(
        item=item, actor=publisher, reason="组织不力，暂停整改", seen_revision=item.revision))
    assert "status-suspended" in client.get(url).content.decode()
    item.refresh_from_db()
    _committed(django_capture_on_commit_callbacks, lambda: services.reinstate_item(
        item=item, actor=publisher, reason="整改完成", seen_revision=item.revision))
    assert tasks.rebuild_public_pages(editions=[published.pk], items=[item.pk]) == 2 * len(
        page_cache.paths_to_rebuild([published.pk], [item.pk]))
    for path in (url, "/whitelist/", f"/whitelist/items/{item.pk}/"):
        with django_assert_num_queries(0):
            page = Client(HTTP_COOKIE="django_language=en").get(path)
        assert page.status_code == 200 and "ETag" in page
    assert "status-suspended" not in client.get(url).content.decode()


def test_one_rebuild_at_a_time_and_a_rebuild_asked_for_meanwhile_is_not_lost(published):
    cache.add(page_cache.REBUILD_LOCK, 1, 60)  # another worker is rebuilding
    assert page_cache.rebuild(editions=[published.pk]) == 0
    assert cache.get(page_cache.REBUILD_PENDING) == ([published.pk], [])
    cache.delete(page_cache.REBUILD_LOCK)
    assert page_cache.rebuild() == 2 * len(page_cache.paths_to_rebuild([published.pk]))
    assert cache.get(page_cache.REBUILD_PENDING) is None and cache.get(page_cache.REBUILD_LOCK) is None


def test_uncached_public_pages_take_a_fixed_number_of_queries(client, published, settings,
                                                              django_assert_max_num_queries):
    settings.WHITELIST_CACHE_SECONDS = 0
    item = published.items.first()
    for url, most in (("/whitelist/", 11), (f"/whitelist/items/{item.pk}/", 3),
                      (f"/whitelist/{published.pk}/changes/", 3), ("/whitelist/editions/", 2)):
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
