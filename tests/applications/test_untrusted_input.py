"""Input a client controls cannot break a page or forge the record: a version that is not a number is a 400 that
changes nothing, and the audit row keeps the caller's real address and our own request id."""

import pytest

from apps.applications.models import Application
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["submit", "withdraw", "edit"])
@pytest.mark.parametrize("version", ["abc", "1.5", "１", "-1 OR 1=1", "\x00"])
def test_a_version_that_is_not_a_number_is_a_400_and_changes_nothing(client, submitter, draft, open_window,
                                                                      path, version):
    client.force_login(submitter)
    before = (draft.status, draft.version)
    response = client.post(f"/applications/{draft.pk}/{path}/", {"version": version, "title": "改了"})
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.version) == before and draft.title != "改了"
    changes = ["application.submitted", "application.withdrawn", "application.updated"]
    assert not AuditEvent.objects.for_object(draft).filter(action__in=changes).exists()


def test_the_api_refuses_a_version_that_is_not_a_number(submitter, draft, open_window):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(submitter)
    for action in ("submit", "withdraw"):
        response = api.post(f"/api/applications/{draft.pk}/{action}/", {"version": "abc"}, format="json")
        assert response.status_code == 400
    assert api.patch(f"/api/applications/{draft.pk}/", {"version": "abc"}, format="json").status_code == 400
    assert Application.objects.get(pk=draft.pk).status == "draft"


def test_an_untrusted_caller_cannot_forge_the_audit_row(client, settings, submitter, draft, open_window):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client.force_login(submitter)
    response = client.post(f"/applications/{draft.pk}/submit/", {"version": draft.version},
                           REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="8.8.8.8", HTTP_X_REQUEST_ID="forged")
    assert response.status_code == 302
    event = AuditEvent.objects.for_object(draft).get(action="application.submitted")
    assert event.ip_address == "203.0.113.7" and event.request_id != "forged"
    assert response["X-Request-ID"] == event.request_id


def test_a_trusted_proxy_names_the_caller_in_the_audit_row(client, settings, submitter, draft, open_window):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client.force_login(submitter)
    client.post(f"/applications/{draft.pk}/submit/", {"version": draft.version},
                REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7", HTTP_X_REQUEST_ID="edge-7f3a")
    event = AuditEvent.objects.for_object(draft).get(action="application.submitted")
    assert (event.ip_address, event.request_id) == ("203.0.113.7", "edge-7f3a")
