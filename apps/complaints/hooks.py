"""Places where an app above the complaint line (the rectification ledger) plugs in without being imported here:
what still blocks a reply, the text a reply should quote, and panels on the case page."""

from collections.abc import Callable
from dataclasses import dataclass, field

_reply_blockers: list[Callable] = []
_reply_quotes: list[Callable] = []
_case_panels: list["CasePanel"] = []


@dataclass(frozen=True)
class CasePanel:
    template: str
    data: Callable = field(compare=False)  # (request, complaint) -> dict for the template, or None to hide


def register_reply_blocker(fn: Callable) -> Callable:
    """``fn(complaint) -> list[str]``: reasons the report may not be replied to and closed yet."""
    if fn not in _reply_blockers:
        _reply_blockers.append(fn)
    return fn


def register_reply_quote(fn: Callable) -> Callable:
    """``fn(complaint) -> str``: text the reply to the reporter should quote (e.g. the rectification results)."""
    if fn not in _reply_quotes:
        _reply_quotes.append(fn)
    return fn


def register_case_panel(panel: CasePanel) -> None:
    if panel not in _case_panels:
        _case_panels.append(panel)


def reply_blockers(complaint) -> list[str]:
    return [reason for fn in _reply_blockers for reason in fn(complaint)]


def reply_quote(complaint) -> str:
    return "\n".join(text for fn in _reply_quotes if (text := fn(complaint)))


def case_panels(request, complaint) -> list[dict]:
    shown = []
    for panel in _case_panels:
        data = panel.data(request, complaint)
        if data is not None:
            shown.append({"template": panel.template, "data": data})
    return shown
