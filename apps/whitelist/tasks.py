"""Celery tasks of the whitelist: thin wrappers that take ids."""

from celery import shared_task

from .export_queue import sweep
from .exports import run_export


@shared_task(name="whitelist.export_edition", ignore_result=True)
def export_edition(run_id: int) -> str:
    return run_export(run_id=run_id)


@shared_task(name="whitelist.sweep_export_runs", ignore_result=True)
def sweep_export_runs() -> dict:
    return sweep()
