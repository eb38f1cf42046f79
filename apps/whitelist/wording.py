"""The public wording of an item, derived from the approved application(s) it comes from."""

from functools import lru_cache

from django.utils.translation import get_language, gettext, ngettext, pgettext

from apps.accounts.models import Organisation
from apps.applications.models import Application

STAGE_LABELS = dict(Organisation.SchoolStage.choices)
TYPE_ORDER = {"activity": 0, "inspection": 1}
CHINESE_NUMERALS = "一二三四五六七八九十"


def stage_labels(stages) -> str:
    return _stage_labels(tuple(stages), get_language())


@lru_cache(maxsize=256)
def _stage_labels(stages: tuple, language) -> str:
    # A list repeats a handful of stage combinations thousands of times: translate each combination once.
    return gettext("、").join(str(STAGE_LABELS.get(s, s)) for s in stages)


def lead_units(sources: list[Application]) -> str:
    """The lead units as the department wrote them; when it left them out, the names of the units that applied."""
    written = [a.lead_units_text.strip() for a in sources if a.lead_units_text.strip()]
    if written:
        return "、".join(dict.fromkeys(written))
    return "、".join(dict.fromkeys(a.department.display_name for a in sources))


def item_fields(main: Application, merged: list[Application]) -> dict:
    """The public wording of an item made from ``main`` and the applications merged into it: the department's own
    words, taken over as written. Nothing here composes a phrase; the publisher edits the result if needed."""
    return {
        "item_type": main.item_type,
        "name": main.title,
        "category": main.category,
        "subcategory": main.subcategory,
        "lead_units": lead_units([main, *merged]),
        "time_text": main.time_text,
        "frequency_text": main.frequency_text,
        "times": main.times_planned,
        "frequency_period": main.frequency_period,
        "place_text": main.place_text,
        "scope_text": main.scope_text,
        "stages": list(main.target_stages),
        "content": main.content,
        "form_text": main.form_text,
        "basis_text": main.basis_text,
        # A merger is the bureau's own decision, so the draft says so; the publisher may word it otherwise.
        "notes": "；".join(filter(None, [main.notes, f"由{len(merged) + 1}项申报合并" if merged else ""])),
    }


def group_heading(index: int, label: str, count: int) -> str:
    numerals = pgettext("numerals of the item type headings", "一二三四五六七八九十")
    numeral = numerals[index] if index < len(numerals) else str(index + 1)
    return ngettext("%(numeral)s、%(label)s（%(count)s项）", "%(numeral)s、%(label)s（%(count)s项）", count) % {
        "numeral": numeral, "label": label, "count": count,
    }
