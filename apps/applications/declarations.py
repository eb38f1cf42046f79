"""What a department declared on its application, as reviewers read it: every answer labelled, and a snapshot of the
answers at a decision so that a resubmission shows, field by field, what changed since the last review."""

from django.utils.translation import gettext

from apps.accounts.models import Organisation

from .models import PROHIBITED_DEMANDS, Application, Participant

# The declared answers a reviewer judges, in the form's order (contact details and bookkeeping are left out).
REVIEWED_FIELDS = [
    "item_type", "title", "category", "subcategory", "admission_ground", "basis_text", "content", "lead_units_text",
    "time_text", "frequency_text", "place_text", "scope_text", "form_text", "notes", "target_stages",
    "participants", "all_schools", "schools", "planned_start", "planned_end", "times_planned", "duration_minutes",
    "form", *[name for name, _label in PROHIBITED_DEMANDS], "teachers_required", "already_in_teaching", "budget",
    "is_adhoc", "urgency_reason",
]


def _label(name: str) -> str:
    return str(Application._meta.get_field(name).verbose_name)


def _text(application: Application, name: str) -> str:
    """One answer as text, the same way for the page and for the snapshot."""
    if name == "schools":
        return "、".join(sorted(s.name for s in application.schools.all()))
    value = getattr(application, name)
    if name == "target_stages":
        labels = dict(Organisation.SchoolStage.choices)
        return "、".join(str(labels.get(v, v)) for v in value or [])
    if name == "participants":
        labels = dict(Participant.choices)
        return "、".join(str(labels.get(v, v)) for v in value or [])
    field = Application._meta.get_field(name)
    if field.choices and value:
        return str(getattr(application, f"get_{name}_display")())
    if value is None or value == "":
        return gettext("未填") if not isinstance(value, bool) else ""
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def snapshot(application: Application) -> dict[str, str]:
    """The reviewed answers as text, kept with each decision."""
    return {name: _text(application, name) for name in REVIEWED_FIELDS}


def declared_answers(application: Application) -> list[dict]:
    """The declared answers a reviewer reads beside the form: the eight prohibited demands (a "yes" flagged, an
    unanswered one said so), stages, participants, teachers' involvement."""
    rows = []
    for name, label in PROHIBITED_DEMANDS:
        value = getattr(application, name)
        rows.append({"label": str(label), "text": gettext("未作答") if value is None else _text(application, name),
                     "flagged": value is not False})
    for name in ("target_stages", "participants", "teachers_required", "already_in_teaching"):
        rows.append({"label": _label(name), "text": _text(application, name) or gettext("未填"), "flagged": False})
    return rows


def changes_since(before: dict[str, str], application: Application) -> list[dict]:
    """Field by field, what differs between a decision's snapshot and the application now."""
    now = snapshot(application)
    return [{"field": name, "label": _label(name), "before": before.get(name, ""), "after": now[name]}
            for name in REVIEWED_FIELDS if name in before and before[name] != now[name]]
