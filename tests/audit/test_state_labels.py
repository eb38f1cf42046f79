"""The auditor reads states as the users know them, whatever app wrote the event."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.roles import Role
from apps.audit.services import record_event
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_client(client):
    client.force_login(UserFactory(roles=[Role.AUDITOR]))
    return client


def test_the_trail_shows_labels_from_the_objects_choices_not_codes(auditor_client):
    application = ApplicationFactory()
    record_event(actor=application.created_by, obj=application, action="application.submitted",
                 action_label="提交申报", from_state="draft", to_state="in_review")
    body = auditor_client.get(reverse("audit:events")).content.decode()
    assert "草稿 → 审核中" in body
    assert "in_review" not in body and "application.submitted</code>" not in body


def test_states_of_related_runs_and_versions_read_as_words(auditor_client):
    from apps.whitelist.models import WhitelistEdition
    from tests.factories import publisher_user

    application = ApplicationFactory()
    term = application.term
    edition = WhitelistEdition.objects.create(term=term, region=application.department.region,
                                              starts_on=term.starts_on, ends_on=term.ends_on, period_label=str(term),
                                              title="测试白名单", created_by=publisher_user())
    record_event(actor=None, obj=edition, action="whitelist.export", to_state="waiting")
    record_event(actor=None, obj=edition, action="whitelist.supplement", to_state="v2")
    body = auditor_client.get(reverse("audit:events")).content.decode()
    assert "— → 等待中" in body and "— → 第 2 版" in body


def test_an_unknown_state_is_shown_as_stored(auditor_client):
    application = ApplicationFactory()
    record_event(actor=None, obj=application, action="x", from_state="审核中·办公室审核", to_state="other-code")
    assert "审核中·办公室审核 → other-code" in auditor_client.get(reverse("audit:events")).content.decode()


def test_the_export_writes_labels_too(auditor_client):
    application = ApplicationFactory()
    record_event(actor=None, obj=application, action="x", from_state="returned", to_state="approved")
    sheet = load_workbook(io.BytesIO(auditor_client.get(reverse("audit:export")).content)).active
    row = [c.value for c in list(sheet.iter_rows())[1]]
    assert "退回修改" in row and "已通过" in row
