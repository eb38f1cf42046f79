"""Chain the events written before the hash chain existed, in id order, and record the chain's head.

On PostgreSQL the append-only trigger is switched off for this one transaction (migrations run as the tables'
owner) and on again before it commits."""

from django.db import migrations

from apps.audit.chain import HEAD_PK, link_hash


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    ContentType = apps.get_model("contenttypes", "ContentType")
    keys = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks may be pending for ALTER
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    prev, count, last_id = "", 0, None
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        digest = link_hash(prev, event, keys.get(event.content_type_id, ""))
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest)
        prev, count, last_id = digest, count + 1, event.pk
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
    AuditChainHead.objects.update_or_create(pk=HEAD_PK, defaults={"last_event_id": last_id, "last_hash": prev,
                                                                  "length": count})


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain")]
    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
