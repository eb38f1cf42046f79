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
            .order_by("pk").values_list("application_id", "application__title", "stage_id", "stage__name",
                                        "stage__group_id", "due_on", "entered_at"))
    reviewers_of: dict[int, tuple[int, ...]] = {}
    # Read once per pass, not per item: the wording, the link's prefix and each due day's text.
    title_text = gettext("审核超期：%(title)s")
    body_text = gettext("“%(title)s”在“%(stage)s”环节等待审核，办理期限为%(due)s，已超期。")
    link = reverse("reviews:decide", args=[0])[: -len("0/")]
    due_format = gettext("Y年m月d日")
    due_texts: dict = {}

    def messages():
        for app_id, title, stage_id, stage_name, group_id, due_on, entered_at in late.iterator(chunk_size=2000):
            if group_id not in reviewers_of:
                reviewers_of[group_id] = tuple(get_user_model().objects.filter(
                    groups=group_id, is_active=True).filter(groups__name=Role.REVIEWER)
                    .distinct().order_by("pk").values_list("pk", flat=True))
            if due_on not in due_texts:
                due_texts[due_on] = format_date(due_on, due_format)
            yield Message(
                recipient_ids=reviewers_of[group_id],
                title=title_text % {"title": title},
                body=body_text % {"title": title, "stage": stage_name, "due": due_texts[due_on]},
                url=f"{link}{app_id}/",
                # One reminder per stay at a stage: a new stay (after a return) may be reminded again.
                dedupe_key=f"review-overdue:{app_id}:{stage_id}:{entered_at:%Y%m%d%H%M%S}",
            )

    return deliver_many(messages())
