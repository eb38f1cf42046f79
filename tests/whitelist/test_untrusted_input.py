"""Public input under a limit: objections past the allowance get a 429 page; a revision that is not a number, a 400."""

import pytest

from apps.whitelist import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_notice(publisher, approved, term):
    approved(title="A")
    edition = services.assemble_edition(term=term, actor=publisher)
    return services.start_notice(edition=edition, actor=publisher, days=7, seen_revision=edition.revision)


def test_objections_past_the_rate_get_a_chinese_429_and_are_not_stored(client, settings, on_notice):
    settings.PUBLIC_FORM_RATE = "3/hour"
    url = f"/whitelist/{on_notice.pk}/objection/"
    codes = [client.post(url, {"content": f"异议{n}", "item": ""}, REMOTE_ADDR="203.0.113.7",
                         HTTP_X_FORWARDED_FOR=f"10.1.1.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    refused = client.post(url, {"content": "再一条", "item": ""}, REMOTE_ADDR="203.0.113.7")
    body = refused.content.decode()
    assert "提交过于频繁" in body and 'class="site-header"' in body and refused["Retry-After"] == "3600"
    assert on_notice.objections.count() == 3
    # the page itself stays readable, and another address may still object
    assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.post(url, {"content": "另一地址", "item": ""}, REMOTE_ADDR="198.51.100.9").status_code == 200


def test_a_broken_cache_lets_the_objection_through(client, settings, on_notice, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", down)
    response = client.post(f"/whitelist/{on_notice.pk}/objection/", {"content": "缓存不可用", "item": ""})
    assert response.status_code == 200 and on_notice.objections.count() == 1


@pytest.mark.parametrize("revision", ["abc", "1.5", "\x00"])
def test_an_edition_action_with_a_bad_revision_is_a_400(client, publisher, on_notice, revision):
    client.force_login(publisher)
    response = client.post(f"/whitelist/manage/{on_notice.pk}/action/", {"action": "publish", "revision": revision})
    assert response.status_code == 400
    on_notice.refresh_from_db()
    assert on_notice.status == "notice"
