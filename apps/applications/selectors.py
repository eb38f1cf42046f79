"""Reads of applications shared by the pages, the API, imports and exports."""

from django.db.models import Count, Prefetch

from apps.accounts.permissions import has_role
from apps.accounts.roles import Role

from .models import Application, Attachment


def applications_visible_to(user):
    """The one access question for lists: reviewers, publishers and auditors see all; a submitter its own
    department's; anybody else nothing."""
    qs = Application.objects.select_related("department", "term", "created_by")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser or has_role(user, Role.REVIEWER, Role.PUBLISHER, Role.AUDITOR):
        return qs
    if has_role(user, Role.SUBMITTER) and user.organisation_id:
        return qs.filter(department_id=user.organisation_id)
    return qs.none()


def application_list(user):
    return applications_visible_to(user).annotate(attachment_count=Count("attachments"))


def application_detail(user, pk: int) -> Application:
    """Raises Application.DoesNotExist for an application the user may not see (so pages answer 404)."""
    return (
        applications_visible_to(user)
        .select_related("copied_from", "merged_into")
        .prefetch_related("schools", Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")))
        .get(pk=pk)
    )
