"""The portal runs under a database role that owns no table: it reads and writes the portal's data, appends to
the audit trail, and can neither change the trail nor switch off what guards it."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from apps.audit.models import AuditEvent
from apps.audit.services import record_event
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROLE = "portal_app_test"


@pytest.fixture
def as_app_role(monkeypatch):
    monkeypatch.setenv("APP_DB_PASSWORD", "app-secret")
    call_command("grant_app_role", role=ROLE, stdout=open("/dev/null", "w"))  # rolled back with the test
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {ROLE}")
        yield cursor
        cursor.execute("RESET ROLE")


def _refused(cursor, sql, params=()):
    with pytest.raises(DatabaseError), transaction.atomic():
        cursor.execute(sql, params)


def test_the_app_role_appends_to_the_trail_and_writes_portal_tables(as_app_role):
    event = record_event(actor=UserFactory(), obj=OrganisationFactory(), action="test.as_app", opinion="追加")
    assert AuditEvent.objects.get(pk=event.pk).opinion == "追加"
    as_app_role.execute("SELECT current_user")
    assert as_app_role.fetchone()[0] == ROLE
    as_app_role.execute("UPDATE accounts_organisation SET short_name = short_name")


def test_the_app_role_cannot_change_the_trail_or_switch_off_its_guards(as_app_role):
    record_event(actor=UserFactory(), obj=OrganisationFactory(), action="test.as_app", opinion="原文")
    for sql in ("UPDATE audit_auditevent SET opinion = 'x'", "DELETE FROM audit_auditevent",
                "TRUNCATE audit_auditevent CASCADE",
                "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
                "SET session_replication_role = replica", "DROP TRIGGER audit_event_append_only ON audit_auditevent",
                "ALTER TABLE applications_application ADD COLUMN x int"):
        _refused(as_app_role, sql)
    assert AuditEvent.objects.get().opinion == "原文"


def test_creating_the_role_needs_a_password(monkeypatch):
    monkeypatch.delenv("APP_DB_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="APP_DB_PASSWORD"):
        call_command("grant_app_role", role="portal_app_never_created")
