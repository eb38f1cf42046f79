"""The rows of the public list as HTML. Written in Python, as the admin writes its result rows, because a list may
hold hundreds of items and the template engine spends about a tenth of a millisecond per cell."""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .columns import Column, cell_text

CELL = '<td data-label="{label}"{cls}>{value}</td>'
GROUP = '<tr class="wl-subgroup"><th scope="rowgroup" colspan="{span}">{label}</th></tr>'
# Long prose keeps its line breaks (a numbered basis, a content with several points).
_MULTILINE = {"content", "basis_text", "notes", "scope_text", "place_text", "time_text"}


def _value(item, key: str, item_url: str, supplement: str) -> str:
    text = escape(cell_text(item, key))
    if key == "name":
        return f'<a href="{item_url}{int(item.pk)}/">{text}</a>{supplement if item.is_supplement else ""}'
    if key == "status":
        return f'<span class="status status-{escape(item.status)}">{text}</span>' if text else ""
    if key in _MULTILINE and "\n" in text:
        return text.replace("\n", "<br>")
    return text


def item_rows(items, columns: list[Column]) -> SafeString:
    # Every value goes through html.escape; Django's lazy-aware escape costs several times more per call.
    # Each column's opening tag and empty cell are built once, not once per row.
    keys = [c.key for c in columns]
    opens, empties = [], []
    for c in columns:
        label = escape(c.heading)
        cls = ' class="wl-long"' if c.key in ("content", "basis_text") else ""
        opens.append(f'<td data-label="{label}"{cls}>')
        # On a phone an empty cell is left out of the card.
        empties.append(CELL.format(label=label, cls=' class="wl-empty"', value="" if c.key == "status" else "—"))
    supplement = f' <span class="status status-notice">{escape(_("增补"))}</span>'
    item_url = reverse("whitelist:item", args=[0])[: -len("0/")]
    rows, group = [], ""
    for item in items:
        if item.group_label and item.group_label != group:
            group = item.group_label
            rows.append(GROUP.format(span=len(columns), label=escape(group)))
        cells = []
        for key, open_, empty in zip(keys, opens, empties, strict=True):
            value = _value(item, key, item_url, supplement)
            cells.append(open_ + value + "</td>" if value else empty)
        rows.append(f'<tr id="item-{int(item.pk)}" class="wl-row-{escape(item.status)}">{"".join(cells)}</tr>')
    return mark_safe("".join(rows))


def heading_cells(columns: list[Column]) -> SafeString:
    return mark_safe("".join(f'<th scope="col">{escape(c.heading)}</th>' for c in columns))
