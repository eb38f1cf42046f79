"""The parts of the 进校园活动申报表, named once: the form shows them in this order and a reviewer's opinion may point
at them by key, so that the department finds, in the form, exactly the parts the opinion is about."""

from django.utils.translation import gettext_lazy as _

from .models import PROHIBITED_DEMANDS

# (key, heading, fields): the order the form shows its sections in.
SECTIONS = [
    ("basic", _("基本信息"), ["term", "item_type", "title", "category", "subcategory", "is_adhoc", "urgency_reason"]),
    ("basis", _("准入依据"), ["admission_ground", "basis_text"]),
    # The wording that will be published, word for word, then the optional structured values beside it.
    ("wording", _("公开表述（按白名单原样公布）"), ["lead_units_text", "time_text", "frequency_text", "place_text",
                                         "scope_text", "form_text", "content", "notes"]),
    ("arrangement", _("活动安排（用于限额与统计，可不填）"), [
        "lead_organisations", "form", "target_stages", "participants", "all_schools", "schools",
        "planned_start", "planned_end", "times_planned", "frequency_period", "duration_minutes",
        "teachers_required", "already_in_teaching", "budget"]),
    ("prohibited", _("禁止性要求（每项必答）"), [name for name, _label in PROHIBITED_DEMANDS]),
    ("contact", _("联系人"), ["contact_name", "contact_phone"]),
]
# An opinion may also concern the attachments, which are uploaded on the detail page, not in the form.
ATTACHMENTS = "attachments"
# What a reviewer may point an opinion at: the form's sections and the attachments.
CHOICES = [(key, heading) for key, heading, _fields in SECTIONS] + [(ATTACHMENTS, _("附件"))]
KEYS = frozenset(key for key, _label in CHOICES)


def labels(keys) -> list[str]:
    """The headings of ``keys`` in the form's order; unknown keys (from an older form) are left out."""
    wanted = set(keys or ())
    return [str(label) for key, label in CHOICES if key in wanted]


def ordered(keys) -> list[tuple[str, str]]:
    """(key, heading) of ``keys`` in the form's order."""
    wanted = set(keys or ())
    return [(key, str(label)) for key, label in CHOICES if key in wanted]
