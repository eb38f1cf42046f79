"""Who reads the statistics: the bureau's roles and the 监督人 for their whole region, a department its own."""

from apps.accounts.permissions import has_role, region_of, rule
from apps.accounts.roles import Role

REGION_ROLES = (Role.REVIEWER, Role.PUBLISHER, Role.COMPLAINT_STAFF, Role.AUDITOR)
DEPARTMENT_ROLES = (Role.SUBMITTER, Role.RECTIFICATION_OWNER)


def sees_region(user) -> bool:
    return user.is_superuser or (has_role(user, *REGION_ROLES) and region_of(user) is not None)


def sees_department(user) -> bool:
    organisation = getattr(user, "organisation", None)
    return (has_role(user, *DEPARTMENT_ROLES) and organisation is not None
            and organisation.kind == organisation.Kind.DEPARTMENT)


@rule("stats.view")
def _view(user, obj) -> bool:
    return sees_region(user) or sees_department(user)
