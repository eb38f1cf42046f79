"""Only the publisher assembles, publishes and changes the whitelist; everyone else gets 403 and nothing changes."""

import pytest

from apps.audit.models import AuditEvent
from apps.whitelist import services
from apps.whitelist.models import ExportRun, WhitelistEdition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(publisher, approved, term):
    approved(title="A")
    approved(title="B")
    return services.assemble_edition(term=term, actor=publisher)


def _snapshot():
    return (
        list(WhitelistEdition.objects.values_list("pk", "status", "version", "revision")),
        AuditEvent.objects.count(), ExportRun.objects.count(),
    )


def _urls(edition):
    item = edition.items.order_by("number").last()
    return [
        ("get", "/whitelist/manage/", {}),
        ("post", "/whitelist/manage/", {"term": edition.term_id}),
        ("get", f"/whitelist/manage/{edition.pk}/", {}),
        ("get", f"/whitelist/manage/{edition.pk}/preview/", {}),
        ("post", f"/whitelist/manage/{edition.pk}/action/", {"action": "publish", "revision": edition.revision}),
        ("post", f"/whitelist/manage/{edition.pk}/action/", {"action": "notice", "days": 7,
                                                             "revision": edition.revision}),
        ("post", f"/whitelist/manage/{edition.pk}/action/", {"action": "export"}),
        ("post", f"/whitelist/manage/items/{item.pk}/move/", {"direction": "up"}),
        ("get", f"/whitelist/manage/items/{item.pk}/edit/", {}),
        ("post", f"/whitelist/manage/items/{item.pk}/edit/", {"name": "改", "lead_units": "x", "content": "y",
                                                               "revision": item.revision}),
        ("get", f"/whitelist/manage/items/{item.pk}/status/", {}),
    ]


@pytest.mark.parametrize("roles", [["审核人"], ["申报单位经办人"], ["监督人"], []])
def test_other_roles_get_403_and_nothing_changes(client, draft, roles):
    client.force_login(UserFactory(roles=roles))
    before = _snapshot()
    for method, url, data in _urls(draft):
        assert getattr(client, method)(url, data).status_code == 403, (method, url)
    assert _snapshot() == before


def test_logged_out_visitors_are_sent_to_login(client, draft):
    for method, url, data in _urls(draft):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_services_refuse_anyone_but_the_publisher(draft, reviewer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.publish_edition(edition=draft, actor=reviewer, seen_revision=draft.revision)
    with pytest.raises(PermissionDenied):
        services.assemble_edition(term=draft.term, actor=reviewer)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_publisher_works_through_the_pages(client, publisher, draft, django_capture_on_commit_callbacks):
    client.force_login(publisher)
    page = client.get(f"/whitelist/manage/{draft.pk}/")
    assert page.status_code == 200 and "正式发布" in page.content.decode()
    preview = client.get(f"/whitelist/manage/{draft.pk}/preview/").content.decode()
    assert "预览" in preview and "A" in preview and draft.title in preview
    item = draft.items.get(name="B")
    client.post(f"/whitelist/manage/items/{item.pk}/move/", {"direction": "up"})
    assert list(draft.items.order_by("number").values_list("name", flat=True)) == ["B", "A"]
    item.refresh_from_db()
    response = client.post(f"/whitelist/manage/items/{item.pk}/edit/", {
        "name": "B（公开表述）", "lead_units": item.lead_units, "content": item.content, "revision": item.revision})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/whitelist/manage/{draft.pk}/action/", {"action": "publish", "revision": draft.revision + 2})
    draft.refresh_from_db()
    assert draft.status == "published" and draft.version == 1 and draft.export_name
    status_row = client.get(f"/whitelist/manage/{draft.pk}/").content.decode()
    assert 'id="export-status"' in status_row and "已完成" in status_row
    item.refresh_from_db()
    response = client.post(f"/whitelist/manage/items/{item.pk}/status/", {
        "to_status": "suspended", "on": "2026-11-20", "reason": "暂停整改", "revision": item.revision})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "suspended" and str(item.status_changed_on) == "2026-11-20"


def test_a_stale_form_changes_nothing_and_says_why(client, publisher, draft):
    client.force_login(publisher)
    response = client.post(f"/whitelist/manage/{draft.pk}/action/",
                           {"action": "publish", "revision": draft.revision - 1}, follow=True)
    assert "已被他人修改" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_objection_during_notice_needs_no_login(client, publisher, draft):
    services.start_notice(edition=draft, actor=publisher, days=7, seen_revision=draft.revision)
    page = client.get(f"/whitelist/{draft.pk}/").content.decode()
    assert "公示稿" in page and "提交异议" in page
    response = client.post(f"/whitelist/{draft.pk}/objection/", {"content": "该活动与课堂教学重复", "item": ""})
    assert response.status_code == 200 and "异议已提交" in response.content.decode()
    assert draft.objections.get().content == "该活动与课堂教学重复"
    client.force_login(publisher)
    assert "该活动与课堂教学重复" in client.get(f"/whitelist/manage/{draft.pk}/").content.decode()


def test_the_status_row_shows_a_failed_run_with_its_error_and_refreshes_while_waiting(client, publisher, published):
    from apps.whitelist.models import ExportRun

    client.force_login(publisher)
    ExportRun.objects.create(edition=published, status="failed", error="OSError: 磁盘已满")
    page = client.get(f"/whitelist/manage/{published.pk}/").content.decode()
    assert "失败" in page and "OSError: 磁盘已满" in page and 'http-equiv="refresh"' not in page
    ExportRun.objects.create(edition=published)
    page = client.get(f"/whitelist/manage/{published.pk}/").content.decode()
    assert "等待中" in page and 'http-equiv="refresh"' in page


def test_a_publisher_of_another_region_gets_404_on_this_regions_list_and_nothing_changes(client, draft):
    from tests.factories import BureauFactory, RegionFactory, publisher_user

    region = RegionFactory(code="350525", name="永春县")
    client.force_login(publisher_user(organisation=BureauFactory(region=region)))
    before = _snapshot()
    for method, url, data in _urls(draft)[2:]:  # the list page and assembly act on the visitor's own region
        # Another region's list answers as if it did not exist.
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert _snapshot() == before
