import pytest
from django.core.exceptions import ValidationError

from apps.applications.models import Application
from apps.audit.selectors import events_for
from apps.reviews import services
from apps.reviews.models import ReviewDecision
from apps.reviews.services import ReviewConflict

pytestmark = pytest.mark.django_db
Status = Application.Status


def test_centralised_review_approves_each_with_its_own_transition_and_event(make_in_review, keshi):
    apps = [make_in_review() for _ in range(3)]
    stale = make_in_review()
    items = [(a, a.version) for a in apps] + [(stale, stale.version - 1)]
    result = services.approve_many(items=items, actor=keshi, opinion="集中认定：同意")
    assert [a.pk for a in result.approved] == [a.pk for a in apps]
    assert [(a.pk, "请刷新页面" in why) for a, why in result.refused] == [(stale.pk, True)]
    for application in apps:
        application.refresh_from_db()
        assert application.review.stage.order == 2
        event = events_for(application).last()
        assert event.opinion == "集中认定：同意" and event.data["batch"] == result.batch
    assert ReviewDecision.objects.filter(batch=result.batch).count() == 3


def test_centralised_review_needs_an_opinion(make_in_review, keshi):
    application = make_in_review()
    with pytest.raises(ValidationError):
        services.approve_many(items=[(application, application.version)], actor=keshi, opinion="")


def test_centralised_review_refuses_what_the_reviewer_may_not_decide(make_in_review, keshi):
    application = make_in_review(3)
    result = services.approve_many(items=[(application, application.version)], actor=keshi, opinion="同意")
    assert result.approved == [] and "无权" in result.refused[0][1]


def test_merge_closes_the_others_as_merged_and_links_both_ways(make_in_review, department, submitter, keshi):
    lead = make_in_review(department=department, created_by=submitter, title="禁毒宣传进校园")
    other = make_in_review(title="禁毒知识讲座")
    third = make_in_review(title="禁毒教育展览")
    services.merge(lead=lead, lead_version=lead.version, others=[(other, other.version), (third, third.version)],
                   actor=keshi, opinion="内容相近，合并开展")
    for application in (other, third):
        application.refresh_from_db()
        assert application.status == Status.MERGED and application.merged_into == lead
        assert application.decided_at is not None and application.review.stage is None
        assert events_for(application).last().to_state == "已合并"
    lead.refresh_from_db()
    assert set(lead.merged_from.all()) == {other, third}
    assert lead.status == Status.IN_REVIEW
    assert events_for(lead).last().action == "review.merge_lead"
    assert ReviewDecision.objects.filter(kind="merge").count() == 2


def test_merge_refuses_another_term_a_missing_opinion_and_a_stale_lead(make_in_review, keshi):
    from tests.factories import TermFactory

    lead, other = make_in_review(), make_in_review()
    foreign = make_in_review(term=TermFactory(start_year=2026, semester="2"))
    with pytest.raises(ValidationError):
        services.merge(lead=lead, lead_version=lead.version, others=[(other, other.version)], actor=keshi, opinion="")
    with pytest.raises(ValidationError):
        services.merge(lead=lead, lead_version=lead.version, others=[(foreign, foreign.version)], actor=keshi,
                       opinion="合并")
    with pytest.raises(ReviewConflict):
        services.merge(lead=lead, lead_version=lead.version - 1, others=[(other, other.version)], actor=keshi,
                       opinion="合并")
    with pytest.raises(ValidationError):
        services.merge(lead=lead, lead_version=lead.version, others=[(lead, lead.version)], actor=keshi, opinion="合并")
    other.refresh_from_db()
    assert other.status == Status.IN_REVIEW


def test_merge_needs_the_right_to_decide_on_every_application(make_in_review, keshi):
    from django.core.exceptions import PermissionDenied

    lead, far = make_in_review(), make_in_review(3)
    with pytest.raises(PermissionDenied):
        services.merge(lead=lead, lead_version=lead.version, others=[(far, far.version)], actor=keshi, opinion="合并")
