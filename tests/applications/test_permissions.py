"""Who may see and change an application: the owner department while draft/returned; bureau roles read only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.applications.models import Application
from apps.applications.selectors import applications_visible_to
from apps.applications.services import copy_application, submit_application, update_draft, withdraw_application
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def snapshot(app):
    app.refresh_from_db()
    return (app.title, app.status, app.version, AuditEvent.objects.count())


@pytest.fixture
def theirs(other_submitter, term):
    from tests.factories import ApplicationFactory

    return ApplicationFactory(department=other_submitter.organisation, created_by=other_submitter, term=term)


def test_submitter_lists_only_its_own_department(client, submitter, draft, theirs):
    assert list(applications_visible_to(submitter)) == [draft]
    client.force_login(submitter)
    page = client.get(reverse("applications:list")).content.decode()
    assert draft.title in page and theirs.title not in page


@pytest.mark.parametrize("role", ["reviewer", "publisher", "auditor"])
def test_bureau_roles_see_every_application_but_cannot_change_it(request, client, role, draft, theirs):
    user = request.getfixturevalue(role)
    assert set(applications_visible_to(user)) == {draft, theirs}
    client.force_login(user)
    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 200
    before = snapshot(draft)
    assert client.get(reverse("applications:edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("applications:submit", args=[draft.pk]), {"version": draft.version}).status_code == 403
    assert client.post(reverse("applications:withdraw", args=[draft.pk])).status_code == 403
    assert client.get(reverse("applications:create")).status_code == 403
    assert snapshot(draft) == before


def test_outsider_sees_nothing(client, outsider, draft):
    assert list(applications_visible_to(outsider)) == []
    client.force_login(outsider)
    assert client.get(reverse("applications:list")).status_code == 403
    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(reverse("applications:detail", args=[draft.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_other_department_gets_404_and_nothing_changes(client, other_submitter, draft, open_window):
    client.force_login(other_submitter)
    before = snapshot(draft)
    for name in ("detail", "edit", "submit"):
        assert client.get(reverse(f"applications:{name}", args=[draft.pk])).status_code == 404
    for name in ("submit", "withdraw", "copy", "attachment_upload"):
        assert client.post(reverse(f"applications:{name}", args=[draft.pk]),
                           {"version": draft.version, "title": "篡改"}).status_code == 404
    assert client.post(reverse("applications:edit", args=[draft.pk]), {"title": "篡改"}).status_code == 404
    assert snapshot(draft) == before


def test_services_refuse_another_department(other_submitter, draft, open_window):
    before = snapshot(draft)
    with pytest.raises(PermissionDenied):
        update_draft(application=draft, actor=other_submitter, seen_version=draft.version, data={"title": "篡改"})
    with pytest.raises(PermissionDenied):
        submit_application(application=draft, actor=other_submitter)
    with pytest.raises(PermissionDenied):
        copy_application(application=draft, actor=other_submitter)
    assert snapshot(draft) == before


@pytest.mark.parametrize("status", ["submitted", "in_review", "approved", "rejected", "withdrawn", "merged"])
def test_owner_cannot_edit_once_it_left_draft_or_returned(client, submitter, draft, status):
    Application.objects.filter(pk=draft.pk).update(status=status)
    client.force_login(submitter)
    before = snapshot(draft)
    assert client.get(reverse("applications:edit", args=[draft.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        update_draft(application=draft, actor=submitter, seen_version=draft.version, data={"title": "改了"})
    assert snapshot(draft) == before


def test_owner_can_edit_a_returned_application(submitter, draft):
    Application.objects.filter(pk=draft.pk).update(status="returned")
    draft.refresh_from_db()
    updated = update_draft(application=draft, actor=submitter, seen_version=draft.version, data={"title": "补充后"})
    assert updated.title == "补充后" and updated.version == draft.version + 1


def test_withdraw_only_while_pending(submitter, draft):
    with pytest.raises(PermissionDenied):
        withdraw_application(application=draft, actor=submitter)  # a draft is simply not submitted
    Application.objects.filter(pk=draft.pk).update(status="in_review")
    withdrawn = withdraw_application(application=draft, actor=submitter, reason="合并开展")
    assert withdrawn.status == "withdrawn"
    Application.objects.filter(pk=draft.pk).update(status="approved")
    with pytest.raises(PermissionDenied):
        withdraw_application(application=draft, actor=submitter)
