"""The complaint pages in English: labels, headings and buttons come from the catalogue; only data stays Chinese."""

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.complaints.models import Complaint
from tests.portal.test_english import _chinese_chrome, _data_strings, _english

pytestmark = pytest.mark.django_db


def test_complaint_pages_in_english(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    open_one = Complaint.objects.filter(status="received", reporter_name__gt="").order_by("pk").first()
    closed = Complaint.objects.filter(status="closed", matched_item__isnull=False).order_by("pk").first()
    pages = [("jubao", "/complaints/"), ("jubao", f"/complaints/{open_one.pk}/"), ("jubao", "/complaints/new/"),
             ("jiandu", f"/complaints/{closed.pk}/"), ("jiandu", "/complaints/stats/"), ("jubao", "/workspace/"),
             (None, "/report/online/"), (None, "/report/lookup/")]
    data = _data_strings()
    for row in Complaint.objects.values_list("activity_text", "school_text", "department_text"):
        data.extend(v for v in row if v)
    data = sorted(set(data), key=len, reverse=True)
    problems = {}
    for username, url in pages:
        client.logout()
        _english(client)
        if username:
            client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, url
        chinese = _chinese_chrome(response.content.decode(), data)
        if chinese:
            problems[url] = chinese
    assert problems == {}
