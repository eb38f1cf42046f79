"""Reminders to complaint staff about replies due within 2 working days or already overdue (each sent once)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from apps.accounts.roles import Role
from apps.notifications.services import Message, deliver_many
from apps.reviews.workdays import due_date

from .models import Complaint

DUE_SOON_WORKING_DAYS = 2


def remind_replies_due(*, today=None) -> int:
    """Tell the region's complaint staff once when a reply falls due within 2 working days (the official calendar
    and the bureau's holidays), and once when it is overdue."""
    today = today or timezone.localdate()
    soon = due_date(today, DUE_SOON_WORKING_DAYS)
    waiting = Complaint.objects.filter(status__in=Complaint.OPEN_STATUSES,
                                       reply_due_on__lte=soon).order_by("reply_due_on", "pk")
    staff_of: dict[int, tuple[int, ...]] = {}
    link = reverse("complaints:detail", args=[0])[: -len("0/")]
    due_format, body_text = gettext("Y年m月d日"), gettext("%(n)s 的答复期限为%(due)s。")
    late_title, soon_title = gettext("举报答复已超期：%(n)s"), gettext("举报即将到答复期限：%(n)s")
    seen = [0]

    def messages():
        for complaint in waiting.iterator(chunk_size=2000):
            seen[0] += 1
            if complaint.region_id not in staff_of:
                staff = get_user_model().objects.filter(groups__name=str(Role.COMPLAINT_STAFF), is_active=True,
                                                        organisation__region_id=complaint.region_id)
                staff_of[complaint.region_id] = tuple(staff.distinct().order_by("pk").values_list("pk", flat=True))
            overdue = complaint.reply_due_on < today
            yield Message(
                recipient_ids=staff_of[complaint.region_id],
                title=(late_title if overdue else soon_title) % {"n": complaint.number},
                body=body_text % {"n": complaint.number, "due": format_date(complaint.reply_due_on, due_format)},
                url=f"{link}{complaint.pk}/",
                dedupe_key=(f"complaint-{'overdue' if overdue else 'due'}:{complaint.pk}:"
                            f"{complaint.reply_due_on:%Y%m%d}"),
            )

    deliver_many(messages())
    return seen[0]
