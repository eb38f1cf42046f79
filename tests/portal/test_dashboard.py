"""The workspace shows each role what waits for it, with a query count that does not grow with the rows."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def workspace(client, username):
    client.force_login(User.objects.get(username=username))
    response = client.get("/workspace/")
    assert response.status_code == 200
    return response


def panel_keys(response):
    return [p["key"] for p in response.context["panels"]]


def test_a_submitter_sees_its_drafts_and_returned_applications(client, demo):
    from apps.applications.models import Application

    response = workspace(client, "gongan")
    assert panel_keys(response) == ["applications", "whitelist_lookup", "visits_department", "ledger_owner",
                                     "notifications"]
    data = response.context["panels"][0]["data"]
    own = Application.objects.filter(department__users__username="gongan")
    assert data["drafts"] == own.filter(status="draft").count() > 0
    to_act_on = own.filter(status__in=["draft", "returned"]).values_list("pk", flat=True)
    assert data["todo"] and {a.pk for a in data["todo"]} <= set(to_act_on)
    body = response.content.decode()
    assert "草稿待提交" in body and "退回待修改" in body


def test_a_reviewer_sees_the_counts_at_its_own_stages_only(client, demo):
    from apps.reviews.selectors import queue_for

    response = workspace(client, "keshi")
    assert panel_keys(response) == ["reviews", "ledger_bureau", "notifications"]
    data = response.context["panels"][0]["data"]
    keshi = User.objects.get(username="keshi")
    assert data["waiting"] == queue_for(keshi).count() > 0
    assert {row["stage"].name for row in data["stages"]} == {"相关科室初审"}
    assert "待我审核" in response.content.decode()


def test_the_publisher_sees_the_current_edition_and_the_bureau_overview(client, demo):
    response = workspace(client, "fabu")
    assert panel_keys(response) == ["whitelist", "ledger_bureau", "applications_overview", "notifications"]
    data = response.context["panels"][0]["data"]
    assert data["editions"] and data["editions"][0].get_status_display() in response.content.decode()
    assert data["unassembled"]  # the demo approves an application of a term with no edition yet
    for term in data["unassembled"]:
        assert term.approved > 0 and not term.whitelist_editions.exists()
        assert f"{term}已有 {term.approved} 项申报终审通过" in response.content.decode()


def test_the_publisher_sees_a_draft_edition_of_another_term_and_what_it_does_not_list(client, demo):
    from apps.applications.models import Application, Term
    from apps.whitelist.models import WhitelistEdition
    from tests.factories import approved_application

    fabu = User.objects.get(username="fabu")
    future = Term.objects.order_by("-start_year", "-semester").first()
    edition = WhitelistEdition.objects.create(term=future, region=fabu.organisation.region, title="草稿白名单",
                                              starts_on=future.starts_on, ends_on=future.ends_on,
                                              period_label=str(future), created_by=fabu)
    approved_application(term=future)
    data = workspace(client, "fabu").context["panels"][0]["data"]
    shown = {e.pk: e for e in data["editions"]}
    assert edition.pk in shown
    assert shown[edition.pk].unlisted == Application.objects.filter(term=future, status="approved").count() > 0


def test_roles_without_work_here_get_no_foreign_panels(client, demo):
    assert panel_keys(workspace(client, "jubao")) == ["complaints", "whitelist_lookup", "notifications"]
    assert panel_keys(workspace(client, "jiandu")) == ["applications_overview", "notifications"]


def test_the_workspace_query_count_does_not_grow_with_applications(client, demo):
    from tests.factories import ApplicationFactory

    gongan = User.objects.get(username="gongan")
    client.force_login(gongan)
    with CaptureQueriesContext(connection) as before:
        client.get("/workspace/")
    ApplicationFactory.create_batch(8, department=gongan.organisation, created_by=gongan)
    with CaptureQueriesContext(connection) as after:
        client.get("/workspace/")
    assert len(after) == len(before) <= 20


def test_complaint_staff_can_look_an_activity_up_in_every_list_in_force(client, demo):
    from django.utils import timezone

    from apps.whitelist.selectors import editions_in_force_for

    response = workspace(client, "jubao")
    lookup = next(p for p in response.context["panels"] if p["key"] == "whitelist_lookup")
    editions = lookup["data"]["editions"]
    region = lookup["data"]["region"]
    expected = [e.pk for e in editions_in_force_for(region, timezone.localdate())]
    assert [e.pk for e in editions] == expected != []
    assert editions[0].region.level == "county" and len({e.region.level for e in editions}) == 3  # county first
    body = response.content.decode()
    assert 'action="/whitelist/lookup/"' in body and '<label for="lookup-q">' in body
    assert client.get("/whitelist/lookup/", {"q": "安全", "region": region.pk}).status_code == 200


def test_the_new_application_button_asks_the_permission_helper(client, demo):
    from apps.accounts.roles import Role
    from tests.factories import SchoolFactory, UserFactory

    client.force_login(UserFactory(roles=[Role.SUBMITTER], organisation=SchoolFactory()))  # not a department
    response = client.get("/workspace/")
    assert response.context["panels"][0]["key"] == "applications"
    assert "/applications/new/" not in response.content.decode()
    assert "/applications/new/" in workspace(client, "gongan").content.decode()
