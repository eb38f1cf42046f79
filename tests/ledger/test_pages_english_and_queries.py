import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.ledger.models import LedgerLine
from tests.portal.test_english import _chinese_chrome, _data_strings, _english

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_ledger_pages_in_english(client, demo):
    awaiting = LedgerLine.objects.get(status="awaiting")
    own = LedgerLine.objects.filter(owner__name="安溪县凤城中心小学", status="open").first()
    pages = [("keshi", "/ledger/"), ("keshi", f"/ledger/{awaiting.pk}/"), ("keshi", "/ledger/new/"),
             ("xuexiao", "/ledger/mine/"), ("xuexiao", f"/ledger/{own.pk}/"), ("xuexiao", "/workspace/"),
             (None, "/transparency/")]
    data = _data_strings()
    for row in LedgerLine.objects.values_list("problem", "standard", "measures", "results", "owner_person",
                                              "source_ref", "verification_opinion"):
        data.extend(v for v in row if v)
    data = sorted(set(data), key=len, reverse=True)
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


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_query_count_does_not_grow_with_lines(client, open_line, reviewer, school_owner):
    for _ in range(3):
        open_line()
    client.force_login(reviewer)
    few = _queries(client, "/ledger/")
    client.force_login(school_owner)
    few_mine = _queries(client, "/ledger/mine/")
    for _ in range(12):
        open_line()
    client.force_login(reviewer)
    assert _queries(client, "/ledger/") == few
    client.force_login(school_owner)
    assert _queries(client, "/ledger/mine/") == few_mine
