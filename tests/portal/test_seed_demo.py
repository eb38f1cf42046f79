import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from apps.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    from django.apps import apps

    counts = {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}
    users = sorted(User.objects.values_list("username", "organisation__name", "groups__name"), key=str)
    return {"counts": counts, "users": users}


def test_seed_demo_twice_gives_the_same_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first


def test_seed_demo_builds_a_county_bureau_with_departments_schools_and_every_role():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert Organisation.objects.filter(kind="bureau", region__code="350524").count() == 1
    assert set(Organisation.objects.filter(kind="bureau").values_list("region__level", flat=True)) == {
        "county", "city", "province"}
    assert Organisation.objects.filter(kind="department").count() >= 15
    assert Organisation.objects.filter(kind="school").count() >= 30
    assert set(Organisation.objects.filter(kind="school").values_list("school_stage", flat=True)) >= {
        "primary", "junior", "senior", "nine_year", "complete_secondary"
    }
    for group in Group.objects.all():
        assert group.user_set.exists(), f"no demo user holds {group.name}"
    assert User.objects.get(username="gongan").check_password("demo-2025")
    _visits_and_evaluation_are_seeded()


def _visits_and_evaluation_are_seeded():
    """Issue 13, item 7: visits confirmed, refused and one over its frequency (with its ledger line), rated; the
    previous school year's evaluation finished, with visits behind its figures and each kind of decision."""
    from apps.visits import evaluation
    from apps.visits.models import Evaluation, Rating, Visit

    statuses = set(Visit.objects.values_list("status", flat=True))
    assert {"confirmed", "refused", "planned"} <= statuses
    over = Visit.objects.filter(status="confirmed", ledger_line__isnull=False)
    assert over.count() == 1 and over.get().ledger_line.source_kind == "activity_record"
    assert Rating.objects.filter(visit__status="confirmed").exists()
    finished = Evaluation.objects.get(status="finished")
    rows = evaluation.rows(finished)
    assert sum(r.confirmed for r in rows) > 0 and sum(r.refused for r in rows) > 0
    assert {"keep", "clear", "rectify", "revoke"} <= {r.decision.kind for r in rows}
