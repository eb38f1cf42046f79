"""Daily reminders about ledger deadlines, each sent once (the notification's dedupe key names line and deadline):
3 working days before the deadline (to the owner), overdue (to the owner and the bureau), and more than 10 working
days overdue (escalated to the education supervision office)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from apps.accounts.roles import Role
from apps.notifications.services import Message, deliver_many

from .calendar import WorkingCalendar
from .models import LedgerLine

DUE_SOON_WORKING_DAYS = 3
ESCALATE_AFTER_WORKING_DAYS = 10


class _People:
    """Recipients by organisation and by region, each asked once per run."""

    def __init__(self):
        self.users = get_user_model().objects.filter(is_active=True)
        self._owners, self._bureau, self._office = {}, {}, {}

    def owners(self, organisation_id):
        if organisation_id not in self._owners:
            self._owners[organisation_id] = list(self.users.filter(
                groups__name=str(Role.RECTIFICATION_OWNER), organisation_id=organisation_id).distinct())
        return self._owners[organisation_id]

    def bureau(self, region_id):
        if region_id not in self._bureau:
            self._bureau[region_id] = list(self.users.filter(
                groups__name__in=[str(Role.REVIEWER), str(Role.PUBLISHER)],
                organisation__region_id=region_id).distinct())
        return self._bureau[region_id]

    def supervision_office(self, region_id):
        """The education supervision office's reviewers; the bureau's staff when the region has none set up."""
        if region_id not in self._office:
            office = list(self.users.filter(groups__name=settings.LEDGER_ESCALATION_GROUP,
                                            organisation__region_id=region_id).distinct())
            self._office[region_id] = office or self.bureau(region_id)
        return self._office[region_id]


def remind_ledger_deadlines(*, today=None) -> int:
    """One pass over the open lines near or past their deadline, in a fixed order, reminders written in bulk (the
    database's unique key keeps each to once, however often or however many workers run the pass). Returns the
    number of lines looked at."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar.around(today)
    due_by = calendar.add(today, DUE_SOON_WORKING_DAYS)
    escalate_by = calendar.overdue_cutoff(today, ESCALATE_AFTER_WORKING_DAYS)
    lines = (LedgerLine.objects.filter(status__in=LedgerLine.OPEN_STATUSES, deadline__lte=due_by)
             .exclude(status=LedgerLine.Status.AWAITING_VERIFICATION)  # the bureau's turn, not the owner's
             .select_related("owner").order_by("deadline", "pk"))
    people, seen = _People(), [0]
    link = reverse("ledger:detail", args=[0])[: -len("0/")]
    due_format, body_text = gettext("Y年m月d日"), gettext("%(n)s（%(owner)s）：%(problem)s。整改时限为%(due)s。")
    soon_title, late_title = gettext("整改事项即将到期：%(n)s"), gettext("整改事项已超期：%(n)s")
    escalated_title = gettext("整改事项超期逾 10 个工作日，请督办：%(n)s")

    def ids(users):
        return tuple(u.pk for u in users)

    def messages():
        for line in lines.iterator(chunk_size=2000):
            seen[0] += 1
            url = f"{link}{line.pk}/"
            body = body_text % {"n": line.number, "owner": line.owner.name, "problem": line.problem[:80],
                                "due": format_date(line.deadline, due_format)}
            key = f"{line.pk}:{line.deadline:%Y%m%d}"
            if line.deadline >= today:
                yield Message(ids(people.owners(line.owner_id)), soon_title % {"n": line.number}, body, url,
                              f"ledger-due:{key}")
                continue
            yield Message(ids(people.owners(line.owner_id) + people.bureau(line.region_id)),
                          late_title % {"n": line.number}, body, url, f"ledger-overdue:{key}")
            if line.deadline <= escalate_by:
                yield Message(ids(people.supervision_office(line.region_id)), escalated_title % {"n": line.number},
                              body, url, f"ledger-escalated:{key}")

    deliver_many(messages())
    return seen[0]
