"""The tamper-evident chain over the audit trail.

Each event stores ``hash = sha256(prev_hash + "\\n" + canonical content)``, where ``prev_hash`` is the hash of the
event before it. Changing, deleting or inserting an event behind the application's back (a disabled trigger,
``session_replication_role = replica``, a TRUNCATE) breaks a link that ``verify_chain`` finds. The head row is
locked by every writer, so two transactions cannot both extend the same link (no fork) and ids follow the chain.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils.translation import gettext as _

from .models import AuditChainHead, AuditEvent

HEAD_PK = 1
CONTENT_FIELDS = ("actor_id", "actor_name", "actor_organisation", "object_id", "object_repr", "action",
                  "action_label", "from_state", "to_state", "opinion", "request_id", "ip_address", "user_agent")


def canonical(event: AuditEvent, content_type_key: str) -> str:
    """The event's content as one stable string: the same on the writer's side and after a database round trip."""
    content = {name: getattr(event, name) for name in CONTENT_FIELDS}
    content["occurred_at"] = event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
    content["content_type"] = content_type_key
    content["data"] = event.data
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def link_hash(prev_hash: str, event: AuditEvent, content_type_key: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(event, content_type_key)}".encode()).hexdigest()


def _type_key(content_type) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def _normalised_data(data: dict) -> dict:
    # what the JSON column gives back: tuples become lists, keys become strings
    return json.loads(json.dumps(data or {}, default=str))


@transaction.atomic
def append(event: AuditEvent) -> AuditEvent:
    """Insert ``event`` (unsaved) as the chain's next link, holding the head's lock until the caller commits."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=HEAD_PK)
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)
    event.data = _normalised_data(event.data)
    if event.ip_address:
        event.ip_address = AuditEvent._meta.get_field("ip_address").get_prep_value(event.ip_address)
    event.prev_hash = head.last_hash
    event.hash = link_hash(head.last_hash, event, _type_key(event.content_type))
    event.save()
    AuditChainHead.objects.filter(pk=HEAD_PK).update(last_event_id=event.pk, last_hash=event.hash,
                                                     length=head.length + 1)
    return event


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    count: int
    broken_event_id: int | None = None
    broken_at: object = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Walk the trail in id order and report the first link that does not hold (or that the chain is intact)."""
    from django.contrib.contenttypes.models import ContentType

    keys = {ct.pk: _type_key(ct) for ct in ContentType.objects.all()}
    expected_prev, count, last = "", 0, None
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            return ChainReport(False, count, event.pk, event.occurred_at,
                               _("前一条哈希不符：此前的记录被删除、插入或改动"))
        if event.hash != link_hash(event.prev_hash, event, keys.get(event.content_type_id, "")):
            return ChainReport(False, count, event.pk, event.occurred_at, _("内容与哈希不符：此条记录被改动"))
        expected_prev, count, last = event.hash, count + 1, event
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    head_hash, head_length = (head.last_hash, head.length) if head else ("", 0)
    if (head_hash, head_length) != (expected_prev, count):
        return ChainReport(False, count, last.pk if last else None, last.occurred_at if last else None,
                           _("链尾与链头登记不符：末尾的记录被删除或截断"))
    return ChainReport(True, count)
