import pytest
from django.core.management import call_command

from apps.complaints.models import Complaint
from apps.ledger.models import LedgerLine

pytestmark = pytest.mark.django_db


def test_public_figures_per_category_and_nothing_personal(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    response = client.get("/transparency/")
    assert response.status_code == 200
    figures = response.context
    rows = {str(r["label"]): r for r in figures["rows"]}
    received = Complaint.objects.exclude(status="draft")
    assert figures["total"]["received"] == received.count()
    assert rows["报表填写"]["received"] == received.filter(category="forms").count()
    assert figures["total"]["closed"] == received.filter(status="closed").count()
    assert figures["other_lines_closed"] == LedgerLine.objects.filter(status="closed",
                                                                      source_kind="self_check").count() == 1
    body = response.content.decode()
    for name, contact in received.exclude(reporter_name="").values_list("reporter_name", "reporter_contact"):
        assert name not in body and contact not in body
    for text in received.values_list("activity_text", flat=True):
        assert text not in body
