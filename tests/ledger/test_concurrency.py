"""On Postgres, each on its own connection: two verifiers on one line, and two reminder runs at once."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.audit.selectors import events_for
from apps.ledger import services
from apps.ledger.exceptions import ConflictError
from apps.ledger.models import LedgerLine
from apps.ledger.reminders import remind_ledger_deadlines
from apps.notifications.models import Notification
from tests.complaints.test_concurrent_accept import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("second", ["close_out", "send_back"])
def test_exactly_one_of_two_verifiers_decides(awaiting, reviewer, publisher, second):
    line = awaiting()
    seen = line.version
    other = getattr(services, second)
    results = run_together(
        lambda: services.close_out(line=line, actor=reviewer, seen_version=seen, opinion="核实通过"),
        lambda: other(line=line, actor=publisher, seen_version=seen, opinion="另一人的意见"))
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    assert isinstance(next(v for k, v in results if k == "error"), ConflictError)
    fresh = LedgerLine.objects.get(pk=line.pk)
    assert fresh.version == seen + 1
    assert events_for(fresh).filter(action__in=["ledger.closed", "ledger.sent_back"]).count() == 1


def test_two_reminder_runs_at_once_send_each_once(open_line, school_owner, reviewer):
    today = timezone.localdate()
    lines = [open_line() for _ in range(5)]
    LedgerLine.objects.filter(pk__in=[x.pk for x in lines]).update(deadline=today - dt.timedelta(days=2))
    results = run_together(lambda: remind_ledger_deadlines(today=today), lambda: remind_ledger_deadlines(today=today))
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    overdue = Notification.objects.filter(title__startswith="整改事项已超期")
    assert overdue.filter(recipient=school_owner).count() == 5
    assert overdue.filter(recipient=reviewer).count() == 5
