"""Sending notifications: inbox rows and e-mail, always after the surrounding transaction commits."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection, send_mail
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


@dataclass(frozen=True)
class Message:
    """One reminder to several people; ``dedupe_key`` makes it once per person, whoever runs the pass."""

    recipient_ids: tuple[int, ...]
    title: str
    body: str = ""
    url: str = ""
    dedupe_key: str = ""


def deliver_many(messages: Iterable[Message], *, email: bool = True, batch: int = 1000) -> int:
    """Write reminders in bulk: a batch of inbox rows per INSERT, duplicates dropped by the database's unique key
    (so a pass run twice, or by two workers at once, reminds each person once), e-mail over one connection per
    batch. ``messages`` is consumed as it comes, so a pass over many items holds one batch in memory.
    Returns the number of inbox rows written."""
    written = 0
    rows: list[Notification] = []
    for message in messages:
        rows.extend(Notification(recipient_id=pk, title=message.title, body=message.body, url=message.url,
                                 dedupe_key=message.dedupe_key) for pk in message.recipient_ids)
        if len(rows) >= batch:
            written += _write_batch(rows, email=email)
            rows = []
    if rows:
        written += _write_batch(rows, email=email)
    return written


def _write_batch(rows: list[Notification], *, email: bool) -> int:
    keys = sorted({r.dedupe_key for r in rows})
    recipients = sorted({r.recipient_id for r in rows})
    before = Notification.objects.filter(dedupe_key__in=keys, recipient_id__in=recipients).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    written = Notification.objects.filter(dedupe_key__in=keys, recipient_id__in=recipients).count() - before
    if email:
        # Building and sending mail costs more than writing the inbox: the batch's e-mail is a task of its own,
        # so the pass itself stays short; a lost task leaves the rows unsent, and the next pass queues them again.
        from .tasks import email_unsent_task

        transaction.on_commit(lambda: email_unsent_task.delay(keys, recipients))
    return max(written, 0)


def email_unsent(keys, recipients) -> int:
    """E-mail the rows of these keys and recipients that nobody has e-mailed yet; rows another worker holds are
    left to it. Returns how many were sent."""
    with transaction.atomic():
        unsent = list(Notification.objects.select_for_update(skip_locked=True, of=("self",))
                      .filter(dedupe_key__in=keys, recipient_id__in=recipients, emailed_at__isnull=True)
                      .exclude(recipient__email="").select_related("recipient"))
        if not unsent:
            return 0
        mails = [EmailMessage(subject=f"【{settings.PORTAL_NAME}】{n.title}",
                              body=f"{n.body}\n\n{settings.PORTAL_BASE_URL}{n.url}".strip() if n.url else n.body,
                              from_email=settings.DEFAULT_FROM_EMAIL, to=[n.recipient.email]) for n in unsent]
        get_connection(fail_silently=True).send_messages(mails)
        Notification.objects.filter(pk__in=[n.pk for n in unsent]).update(emailed_at=timezone.now())
    return len(unsent)


def mark_read(*, notification: Notification, actor) -> None:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
