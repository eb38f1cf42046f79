"""A hand-counted county for the statistics: the 2025 autumn term (1 Sep 2025 – 31 Jan 2026, two calendar years),
the spring term after it, National Day 2025 inside the review spells, and a neighbouring county that must never
be counted."""

import datetime as dt
import hashlib
import itertools

import pytest
from django.utils import timezone

from apps.accounts.models import Region
from apps.accounts.roles import Role
from apps.complaints.models import Complaint
from apps.ledger.models import LedgerLine
from apps.reviews.models import ReviewDecision, ReviewStage
from apps.whitelist.models import WhitelistEdition, WhitelistItem
from tests.factories import (
    ApplicationFactory,
    BureauFactory,
    OrganisationFactory,
    RegionFactory,
    SchoolFactory,
    TermFactory,
    UserFactory,
)

_codes = itertools.count(1)


def at(text: str) -> dt.datetime:
    """An aware datetime in the portal's time zone: "2025-10-09 10:00"."""
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def complaint(region, received, **kwargs):
    schools = kwargs.pop("schools", [])
    row = Complaint.objects.create(
        region=region, received_at=at(received), status=kwargs.pop("status", Complaint.Status.RECEIVED),
        receipt_hash=hashlib.sha256(str(next(_codes)).encode()).hexdigest(),
        channel=kwargs.pop("channel", "phone"), **kwargs)
    row.schools.set(schools)
    return row


def ledger_line(region, owner, created, deadline, closed_on=None):
    line = LedgerLine.objects.create(
        region=region, owner=owner, source_kind="self_check", problem="自查发现的问题",
        deadline=dt.date.fromisoformat(deadline),
        status=LedgerLine.Status.CLOSED if closed_on else LedgerLine.Status.OPEN,
        closed_on=dt.date.fromisoformat(closed_on) if closed_on else None,
        verified_at=at(closed_on + " 12:00") if closed_on else None)
    LedgerLine.objects.filter(pk=line.pk).update(created_at=at(created))
    return line


def edition(region, term, user, counts: dict, revoked: int = 0):
    row = WhitelistEdition.objects.create(
        period_kind="term", term=term, starts_on=term.starts_on, ends_on=term.ends_on, period_label=str(term),
        region=region, title=f"{region.name}{term}白名单", status="published", version=1, created_by=user)
    items, number = [], itertools.count(1)
    for item_type, n in counts.items():
        items += [WhitelistItem(edition=row, item_type=item_type, number=next(number), name=f"事项{i}")
                  for i in range(n)]
    items += [WhitelistItem(edition=row, item_type="activity", number=next(number), name="撤销的事项",
                            status="revoked") for _ in range(revoked)]
    WhitelistItem.objects.bulk_create(items)
    return row


def decide(application, order, kind, when, reviewer):
    stage = ReviewStage.objects.get(kind="regular", order=order)
    return ReviewDecision.objects.create(application=application, stage=stage, kind=kind, reviewer=reviewer,
                                         opinion="" if kind == "approve" else "意见", version_seen=1,
                                         decided_at=at(when))


