"""Proposing the whitelist items a report may be about: items in force for the region on the day, ranked by how
close their name, lead units and content are to what was reported (character similarity, as Chinese has no spaces)."""

from dataclasses import dataclass

from django.utils import timezone
from rapidfuzz import fuzz

from apps.whitelist.selectors import items_in_force_for

WEIGHTS = {"name": 0.5, "lead_units": 0.25, "content": 0.25}


@dataclass(frozen=True)
class Proposal:
    item: object
    score: int  # 0–100


def _similarity(reported: str, listed: str) -> float:
    reported, listed = (reported or "").strip(), (listed or "").strip()
    if not reported or not listed:
        return 0.0
    return fuzz.partial_ratio(reported, listed)


def score(item, *, activity: str, unit: str, description: str) -> int:
    about = activity or description
    parts = {
        "name": max(_similarity(about, item.name), _similarity(description, item.name) * 0.8),
        "lead_units": _similarity(unit, item.lead_units),
        "content": max(_similarity(about, item.content), _similarity(description, item.content)),
    }
    return round(sum(WEIGHTS[k] * v for k, v in parts.items()))


def propose(complaint, *, limit: int = 5) -> list[Proposal]:
    items = items_for(complaint)
    unit = complaint.department.name if complaint.department_id else complaint.department_text
    ranked = [Proposal(item, score(item, activity=complaint.activity_text, unit=unit,
                                   description=complaint.description)) for item in items]
    ranked.sort(key=lambda p: -p.score)
    return ranked[:limit]


def in_force_ids(complaint) -> set[int]:
    day = complaint.occurred_on or timezone.localdate(complaint.received_at)
    return set(items_in_force_for(complaint.region, day).values_list("pk", flat=True))


def items_for(complaint) -> list:
    """Every item the verdict may name: in force for the report's region on its day."""
    day = complaint.occurred_on or timezone.localdate(complaint.received_at or timezone.now())
    return list(items_in_force_for(complaint.region, day).order_by("edition__region__code", "item_type", "number"))
