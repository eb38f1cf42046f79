"""Permission rules for applications: a submitter acts only on its own department's applications."""

from apps.accounts.permissions import has_role, rule, same_organisation, same_region
from apps.accounts.roles import Role

from .models import Application


@rule("applications.create")
def _create(user, obj) -> bool:
    organisation = user.organisation
    return has_role(user, Role.SUBMITTER) and organisation is not None and organisation.kind == "department"


@rule("applications.view")
def _view(user, application: Application) -> bool:
    if has_role(user, Role.SUBMITTER) and same_organisation(user, application.department_id):
        return True
    return has_role(user, Role.REVIEWER, Role.PUBLISHER, Role.AUDITOR) and same_region(
        user, application.department.region_id)


@rule("applications.change")
def _change(user, application: Application) -> bool:
    return (
        has_role(user, Role.SUBMITTER)
        and same_organisation(user, application.department_id)
        and application.is_editable
    )


@rule("applications.withdraw")
def _withdraw(user, application: Application) -> bool:
    return (
        has_role(user, Role.SUBMITTER)
        and same_organisation(user, application.department_id)
        and application.status in Application.WITHDRAWABLE_STATUSES
    )


@rule("applications.create_on_behalf")
def _create_on_behalf(user, department) -> bool:
    """The bureau may file (e.g. import) applications on a department's behalf (issue: Excel import)."""
    return has_role(user, Role.PUBLISHER) and (
        department is None or (department.kind == "department" and same_region(user, department.region_id)))


@rule("applications.import")
def _import(user, obj) -> bool:
    return _create(user, obj) or has_role(user, Role.PUBLISHER)
