"""The audit trail is a hash chain: each event's hash covers its content and the hash before it, so a change,
a deletion or an insertion behind the application's back is found by verify_audit, the supervisor's page and the
daily job."""

import threading
import types
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from apps.accounts.roles import Role
from apps.audit.chain import verify_chain
from apps.audit.models import AuditChainHead, AuditEvent
from apps.audit.services import record_event
from apps.notifications.models import Notification
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    actor, org = UserFactory(), OrganisationFactory()
    return [record_event(actor=actor, obj=org, action=f"test.step{n}", from_state="a", to_state="b",
                         opinion=f"意见{n}", data={"n": n, "z": [1, 2], "a": {"b": "中文"}}) for n in range(5)]


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # how an owner slips past the trigger
        cursor.execute(sql, params)


def test_each_event_links_to_the_one_before(trail):
    stored = list(AuditEvent.objects.order_by("pk"))
    assert stored[0].prev_hash == "" and all(len(e.hash) == 64 for e in stored)
    assert [e.prev_hash for e in stored[1:]] == [e.hash for e in stored[:-1]]
    report = verify_chain()
    assert report.intact and report.count == 5
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "审计链完整：共 5 条记录" in out.getvalue()


def test_a_changed_opinion_is_found_at_that_event(trail):
    _raw("UPDATE audit_auditevent SET opinion = %s WHERE id = %s", ["改过的意见", trail[2].pk])
    report = verify_chain()
    assert not report.intact and report.broken_event_id == trail[2].pk and report.count == 2
    assert "内容与哈希不符" in report.reason
    with pytest.raises(CommandError, match=f"#{trail[2].pk}"):
        call_command("verify_audit")


def test_a_recomputed_hash_still_breaks_the_next_link(trail):
    from apps.audit.chain import link_hash

    forged = AuditEvent.objects.get(pk=trail[1].pk)
    forged.opinion = "改过"
    new_hash = link_hash(forged.prev_hash, forged, "accounts.organisation")
    _raw("UPDATE audit_auditevent SET opinion = %s, hash = %s WHERE id = %s", ["改过", new_hash, trail[1].pk])
    report = verify_chain()
    assert report.broken_event_id == trail[2].pk and "前一条哈希不符" in report.reason


def test_a_deleted_event_in_the_middle_is_found(trail):
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [trail[3].pk])
    report = verify_chain()
    assert report.broken_event_id == trail[4].pk and report.count == 3


def test_a_cut_tail_is_found_against_the_head(trail):
    _raw("DELETE FROM audit_auditevent WHERE id >= %s", [trail[3].pk])
    report = verify_chain()
    assert not report.intact and "链尾" in report.reason and report.count == 3


def test_an_emptied_trail_is_found(trail):
    _raw("DELETE FROM audit_auditevent")
    assert not verify_chain().intact


def test_the_supervisor_page_shows_the_count_or_the_first_broken_link(client, trail):
    auditor = UserFactory(roles=[Role.AUDITOR])
    client.force_login(auditor)
    page = client.get("/audit/chain/").content.decode()
    assert "审计链完整" in page and "5 条记录" in page
    assert 'href="/audit/chain/"' in client.get("/audit/").content.decode()
    _raw("UPDATE audit_auditevent SET to_state = 'x' WHERE id = %s", [trail[1].pk])
    page = client.get("/audit/chain/").content.decode()
    assert "审计链断裂" in page and f"#{trail[1].pk}" in page and "此前 1 条记录完好" in page


@pytest.mark.parametrize("roles", [[Role.PUBLISHER], [Role.REVIEWER], [Role.SUBMITTER]])
def test_other_roles_cannot_open_the_chain_page(client, roles):
    client.force_login(UserFactory(roles=roles))
    assert client.get("/audit/chain/").status_code == 403


def test_the_daily_job_tells_every_auditor_once_when_broken(trail, django_capture_on_commit_callbacks):
    from apps.portal.tasks import verify_audit_chain

    auditors = [UserFactory(roles=[Role.AUDITOR]) for _ in range(2)]
    UserFactory(roles=[Role.PUBLISHER])
    with django_capture_on_commit_callbacks(execute=True):
        assert verify_audit_chain() is True
    assert Notification.objects.count() == 0
    _raw("UPDATE audit_auditevent SET actor_name = '别人' WHERE id = %s", [trail[0].pk])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert verify_audit_chain() is False
    notes = Notification.objects.all()
    assert sorted(n.recipient_id for n in notes) == sorted(a.pk for a in auditors)
    assert all("防篡改" in n.title and n.url == "/audit/chain/" for n in notes)


def test_the_data_migration_chains_events_written_before_the_chain(trail):
    from importlib import import_module

    from django.db.migrations.loader import MigrationLoader

    state_apps = MigrationLoader(connection).project_state(("audit", "0004_chain_existing_events")).apps
    migration = import_module("apps.audit.migrations.0004_chain_existing_events")
    _raw("UPDATE audit_auditevent SET prev_hash = '', hash = ''")
    AuditChainHead.objects.all().delete()
    assert not verify_chain().intact
    with connection.cursor() as cursor:
        editor = types.SimpleNamespace(connection=connection, execute=lambda sql: cursor.execute(sql))
        migration.chain_existing(state_apps, editor)
    report = verify_chain()
    assert report.intact and report.count == 5


@pytest.mark.postgres
def test_tampering_past_the_trigger_on_postgres_is_found(trail):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute("UPDATE audit_auditevent SET opinion = 'x' WHERE id = %s", [trail[4].pk])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
    with pytest.raises(CommandError, match=f"#{trail[4].pk}.*内容与哈希不符"):
        call_command("verify_audit")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [trail[0].pk])
    with pytest.raises(CommandError, match=f"#{trail[1].pk}.*前一条哈希不符"):
        call_command("verify_audit")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_cannot_fork_the_chain():
    org = OrganisationFactory()
    actors = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(len(actors))
    errors = []

    def write(actor):
        try:
            barrier.wait()
            for n in range(5):
                with transaction.atomic():
                    record_event(actor=actor, obj=org, action="test.race", opinion=str(n))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_chain()
    assert report.intact and report.count == 40
    hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(hashes)) == 40  # no two events extend the same link
