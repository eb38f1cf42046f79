"""Reminders to a stage's reviewers about applications waiting past the stage's time limit (never twice)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from apps.accounts.roles import Role
from apps.notifications.services import notify

from .models import ReviewProgress


def remind_overdue_reviews(*, today=None) -> int:
    """Tell each stage's reviewers once about each application that waits there past its limit."""
    today = today or timezone.localdate()
    late = (ReviewProgress.objects.filter(application__status="in_review", stage__isnull=False, due_on__lt=today)
            .select_related("application", "stage"))
    reviewers_of: dict[int, list] = {}
    sent = 0
    for progress in late:
        stage = progress.stage
        if stage.group_id not in reviewers_of:
            reviewers_of[stage.group_id] = list(get_user_model().objects.filter(
                groups=stage.group_id, is_active=True).filter(groups__name=Role.REVIEWER).distinct())
        application = progress.application
        notify(
            recipients=reviewers_of[stage.group_id],
            title=gettext("审核超期：%(title)s") % {"title": application.title},
            body=gettext("“%(title)s”在“%(stage)s”环节等待审核，办理期限为%(due)s，已超期。") % {
                "title": application.title, "stage": stage.name,
                "due": format_date(progress.due_on, gettext("Y年m月d日")),
            },
            url=reverse("reviews:decide", args=[application.pk]),
            # One reminder per stay at a stage: a new stay (after a return) may be reminded again.
            dedupe_key=f"review-overdue:{application.pk}:{stage.pk}:{progress.entered_at:%Y%m%d%H%M%S}",
        )
        sent += 1
    return sent
