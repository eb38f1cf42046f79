import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.roles import Role
from apps.audit.services import record_event
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(db):
    return UserFactory(roles=[Role.AUDITOR])


def test_the_export_opens_in_openpyxl_with_every_filtered_event(client, auditor, django_assert_max_num_queries):
    actor = UserFactory(full_name="王督导")
    for n in range(25):
        record_event(actor=actor, obj=OrganisationFactory(), action="review.approve" if n % 5 else "review.reject",
                     action_label="审核通过" if n % 5 else "不予通过", from_state="审核中", to_state="已通过",
                     opinion=f"意见{n}")
    client.force_login(auditor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("audit:export"), {"action": "review.reject"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "操作人所属机构")
    assert len(rows) == 1 + 5
    assert {r[7] for r in rows[1:]} == {"不予通过"} and rows[1][1] == "王督导"
    assert rows[1][10] == "意见0"


def test_the_export_query_count_does_not_grow_with_rows(client, auditor, django_assert_max_num_queries):
    actor = UserFactory()
    record_event(actor=actor, obj=OrganisationFactory(), action="a")
    client.force_login(auditor)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("audit:export"))
    for _ in range(40):
        record_event(actor=actor, obj=OrganisationFactory(), action="a")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("audit:export"))
    assert len(list(load_workbook(io.BytesIO(response.content)).active.iter_rows())) == 42


def test_the_action_filter_offers_labels_never_codes(db):
    """Issue 12, item 8: actions sharing a label are one choice; no code shows."""
    from apps.audit.filters import AuditEventFilter
    from apps.audit.services import record_event
    from tests.factories import UserFactory

    user = UserFactory(username="who")
    record_event(actor=user, obj=user, action="demo.approved", action_label="审核通过")
    record_event(actor=user, obj=user, action="review.approve", action_label="审核通过")
    record_event(actor=user, obj=user, action="review.return", action_label="退回修改")
    choices = dict(AuditEventFilter().filters["action"].extra["choices"]())
    assert sorted(choices.values()) == ["审核通过", "退回修改"]
    assert choices["demo.approved,review.approve"] == "审核通过"
    both = AuditEventFilter({"action": "demo.approved,review.approve"}).qs
    assert {e.action for e in both} == {"demo.approved", "review.approve"}
