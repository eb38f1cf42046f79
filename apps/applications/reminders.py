"""Reminders to departments that still hold drafts when an application window is about to close (never twice)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from apps.accounts.roles import Role
from apps.notifications.models import Notification
from apps.notifications.services import notify

from . import windows
from .models import Application, ApplicationWindow

DAYS_BEFORE_CLOSING = 3  # remind when a window closes within this many days (today included)


def closing_windows(today: dt.date):
    """Windows that close between today and DAYS_BEFORE_CLOSING days from now, unless another window of the
    same term carries filing on past their last day (then nothing is closing)."""
    soon = ApplicationWindow.objects.filter(
        opens_on__lte=today, closes_on__gte=today, closes_on__lte=today + dt.timedelta(days=DAYS_BEFORE_CLOSING)
    ).select_related("term").order_by("closes_on", "pk")
    return [w for w in soon if windows.open_window(w.term, w.closes_on + dt.timedelta(days=1)) is None]


def _dedupe_key(window: ApplicationWindow) -> str:
    # The closing day is part of the key: a window extended to a later day is reminded again before that day.
    return f"window-closing:{window.pk}:{window.closes_on:%Y%m%d}"


def _submitters_with_drafts(window: ApplicationWindow) -> dict[int, list]:
    """Department id → its active submitters who have not had this reminder yet, for departments with drafts."""
    departments = (Application.objects.filter(term=window.term, status=Application.Status.DRAFT)
                   .values("department_id"))
    already = Notification.objects.filter(dedupe_key=_dedupe_key(window)).values("recipient_id")
    users = (get_user_model().objects.filter(organisation_id__in=departments, is_active=True,
                                             groups__name=Role.SUBMITTER)
             .exclude(pk__in=already).distinct().order_by("pk"))
    by_department: dict[int, list] = {}
    for user in users:
        by_department.setdefault(user.organisation_id, []).append(user)
    return by_department


def remind_closing_windows(*, today: dt.date | None = None) -> int:
    """Tell each department's submitters once per window that it closes soon and which drafts they still hold.
    Returns the number of people reminded."""
    today = today or windows.today()
    sent = 0
    for window in closing_windows(today):
        for department_id, recipients in _submitters_with_drafts(window).items():
            drafts = list(Application.objects.filter(term=window.term, status=Application.Status.DRAFT,
                                                     department_id=department_id)
                          .order_by("pk").values_list("title", flat=True))
            days_left = (window.closes_on - today).days
            when = gettext("今天") if days_left == 0 else ngettext(
                "%(n)s天后（%(day)s）", "%(n)s天后（%(day)s）", days_left,
            ) % {"n": days_left, "day": format_date(window.closes_on, gettext("Y年m月d日"))}
            notify(
                recipients=recipients,
                title=gettext("申报窗口即将截止：%(term)s") % {"term": window.term},
                body=ngettext(
                    "%(term)s的常规申报窗口将于%(when)s截止。贵单位尚有 %(n)s 份草稿未提交：%(titles)s。"
                    "请在截止前完成预审并提交；截止后只能以临时申报方式提交，并须说明紧急事由。",
                    "%(term)s的常规申报窗口将于%(when)s截止。贵单位尚有 %(n)s 份草稿未提交：%(titles)s。"
                    "请在截止前完成预审并提交；截止后只能以临时申报方式提交，并须说明紧急事由。",
                    len(drafts),
                ) % {"term": window.term, "when": when, "n": len(drafts),
                     "titles": gettext("、").join(gettext("“%(title)s”") % {"title": t} for t in drafts)},
                url=f"{reverse('applications:list')}?{urlencode({'status': 'draft', 'term': window.term_id})}",
                dedupe_key=_dedupe_key(window),
            )
            sent += len(recipients)
    return sent
