import datetime as dt

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.audit.services import record_event
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
EVENTS = reverse("audit:events")


@pytest.fixture
def auditor(db):
    return UserFactory(username="jiandu", roles=[Role.AUDITOR])


@pytest.fixture
def trail(db):
    alice, bob = UserFactory(full_name="张审核"), UserFactory(full_name="李经办")
    org = OrganisationFactory(name="被审计的机构")
    record_event(actor=alice, obj=org, action="review.approve", action_label="相关科室初审：审核通过",
                 from_state="审核中·相关科室初审", to_state="审核中·办公室审核", opinion="依据充分")
    record_event(actor=bob, obj=org, action="application.submitted", action_label="提交申报",
                 from_state="draft", to_state="submitted")
    record_event(actor=alice, obj=UserFactory(), action="review.reject", action_label="不予通过", opinion="商业推广")
    return alice, bob


def listed(client, **params):
    return [e.action for e in client.get(EVENTS, params).context["page_obj"]]


def test_the_auditor_reads_the_whole_trail_newest_first(client, auditor, trail):
    client.force_login(auditor)
    page = client.get(EVENTS)
    assert page.status_code == 200
    assert [e.action for e in page.context["page_obj"]] == ["review.reject", "application.submitted",
                                                            "review.approve"]
    html = page.content.decode()
    assert "依据充分" in html and "审核中·相关科室初审 → 审核中·办公室审核" in html
    assert "<form method=\"post\"" not in html.split('<main')[1]  # nothing on the page changes anything


def test_filters_by_actor_action_object_type_text_and_time(client, auditor, trail):
    alice, _ = trail
    client.force_login(auditor)
    assert listed(client, actor="张审核") == ["review.reject", "review.approve"]
    assert listed(client, action="application.submitted") == ["application.submitted"]
    org_type = AuditEvent.objects.get(action="review.approve").content_type_id
    assert listed(client, content_type=org_type) == ["application.submitted", "review.approve"]
    assert listed(client, q="商业推广") == ["review.reject"]
    today = dt.date.today().isoformat()
    assert len(listed(client, occurred_after=today)) == 3
    assert listed(client, occurred_before="2000-01-01") == []


def test_the_list_query_count_does_not_grow_with_rows(client, auditor, trail, django_assert_max_num_queries):
    client.force_login(auditor)
    with django_assert_max_num_queries(12) as few:
        client.get(EVENTS)
    for n in range(30):
        record_event(actor=trail[0], obj=OrganisationFactory(), action=f"test.bulk{n % 3}", opinion=str(n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(EVENTS)
    assert len(page.context["page_obj"]) == 33


def test_the_auditor_cannot_post_anything(client, auditor, trail):
    client.force_login(auditor)
    assert client.post(EVENTS, {"q": "x"}).status_code == 405
    assert client.post(reverse("audit:export")).status_code == 405
    assert AuditEvent.objects.count() == 3


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.SUBMITTER, Role.PUBLISHER, Role.COMPLAINT_STAFF])
def test_other_roles_cannot_read_the_trail(client, role, trail):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(EVENTS).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get(EVENTS).status_code == 302


def test_the_auditor_sees_the_menu_entry(client, auditor):
    client.force_login(auditor)
    assert reverse("audit:events") in client.get(reverse("portal:dashboard")).content.decode()
