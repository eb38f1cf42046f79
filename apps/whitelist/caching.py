"""The public pages' cache: fragments keyed by a generation number that every change bumps on commit."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

GENERATION_KEY = "whitelist:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def invalidate_on_commit() -> None:
    """Every service that changes what the public sees calls this inside its transaction."""
    transaction.on_commit(bump)


def cached_fragment(name: str, params, render):
    """The rendered fragment for (name, params, language), computed by ``render()`` on a miss."""
    seconds = getattr(settings, "WHITELIST_CACHE_SECONDS", 600)
    if not seconds:
        return render()
    digest = hashlib.sha1(repr(sorted(params)).encode()).hexdigest()[:16]
    key = f"whitelist:{generation()}:{name}:{get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds)
    return html
