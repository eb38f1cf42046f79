"""Whole public pages for visitors, kept gzipped in the cache and served in one cache read.

A visitor without a session (no login) asking for a public page (a view marked ``@public_page``) is answered by
``PublicPageCacheMiddleware`` before sessions, CSRF, authentication or any template run: one ``get_many`` reads
the generation number and the stored page together; the page is served when it was stored under the current
generation (every change bumps it on commit, so an old list is never served after a change), gzipped to clients
that accept gzip and unpacked for the others, with an ETag and Last-Modified that turn a repeat visit into a 304.

Such a page sets no cookie and does not vary on one: it is stored only when rendering it set no cookie and asked
for no CSRF token (a page with a form — a list on notice with its objection form — is never stored), and it is
keyed by the visitor's language instead. ``Cache-Control: no-cache`` lets a browser or proxy keep it but makes
them ask again each time, so a change shows at once and a visitor who has since logged in (a session cookie: the
whole-response cache is bypassed) gets their own page, not the visitor's.

After a change, ``rebuild`` (a Celery task queued on commit, one at a time) renders the current list, the list
of editions and the changed editions' pages again, so that the public does not pay for the first render.
"""

import functools
import gzip
import hashlib
import logging
import time
from email.utils import formatdate, parsedate_to_datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation

from whitelist_portal.client import request_id

from . import caching

logger = logging.getLogger(__name__)
PAGE_KEY = "whitelist:page:"
REBUILD_FLAG = "whitelist.rebuild"  # request.META key: render and store, whatever is stored
# Headers of the rendered page that belong to one request or that the middleware writes itself.
_NOT_STORED = {"set-cookie", "x-request-id", "content-length", "content-encoding", "vary", "date", "etag",
               "last-modified", "cache-control", "expires"}


def public_page(view):
    """Mark a view whose page is the same for every visitor in a language (its whole response may be cached)."""
    view.public_page = True
    return view


@functools.lru_cache(maxsize=2048)
def _is_public(urlconf, path: str) -> bool:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


def seconds() -> int:
    return getattr(settings, "WHITELIST_CACHE_SECONDS", 600)


def language_of(request) -> str:
    """The visitor's language as ``ChineseFirstLocaleMiddleware`` will choose it: the cookie, else Chinese."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def page_key(language: str, full_path: str) -> str:
    return PAGE_KEY + language + ":" + hashlib.sha1(full_path.encode()).hexdigest()


def is_visitor(request) -> bool:
    """No session and no pending message: nothing on the page can be this person's own."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") \
        not in cookies


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


class Entry:
    """A stored page: the generation it was rendered under, its validators, headers and gzipped body."""

    __slots__ = ("generation", "etag", "last_modified", "headers", "body")

    def __init__(self, generation, etag, last_modified, headers, body):
        self.generation, self.etag, self.last_modified = generation, etag, last_modified
        self.headers, self.body = headers, body

    def __getstate__(self):
        return (self.generation, self.etag, self.last_modified, self.headers, self.body)

    def __setstate__(self, state):
        self.generation, self.etag, self.last_modified, self.headers, self.body = state


def make_entry(response, generation: int, modified: float) -> Entry:
    body = gzip.compress(response.content, compresslevel=6, mtime=0)
    etag = 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip() and v.strip().lower() != "cookie"]
    headers.append(("Vary", ", ".join([*vary, "Accept-Encoding"])))
    return Entry(generation, etag, formatdate(modified, usegmt=True), headers, body)


def _not_modified(request, entry: Entry) -> bool:
    tags = request.META.get("HTTP_IF_NONE_MATCH")
    if tags is not None:
        return any(t.strip() in (entry.etag, entry.etag[2:], "*") for t in tags.split(","))
    since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            return parsedate_to_datetime(entry.last_modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def serve(request, entry: Entry):
    if _not_modified(request, entry):
        response = HttpResponseNotModified()
    elif _accepts_gzip(request):
        response = HttpResponse(entry.body)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(entry.body))
    for name, value in entry.headers:
        response[name] = value
    response["ETag"] = entry.etag
    response["Last-Modified"] = entry.last_modified
    response["Cache-Control"] = "no-cache"
    response["X-Request-ID"] = request_id(request)
    if response.status_code == 304:
        del response["Content-Type"]
    else:
        response["Content-Length"] = str(len(response.content))
        if request.method == "HEAD":
            response.content = b""
    return response


