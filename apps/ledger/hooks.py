"""The ledger's places on the complaint line: open lines hold a reply back, closed-out results are quoted in it,
and the case page shows the lines with 转入整改."""

from django.utils.translation import gettext

from apps.accounts.permissions import can
from apps.complaints import hooks

from . import selectors
from .models import LedgerLine


@hooks.register_reply_blocker
def open_lines_block_reply(complaint) -> list[str]:
    still_open = [line for line in selectors.lines_for_complaint(complaint) if line.is_open]
    return [gettext("整改事项 %(n)s（%(owner)s）尚未销号。") % {"n": line.number, "owner": line.owner.name}
            for line in still_open]


@hooks.register_reply_quote
def closed_out_results(complaint) -> str:
    closed = [line for line in selectors.lines_for_complaint(complaint) if line.status == LedgerLine.Status.CLOSED]
    if not closed:
        return ""
    parts = [gettext("经核实，责任单位已整改：")]
    parts += [f"{line.owner.name}：{line.results}" for line in closed]
    return "\n".join(parts)


def _panel(request, complaint):
    lines = list(selectors.lines_for_complaint(complaint))
    may_open = (can(request.user, "ledger.open") and complaint.status in ("accepted", "handling"))
    if not lines and not may_open:
        return None
    from .forms import ComplaintLinesForm

    return {"lines": lines, "complaint": complaint,
            "form": ComplaintLinesForm(complaint=complaint) if may_open else None,
            "may_view": can(request.user, "ledger.view_all")}


hooks.register_case_panel(hooks.CasePanel("ledger/_complaint_panel.html", _panel))
