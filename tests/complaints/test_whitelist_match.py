"""The whitelist match: items in force for the region on the reported day, ranked by character similarity."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.applications.terms import term_for_date
from apps.complaints import matching, services
from apps.complaints.models import Verdict
from tests.factories import TermFactory, approved_application, publisher_user, publishes_without_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(db, django_capture_on_commit_callbacks):
    from apps.whitelist import services as whitelist

    key = term_for_date(timezone.localdate())
    term = TermFactory(start_year=key.start_year, semester=key.semester)
    publisher = publisher_user(username="fabu")
    publishes_without_notice(publisher.organisation.region)
    approved_application(term=term, title="禁毒防艾宣传教育进校园", subcategory="anti_drug_aids",
                         content="开展禁毒知识讲座和禁毒防艾主题班会")
    approved_application(term=term, title="消防安全疏散演练", subcategory="fire", content="组织师生开展消防疏散演练")
    approved_application(term=term, title="交通安全知识讲座", subcategory="safety", content="讲解交通安全常识")
    with django_capture_on_commit_callbacks(execute=True):
        edition = whitelist.assemble_edition(term=term, actor=publisher)
        edition = whitelist.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    return edition


def test_the_closest_item_comes_first(edition, registered):
    complaint, _ = registered(activity_text="禁毒知识答题", description="学校要求学生参加禁毒知识网上答题")
    proposals = matching.propose(complaint)
    assert proposals[0].item.name == "禁毒防艾宣传教育进校园"
    assert proposals[0].score > proposals[-1].score
    complaint2, _ = registered(activity_text="消防演练", description="周末组织消防疏散演练")
    assert matching.propose(complaint2)[0].item.name == "消防安全疏散演练"


def test_no_items_before_the_edition_period(edition, registered):
    complaint, _ = registered(occurred_on=edition.starts_on - timezone.timedelta(days=1))
    assert matching.propose(complaint) == []


def test_verdict_on_list_needs_an_item_in_force(edition, registered, officer):
    complaint, _ = registered()
    with pytest.raises(ValidationError):
        services.record_verdict(complaint=complaint, actor=officer, seen_version=complaint.version,
                                verdict=Verdict.ON_LIST_BEYOND)
    item = edition.items.get(name="禁毒防艾宣传教育进校园")
    complaint = services.record_verdict(complaint=complaint, actor=officer, seen_version=complaint.version,
                                        verdict=Verdict.ON_LIST_BEYOND, item=item, note="频次超出")
    assert complaint.matched_item == item and complaint.verdict == Verdict.ON_LIST_BEYOND
    complaint = services.record_verdict(complaint=complaint, actor=officer, seen_version=complaint.version,
                                        verdict=Verdict.NOT_ON_LIST, item=item)
    assert complaint.matched_item is None and complaint.verdict == Verdict.NOT_ON_LIST


def test_case_page_proposes_and_records_the_verdict(client, edition, registered, officer):
    from django.urls import reverse

    complaint, _ = registered(activity_text="禁毒知识答题")
    client.force_login(officer)
    page = client.get(reverse("complaints:detail", args=[complaint.pk]))
    assert page.context["proposals"][0].item.name == "禁毒防艾宣传教育进校园"
    item = page.context["proposals"][0].item
    client.post(reverse("complaints:step", args=[complaint.pk, "verdict"]),
                {"version": complaint.version, "verdict": "on_list_within", "item": item.pk})
    complaint.refresh_from_db()
    assert complaint.matched_item_id == item.pk
