"""Reads of the ledger that pages, the API and the export share: who sees which lines, counts per owner."""

from django.db.models import Count, Q
from django.utils import timezone

from apps.accounts.permissions import can, has_role, region_of
from apps.accounts.roles import Role

from .models import LedgerLine
from .rules import READERS


def lines_visible_to(user):
    """The bureau sees its region's lines; an owner (整改责任人) sees only its organisation's; no one else any."""
    base = LedgerLine.objects.select_related("owner", "complaint", "region")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if user.is_superuser:
        return base
    condition = Q(pk__in=[])
    if has_role(user, *READERS) and region_of(user) is not None:
        condition |= Q(region_id=region_of(user))
    if has_role(user, Role.RECTIFICATION_OWNER) and user.organisation_id:
        condition |= Q(owner_id=user.organisation_id)
    return base.filter(condition)


def overdue(queryset, today=None):
    today = today or timezone.localdate()
    return queryset.filter(status__in=LedgerLine.OPEN_STATUSES, deadline__lt=today)


def counts_per_owner(queryset):
    """Per responsible organisation: all lines, open, overdue, closed out."""
    today = timezone.localdate()
    open_q = Q(status__in=LedgerLine.OPEN_STATUSES)
    return (queryset.order_by().values("owner_id", "owner__name")
            .annotate(total=Count("pk"), open=Count("pk", filter=open_q),
                      overdue=Count("pk", filter=open_q & Q(deadline__lt=today)),
                      closed=Count("pk", filter=Q(status=LedgerLine.Status.CLOSED)))
            .order_by("-overdue", "-open", "owner__name"))


def lines_for_complaint(complaint):
    return LedgerLine.objects.filter(complaint=complaint).select_related("owner").order_by("pk")


def owner_workload(user) -> dict:
    rows = lines_visible_to(user).filter(owner_id=user.organisation_id)
    today = timezone.localdate()
    return {"open": rows.filter(status__in=LedgerLine.OWNER_STATUSES).count(),
            "overdue": overdue(rows, today).count(),
            "awaiting": rows.filter(status=LedgerLine.Status.AWAITING_VERIFICATION).count()}


def bureau_workload(user) -> dict:
    rows = lines_visible_to(user)
    return {"awaiting": rows.filter(status=LedgerLine.Status.AWAITING_VERIFICATION).count(),
            "overdue": overdue(rows).count(), "open": rows.filter(status__in=LedgerLine.OPEN_STATUSES).count(),
            "may_manage": can(user, "ledger.manage")}
