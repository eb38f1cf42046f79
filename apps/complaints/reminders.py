"""Reminders to complaint staff about replies due within 2 working days or already overdue (each sent once)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from apps.accounts.roles import Role
from apps.notifications.services import notify
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
    staff_of: dict[int, list] = {}
    sent = 0
    for complaint in waiting:
        if complaint.region_id not in staff_of:
            staff_of[complaint.region_id] = list(get_user_model().objects.filter(
                groups__name=str(Role.COMPLAINT_STAFF), is_active=True,
                organisation__region_id=complaint.region_id).distinct())
        overdue = complaint.reply_due_on < today
        due = format_date(complaint.reply_due_on, gettext("Y年m月d日"))
        notify(
            recipients=staff_of[complaint.region_id],
            title=(gettext("举报答复已超期：%(n)s") if overdue else gettext("举报即将到答复期限：%(n)s"))
            % {"n": complaint.number},
            body=gettext("%(n)s 的答复期限为%(due)s。") % {"n": complaint.number, "due": due},
            url=reverse("complaints:detail", args=[complaint.pk]),
            dedupe_key=f"complaint-{'overdue' if overdue else 'due'}:{complaint.pk}:{complaint.reply_due_on:%Y%m%d}",
        )
        sent += 1
    return sent
