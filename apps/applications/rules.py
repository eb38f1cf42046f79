"""Permission rules for applications: a submitter acts only on its own department's applications."""

from apps.accounts.permissions import has_role, rule, same_organisation
from apps.accounts.roles import Role

from .models import Application


@rule("applications.create")
def _create(user, obj) -> bool:
    organisation = user.organisation
    return has_role(user, Role.SUBMITTER) and organisation is not None and organisation.kind == "department"


@rule("applications.view")
def _view(user, application: Application) -> bool:
    if has_role(user, Role.REVIEWER, Role.PUBLISHER, Role.AUDITOR):
        return True
    return has_role(user, Role.SUBMITTER) and same_organisation(user, application.department_id)


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
    return has_role(user, Role.PUBLISHER) and (department is None or department.kind == "department")


@rule("applications.import")
def _import(user, obj) -> bool:
    return _create(user, obj) or has_role(user, Role.PUBLISHER)
