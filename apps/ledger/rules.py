"""Permission rules for ledger lines: the bureau of the line's region runs them, owners see only their own."""

from apps.accounts.permissions import has_role, region_of, rule, same_organisation
from apps.accounts.roles import Role

BUREAU_ROLES = (Role.REVIEWER, Role.PUBLISHER)
READERS = (Role.REVIEWER, Role.PUBLISHER, Role.COMPLAINT_STAFF, Role.AUDITOR)


def _in_region(user, line) -> bool:
    if line is None or user.is_superuser:
        return True
    region = region_of(user)
    return region is not None and line.region_id == region


def is_owner_of(user, line) -> bool:
    return has_role(user, Role.RECTIFICATION_OWNER) and (line is None or same_organisation(user, line.owner_id))


@rule("ledger.view")
def _view(user, line) -> bool:
    return (has_role(user, *READERS) and _in_region(user, line)) or is_owner_of(user, line)


@rule("ledger.view_all")
def _view_all(user, obj) -> bool:
    """The bureau's whole ledger (filters, counts per owner, export)."""
    return has_role(user, *READERS) and region_of(user) is not None


@rule("ledger.open")
def _open(user, obj) -> bool:
    """Open lines: the bureau, and complaint staff from a complaint."""
    return has_role(user, *BUREAU_ROLES, Role.COMPLAINT_STAFF) and region_of(user) is not None


@rule("ledger.manage")
def _manage(user, line) -> bool:
    """Assign, extend a deadline, verify, close out or send back."""
    return has_role(user, *BUREAU_ROLES) and (line is None and region_of(user) is not None
                                              or line is not None and _in_region(user, line))


@rule("ledger.report")
def _report(user, line) -> bool:
    """Report measures, results and evidence, and ask for close-out: the owner's organisation only."""
    return is_owner_of(user, line) and (line is None or user.organisation_id is not None)
