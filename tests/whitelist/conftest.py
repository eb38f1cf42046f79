import pytest
from django.utils import timezone

from apps.applications.terms import term_for_date
from tests.factories import TermFactory, approved_application, publisher_user, publishes_without_notice


@pytest.fixture
def term(db):
    key = term_for_date(timezone.localdate())
    return TermFactory(start_year=key.start_year, semester=key.semester)


@pytest.fixture
def publisher(db):
    """The county's publisher; the county publishes without notice unless a test turns notice on
    (tests/whitelist/test_notice.py does)."""
    user = publisher_user(username="fabu")
    publishes_without_notice(user.organisation.region)
    return user


@pytest.fixture
def reviewer(db):
    from tests.factories import BureauFactory, UserFactory

    return UserFactory(username="keshi", roles=["审核人"], organisation=BureauFactory())


@pytest.fixture
def approved(term):
    """Make approved applications of the current term: approved(title=..., item_type=...)."""
    def make(**kwargs):
        kwargs.setdefault("term", term)
        return approved_application(**kwargs)

    return make


@pytest.fixture
def published(publisher, approved, term, django_capture_on_commit_callbacks):
    """A published edition with two activities and one inspection (export run inline)."""
    from apps.whitelist import services

    approved(title="安全教育进校园", subcategory="safety", target_stages=["primary", "junior"])
    approved(title="法治教育进校园", subcategory="legal", target_stages=["junior", "senior"])
    approved(title="学校安全工作专项督导检查", item_type="inspection", category="other", subcategory="inspection",
             form="inspection", target_stages=["primary"])
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.assemble_edition(term=term, actor=publisher)
        edition = services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    edition.refresh_from_db()
    return edition
