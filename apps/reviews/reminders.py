"""Reminders to a stage's reviewers about applications waiting past the stage's time limit (never twice)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from apps.accounts.roles import Role
from apps.notifications.services import Message, deliver_many

from .models import ReviewProgress


def remind_overdue_reviews(*, today=None) -> int:
    """Tell each stage's reviewers once about each application that waits there past its limit.

    Streams the late applications in a fixed order and writes the reminders in bulk; a pass stopped partway
    (a time limit, a crash) is simply run again: what was sent is skipped by the database's unique key, and the
    rest follows. Returns the number of reminders written."""
    today = today or timezone.localdate()
    late = (ReviewProgress.objects.filter(application__status="in_review", stage__isnull=False, due_on__lt=today)
            .select_related("application", "stage").order_by("pk"))
    reviewers_of: dict[int, tuple[int, ...]] = {}
    due_format = gettext("Y年m月d日")

    def messages():
        for progress in late.iterator(chunk_size=2000):
            stage, application = progress.stage, progress.application
            if stage.group_id not in reviewers_of:
                reviewers_of[stage.group_id] = tuple(get_user_model().objects.filter(
                    groups=stage.group_id, is_active=True).filter(groups__name=Role.REVIEWER)
                    .distinct().order_by("pk").values_list("pk", flat=True))
            yield Message(
                recipient_ids=reviewers_of[stage.group_id],
                title=gettext("审核超期：%(title)s") % {"title": application.title},
                body=gettext("“%(title)s”在“%(stage)s”环节等待审核，办理期限为%(due)s，已超期。") % {
                    "title": application.title, "stage": stage.name,
                    "due": format_date(progress.due_on, due_format),
                },
                url=reverse("reviews:decide", args=[application.pk]),
                # One reminder per stay at a stage: a new stay (after a return) may be reminded again.
                dedupe_key=f"review-overdue:{application.pk}:{stage.pk}:{progress.entered_at:%Y%m%d%H%M%S}",
            )

    return deliver_many(messages())
