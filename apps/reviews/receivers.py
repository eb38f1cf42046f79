"""Reactions to the applications app's events: a submitted application enters review, a withdrawn one leaves it."""

from apps.applications.signals import application_submitted, application_withdrawn

from . import services


def on_submitted(sender, *, application, actor, resubmission=False, **kwargs):
    # Runs inside the submitting transaction: if placing fails, the submission rolls back with it.
    services.place_in_review(application=application, actor=actor, resubmission=resubmission)


def on_withdrawn(sender, *, application, actor=None, **kwargs):
    services.leave_review(application=application)


def connect() -> None:
    application_submitted.connect(on_submitted, dispatch_uid="reviews.on_submitted")
    application_withdrawn.connect(on_withdrawn, dispatch_uid="reviews.on_withdrawn")
