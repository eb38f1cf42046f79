"""Celery tasks of the whitelist: thin wrappers that take ids."""

from celery import shared_task

from .exports import run_export


@shared_task(name="whitelist.export_edition")
def export_edition(run_id: int) -> str:
    return run_export(run_id=run_id)
