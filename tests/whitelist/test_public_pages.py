"""Public pages and open data: no login, nothing unpublished, filters, flat query counts, cache invalidation."""

import json

import pytest
from django.core.cache import cache

from apps.whitelist import services
from tests.factories import OrganisationFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_nothing_published_says_so_plainly_and_a_draft_never_shows(client, publisher, approved, term):
    approved(title="草稿中的事项")
    draft = services.assemble_edition(term=term, actor=publisher)
    item = draft.items.get()
    body = client.get("/whitelist/").content.decode()
    assert "本学期白名单尚未发布" in body and "草稿中的事项" not in body
    for url in (f"/whitelist/{draft.pk}/", f"/whitelist/items/{item.pk}/", f"/whitelist/{draft.pk}/changes/",
                f"/whitelist/{draft.pk}/items.csv", f"/whitelist/{draft.pk}/items.json",
                f"/api/whitelist/items/{item.pk}/", f"/api/whitelist/editions/{draft.pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/whitelist/items/").json()["count"] == 0
    assert "草稿中的事项" not in client.get("/whitelist/editions/").content.decode()


def test_the_current_whitelist_needs_no_login(client, published):
    response = client.get("/whitelist/")
    body = response.content.decode()
    assert response.status_code == 200
    assert published.title in body and "安全教育进校园" in body and "学校安全工作专项督导检查" in body
    assert "一、进校园活动（2项）" in body and "二、督查检查评比考核（1项）" in body
    assert f'href="/whitelist/{published.pk}/export.xlsx"' in body
    assert "如何举报" in body and "压减合并率" in body


def test_filters_by_type_category_lead_unit_stage_and_search(client, publisher, approved, term):
    police = OrganisationFactory(name="安溪县公安局", short_name="县公安局")
    approved(title="禁毒防艾宣传教育", department=police, subcategory="anti_drug_aids", target_stages=["senior"])
    approved(title="文明城市创建宣讲", category="city_campaign", subcategory="civilised_city",
             target_stages=["primary"])
    approved(title="督查", item_type="inspection", category="other", subcategory="inspection", target_stages=["junior"])
    edition = services.assemble_edition(term=term, actor=publisher)
    services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    url = f"/whitelist/{edition.pk}/"

    def names(**params):
        body = client.get(url, params).content.decode()
        return [n for n in ("禁毒防艾宣传教育", "文明城市创建宣讲", "督查</a>") if n in body]

    assert names(item_type="inspection") == ["督查</a>"]
    assert names(category="city_campaign") == ["文明城市创建宣讲"]
    assert names(lead_unit=police.pk) == ["禁毒防艾宣传教育"]
    assert names(stage="senior") == ["禁毒防艾宣传教育"]
    assert names(q="文明") == ["文明城市创建宣讲"]
    assert len(names()) == 3
    api = client.get("/api/whitelist/items/", {"edition": edition.pk, "stage": "primary"}).json()
    assert [i["name"] for i in api["results"]] == ["文明城市创建宣讲"]
    assert client.get("/api/whitelist/items/", {"lead_unit": police.pk}).json()["count"] == 1


def test_item_page_and_change_log(client, published, publisher, django_capture_on_commit_callbacks):
    item = published.items.get(name="安全教育进校园")
    with django_capture_on_commit_callbacks(execute=True):  # publishing filled the cache; the commit clears it
        services.suspend_item(item=item, actor=publisher, reason="组织不力，暂停整改", seen_revision=item.revision)
    body = client.get(f"/whitelist/items/{item.pk}/").content.decode()
    assert "安全教育进校园" in body and "暂停" in body and "组织不力，暂停整改" in body and item.content in body
    log = client.get(f"/whitelist/{published.pk}/changes/").content.decode()
    assert "发布白名单第 1 版" in log and "暂停事项「安全教育进校园」" in log and "第 2 版" in log


def test_csv_and_json_downloads_follow_the_filters(client, published):
    csv_text = client.get(f"/whitelist/{published.pk}/items.csv", {"item_type": "activity"}).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("事项类型,序号,事项名称") and len(lines) == 3
    data = json.loads(client.get(f"/whitelist/{published.pk}/items.json").content)
    assert data["edition"] == published.title
    assert [i["name"] for i in data["items"]] == ["安全教育进校园", "法治教育进校园", "学校安全工作专项督导检查"]


