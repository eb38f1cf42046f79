"""Reads of applications shared by the pages, the API, imports and exports."""

from django.db.models import Count, Prefetch

from apps.accounts.permissions import has_role, region_of
from apps.accounts.roles import Role
from whitelist_portal.keyset import Keyset

from .models import Application, Attachment

# The lists' order, newest change first; pages continue from the last row shown (see whitelist_portal.keyset).
LIST_ORDER = Keyset(("updated_at", "datetime"), ("pk", "int"), descending=True)


def applications_visible_to(user):
    """The one access question for lists: reviewers, publishers and auditors see their region's; a submitter its
    own department's; anybody else nothing."""
    qs = Application.objects.select_related("department", "term", "created_by")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    if has_role(user, Role.REVIEWER, Role.PUBLISHER, Role.AUDITOR):
        return qs.filter(department__region_id=region_of(user))
    if has_role(user, Role.SUBMITTER) and user.organisation_id:
        return qs.filter(department_id=user.organisation_id)
    return qs.none()


def application_list(user):
    """The applications the user may see, newest change first (count attachments with ``with_attachment_counts``
    for the rows of one page only)."""
    return LIST_ORDER.order(applications_visible_to(user))


def with_attachment_counts(rows) -> list:
    """Sets ``attachment_count`` on each of the rows shown, in one query over those rows only."""
    rows = list(rows)
    counts = dict(Attachment.objects.filter(application_id__in=[r.pk for r in rows]).order_by()
                  .values_list("application_id").annotate(n=Count("pk")))
    for row in rows:
        row.attachment_count = counts.get(row.pk, 0)
    return rows


def application_detail(user, pk: int) -> Application:
    """Raises Application.DoesNotExist for an application the user may not see (so pages answer 404)."""
    return (
        applications_visible_to(user)
        .select_related("copied_from", "merged_into")
        .prefetch_related("schools", Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")))
        .get(pk=pk)
    )



def _status_counts(qs) -> tuple[dict, list[dict]]:
    # COUNT(status): read from the (department, status) index alone.
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("status")))
    rows = [{"status": status, "label": label, "count": counts[status]}
            for status, label in Application.Status.choices if counts.get(status)]
    return counts, rows


def department_workload(user, limit: int = 5) -> dict:
    """For the submitter's workspace: its department's applications per status and those it must act on."""
    own = Application.objects.filter(department_id=user.organisation_id)
    counts, rows = _status_counts(own)
    todo = own.filter(status__in=Application.EDITABLE_STATUSES).select_related("term").order_by("-updated_at", "-pk")
    return {
        "counts": rows,
        "returned": counts.get(Application.Status.RETURNED, 0),
        "drafts": counts.get(Application.Status.DRAFT, 0),
        "todo": list(todo[:limit]),
    }


def bureau_overview(user=None) -> dict:
    """For the publisher's and the auditor's workspace: the applications of the user's region per status, each
    counted no further than the cap (one small index range per status rather than the whole region)."""
    from whitelist_portal.keyset import COUNT_CAP, capped_count

    qs = Application.objects.all()
    if user is not None and not user.is_superuser:
        qs = qs.filter(department__region_id=region_of(user))
    rows = []
    for status, label in Application.Status.choices:
        n = capped_count(qs.filter(status=status))
        if n:
            rows.append({"status": status, "label": label, "count": min(n, COUNT_CAP), "capped": n > COUNT_CAP})
    return {"counts": rows}
