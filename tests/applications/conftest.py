"""Applications test fixtures: users by relation (owner department, another department, bureau roles)."""

import datetime as dt

import pytest

from apps.applications.models import ApplicationWindow, Term
from tests.factories import ApplicationFactory

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The portal's "today" is fixed so windows and terms do not depend on when the tests run."""
    monkeypatch.setattr("apps.applications.windows.today", lambda: TODAY)


@pytest.fixture
def term(db):
    return Term.for_key(Term(start_year=2026, semester="2").key)  # 2027春, the term departments file for now


@pytest.fixture
def open_window(term):
    return ApplicationWindow.objects.create(term=term, opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 31))


@pytest.fixture
def draft(submitter, term):
    return ApplicationFactory(department=submitter.organisation, created_by=submitter, term=term)


@pytest.fixture
def make_application(submitter, term):
    def make(**kwargs):
        kwargs.setdefault("department", submitter.organisation)
        kwargs.setdefault("created_by", submitter)
        kwargs.setdefault("term", term)
        return ApplicationFactory(**kwargs)

    return make
