"""The visit pages: recording with the warning, the permit with its QR code, the school's steps, workspace panels,
and the department seeing rating averages only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.visits import services
from apps.visits.models import Visit

from .conftest import make_item, make_visit, visit_data

pytestmark = pytest.mark.django_db


def _post_data(world, **extra):
    data = {"item": world.item.pk, "school": world.school.pk, "date": timezone.localdate().isoformat(),
            "start_time": "09:30", "participants": ["students", "teachers"], "participant_count": "80",
            "duration_minutes": "45", "person_in_charge": "张伟", "person_phone": ""}
    data.update(extra)
    return data


def test_recording_a_visit_and_printing_its_permit(world, client):
    client.force_login(world.submitter)
    assert client.get(reverse("visits:create")).status_code == 200
    response = client.post(reverse("visits:create"), _post_data(world))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("visits:detail", args=[visit.pk])
    page = client.get(reverse("visits:permit", args=[visit.pk])).content.decode()
    assert visit.code_display in page and "<svg" in page and "check/?code=" + visit.code in page
    client.force_login(world.school_user)
    assert client.get(reverse("visits:permit", args=[visit.pk])).status_code == 403
    assert client.get(reverse("visits:detail", args=[visit.pk])).status_code == 200
    client.force_login(world.other_school_user)
    assert client.get(reverse("visits:detail", args=[visit.pk])).status_code == 404


def test_the_form_warns_before_recording_beyond_the_frequency(world, client):
    world.item.times = 1
    world.item.save()
    make_visit(world, day=timezone.localdate())
    client.force_login(world.submitter)
    response = client.post(reverse("visits:create"), _post_data(world))
    assert response.status_code == 400 and "data-over-limit" in response.content.decode()
    assert Visit.objects.count() == 1
    response = client.post(reverse("visits:create"), _post_data(world, acknowledge="on", justification="专项部署"))
    assert response.status_code == 302 and Visit.objects.count() == 2


def test_the_school_confirms_and_rates_from_the_visit_page(world, client):
    visit = services.record_visit(actor=world.submitter, data=visit_data(world))
    client.force_login(world.school_user)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "panel-visits-school" in dashboard and world.item.name in dashboard
    response = client.post(reverse("visits:confirm", args=[visit.pk]), {"version": visit.version, "note": ""})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "confirmed"
    response = client.post(reverse("visits:rate", args=[visit.pk]), {"burden": "2", "usefulness": "4",
                                                                      "comment": "学生反映很好"})
    assert response.status_code == 302
    client.force_login(world.submitter)
    page = client.get(reverse("visits:list")).content.decode()
    assert "4.0" in page and "2.0" in page and "学生反映很好" not in page and world.school_user.full_name not in page
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "panel-visits-department" in dashboard


def test_a_refusal_without_a_reason_is_sent_back(world, client):
    visit = services.record_visit(actor=world.submitter, data=visit_data(world))
    client.force_login(world.school_user)
    response = client.post(reverse("visits:refuse", args=[visit.pk]), {"version": visit.version, "reason": ""})
    assert response.status_code == 400
    response = client.post(reverse("visits:problem", args=[visit.pk]), {"description": "要求学生网上答题"})
    assert response.status_code == 302 and visit.complaints.count() == 1


def test_page_queries_do_not_grow_with_rows(world, client, django_assert_max_num_queries):
    from apps.visits import evaluation as ev

    for n in range(12):
        make_visit(world, day=world.edition.starts_on + dt.timedelta(days=n),
                   status="confirmed" if n % 2 else "planned")
    for n in range(6):
        make_item(world, name=f"事项{n}")
    client.force_login(world.submitter)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("visits:list")).status_code == 200
    evaluation = ev.start_evaluation(actor=world.publisher, school_year=world.edition.starts_on.year)
    client.force_login(world.publisher)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("visits:evaluation", args=[evaluation.pk])).status_code == 200


def test_the_api_lists_what_the_pages_show_without_ratings(world, client):
    visit = make_visit(world, day=timezone.localdate(), status="confirmed")
    services.rate_visit(visit=visit, actor=world.school_user, burden=5, usefulness=1, comment="太耽误课时")
    client.force_login(world.submitter)
    body = client.get("/api/visits/").json()
    assert body["count"] == 1 and body["results"][0]["code"] == visit.code_display
    assert "太耽误课时" not in str(body) and "rating" not in body["results"][0]
    client.force_login(world.other_school_user)
    assert client.get("/api/visits/").json()["count"] == 0
    assert client.get(f"/api/visits/{visit.pk}/").status_code == 404
