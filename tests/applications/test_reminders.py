"""A window about to close: the submitters of departments with drafts for its term are told once, nobody else."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from apps.accounts.roles import Role
from apps.applications import reminders
from apps.applications.models import Application, ApplicationWindow
from apps.applications.tasks import remind_closing_windows
from apps.notifications.models import Notification
from tests.applications.conftest import TODAY
from tests.factories import ApplicationFactory, OrganisationFactory, TermFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_daily_job(django_capture_on_commit_callbacks):
    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.remind_closing_windows(**kwargs) if kwargs else remind_closing_windows.delay().get()

    return run


def window(term, *, opens_on=TODAY - dt.timedelta(days=20), closes_on=TODAY + dt.timedelta(days=2)):
    return ApplicationWindow.objects.create(term=term, opens_on=opens_on, closes_on=closes_on)


def test_submitters_of_a_department_with_drafts_are_reminded_once(term, submitter, draft, run_daily_job):
    UserFactory(username="alice2", organisation=submitter.organisation, roles=[Role.SUBMITTER])
    UserFactory(username="owner", organisation=submitter.organisation, roles=[Role.RECTIFICATION_OWNER])
    UserFactory(username="gone", organisation=submitter.organisation, roles=[Role.SUBMITTER], is_active=False)
    closing = window(term)

    assert run_daily_job() == 2
    assert run_daily_job() == 0  # the daily job may run twice, or be retried: still one reminder each

    notes = Notification.objects.order_by("recipient__username")
    assert [n.recipient.username for n in notes] == ["alice", "alice2"]
    note = notes[0]
    assert note.title == f"申报窗口即将截止：{term}"
    assert "2天后（2026年11月28日）截止" in note.body and f"“{draft.title}”" in note.body
    assert note.url == f"/applications/?status=draft&term={term.pk}"
    assert note.dedupe_key == f"window-closing:{closing.pk}:20261128"
    assert sorted(m.to[0] for m in mail.outbox) == ["alice2@example.org", "alice@example.org"]
    assert all(n.emailed_at is not None for n in notes)


def test_departments_without_drafts_for_that_term_hear_nothing(term, make_application, other_submitter,
                                                               run_daily_job):
    window(term)
    make_application(status=Application.Status.SUBMITTED, reference="2027春-0001")
    ApplicationFactory(department=other_submitter.organisation, created_by=other_submitter,
                       term=TermFactory(start_year=2027, semester="1"))  # a draft, but for another term
    assert run_daily_job() == 0
    assert not Notification.objects.exists() and not mail.outbox


def test_only_windows_closing_within_three_days_are_reminded(term, submitter, draft, run_daily_job):
    window(term, closes_on=TODAY + dt.timedelta(days=4))
    assert run_daily_job(today=TODAY) == 0
    assert run_daily_job(today=TODAY + dt.timedelta(days=1)) == 1
    assert "3天后" in Notification.objects.get().body
    assert run_daily_job(today=TODAY + dt.timedelta(days=4)) == 0  # the last day: already told
    assert run_daily_job(today=TODAY + dt.timedelta(days=5)) == 0  # closed


def test_a_window_carried_on_by_the_next_one_is_not_closing(term, submitter, draft, run_daily_job):
    window(term, closes_on=TODAY + dt.timedelta(days=1))
    window(term, opens_on=TODAY + dt.timedelta(days=2), closes_on=TODAY + dt.timedelta(days=30))
    assert run_daily_job() == 0


def test_a_window_extended_to_a_later_day_is_reminded_again_before_that_day(term, submitter, draft,
                                                                            run_daily_job):
    closing = window(term, closes_on=TODAY + dt.timedelta(days=1))
    assert run_daily_job() == 1
    ApplicationWindow.objects.filter(pk=closing.pk).update(closes_on=TODAY + dt.timedelta(days=10))
    assert run_daily_job() == 0
    assert run_daily_job(today=TODAY + dt.timedelta(days=8)) == 1
    assert Notification.objects.filter(recipient=submitter).count() == 2


def test_another_departments_submitter_hears_only_of_its_own_drafts(term, submitter, draft, other_submitter,
                                                                    run_daily_job):
    theirs = ApplicationFactory(department=other_submitter.organisation, created_by=other_submitter, term=term,
                                title="消防疏散演练草稿")
    window(term)
    assert run_daily_job() == 2
    body = Notification.objects.get(recipient=other_submitter).body
    assert f"“{theirs.title}”" in body and draft.title not in body


@pytest.mark.redis
@pytest.mark.worker
def test_the_reminder_runs_in_a_real_worker_once(celery_worker, monkeypatch):
    # The worker is another process: it knows only the real date, so the window is set around that.
    today = timezone.localdate()
    department = OrganisationFactory(name="测试公安局")
    submitter = UserFactory(username="alice", organisation=department, roles=[Role.SUBMITTER])
    term = TermFactory(start_year=today.year + 1, semester="1")
    ApplicationFactory(department=department, created_by=submitter, term=term, title="防溺水安全教育")
    window(term, opens_on=today - dt.timedelta(days=10), closes_on=today + dt.timedelta(days=1))

    assert remind_closing_windows.delay().get(timeout=30) == 1
    assert remind_closing_windows.delay().get(timeout=30) == 0
    note = Notification.objects.get()
    assert note.recipient == submitter and "防溺水安全教育" in note.body and note.emailed_at is not None
