import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from apps.accounts import permissions
from apps.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_of_the_spec_exists_as_a_group_after_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {str(r) for r in Role}


def test_has_role_answers_for_held_roles_only():
    user = UserFactory(roles=[Role.SUBMITTER])
    assert permissions.has_role(user, Role.SUBMITTER)
    assert permissions.has_role(user, Role.REVIEWER, Role.SUBMITTER)
    assert not permissions.has_role(user, Role.REVIEWER)


def test_a_user_may_hold_several_roles():
    user = UserFactory(roles=[Role.SUBMITTER, Role.RECTIFICATION_OWNER])
    assert permissions.has_role(user, Role.RECTIFICATION_OWNER)
    assert permissions.has_role(user, Role.SUBMITTER)


def test_inactive_users_hold_no_role_and_may_do_nothing():
    user = UserFactory(roles=[Role.AUDITOR], is_active=False)
    assert not permissions.has_role(user, Role.AUDITOR)
    assert not permissions.can(user, "audit.view")


def test_auditor_may_read_the_audit_trail_and_others_may_not():
    assert permissions.can(UserFactory(roles=[Role.AUDITOR]), "audit.view")
    with pytest.raises(PermissionDenied):
        permissions.require(UserFactory(roles=[Role.SUBMITTER]), "audit.view")


def test_an_unknown_action_is_a_programming_error_not_a_silent_no():
    with pytest.raises(ImproperlyConfigured):
        permissions.can(UserFactory(), "nothing.such")


def test_anonymous_users_may_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can(AnonymousUser(), "audit.view")
    assert not permissions.has_role(AnonymousUser(), Role.AUDITOR)
