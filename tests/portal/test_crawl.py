"""Every demo role, after seed_demo, follows the links it is shown: none answers 500, no menu entry refuses it,
and no page shows a raw status code where a label belongs."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

DEMO_USERS = ["gongan", "keshi", "bangongshi", "dudaoshi", "fabu", "jiandu", "jubao", "xuexiao", "admin"]
MAX_PAGES = 45
SAME_SHAPE_LIMIT = 2  # /applications/1/ and /applications/2/ are one page shape: two of each is enough
SKIP = ("/admin/", "/api/", "/i18n/", "/accounts/logout/", "/attachments/", ".xlsx", ".csv", ".json")
# Codes of the portal's choices that must never reach a page body in place of their Chinese label.
RAW_CODES = re.compile(r"(?<![\w/.=-])(in_review|in_force|special_task|city_campaign|waiting|withdrawn|"
                       r"submitted|returned|rejected|suspended|revoked)(?![\w/.=-])")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.menu, self.text, self._skip, self._in_nav = [], [], [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "nav" and attrs.get("id") == "site-nav":
            self._in_nav = 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._in_nav:
                self.menu.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "nav":
            self._in_nav = 0

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _parse(body: str) -> _Page:
    page = _Page()
    page.feed(body)
    return page


def _local(href: str, base: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "#", "javascript:")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.netloc != "testserver":
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if any(s in path for s in SKIP) else path


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            call_command("seed_demo", stdout=open("/dev/null", "w"))
            yield
            transaction.set_rollback(True)


def crawl(client, start: str = "/workspace/"):
    seen, shapes, problems, pages = set(), {}, [], {}
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        shape = _shape(path)
        if path in seen or shapes.get(shape, 0) >= SAME_SHAPE_LIMIT:
            continue
        seen.add(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(path)
        pages[path] = response.status_code
        if response.status_code >= 500:
            problems.append(f"{path} answered {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        page = _parse(body)
        raw = sorted(set(RAW_CODES.findall(" ".join(page.text))))
        if raw:
            problems.append(f"{path} shows raw codes {raw}")
        if ">---------<" in body:
            problems.append(f"{path} offers a blank choice as dashes instead of a prompt")
        queue.extend(p for href in page.links if (p := _local(href, path)) and p not in seen)
    return pages, problems


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_page_a_demo_role_reaches_answers_and_shows_labels(client, demo, username):
    from apps.accounts.models import User

    client.force_login(User.objects.get(username=username))
    menu = [p for href in _parse(client.get("/workspace/").content.decode()).menu if (p := _local(href, "/"))]
    assert "/workspace/" in menu
    for path in menu:
        status = client.get(path).status_code
        assert status == 200, f"{username}: menu entry {path} answered {status}"
    pages, problems = crawl(client)
    assert len(pages) > len(menu)
    assert problems == []


def test_a_visitor_reaches_every_public_page(client, demo):
    pages, problems = crawl(client, start="/")
    assert {"/", "/whitelist/", "/report/", "/accounts/login/"} <= set(pages)
    assert all(status == 200 for status in pages.values()), pages
    assert problems == []
