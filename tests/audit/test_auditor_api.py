import pytest
from rest_framework.test import APIClient

from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.audit.services import record_event
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def event(db):
    return record_event(actor=UserFactory(full_name="赵审核"), obj=OrganisationFactory(), action="review.return",
                        action_label="退回修改", opinion="补充材料")


def test_the_auditor_reads_and_filters_events_over_the_api(api, event):
    record_event(actor=UserFactory(), obj=OrganisationFactory(), action="other")
    api.force_authenticate(UserFactory(roles=[Role.AUDITOR]))
    body = api.get("/api/audit/events/", {"action": "review.return"}).json()
    assert body["count"] == 1 and body["results"][0]["opinion"] == "补充材料"
    assert api.get(f"/api/audit/events/{event.pk}/").json()["actor_name"] == "赵审核"


def test_the_api_is_read_only_for_the_auditor_too(api, event):
    api.force_authenticate(UserFactory(roles=[Role.AUDITOR]))
    assert api.post("/api/audit/events/", {"action": "x"}, format="json").status_code == 405
    assert api.patch(f"/api/audit/events/{event.pk}/", {"opinion": "改"}, format="json").status_code == 405
    assert api.delete(f"/api/audit/events/{event.pk}/").status_code == 405
    assert AuditEvent.objects.get(pk=event.pk).opinion == "补充材料"


def test_other_roles_cannot_read_events_over_the_api(api, event):
    api.force_authenticate(UserFactory(roles=[Role.REVIEWER]))
    assert api.get("/api/audit/events/").status_code == 403
    assert api.get(f"/api/audit/events/{event.pk}/").status_code == 403
