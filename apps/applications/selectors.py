"""Reads of applications shared by the pages, the API, imports and exports."""

from django.db.models import Count, Prefetch

from apps.accounts.permissions import has_role, region_of
from apps.accounts.roles import Role

from .models import Application, Attachment


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
    # An aggregate drops Meta.ordering, so the list states its order (stable pages).
    return applications_visible_to(user).annotate(attachment_count=Count("attachments")).order_by("-updated_at", "-pk")


def application_detail(user, pk: int) -> Application:
    """Raises Application.DoesNotExist for an application the user may not see (so pages answer 404)."""
    return (
        applications_visible_to(user)
        .select_related("copied_from", "merged_into")
        .prefetch_related("schools", Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")))
        .get(pk=pk)
    )



def _status_counts(qs) -> tuple[dict, list[dict]]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
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


def bureau_overview() -> dict:
    """For the publisher's and the auditor's workspace: every application per status."""
    return {"counts": _status_counts(Application.objects.all())[1]}
