import pytest
from django.db import DatabaseError, connection, transaction

from apps.audit.models import AuditEvent, AuditTrailImmutable
from apps.audit.selectors import events_for
from apps.audit.services import record_event
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    actor = UserFactory()
    return record_event(actor=actor, obj=OrganisationFactory(), action="test.touch", from_state="a", to_state="b",
                        opinion="测试意见")


def test_record_event_keeps_who_what_from_to_and_opinion(event):
    assert event.actor_name and event.actor_organisation
    assert (event.from_state, event.to_state, event.opinion) == ("a", "b", "测试意见")
    assert list(events_for(event.content_type.get_object_for_this_type(pk=event.object_id))) == [event]


def test_an_event_cannot_be_saved_again(event):
    event.opinion = "改过"
    with pytest.raises(AuditTrailImmutable):
        event.save()


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AuditTrailImmutable):
        event.delete()
    with pytest.raises(AuditTrailImmutable):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditTrailImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(opinion="x")
    assert AuditEvent.objects.get(pk=event.pk).opinion == "测试意见"


def test_admin_cannot_change_or_delete_events(admin_client, event):
    response = admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgres
def test_postgres_trigger_refuses_update_and_delete_behind_the_orm(event):
    for sql in ("UPDATE audit_auditevent SET opinion = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).opinion == "测试意见"
