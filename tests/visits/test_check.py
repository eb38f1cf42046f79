"""The public permit check: one plain verdict per case, nothing private, throttled per address."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.visits.selectors import Verdict, check_permit
from apps.visits.views import CHECK_LIMIT
from apps.whitelist import services as whitelist_services
from whitelist_portal import codes

from .conftest import make_visit

pytestmark = pytest.mark.django_db


def test_the_verdict_for_each_case(world):
    today = timezone.localdate()
    visit = make_visit(world, day=today)
    assert check_permit(visit.code, school_id=world.school.pk, day=today).verdict == Verdict.VALID
    assert check_permit(visit.code, day=today).verdict == Verdict.VALID  # no school chosen: date and item only
    assert check_permit(visit.code, school_id=world.other_school.pk, day=today).verdict == Verdict.OTHER_SCHOOL
    assert check_permit(visit.code, school_id=world.school.pk,
                        day=today + dt.timedelta(days=1)).verdict == Verdict.OTHER_DATE
    assert check_permit(codes.new_code(), day=today).verdict == Verdict.NOT_FOUND
    assert check_permit("", day=today).verdict == Verdict.NOT_FOUND
    cancelled = make_visit(world, day=today, status="cancelled")
    assert check_permit(cancelled.code, day=today).verdict == Verdict.CANCELLED
    item = whitelist_services.suspend_item(item=world.item, actor=world.publisher, reason="评估暂停",
                                           seen_revision=world.item.revision)
    assert check_permit(visit.code, school_id=world.school.pk, day=today).verdict == Verdict.SUSPENDED
    whitelist_services.revoke_item(item=item, actor=world.publisher, reason="撤销", seen_revision=item.revision)
    assert check_permit(visit.code, school_id=world.school.pk, day=today).verdict == Verdict.REVOKED


def test_the_public_page_shows_the_verdict_and_nothing_private(world, client, django_assert_max_num_queries):
    visit = make_visit(world, day=timezone.localdate())
    visit.person_phone = "13912345678"
    visit.save()
    url = reverse("visits:check")
    with django_assert_max_num_queries(8):
        response = client.get(url, {"code": codes.display(visit.code).lower()})  # as typed: lower case, dashes
    page = response.content.decode()
    assert response.status_code == 200 and 'data-verdict="valid"' in page
    assert world.item.name in page and world.department.name in page and world.school.name in page
    assert "13912345678" not in page and "张伟" not in page
    assert response["Cache-Control"] == "private, no-store"
    response = client.get(url, {"code": visit.code, "school": world.other_school.pk})
    assert 'data-verdict="other_school"' in response.content.decode()
    assert response.cookies["visit_check_school"].value == str(world.other_school.pk)
    response = client.get(url, {"code": visit.code})  # the school chosen once is remembered
    assert 'data-verdict="other_school"' in response.content.decode()
    assert 'data-verdict="not_found"' in client.get(url, {"code": "NOT-A-CODE"}).content.decode()


def test_a_logged_in_school_is_checked_as_itself(world, client):
    visit = make_visit(world, day=timezone.localdate())
    client.force_login(world.other_school_user)
    response = client.get(reverse("visits:check"), {"code": visit.code})
    assert 'data-verdict="other_school"' in response.content.decode()
    client.force_login(world.school_user)
    page = client.get(reverse("visits:check"), {"code": visit.code}).content.decode()
    assert 'data-verdict="valid"' in page and reverse("visits:detail", args=[visit.pk]) in page


def test_the_check_is_throttled_per_address(world, client):
    url = reverse("visits:check")
    assert client.get(url).status_code == 200  # the empty form is not counted
    for _ in range(CHECK_LIMIT):
        assert client.get(url, {"code": codes.new_code()}).status_code == 200
    response = client.get(url, {"code": codes.new_code()})
    assert response.status_code == 429 and response["Retry-After"]
    other = client.get(url, {"code": codes.new_code()}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200