def read_many(keys: list[str]) -> dict:
    """``cache.get_many(keys)``, in one round trip. On Redis it reuses one client per process: Django's backend
    builds a new client object (with its table of reply callbacks) on every call, which costs more than the
    read itself."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return cache.get_many(keys)
    client = getattr(backend, "_page_cache_client", None)
    if client is None:
        client = backend._page_cache_client = backend._cache.get_client(keys[0])
    values = client.mget([backend.make_and_validate_key(k) for k in keys])
    loads = backend._cache._serializer.loads
    return {k: loads(v) for k, v in zip(keys, values, strict=True) if v is not None}


def _storable(request, response) -> bool:
    """Only a page that is the same for every visitor: no cookie set, no CSRF token asked for, nobody logged in."""
    user = getattr(request, "user", None)
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (user is not None and user.is_authenticated))


class PublicPageCacheMiddleware:
    """Placed after WhiteNoise and before the session middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method not in ("GET", "HEAD") or not seconds() or not is_visitor(request)
                or not _is_public(get_urlconf(), request.path_info)):
            return self.get_response(request)
        key = page_key(language_of(request), request.get_full_path())
        rebuilding = request.META.get(REBUILD_FLAG)
        found = caching._safely(lambda: read_many([caching.GENERATION_KEY, key]), None)
        if found is None:  # the cache is down: the page as it is rendered
            return self.get_response(request)
        current = found.get(caching.GENERATION_KEY)
        if current is None:
            current = caching._safely(caching.generation, None)
            if current is None:
                return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry.generation == current and not rebuilding:
            return serve(request, entry)
        started = time.time()
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        entry = make_entry(response, current, started)
        caching._safely(lambda: cache.set(key, entry, seconds()), None)
        return serve(request, entry)


# ---- rebuilding after a change -------------------------------------------------------------------------------

REBUILD_LOCK = "whitelist:rebuild:lock"
REBUILD_PENDING = "whitelist:rebuild:pending"
LOCK_SECONDS = 300  # a rebuild that died holding the lock blocks the others this long at most


def queue_rebuild(*, editions=(), items=()) -> None:
    """Hand one rebuild to a worker; a broker that is down only means the next visitors render the pages."""
    from .tasks import rebuild_public_pages

    try:
        rebuild_public_pages.delay(list(editions), list(items))
    except Exception:  # kombu/redis raise many kinds for a broker that is down; all mean "not queued"
        logger.warning("The public pages' rebuild could not be queued; visitors will render them", exc_info=True)


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


@functools.lru_cache(maxsize=1)
def _handler():
    from django.core.handlers.base import BaseHandler

    handler = BaseHandler()
    handler.load_middleware()
    return handler


def render_page(path: str, language: str) -> int:
    """Render ``path`` as a visitor in ``language`` sees it, through the whole middleware, and store it."""
    from django.test import RequestFactory

    request = RequestFactory().get(path, secure=True, HTTP_HOST=_host(),
                                   HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}={language}")
    request.META[REBUILD_FLAG] = True
    # The locale middleware activates the page's language for the thread; what runs next in this worker (an
    # export, say) gets back the language it had.
    with translation.override(translation.get_language()):
        return _handler().get_response(request).status_code


def paths_to_rebuild(editions=(), items=()) -> list[str]:
    from django.urls import reverse

    paths = [reverse("portal:home"), reverse("whitelist:current"), reverse("whitelist:editions")]
    for pk in editions:
        paths += [reverse("whitelist:edition", args=[pk]), reverse("whitelist:changes", args=[pk])]
    paths += [reverse("whitelist:item", args=[pk]) for pk in items]
    return paths


def _rebuild(editions, items) -> int:
    rendered = 0
    for path in paths_to_rebuild(editions, items):
        for language, _name in settings.LANGUAGES:
            render_page(path, language)
            rendered += 1
    return rendered


def _add_pending(editions, items) -> None:
    before = cache.get(REBUILD_PENDING) or ((), ())
    cache.set(REBUILD_PENDING, (sorted({*before[0], *editions}), sorted({*before[1], *items})), LOCK_SECONDS)


def rebuild(editions=(), items=()) -> int:
    """Render the pages a change touched into the cache, one rebuild at a time.

    A rebuild asked for while another runs leaves its pages in the pending set; the running one takes them when it
    is done (it looks again after letting go of the lock, so that no request is lost between the two)."""
    if not seconds():
        return 0
    _add_pending(editions, items)
    rendered = 0
    while cache.add(REBUILD_LOCK, 1, LOCK_SECONDS):
        try:
            pending = cache.get(REBUILD_PENDING)
            cache.delete(REBUILD_PENDING)
            if pending:
                rendered += _rebuild(*pending)
        finally:
            cache.delete(REBUILD_LOCK)
        if cache.get(REBUILD_PENDING) is None:
            break
    return rendered
