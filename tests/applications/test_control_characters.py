"""Characters XML cannot hold never get stored: the API and the pages clean what people type before validating."""

import pytest
from django.urls import reverse

from apps.applications.models import Application
from tests.applications.test_api import api, payload
from tests.applications.test_pages import form_data

pytestmark = pytest.mark.django_db


def test_the_api_stores_a_title_without_its_control_characters(submitter, term):
    response = api(submitter).post("/api/applications/", payload(term, title="交通\u000b安全\u0000教育",
                                                                   content="内容\u001f\n第二行"), format="json")
    assert response.status_code == 201, response.data
    app = Application.objects.get()
    assert (app.title, app.content) == ("交通安全教育", "内容\n第二行")


def test_the_api_refuses_a_title_made_only_of_control_characters(submitter, term):
    response = api(submitter).post("/api/applications/", payload(term, title="\u000b\u000c"), format="json")
    assert response.status_code == 400 and "title" in response.data
    assert not Application.objects.exists()


def test_a_multipart_api_request_is_cleaned_too(submitter, term):
    data = payload(term, title="交通\u000b安全教育", all_schools=True)
    response = api(submitter).post("/api/applications/", data, format="multipart")
    assert response.status_code == 201, response.data
    assert Application.objects.get().title == "交通安全教育"


def test_the_form_stores_a_title_without_its_control_characters(client, submitter, term):
    client.force_login(submitter)
    client.post(reverse("applications:create"), form_data(term, title="交通\x0b安全教育", content="讲解\x08交通"))
    app = Application.objects.get()
    assert (app.title, app.content) == ("交通安全教育", "讲解交通")


def test_the_form_refuses_a_title_made_only_of_control_characters(client, submitter, term):
    client.force_login(submitter)
    page = client.post(reverse("applications:create"), form_data(term, title="\x0b"))
    assert page.status_code == 200 and "errorlist" in page.content.decode()
    assert not Application.objects.exists()
