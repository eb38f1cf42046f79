"""Celery tasks that look across apps: thin wrappers, safe to run twice."""

from celery import shared_task

from .audit_watch import check_audit_chain


@shared_task(name="portal.verify_audit_chain")
def verify_audit_chain() -> bool:
    return check_audit_chain().intact
