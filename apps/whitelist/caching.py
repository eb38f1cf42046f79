"""The public pages' cache: fragments keyed by a generation number that every change bumps on commit.

The cache only saves work: when it cannot be reached, pages are rendered from the database and the outage is
logged once (and once more when it is back), never shown to a visitor as an error.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
GENERATION_KEY = "whitelist:generation"
_MISSING = object()
_unavailable = False  # per process: whether the last cache call failed, so an outage is logged once


def _safely(action, default=_MISSING):
    """``action()``'s result, or ``default`` when the cache fails; logs the change between working and failing."""
    global _unavailable
    try:
        result = action()
    except Exception as exc:  # any backend (Redis, memcached) has its own errors; all mean "no cache"
        if not _unavailable:
            _unavailable = True
            logger.warning("Whitelist cache unavailable, public pages are rendered from the database: %r", exc)
        return default
    if _unavailable:
        _unavailable = False
        logger.warning("Whitelist cache available again")
    return result


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def bump() -> None:
    _safely(_bump, None)  # a missed bump is bounded by WHITELIST_CACHE_SECONDS


class _AfterCommit:
    """What one transaction changed: on commit, the generation is bumped and one page rebuild is queued."""

    def __init__(self):
        self.editions: set[int] = set()
        self.items: set[int] = set()
        self.done = False

    def __call__(self):
        self.done = True
        bump()
        from .page_cache import queue_rebuild

        queue_rebuild(editions=sorted(self.editions), items=sorted(self.items))


def invalidate_on_commit(*, editions=(), items=()) -> None:
    """Every service that changes what the public sees calls this inside its transaction, naming the editions
    and items whose pages changed (the current list and the list of editions are always rebuilt).

    However many services a transaction runs, its commit bumps the generation once and queues one rebuild."""
    connection = transaction.get_connection()
    pending = None
    if connection.in_atomic_block:
        waiting = (f for _sids, f, _robust in connection.run_on_commit if isinstance(f, _AfterCommit) and not f.done)
        pending = next(waiting, None)
    if pending is None:
        pending = _AfterCommit()
        pending.editions.update(int(getattr(e, "pk", e)) for e in editions)
        pending.items.update(int(getattr(i, "pk", i)) for i in items)
        transaction.on_commit(pending)
        return
    pending.editions.update(int(getattr(e, "pk", e)) for e in editions)
    pending.items.update(int(getattr(i, "pk", i)) for i in items)


def cached_fragment(name: str, params, render):
    """The rendered fragment for (name, params, language), computed by ``render()`` on a miss."""
    seconds = getattr(settings, "WHITELIST_CACHE_SECONDS", 600)
    if not seconds:
        return render()
    current = _safely(generation)
    if current is _MISSING:
        return render()
    digest = hashlib.sha1(repr(sorted(params)).encode()).hexdigest()[:16]
    key = f"whitelist:{current}:{name}:{get_language()}:{digest}"
    html = _safely(lambda: cache.get(key), None)
    if html is None:
        html = render()
        _safely(lambda: cache.set(key, html, seconds), None)
    return html
