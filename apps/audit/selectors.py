"""Reads of the audit trail shared by timelines, the auditor's pages and exports."""

import re

from django.utils.translation import gettext

from .models import AuditEvent


def events_for(obj):
    return AuditEvent.objects.for_object(obj).select_related("actor").order_by("occurred_at", "pk")


def all_events():
    return AuditEvent.objects.select_related("content_type").order_by("-occurred_at", "-pk")


def _choice_labels(model, labels: dict[str, str]) -> None:
    fields = sorted(model._meta.concrete_fields, key=lambda f: f.name != "status")  # a "status" field wins
    for field in fields:
        for value, label in field.flatchoices or ():
            if isinstance(value, str):
                labels.setdefault(value, str(label))


def state_labels(content_type) -> dict[str, str]:
    """The display labels of the states an object of this type can be in, read from its model's choice fields
    and then from those of the models that hang off it (an edition's export runs, say). The audit app names no
    other app: the content type leads to the model, the model's fields to the labels."""
    model = content_type.model_class() if content_type else None
    if model is None:
        return {}
    labels: dict[str, str] = {}
    _choice_labels(model, labels)
    for relation in model._meta.related_objects:
        if relation.one_to_many and relation.related_model is not model:
            _choice_labels(relation.related_model, labels)
    return labels


_VERSION = re.compile(r"^v(\d+)$")


def state_label(labels: dict[str, str], state: str) -> str:
    if state in labels:
        return labels[state]
    version = _VERSION.match(state or "")
    if version:
        return gettext("第 %(n)s 版") % {"n": version.group(1)}
    return state


def with_state_labels(events):
    """Give each event ``from_label`` and ``to_label`` (the stored code when no label is known)."""
    events = list(events)
    cache: dict[int, dict[str, str]] = {}
    for event in events:
        if event.content_type_id not in cache:
            cache[event.content_type_id] = state_labels(event.content_type)
        labels = cache[event.content_type_id]
        event.from_label = state_label(labels, event.from_state)
        event.to_label = state_label(labels, event.to_state)
    return events
