"""Sending notifications: inbox rows and e-mail, always after the surrounding transaction commits."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipients, title: str, body: str = "", url: str = "", dedupe_key: str = "", email: bool = True):
    """Queue a message to each recipient once the current transaction commits."""
    recipient_ids = sorted({u.pk for u in recipients if u is not None and u.is_active})
    transaction.on_commit(
        lambda: _deliver(recipient_ids=recipient_ids, title=title, body=body, url=url, dedupe_key=dedupe_key,
                         email=email)
    )


def _deliver(*, recipient_ids, title, body, url, dedupe_key, email):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=recipient_ids, is_active=True)
    for user in users:
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient=user, title=title, body=body, url=url, dedupe_key=dedupe_key
                )
        except IntegrityError:
            continue  # already sent: reminders are idempotent
        if email and user.email:
            link = f"{settings.PORTAL_BASE_URL}{url}" if url else ""
            send_mail(
                subject=f"【{settings.PORTAL_NAME}】{title}",
                message=f"{body}\n\n{link}".strip(),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
                fail_silently=True,
            )
            Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def mark_read(*, notification: Notification, actor) -> None:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
