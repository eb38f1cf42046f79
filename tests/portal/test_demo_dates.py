"""The demo seeds on any day of any school year: its terms, windows and dates all follow from today."""

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.db.models import Max

from apps.accounts.models import User
from apps.applications import windows
from apps.applications.models import Application, ApplicationWindow, Term
from apps.applications.terms import TermKey, term_for_date
from apps.audit.models import AuditEvent
from apps.reviews.models import ReviewProgress, ReviewStage
from apps.whitelist import selectors as whitelist_selectors
from apps.whitelist.models import EditionChange, WhitelistEdition
from apps.whitelist.stats import previous_edition
from tests.clock import portal_clock
from tests.portal.test_seed_demo import snapshot

pytestmark = pytest.mark.django_db

# Across a school year: late autumn, spring, the July window, the first days of autumn, the end of January.
DAYS = [dt.date(2026, 11, 26), dt.date(2027, 3, 15), dt.date(2027, 7, 10), dt.date(2027, 9, 2), dt.date(2028, 1, 20)]


def seed():
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_demo_seeds_a_working_portal_on_any_day(day, client):
    with portal_clock(day):
        assert windows.today() == day
        seed()
        current, filing = term_for_date(day), term_for_date(day).next()
        last_year = TermKey(current.start_year - 1, current.semester)

        # The public whitelist of the running term is published; the same term a year earlier too (the rate).
        # The county's own list (the province's and the city's lists show inside it).
        editions = whitelist_selectors.most_local(list(whitelist_selectors.current_editions()))
        assert [e.status for e in editions] == [WhitelistEdition.Status.PUBLISHED]
        assert {e.region.level for e in whitelist_selectors.current_editions()} == {"county", "city", "province"}
        assert editions[0].term.key == current and editions[0].items.count() >= 10
        previous = WhitelistEdition.objects.get(term__start_year=last_year.start_year,
                                                term__semester=last_year.semester)
        assert previous.status == WhitelistEdition.Status.PUBLISHED
        assert previous_edition(editions[0]) == previous
        response = client.get("/whitelist/")
        assert response.status_code == 200 and current.label in response.content.decode()

        # Departments can file for the next term today; the submitter has drafts for it.
        window = windows.open_window(Term.for_key(filing), day)
        assert window is not None and window.opens_on <= day <= window.closes_on
        drafts = Application.objects.filter(created_by__username="gongan", status="draft")
        assert drafts.filter(term__start_year=filing.start_year, term__semester=filing.semester).exists()

        # The queue has items at every stage, some overdue and some not.
        waiting = ReviewProgress.objects.filter(application__status="in_review", stage__isnull=False)
        for stage in ReviewStage.objects.filter(kind="regular"):
            assert waiting.filter(stage=stage).exists(), f"nothing waits at {stage} on {day}"
        assert waiting.filter(stage__kind="adhoc").exists()
        assert waiting.filter(due_on__lt=day).count() >= 3
        assert waiting.filter(due_on__gte=day).count() >= 3

        # The review journey's application warns of the cap whatever the season.
        drug = Application.objects.get(title="禁毒宣传教育进校园")
        assert drug.review.precheck_level == "warning"
        assert "cap_exceeded.category_year" in [f["rule"] for f in drug.precheck_findings]

        # Nothing the demo stores happens after the demo's today.
        now = dt.datetime.combine(day, dt.time(23, 59), tzinfo=editions[0].published_at.tzinfo)
        latest = [
            Application.objects.aggregate(m=Max("submitted_at"))["m"],
            Application.objects.aggregate(m=Max("decided_at"))["m"],
            AuditEvent.objects.aggregate(m=Max("occurred_at"))["m"],
            ReviewProgress.objects.aggregate(m=Max("entered_at"))["m"],
            WhitelistEdition.objects.aggregate(m=Max("published_at"))["m"],
        ]
        assert all(moment <= now for moment in latest), latest
        assert EditionChange.objects.aggregate(m=Max("happened_on"))["m"] <= day
        for application in Application.objects.exclude(submitted_at=None).exclude(decided_at=None):
            assert application.submitted_at <= application.decided_at, application
        # The running term's regular applications were filed in its (closed) window, before the term began.
        running = Application.objects.filter(term__start_year=current.start_year, term__semester=current.semester,
                                             is_adhoc=False, department__users__username="gongan")
        assert running.exists() and all(a.submitted_at.date() < current.starts_on for a in running)


def test_a_second_run_the_next_day_of_the_same_term_adds_nothing():
    with portal_clock(dt.date(2027, 3, 15)):
        seed()
    first = snapshot()
    with portal_clock(dt.date(2027, 3, 16)):
        seed()
    assert snapshot() == first
    assert ApplicationWindow.objects.filter(term__start_year=2027, term__semester="1").count() == 1


def test_a_run_in_a_later_term_adds_that_terms_data():
    with portal_clock(dt.date(2026, 11, 26)):
        seed()
    with portal_clock(dt.date(2027, 3, 15)):
        seed()
        assert whitelist_selectors.current_editions().get(region__level="county").term.key == TermKey(2026, "2")
    assert User.objects.filter(username="gongan").count() == 1