def test_past_editions_are_listed_and_open(client, published, publisher, approved, term,
                                          django_capture_on_commit_callbacks):
    last = TermFactory(start_year=term.start_year - 1, semester=term.semester)
    approved(term=last, title="上学年事项")
    with django_capture_on_commit_callbacks(execute=True):  # the commit clears what publishing `published` cached
        old = services.assemble_edition(term=last, actor=publisher)
        services.publish_edition(edition=old, actor=publisher, seen_revision=old.revision)
    body = client.get("/whitelist/editions/").content.decode()
    assert old.title in body and published.title in body
    assert "上学年事项" in client.get(f"/whitelist/{old.pk}/").content.decode()
    current = client.get("/whitelist/").content.decode()
    assert "上学年事项" not in current and "-200.0%" in current  # 1 item last year, 3 now


def _edition_with(n, publisher, approved, term):
    for i in range(n):
        approved(title=f"事项{i}", department=OrganisationFactory())
    edition = services.assemble_edition(term=term, actor=publisher)
    return services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)


def test_query_count_does_not_grow_with_rows(client, publisher, approved, term, django_assert_max_num_queries,
                                             settings):
    settings.WHITELIST_CACHE_SECONDS = 0  # measure the uncached page
    few = _edition_with(3, publisher, approved, term)
    # The edition, its items, the filters' choices, the comparison, the region's columns and which are used.
    with django_assert_max_num_queries(10) as small:
        client.get(f"/whitelist/{few.pk}/")
    approved(title="更多", department=OrganisationFactory())
    few.delete()
    many = _edition_with(40, publisher, approved, term)
    with django_assert_max_num_queries(10) as large:
        client.get(f"/whitelist/{many.pk}/")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_cached_page_costs_no_query_and_any_change_invalidates_it(
        client, published, publisher, django_assert_num_queries, django_capture_on_commit_callbacks):
    url = f"/whitelist/{published.pk}/"
    client.get(url)
    with django_assert_num_queries(0):
        assert "安全教育进校园" in client.get(url).content.decode()
    item = published.items.get(name="安全教育进校园")
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_item(item=item, actor=publisher, reason="年终评估不合格", seen_revision=item.revision)
    body = client.get(url).content.decode()
    assert "status-revoked" in body and "第 2 版" in body
    assert cache.get("whitelist:generation") >= 2


def test_item_wording_is_escaped_on_the_public_list(client, publisher, approved, term):
    approved(title='<script>alert("x")</script>宣传')
    edition = services.assemble_edition(term=term, actor=publisher)
    services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    body = client.get(f"/whitelist/{edition.pk}/").content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;宣传" in body


def test_open_data_api_is_read_only_and_its_query_count_is_flat(client, published, approved, publisher,
                                                                 django_assert_max_num_queries):
    assert client.post("/api/whitelist/items/", {"name": "x"}).status_code in (403, 405)
    item = published.items.first()
    assert client.delete(f"/api/whitelist/items/{item.pk}/").status_code in (403, 405)
    assert client.get("/api/whitelist/editions/").json()["results"][0]["title"] == published.title
    with django_assert_max_num_queries(3) as few:
        assert client.get("/api/whitelist/items/").json()["count"] == 3
    urgent = [approved(title=f"增补{n}", is_adhoc=True) for n in range(5)]
    services.add_supplement(edition=published, applications=urgent, actor=publisher, reason="临时申报")
    with django_assert_max_num_queries(3) as more:
        assert client.get("/api/whitelist/items/").json()["count"] == 8
    assert len(more.captured_queries) == len(few.captured_queries)


def test_an_id_filter_no_row_can_match_is_refused_not_an_error(client, published):
    api = client.get("/api/whitelist/items/", {"edition": "-1.7e+305", "lead_unit": "6.8e16"})
    assert api.status_code == 400 and "edition" in api.json()
    assert client.get(f"/whitelist/{published.pk}/", {"lead_unit": "1e300"}).status_code == 200
