"""Writing to the audit trail. Services call ``record_event`` inside their own transaction."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .chain import append
from .context import current_meta
from .models import AuditEvent


def record_event(
    *,
    actor,
    obj,
    action: str,
    action_label: str = "",
    from_state: str = "",
    to_state: str = "",
    opinion: str = "",
    data: dict | None = None,
) -> AuditEvent:
    meta = current_meta()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return append(AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if is_user else None,
        actor_name=(str(actor) if is_user else "系统")[:100],
        actor_organisation=(str(actor.organisation) if is_user and actor.organisation_id else "")[:100],
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        action_label=action_label,
        from_state=from_state or "",
        to_state=to_state or "",
        opinion=opinion or "",
        data=data or {},
        request_id=meta.request_id,
        ip_address=meta.ip_address,
        user_agent=meta.user_agent,
    ))
