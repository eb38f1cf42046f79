"""The columns a list is published with: the region's choice, less those empty for every item.

The public page, the CSV and the Excel file all ask ``columns_for`` and ``cell_text``, so the three show the same
columns with the same text: the words the bureau decided, never composed here.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext

from .models import DEFAULT_COLUMNS, LIST_COLUMNS, PublicationSettings, WhitelistItem
from .wording import stage_labels

# Excel width in characters, and whether the cell is centred (short values).
_LAYOUT = {
    "number": (6, True), "name": (22, False), "lead_units": (16, False), "time_text": (14, True),
    "place_text": (14, False), "scope_text": (16, False), "stages": (12, True), "frequency_text": (12, True),
    "content": (40, False), "form_text": (12, True), "basis_text": (28, False), "validity_text": (12, True),
    "status": (12, True), "notes": (16, False),
}
_TEXT_COLUMNS = ("lead_units", "time_text", "place_text", "scope_text", "frequency_text", "content", "form_text",
                 "basis_text", "validity_text", "notes")
_ALWAYS = ("number", "name")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy translation: read it with str() where it is shown
    width: int
    centered: bool

    @property
    def heading(self) -> str:
        return str(self.label)


_BY_KEY = {key: Column(key, label, *_LAYOUT[key]) for key, label in LIST_COLUMNS}


def chosen_columns(region_id) -> list[str]:
    settings = PublicationSettings.objects.filter(region_id=region_id).only("columns").first()
    keys = settings.columns if settings else DEFAULT_COLUMNS
    return [k for k in keys if k in _BY_KEY]


def _used(items) -> set[str]:
    """The columns at least one item has a value in: one query, whatever the number of items."""
    counts = items.order_by().aggregate(
        **{key: Count("pk", filter=~Q(**{key: ""})) for key in _TEXT_COLUMNS},
        stages=Count("pk", filter=~Q(stages_key="")),
        status=Count("pk", filter=~Q(status=WhitelistItem.Status.IN_FORCE)),
    )
    return {key for key, n in counts.items() if n} | set(_ALWAYS)


def _used_in(items: list) -> set[str]:
    """``_used`` of items already in memory (every item of the list), without a query."""
    used = set(_ALWAYS)
    for key in _TEXT_COLUMNS:
        if any(getattr(item, key) for item in items):
            used.add(key)
    if any(item.stages_key for item in items):
        used.add("stages")
    if any(item.status != WhitelistItem.Status.IN_FORCE for item in items):
        used.add("status")
    return used


def columns_for(edition, items=None) -> list[Column]:
    """The columns ``edition`` shows, in its region's order; status only when some item is not in force.
    ``items``: a queryset of the edition's items, or the list of all of them when it is already loaded."""
    items = edition.items.all() if items is None else items
    used = _used_in(items) if isinstance(items, list) else _used(items)
    return [_BY_KEY[k] for k in chosen_columns(edition.region_id) if k in used]


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def status_text(item) -> str:
    """Blank for an item in force; otherwise its status and the day it took effect."""
    if item.status == WhitelistItem.Status.IN_FORCE:
        return ""
    day = _date(item.status_changed_on)
    return f"{item.get_status_display()}（{day}）" if day else str(item.get_status_display())


def cell_text(item, key: str) -> str:
    if key == "number":
        return item.number_label
    if key == "stages":
        return stage_labels(item.stages)
    if key == "status":
        return status_text(item)
    return getattr(item, key)


def row_texts(item, columns) -> list[str]:
    return [cell_text(item, c.key) for c in columns]


def group_title(item_type_label: str, count: int, index: int) -> str:
    from .wording import group_heading

    return group_heading(index, item_type_label, count)


def column_choices() -> list[tuple[str, str]]:
    return [(key, gettext(str(label))) for key, label in LIST_COLUMNS]
