"""Opening a notification by a plain GET (a link checker, a prefetching browser) leaves it unread; the inbox's
button POSTs and marks it read; nobody opens another person's notification."""

import pytest

from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(submitter):
    return Notification.objects.create(recipient=submitter, title="申报已退回修改", url="/applications/")


def test_a_get_goes_to_the_target_but_leaves_it_unread(client, submitter, note):
    client.force_login(submitter)
    response = client.get(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/applications/"
    note.refresh_from_db()
    assert note.read_at is None


def test_the_inbox_button_posts_and_marks_it_read(client, submitter, note):
    client.force_login(submitter)
    inbox = client.get("/notifications/").content.decode()
    assert f'<form method="post" action="/notifications/{note.pk}/"' in inbox
    assert f'href="/notifications/{note.pk}/"' not in inbox
    response = client.post(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/applications/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_not_found_and_stays_unread(client, other_submitter, note):
    client.force_login(other_submitter)
    assert client.post(f"/notifications/{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_a_target_on_another_site_is_not_followed(client, submitter):
    note = Notification.objects.create(recipient=submitter, title="x", url="https://evil.example/")
    client.force_login(submitter)
    assert client.post(f"/notifications/{note.pk}/")["Location"] == "/notifications/"
