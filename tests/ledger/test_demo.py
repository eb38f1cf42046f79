import pytest
from django.core.management import call_command

from apps.ledger.models import LedgerLine

pytestmark = pytest.mark.django_db


def test_seed_demo_opens_lines_in_every_status_and_converges():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    lines = LedgerLine.objects.all()
    assert set(lines.values_list("status", flat=True)) == set(LedgerLine.Status.values)
    assert sum(line.is_overdue for line in lines) == 1
    assert lines.filter(source_kind="complaint").values("complaint").distinct().count() >= 2
    assert lines.filter(source_kind="self_check").count() == 6
    assert lines.filter(owner__name="安溪县凤城中心小学").exists() and lines.filter(owner__name="安溪县公安局").exists()
    count = lines.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert LedgerLine.objects.count() == count
