"""The menu asks the same permission helper the pages ask: nobody is offered an entry that refuses them."""

import pytest

from apps.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def menu(client, user):
    client.force_login(user)
    return [item["url"] for item in client.get("/workspace/").context["nav_items"]]


def test_a_superuser_without_the_reviewer_role_is_not_offered_the_review_queue(client):
    admin = UserFactory(roles=[Role.PUBLISHER], is_staff=True, is_superuser=True)
    entries = menu(client, admin)
    assert "/reviews/" not in entries and "/applications/" not in entries
    assert {"/whitelist/manage/", "/audit/"} <= set(entries)
    for url in entries:
        assert client.get(url).status_code in (200, 302), url


def test_each_menu_entry_answers_for_the_role_that_sees_it(client):
    for role in (Role.SUBMITTER, Role.REVIEWER, Role.PUBLISHER, Role.AUDITOR, Role.COMPLAINT_STAFF):
        user = UserFactory(roles=[role, f"{Role.REVIEWER}-相关科室"] if role == Role.REVIEWER else [role])
        for url in menu(client, user):
            assert client.get(url).status_code == 200, (role, url)


def test_only_the_most_specific_menu_entry_is_marked_current(client):
    from tests.factories import publisher_user

    client.force_login(publisher_user())
    nav = client.get("/whitelist/manage/").context["nav_items"]
    assert [item["url"] for item in nav if item["active"]] == ["/whitelist/manage/"]


def test_public_report_pages_are_in_the_visitors_menu_not_in_the_staffs(client):
    visitor = [item["url"] for item in client.get("/").context["nav_items"]]
    assert {"/whitelist/", "/transparency/", "/statistics/"} <= set(visitor)
    staff = menu(client, UserFactory(roles=[Role.PUBLISHER]))
    assert "/whitelist/" in staff  # the public list stays: staff check against it
    assert "/transparency/" not in staff and "/statistics/" not in staff
