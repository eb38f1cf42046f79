"""English is a complete alternative: the catalogue is fully translated and the main pages' chrome is English.

Chinese stays the default; English only when the visitor chose it (the language cookie).
"""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff60]")
# The chrome of a page: where labels, headings and buttons live (user data is allowed elsewhere).
CHROME_TAGS = {"title", "nav", "h1", "h2", "h3", "h4", "label", "button", "th", "legend", "dt", "summary"}
CHROME_ATTRS = {"placeholder", "aria-label", "title"}
# The language switch names each language in that language.
ALLOWED = {"中文"}


# ---- (a) the catalogue ----------------------------------------------------------------------------------------

def _po_entries(text: str) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural and msgstr / msgstr[n] (obsolete ones skipped)."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = {"flags": set(), "msgid": None, "plural": None, "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry = None
                break
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
                continue
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                key = match.group(1)
                value = match.group(2)
                if key.startswith("msgstr"):
                    entry["msgstr"].append(value)
                elif key == "msgid":
                    entry["msgid"] = value
                elif key == "msgid_plural":
                    entry["plural"] = value
            elif line.startswith('"') and key:
                value = line[1:-1]
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += value
                elif key == "msgid":
                    entry["msgid"] += value
                elif key == "msgid_plural":
                    entry["plural"] += value
        if entry is not None and entry["msgid"]:
            entries.append(entry)
    return entries


def test_the_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = _po_entries(PO.read_text(encoding="utf-8"))
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    plurals = [e for e in entries if e["plural"] is not None]
    assert plurals and all(len(e["msgstr"]) == 2 for e in plurals)


def test_the_english_catalogue_keeps_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    wrong = []
    for entry in _po_entries(PO.read_text(encoding="utf-8")):
        wanted = set(placeholder.findall(entry["msgid"]))
        for msgstr in entry["msgstr"]:
            found = set(placeholder.findall(msgstr))
            # an English singular may spell out the number ("1 item") but never invents a placeholder
            if found - wanted or (entry["plural"] is None and found != wanted):
                wrong.append((entry["msgid"], msgstr))
    assert wrong == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs msgfmt (gettext)")
def test_msgfmt_counts_only_translated_messages():
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "translated message" in result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


# ---- (b) and (c) the pages ------------------------------------------------------------------------------------

class _Chrome(HTMLParser):
    """Collects the text of chrome elements and the chrome attributes of every element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in CHROME_ATTRS and value:
                self.texts.append(value)
        if tag in ("script", "style"):
            self.skip += 1
        if tag in CHROME_TAGS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in CHROME_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip and data.strip():
            self.texts.append(data.strip())


def _data_strings() -> list[str]:
    """What users and the bureau wrote: names and titles stored in the database (longest first)."""
    from apps.accounts.models import Organisation, Region, User
    from apps.applications.models import Application
    from apps.reviews.models import ReviewStage
    from apps.whitelist.models import WhitelistEdition, WhitelistItem

    values = set()
    for model, fields in (
        (Organisation, ("name", "short_name")), (Region, ("name",)), (User, ("full_name",)),
        (Application, ("title", "reference")), (ReviewStage, ("name",)),
        (WhitelistEdition, ("title", "period_label")), (WhitelistItem, ("name", "group_label")),
    ):
        names = [f.name for f in model._meta.get_fields()]
        for row in model.objects.values_list(*[f for f in fields if f in names]):
            values.update(v for v in row if v)
    return sorted(values, key=len, reverse=True)


def _chinese_chrome(html: str, data: list[str]) -> list[str]:
    parser = _Chrome()
    parser.feed(html)
    found = []
    for text in parser.texts:
        for value in data:
            text = text.replace(value, "")
        for allowed in ALLOWED:
            text = text.replace(allowed, "")
        if CJK.search(text):
            found.append(text)
    return found


@pytest.fixture
def demo(db):
    with open("/dev/null", "w") as devnull:
        call_command("seed_demo", stdout=devnull)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


MAIN_PAGES = [
    (None, "/"),
    (None, "/accounts/login/"),
    ("gongan", "/applications/"),
    ("gongan", "/applications/new/"),
    ("keshi", "/reviews/"),
    (None, "/whitelist/"),
    ("jiandu", "/audit/"),
    ("fabu", "/whitelist/manage/import/"),
]


@pytest.mark.django_db
def test_main_pages_in_english_have_no_chinese_outside_user_data(client, demo):
    from apps.accounts.models import User

    data = _data_strings()
    problems = {}
    for username, url in MAIN_PAGES:
        client.logout()
        _english(client)
        if username:
            client.force_login(User.objects.get(username=username))
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en">' in html, url
        chinese = _chinese_chrome(html, data)
        if chinese:
            problems[url] = chinese
    assert problems == {}


@pytest.mark.django_db
def test_more_pages_in_english_have_no_chinese_outside_user_data(client, demo):
    """Workspaces, an application's page, a decision page and a whitelist item's page."""
    from apps.accounts.models import User
    from apps.applications.models import Application
    from apps.whitelist.models import WhitelistItem

    own = Application.objects.filter(department__users__username="gongan").order_by("pk").first()
    waiting = Application.objects.filter(status="in_review").order_by("pk").first()
    item = WhitelistItem.objects.order_by("pk").first()
    pages = [("gongan", "/workspace/"), ("gongan", f"/applications/{own.pk}/"), ("keshi", "/workspace/"),
             ("keshi", f"/reviews/{waiting.pk}/"), ("fabu", "/whitelist/manage/"),
             (None, f"/whitelist/items/{item.pk}/"), (None, "/report/")]
    from apps.accounts.roles import Role

    # Reviewer groups (审核人-相关科室 …) are named by the bureau; the roles themselves must read in English.
    groups = set(User.objects.exclude(groups__isnull=True).values_list("groups__name", flat=True)) - set(Role.values)
    data = sorted(groups, key=len, reverse=True) + _data_strings()
    problems = {}
    for username, url in pages:
        client.logout()
        _english(client)
        if username:
            client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, url
        chinese = _chinese_chrome(response.content.decode(), data)
        if chinese:
            problems[url] = chinese
    assert problems == {}


@pytest.mark.django_db
def test_english_reaches_messages_from_python_code(client, demo):
    """Form labels, filter labels and navigation entries come from Python: they are English too."""
    from apps.accounts.models import User

    _english(client)
    client.force_login(User.objects.get(username="keshi"))
    html = client.get("/reviews/").content.decode()
    assert "Review queue" in html and "Review stage" in html and "All stages" in html
    client.force_login(User.objects.get(username="gongan"))
    html = client.get("/applications/new/").content.decode()
    assert "Item name" in html and "Participants" in html


@pytest.mark.django_db
def test_chinese_stays_the_default_without_the_cookie(client, demo):
    from apps.accounts.models import User

    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="zh-CN">' in html
    assert "首页" in html and ">Home<" not in html
    client.force_login(User.objects.get(username="keshi"))
    html = client.get("/reviews/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "审核队列" in html and "Review queue" not in html


@pytest.mark.django_db
def test_the_language_switch_sets_english_and_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Public whitelist" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "公开白名单" in client.get("/").content.decode()
