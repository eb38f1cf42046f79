"""On Postgres, each on its own connection: two visits to one school confirmed at once are counted one after the
other, so the one beyond the approval opens its ledger line."""

import pytest
from django.utils import timezone

from apps.accounts.roles import Role
from apps.ledger.models import LedgerLine
from apps.visits import services
from tests.complaints.test_concurrent_accept import run_together
from tests.factories import UserFactory

from .conftest import make_visit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_confirmations_at_once_still_catch_the_overrun(world):
    world.item.times = 1
    world.item.save()
    today = timezone.localdate()
    first, second = make_visit(world, day=today), make_visit(world, day=today)
    colleague = UserFactory(username="xuexiao-b", organisation=world.school, roles=[Role.RECTIFICATION_OWNER])
    results = run_together(
        lambda: services.confirm_visit(visit=first, actor=world.school_user, seen_version=first.version),
        lambda: services.confirm_visit(visit=second, actor=colleague, seen_version=second.version))
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert LedgerLine.objects.filter(source_kind="activity_record").count() == 1
