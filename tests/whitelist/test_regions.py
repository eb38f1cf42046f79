"""Lists at every level: each region assembles, sees and manages its own; a county's page shows the province's
and the city's items in force; two neighbouring counties never see each other's applications or items."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.accounts.models import Region
from apps.accounts.roles import Role
from apps.whitelist import periods, selectors, services
from tests.factories import (
    BureauFactory,
    OrganisationFactory,
    UserFactory,
    approved_application,
    publishes_without_notice,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    province = Region.objects.create(code="350000", name="福建省", level=Region.Level.PROVINCE)
    city = Region.objects.create(code="350500", name="泉州市", level=Region.Level.CITY, parent=province)
    anxi = Region.objects.create(code="350524x", name="安溪县", level=Region.Level.COUNTY, parent=city)
    yongchun = Region.objects.create(code="350525", name="永春县", level=Region.Level.COUNTY, parent=city)
    return {"province": province, "city": city, "anxi": anxi, "yongchun": yongchun}


def _bureau_user(region, role, name):
    bureau = BureauFactory(name=f"{region.name}教育局", region=region)
    return UserFactory(username=name, organisation=bureau, roles=[role])


def _approved_in(region, term, title):
    return approved_application(term=term, title=title, department=OrganisationFactory(region=region))


def _publish(publisher, period, django_capture_on_commit_callbacks):
    publishes_without_notice(publisher.organisation.region)
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.assemble_edition(period=period, actor=publisher)
        return services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)


def test_each_county_assembles_only_its_own_approvals(tree, term):
    _approved_in(tree["anxi"], term, "安溪县防溺水教育")
    _approved_in(tree["yongchun"], term, "永春县交通安全教育")
    anxi = services.assemble_edition(term=term, actor=_bureau_user(tree["anxi"], Role.PUBLISHER, "fa"))
    yongchun = services.assemble_edition(term=term, actor=_bureau_user(tree["yongchun"], Role.PUBLISHER, "fy"))
    assert list(anxi.items.values_list("name", flat=True)) == ["安溪县防溺水教育"]
    assert list(yongchun.items.values_list("name", flat=True)) == ["永春县交通安全教育"]
    assert (anxi.region, yongchun.region) == (tree["anxi"], tree["yongchun"])


def test_a_publisher_cannot_open_or_change_a_neighbouring_countys_list(client, tree, term):
    _approved_in(tree["anxi"], term, "安溪县防溺水教育")
    owner = _bureau_user(tree["anxi"], Role.PUBLISHER, "fa")
    neighbour = _bureau_user(tree["yongchun"], Role.PUBLISHER, "fy")
    edition = services.assemble_edition(term=term, actor=owner)
    item = edition.items.get()
    client.force_login(neighbour)
    for url in (f"/whitelist/manage/{edition.pk}/", f"/whitelist/manage/{edition.pk}/preview/",
                f"/whitelist/manage/items/{item.pk}/edit/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/whitelist/manage/{edition.pk}/action/",
                           {"action": "notice", "days": 7, "revision": edition.revision})
    assert response.status_code == 404
    assert edition.title not in client.get("/whitelist/manage/").content.decode()
    with pytest.raises(PermissionDenied):
        services.start_notice(edition=edition, actor=neighbour, days=7, seen_revision=edition.revision)
    with pytest.raises(PermissionDenied):
        services.update_item_wording(item=item, actor=neighbour, seen_revision=item.revision, name="改")
    edition.refresh_from_db()
    item.refresh_from_db()
    assert edition.status == "draft" and item.name == "安溪县防溺水教育"


def test_reviewers_see_only_their_countys_applications(client, tree, term):
    mine = _approved_in(tree["anxi"], term, "安溪县防溺水教育")
    theirs = _approved_in(tree["yongchun"], term, "永春县交通安全教育")
    reviewer = _bureau_user(tree["anxi"], Role.REVIEWER, "keshi-anxi")
    client.force_login(reviewer)
    listing = client.get("/applications/").content.decode()
    assert mine.title in listing and theirs.title not in listing
    assert client.get(f"/applications/{theirs.pk}/").status_code == 404
    assert client.get(f"/applications/{mine.pk}/").status_code == 200
    api = client.get("/api/applications/").json()
    titles = {a["title"] for a in api["results"]}
    assert mine.title in titles and theirs.title not in titles


@pytest.fixture
def levels(tree, term, django_capture_on_commit_callbacks):
    """The province's 年度 list, the city's 学年 list and Anxi's and Yongchun's term lists, all published."""
    today = timezone.localdate()
    _approved_in(tree["province"], term, "全省中小学生心理健康监测")
    _approved_in(tree["city"], term, "泉州市文明城市创建宣传")
    _approved_in(tree["anxi"], term, "安溪县防溺水教育")
    _approved_in(tree["yongchun"], term, "永春县交通安全教育")
    published = {
        "province": _publish(_bureau_user(tree["province"], Role.PUBLISHER, "fp"), periods.year_period(today.year),
                             django_capture_on_commit_callbacks),
        "city": _publish(_bureau_user(tree["city"], Role.PUBLISHER, "fc"),
                         periods.school_year_period(term.start_year), django_capture_on_commit_callbacks),
    }
    for county in ("anxi", "yongchun"):
        published[county] = _publish(_bureau_user(tree[county], Role.PUBLISHER, f"f{county}"),
                                     periods.term_period(term), django_capture_on_commit_callbacks)
    return published


def test_a_county_page_shows_the_provinces_and_the_citys_items_in_their_own_sections(client, levels):
    page = client.get(f"/whitelist/{levels['anxi'].pk}/").content.decode()
    assert "安溪县防溺水教育" in page
    assert "全省中小学生心理健康监测" in page and "泉州市文明城市创建宣传" in page
    assert f'href="/whitelist/{levels["province"].pk}/"' in page and f'href="/whitelist/{levels["city"].pk}/"' in page
    assert page.index("全省中小学生心理健康监测") < page.index("泉州市文明城市创建宣传")  # the province first
    assert "永春县交通安全教育" not in page
    province_page = client.get(f"/whitelist/{levels['province'].pk}/").content.decode()
    assert "安溪县防溺水教育" not in province_page  # a higher level never shows a lower one's items


def test_a_higher_level_item_no_longer_in_force_leaves_the_county_page(
        client, levels, django_capture_on_commit_callbacks):
    item = levels["city"].items.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_item(item=item, actor=levels["city"].created_by, reason="年度评估：暂停整改",
                              seen_revision=item.revision)
    page = client.get(f"/whitelist/{levels['anxi'].pk}/").content.decode()
    assert "泉州市文明城市创建宣传" not in page and "全省中小学生心理健康监测" in page


def test_the_items_a_school_may_receive_follow_the_same_rule(tree, levels):
    names = set(selectors.items_in_force_for(tree["anxi"], timezone.localdate()).values_list("name", flat=True))
    assert names == {"全省中小学生心理健康监测", "泉州市文明城市创建宣传", "安溪县防溺水教育"}
    far_future = timezone.localdate() + dt.timedelta(days=800)
    assert not selectors.items_in_force_for(tree["anxi"], far_future).exists()


def test_the_county_page_costs_the_same_queries_with_more_higher_level_items(
        client, tree, term, levels, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    settings.WHITELIST_CACHE_SECONDS = 0
    with django_assert_max_num_queries(20) as few:
        client.get(f"/whitelist/{levels['anxi'].pk}/")
    province = levels["province"]
    more = [_approved_in(tree["province"], term, f"省级事项{n}") for n in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        services.add_supplement(edition=province, applications=more, actor=province.created_by, reason="增补")
    with django_assert_max_num_queries(20) as many:
        body = client.get(f"/whitelist/{levels['anxi'].pk}/").content.decode()
    assert "省级事项5" in body
    assert len(many.captured_queries) == len(few.captured_queries)


# ---- the school's lookup (issue 12, item 10): every list in force, not only the current one ------------------

def _lookup(client, **params):
    response = client.get("/whitelist/lookup/", params)
    return response, response.content.decode()


def test_a_schools_lookup_searches_every_list_in_force_for_its_region(client, tree, levels):
    response, page = _lookup(client, q="文明城市", region=tree["anxi"].pk)
    assert response.status_code == 200
    assert "在白名单上" in page and "泉州市文明城市创建宣传" in page  # the city's school-year list
    assert f'href="/whitelist/{levels["city"].pk}/"' in page
    searched = page[page.index("lookup-editions"):]
    for level in ("anxi", "city", "province"):  # every list binding an Anxi school today was searched
        assert f'href="/whitelist/{levels[level].pk}/"' in searched
    assert f'href="/whitelist/{levels["yongchun"].pk}/"' not in searched
    _response, page = _lookup(client, q="心理健康", region=tree["anxi"].pk)
    assert "全省中小学生心理健康监测" in page  # the province's year list

    _response, page = _lookup(client, q="永春县交通", region=tree["anxi"].pk)
    assert "未在生效的白名单中找到" in page and "永春县交通安全教育" not in page  # a neighbour binds no Anxi school
    _response, page = _lookup(client, q="永春县交通")
    assert "永春县交通安全教育" in page  # without a region: every region's lists


def test_the_lookup_leaves_out_items_no_longer_in_force_and_lists_out_of_their_period(
        client, tree, levels, django_capture_on_commit_callbacks):
    item = levels["city"].items.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_item(item=item, actor=levels["city"].created_by, reason="年度评估：暂停整改",
                              seen_revision=item.revision)
    _response, page = _lookup(client, q="文明城市", region=tree["anxi"].pk)
    assert "未在生效的白名单中找到" in page
    far = (timezone.localdate() + dt.timedelta(days=800)).isoformat()
    _response, page = _lookup(client, q="防溺水", region=tree["anxi"].pk, day=far)
    assert "未在生效的白名单中找到" in page and "该日期没有生效的白名单" in page


def test_a_malformed_lookup_is_refused_with_a_clear_error(client, tree, levels):
    response, page = _lookup(client, q="防溺水", region="999999", day="2026-13-40")
    assert response.status_code == 400
    assert "表单有错误" in page and "lookup-verdict" not in page


def test_the_lookup_costs_the_same_queries_with_more_lists_and_items(
        client, tree, levels, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        _response, page = _lookup(client, q="教育", region=tree["anxi"].pk)
    assert "安溪县防溺水教育" in page


def test_the_workspace_lookup_searches_the_lists_in_force_for_the_users_region(client, tree, levels):
    from tests.factories import SchoolFactory

    school = SchoolFactory(region=tree["anxi"])
    owner = UserFactory(username="zeren", organisation=school, roles=[Role.RECTIFICATION_OWNER])
    client.force_login(owner)
    response = client.get("/workspace/")
    panel = next(p for p in response.context["panels"] if p["key"] == "whitelist_lookup")
    assert [e.pk for e in panel["data"]["editions"]] == [levels[k].pk for k in ("anxi", "city", "province")]
    body = response.content.decode()
    assert 'action="/whitelist/lookup/"' in body and f'name="region" value="{tree["anxi"].pk}"' in body
