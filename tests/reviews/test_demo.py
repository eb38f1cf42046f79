import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import User
from apps.reviews.models import ReviewProgress, ReviewStage

pytestmark = pytest.mark.django_db


def test_seed_demo_leaves_applications_waiting_at_every_stage_some_overdue():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    waiting = ReviewProgress.objects.filter(application__status="in_review", stage__isnull=False)
    for stage in ReviewStage.objects.filter(kind="regular"):
        assert waiting.filter(stage=stage).exists(), f"nothing waits at {stage}"
    assert waiting.filter(stage__kind="adhoc").exists()
    assert waiting.filter(due_on__lt=timezone.localdate()).count() >= 3
    assert waiting.filter(due_on__gte=timezone.localdate()).count() >= 3
    assert User.objects.get(username="dudaoshi").groups.filter(name="审核人-教育督导室").exists()
