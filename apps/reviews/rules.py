"""Permission rules for review: reviewers decide only at the stages whose group they belong to."""

from apps.accounts.permissions import has_role, rule, same_region
from apps.accounts.roles import Role


@rule("reviews.view_queue")
def _view_queue(user, obj) -> bool:
    return has_role(user, Role.REVIEWER)


@rule("reviews.view")
def _view(user, application) -> bool:
    return has_role(user, Role.REVIEWER, Role.PUBLISHER, Role.AUDITOR) and (
        application is None or same_region(user, application.department.region_id))


@rule("reviews.decide")
def _decide(user, application) -> bool:
    """May ``user`` decide on ``application`` where it stands now (a stage, not a status, answers this)."""
    if not has_role(user, Role.REVIEWER) or application is None:
        return False
    if application.status != application.Status.IN_REVIEW or not same_region(user, application.department.region_id):
        return False
    progress = getattr(application, "review", None)
    stage = progress.stage if progress is not None else None
    return stage is not None and stage.group.name in user.role_names