@pytest.fixture
def county(db):
    """Everything counted by hand; the docstrings of the tests give the sums."""
    region = RegionFactory()
    other = Region.objects.create(code="350525", name="永春县", level="county")
    autumn = TermFactory(start_year=2025, semester="1")
    spring = TermFactory(start_year=2025, semester="2")
    last_autumn = TermFactory(start_year=2024, semester="1")
    police = OrganisationFactory(name="测试公安局", region=region)
    fire = OrganisationFactory(name="测试消防大队", region=region)
    elsewhere = OrganisationFactory(name="永春县公安局", region=other)
    bureau = BureauFactory(name="测试县教育局", region=region)
    reviewer = UserFactory(username="keshi", organisation=bureau, roles=[Role.REVIEWER])
    publisher = UserFactory(username="fabu", organisation=bureau, roles=[Role.PUBLISHER])

    # Applications, autumn term: police 3 (approved activity, rejected inspection, in review activity),
    # fire 1 (merged activity, category other); a draft and the other county's are never counted.
    # Spring term: police 1 approved inspection.
    a1 = ApplicationFactory(department=police, term=autumn, status="approved", submitted_at=at("2025-09-30 10:00"))
    a2 = ApplicationFactory(department=police, term=autumn, status="rejected", item_type="inspection",
                            category="other", submitted_at=at("2025-10-13 09:00"))
    a3 = ApplicationFactory(department=police, term=autumn, status="in_review", submitted_at=at("2025-10-14 09:00"))
    ApplicationFactory(department=fire, term=autumn, status="merged", category="other",
                       submitted_at=at("2025-10-20 09:00"))
    ApplicationFactory(department=fire, term=autumn, status="draft")
    ApplicationFactory(department=elsewhere, term=autumn, status="approved", submitted_at=at("2025-10-14 09:00"))
    ApplicationFactory(department=police, term=spring, status="approved", item_type="inspection",
                       submitted_at=at("2026-02-02 09:00"))

    # Review spells at 相关科室初审 (limit 5): a1 1 working day (30 Sep → 9 Oct, National Day off), a2 2 (13 → 15
    # Oct), a3 8 (14 → 24 Oct). At 办公室审核 (limit 3): a1 3 (9 → 13 Oct: Fri, the 调休 Saturday, Mon).
    decide(a1, 1, "approve", "2025-10-09 15:00", reviewer)
    decide(a1, 2, "approve", "2025-10-13 11:00", reviewer)
    decide(a1, 3, "approve", "2025-10-14 11:00", reviewer)  # 1 working day at 教育督导室审定
    decide(a2, 1, "reject", "2025-10-15 16:00", reviewer)
    decide(a3, 1, "approve", "2025-10-24 16:00", reviewer)

    # Whitelists: last autumn 10 activities + 5 inspections; this autumn 7 + 4 (and one revoked activity), one of
    # the activities merged from two applications. Rates: activity 30.0, inspection 20.0, total 26.7.
    edition(region, last_autumn, publisher, {"activity": 10, "inspection": 5})
    current = edition(region, autumn, publisher, {"activity": 7, "inspection": 4}, revoked=1)
    merged_item = current.items.filter(item_type="activity").first()
    merged_item.applications.set([a1, a3])
    edition(other, autumn, publisher, {"activity": 50})

    # Complaints: in the autumn term 3 (phone ×2, email; one on the term's last evening), one the first minutes
    # of the spring term, one in the other county.
    school = SchoolFactory(name="凤城中心小学", region=region)
    complaint(region, "2025-11-03 10:00", category="forms", verdict="not_on_list", department=police,
              schools=[school], reporter_name="王小明", reporter_contact="13912345678",
              activity_text="要求家长下载某APP打卡")
    complaint(region, "2025-12-01 10:00", channel="email", category="app_checkin", verdict="on_list_within")
    complaint(region, "2026-01-31 23:30", category="forms", department=fire, schools=[school])
    complaint(region, "2026-02-01 00:10", category="meetings")
    complaint(other, "2025-11-05 10:00", category="forms")

    # Ledger: police opened 2 in the autumn term (one closed out in it, one overdue at its end), 1 in spring;
    # fire 1 opened before the term, overdue throughout.
    ledger_line(region, police, "2025-10-10 09:00", "2025-11-01", closed_on="2025-12-01")
    ledger_line(region, police, "2025-12-01 09:00", "2026-01-15")
    ledger_line(region, police, "2026-02-05 09:00", "2026-03-01")
    ledger_line(region, fire, "2025-06-01 09:00", "2025-07-01")
    ledger_line(other, elsewhere, "2025-10-10 09:00", "2025-11-01")
    return {"region": region, "other": other, "autumn": autumn, "spring": spring, "police": police,
            "fire": fire, "reviewer": reviewer, "publisher": publisher, "school": school, "edition": current}
