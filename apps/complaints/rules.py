"""Permission rules for reports: complaint staff work them, the auditor reads them masked, no one else sees them."""

from apps.accounts.permissions import has_role, region_of, rule
from apps.accounts.roles import Role


def _in_region(user, complaint) -> bool:
    if complaint is None or user.is_superuser:
        return True
    region = region_of(user)
    return region is not None and complaint.region_id == region


@rule("complaints.view")
def _view(user, complaint) -> bool:
    return has_role(user, Role.COMPLAINT_STAFF, Role.AUDITOR) and _in_region(user, complaint)


@rule("complaints.view_reporter")
def _view_reporter(user, complaint) -> bool:
    """Only complaint staff see who reported; everyone else (the auditor too) sees the mask."""
    return has_role(user, Role.COMPLAINT_STAFF) and _in_region(user, complaint)


@rule("complaints.intake")
def _intake(user, obj) -> bool:
    return has_role(user, Role.COMPLAINT_STAFF) and region_of(user) is not None


@rule("complaints.handle")
def _handle(user, complaint) -> bool:
    return has_role(user, Role.COMPLAINT_STAFF) and _in_region(user, complaint)


@rule("complaints.export")
def _export(user, obj) -> bool:
    return has_role(user, Role.COMPLAINT_STAFF, Role.AUDITOR)
