"""The rows of the public list as HTML. Written in Python, as the admin writes its result rows, because a county
list may hold hundreds of items and the template engine spends about a tenth of a millisecond per cell."""

from html import escape

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import WhitelistItem

ROW = (
    '<tr class="wl-row-{status}"><td data-label="{l_no}">{number}</td>'
    '<td data-label="{l_name}"><a href="{url}">{name}</a>{supplement}</td>'
    '<td data-label="{l_unit}">{units}</td>'
    '<td data-label="{l_time}">{time}<br><span class="muted">{frequency}</span></td>'
    '<td data-label="{l_scope}">{scope}{stages}</td>'
    '<td data-label="{l_form}">{form}</td>'
    '<td data-label="{l_status}"><span class="status status-{status}">{status_label}</span>{changed}</td></tr>'
)
MUTED_LINE = '<br><span class="muted">{}</span>'


def item_rows(items) -> SafeString:
    # Every value goes through html.escape; Django's lazy-aware escape costs several times more per call.
    labels = {
        key: escape(str(label)) for key, label in (
            ("l_no", _("序号")), ("l_name", _("事项名称")), ("l_unit", _("牵头单位")), ("l_time", _("时间与频次")),
            ("l_scope", _("范围及学段")), ("l_form", _("开展形式")), ("l_status", _("状态")))
    }
    status_labels = {value: escape(str(label)) for value, label in WhitelistItem.Status.choices}
    supplement = f' <span class="status status-notice">{escape(_("增补"))}</span>'
    item_url = reverse("whitelist:item", args=[0])[: -len("0/")]
    date_format = _("Y年n月j日")
    rows = []
    for item in items:
        day = item.status_changed_on
        rows.append(ROW.format(
            **labels, status=escape(item.status), number=int(item.number), url=f"{item_url}{int(item.pk)}/",
            name=escape(item.name), supplement=supplement if item.is_supplement else "",
            units=escape(item.lead_units), time=escape(item.time_text), frequency=escape(item.frequency_text),
            scope=escape(item.scope_text),
            stages=MUTED_LINE.format(escape(item.stage_text)) if item.stage_text else "",
            form=escape(item.form_text) or "—", status_label=status_labels[item.status],
            changed=MUTED_LINE.format(format_date(day, date_format)) if day else "",
        ))
    return mark_safe("".join(rows))
