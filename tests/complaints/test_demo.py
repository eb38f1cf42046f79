"""seed_demo gives every complaint page something to show."""

import pytest
from django.core.management import call_command

from apps.complaints.models import Channel, Complaint, Verdict

pytestmark = pytest.mark.django_db


def test_demo_reports_cover_channels_states_and_verdicts():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    reports = Complaint.objects.all()
    assert set(reports.values_list("channel", flat=True)) == set(Channel.values)
    assert set(reports.values_list("status", flat=True)) == set(Complaint.Status.values)
    verdicts = set(reports.values_list("verdict", flat=True))
    assert {Verdict.ON_LIST_WITHIN, Verdict.ON_LIST_BEYOND, Verdict.NOT_ON_LIST} <= verdicts
    assert reports.filter(matched_item__isnull=False).count() >= 2
    assert reports.filter(case__isnull=False).exists()
    assert reports.filter(reporter_name="", reporter_contact="").exists()
