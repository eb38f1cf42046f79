"""The public wording of an item, derived from the approved application(s) it comes from."""

from django.utils.translation import gettext, ngettext, pgettext

from apps.accounts.models import Organisation
from apps.applications.models import ActivityForm, Application, Participant

STAGE_LABELS = dict(Organisation.SchoolStage.choices)
TYPE_ORDER = {"activity": 0, "inspection": 1}
CHINESE_NUMERALS = "一二三四五六七八九十"


def stage_labels(stages) -> str:
    return gettext("、").join(str(STAGE_LABELS.get(s, s)) for s in stages)


def month_span(start, end) -> str:
    if not start:
        return "本学期内"
    if not end or (start.year, start.month) == (end.year, end.month):
        return f"{start.year}年{start.month}月"
    if start.year == end.year:
        return f"{start.year}年{start.month}月—{end.month}月"
    return f"{start.year}年{start.month}月—{end.year}年{end.month}月"


def basis(application: Application) -> str:
    if not application.basis_title:
        return ""
    title = application.basis_title.strip("《》")
    return f"《{title}》（{application.basis_number}）" if application.basis_number else f"《{title}》"


def item_fields(main: Application, merged: list[Application], schools_text: str) -> dict:
    """Default public wording for an item made from ``main`` and the applications merged into it."""
    sources = [main, *merged]
    units = []
    for app in sources:
        name = app.department.display_name
        if name not in units:
            units.append(name)
    participants = "、".join(str(dict(Participant.choices).get(p, p)) for p in main.participants)
    notes = []
    if merged:
        notes.append(f"由{len(sources)}项申报合并")
    if main.is_adhoc:
        notes.append("临时申报")
    if main.teachers_required:
        notes.append("需教师参与")
    return {
        "item_type": main.item_type,
        "name": main.title,
        "category": main.category,
        "subcategory": main.subcategory,
        "lead_units": "、".join(units),
        "time_text": month_span(main.planned_start, main.planned_end),
        "frequency_text": f"每学期不超过{main.times_planned}次",
        "scope_text": (schools_text or "全县中小学") + (f"（{participants}）" if participants else ""),
        "stages": list(main.target_stages),
        "content": main.content,
        "form_text": str(dict(ActivityForm.choices).get(main.form, "")) if main.form else "",
        "basis_text": basis(main),
        "notes": "；".join(notes),
    }


def group_heading(index: int, label: str, count: int) -> str:
    numerals = pgettext("numerals of the item type headings", "一二三四五六七八九十")
    numeral = numerals[index] if index < len(numerals) else str(index + 1)
    return ngettext("%(numeral)s、%(label)s（%(count)s项）", "%(numeral)s、%(label)s（%(count)s项）", count) % {
        "numeral": numeral, "label": label, "count": count,
    }
