"""Permission rules for visits: the department running an item records its visits, the school of a visit answers for
it at the gate, the bureau of the region reads them all and runs the year-end evaluation."""

from apps.accounts.models import Organisation
from apps.accounts.permissions import has_role, region_of, rule
from apps.accounts.roles import Role

BUREAU_READERS = (Role.REVIEWER, Role.PUBLISHER, Role.COMPLAINT_STAFF, Role.AUDITOR)


def _kind(user) -> str | None:
    organisation = getattr(user, "organisation", None)
    return organisation.kind if organisation is not None else None


def is_department(user) -> bool:
    return has_role(user, Role.SUBMITTER) and _kind(user) == Organisation.Kind.DEPARTMENT


def is_school(user) -> bool:
    """整改责任人 of a school: the school's contact for the portal, who answers at the gate."""
    return has_role(user, Role.RECTIFICATION_OWNER) and _kind(user) == Organisation.Kind.SCHOOL


def runs_item(user, item) -> bool:
    return any(d.pk == user.organisation_id for d in item.departments.all())


def _bureau_reads(user, visit) -> bool:
    if not has_role(user, *BUREAU_READERS):
        return False
    return user.is_superuser or (region_of(user) is not None and (visit is None or visit.region_id == region_of(user)))


@rule("visits.view_list")
def _view_list(user, obj) -> bool:
    return is_department(user) or is_school(user) or _bureau_reads(user, None) or user.is_superuser


@rule("visits.record")
def _record(user, item) -> bool:
    """Without an item: may open the form; with one: only a department that runs the item."""
    return is_department(user) and (item is None or runs_item(user, item))


@rule("visits.view")
def _view(user, visit) -> bool:
    if visit is None:
        return False
    return (is_department(user) and user.organisation_id == visit.department_id
            or is_school(user) and user.organisation_id == visit.school_id
            or _bureau_reads(user, visit))


@rule("visits.manage")
def _manage(user, visit) -> bool:
    """Print the permit, cancel a planned visit: the department that recorded it."""
    return is_department(user) and visit is not None and user.organisation_id == visit.department_id


@rule("visits.school")
def _school(user, visit) -> bool:
    """Confirm, refuse at the gate, report a problem, rate: the school the visit is for."""
    return is_school(user) and visit is not None and user.organisation_id == visit.school_id


@rule("visits.evaluate")
def _evaluate(user, obj) -> bool:
    return has_role(user, Role.PUBLISHER) and (user.is_superuser or region_of(user) is not None)
