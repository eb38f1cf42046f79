"""The pre-check as the reviewer sees it: findings recomputed now, cap and volume usage, likely duplicates.

The checks themselves live in ``apps.applications.precheck``; this module only asks them and sorts the answers
into what blocks a silent approval (a warning needs a written justification) and what is for information.
"""

from .models import PrecheckLevel

_RANK = {PrecheckLevel.CLEAN: 0, PrecheckLevel.INFO: 1, PrecheckLevel.WARNING: 2, PrecheckLevel.BLOCKING: 3}
_ALIASES = {"error": PrecheckLevel.BLOCKING, "block": PrecheckLevel.BLOCKING, "blocking": PrecheckLevel.BLOCKING,
            "warning": PrecheckLevel.WARNING, "warn": PrecheckLevel.WARNING, "info": PrecheckLevel.INFO}


def _precheck():
    try:
        from apps.applications import precheck
    except ImportError:  # the pre-check is optional for the review workflow itself
        return None
    return precheck


def _field(finding, *names, default=""):
    for name in names:
        value = finding.get(name) if isinstance(finding, dict) else getattr(finding, name, None)
        if value not in (None, ""):
            return value
    return default


# Findings about the moment of filing (the window was open, an ad-hoc filing was announced) were settled when the
# application was submitted; recomputed during review they would only say what the calendar says today.
SUBMISSION_ONLY_RULES = {"window_closed", "adhoc", "adhoc_reason_missing"}


def normalise(finding) -> dict:
    level = str(_field(finding, "level", "severity", default="info")).lower()
    data = _field(finding, "data", default={})
    return {
        "rule": str(_field(finding, "rule", "code", "key")),
        "level": str(_ALIASES.get(level, PrecheckLevel.INFO)),
        "message": str(_field(finding, "message", "text", "label", "title")),
        "data": data if isinstance(data, dict) else {},
    }


def findings_now(application) -> list[dict]:
    """The pre-check run again now, as the reviewer must see it before deciding."""
    precheck = _precheck()
    raw = precheck.run_precheck(application) if precheck and hasattr(precheck, "run_precheck") else None
    if raw is None:
        raw = application.precheck_findings or []
    return [f for f in map(normalise, raw) if f["rule"] not in SUBMISSION_ONLY_RULES]


def stored_findings(application) -> list[dict]:
    return [f for f in map(normalise, application.precheck_findings or []) if f["rule"] not in SUBMISSION_ONLY_RULES]


def warnings_in(findings: list[dict]) -> list[dict]:
    """Findings an approval may override only with a written justification."""
    return [f for f in findings if f["level"] == PrecheckLevel.WARNING]


def blocking_in(findings: list[dict]) -> list[dict]:
    """Findings no approval may override (a hard cap, a prohibited demand): return or reject instead."""
    return [f for f in findings if f["level"] == PrecheckLevel.BLOCKING]


def level_of(findings: list[dict]) -> str:
    return str(max((f["level"] for f in findings), key=lambda level: _RANK[level], default=PrecheckLevel.CLEAN))


def cap_usage(application) -> list:
    precheck = _precheck()
    return list(precheck.cap_usage(application)) if precheck and hasattr(precheck, "cap_usage") else []


def likely_duplicates(application) -> list:
    precheck = _precheck()
    if precheck and hasattr(precheck, "likely_duplicates"):
        return list(precheck.likely_duplicates(application))
    return []
