"""Reads the pages, the API and the register share: who sees which reports, the queue, flags and statistics."""

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.accounts.permissions import can, has_role, region_of
from apps.accounts.roles import Role

from .models import Complaint, Finding

DUE_SOON_DAYS = 3
REPEAT_UNFOUNDED = 2  # this many 查无实据 reports from one contact are flagged to staff


def complaints_visible_to(user):
    """The one access question for lists: complaint staff and the auditor of the region; drafts only for staff."""
    qs = Complaint.objects.none()
    if can(user, "complaints.view"):
        qs = Complaint.objects.all()
        if not user.is_superuser:
            qs = qs.filter(region_id=region_of(user))
        if not has_role(user, Role.COMPLAINT_STAFF):
            qs = qs.exclude(status=Complaint.Status.DRAFT)
    return qs.select_related("department", "region", "matched_item", "matched_item__edition", "case").prefetch_related(
        Prefetch("schools", queryset=Organisation.objects.only("id", "name", "short_name", "kind")))


def with_evidence(qs):
    return qs.prefetch_related("evidence", Prefetch("linked", queryset=Complaint.objects.order_by("pk")))


def due_state(complaint, today: dt.date | None = None) -> str:
    """"overdue", "due_soon" or "" for a report still waiting for its reply."""
    if complaint.status not in Complaint.OPEN_STATUSES or complaint.reply_due_on is None:
        return ""
    today = today or timezone.localdate()
    if complaint.reply_due_on < today:
        return "overdue"
    if complaint.reply_due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return ""


def filter_due(qs, value: str, today: dt.date | None = None):
    today = today or timezone.localdate()
    open_ = qs.filter(status__in=Complaint.OPEN_STATUSES)
    if value == "overdue":
        return open_.filter(reply_due_on__lt=today)
    if value == "due_soon":
        return open_.filter(reply_due_on__gte=today, reply_due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    if value == "open":
        return open_
    return qs


def repeat_unfounded_digests(digests) -> set[str]:
    """Contacts with several reports found 查无实据 (one query for a whole page)."""
    digests = {d for d in digests if d}
    if not digests:
        return set()
    rows = (Complaint.objects.filter(contact_digest__in=digests, finding=Finding.UNFOUNDED)
            .values("contact_digest").annotate(n=Count("pk")).filter(n__gte=REPEAT_UNFOUNDED))
    return {r["contact_digest"] for r in rows}


def queue_counts(user) -> dict:
    qs = complaints_visible_to(user)
    today = timezone.localdate()
    return qs.aggregate(
        received=Count("pk", filter=Q(status=Complaint.Status.RECEIVED)),
        open=Count("pk", filter=Q(status__in=Complaint.OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=Complaint.OPEN_STATUSES, reply_due_on__lt=today)),
        drafts=Count("pk", filter=Q(status=Complaint.Status.DRAFT)),
    )


def staff_workload(user) -> dict:
    return {"counts": queue_counts(user)}


def statistics(qs) -> dict:
    """Counts by category, month, school and department for the statistics page."""
    qs = qs.exclude(status=Complaint.Status.DRAFT)
    by_category = dict(qs.values_list("category").annotate(n=Count("pk")).order_by())
    labels = dict(Complaint._meta.get_field("category").choices)
    months = (qs.annotate(month=TruncMonth("received_at")).values("month").annotate(n=Count("pk"))
              .order_by("month"))
    schools = (qs.filter(schools__isnull=False).values("schools__name").annotate(n=Count("pk", distinct=True))
               .order_by("-n", "schools__name")[:20])
    departments = (qs.filter(department__isnull=False).values("department__name").annotate(n=Count("pk"))
                   .order_by("-n", "department__name")[:20])
    verdicts = dict(qs.exclude(verdict="").values_list("verdict").annotate(n=Count("pk")).order_by())
    verdict_labels = dict(Complaint._meta.get_field("verdict").choices)
    return {
        "total": qs.count(),
        "by_category": [(labels[k], by_category.get(k, 0)) for k in labels],
        "by_month": [(r["month"], r["n"]) for r in months],
        "by_school": [(r["schools__name"], r["n"]) for r in schools],
        "by_department": [(r["department__name"], r["n"]) for r in departments],
        "by_verdict": [(verdict_labels[k], v) for k, v in verdicts.items()],
    }


def public_status(code_digest: str):
    """The report a receipt code names, with only what the public page shows."""
    return (Complaint.objects.filter(receipt_hash=code_digest).exclude(status=Complaint.Status.DRAFT)
            .only("id", "status", "received_at", "accepted_at", "replied_at", "closed_at", "public_reply",
                  "not_accepted_reason", "channel", "reply_due_on").first())
