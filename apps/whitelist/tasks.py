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


@shared_task(name="whitelist.rebuild_public_pages", ignore_result=True)
def rebuild_public_pages(editions: list[int], items: list[int]) -> int:
    from .page_cache import rebuild

    return rebuild(editions, items)
