import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.reviews.models import ReviewProgress

pytestmark = pytest.mark.django_db
QUEUE = reverse("reviews:queue")


def test_the_queue_shows_what_waits_at_the_reviewers_stages_oldest_first(client, make_in_review, keshi):
    newer, older = make_in_review(title="较新的申报"), make_in_review(title="较早的申报")
    ReviewProgress.objects.filter(application=older).update(entered_at=timezone.now() - dt.timedelta(days=3))
    elsewhere = make_in_review(3, title="督导室的申报")
    client.force_login(keshi)
    page = client.get(QUEUE)
    assert page.status_code == 200
    rows = list(page.context["page_obj"])
    assert rows == [older, newer]
    assert elsewhere.title not in page.content.decode()
    counts = {(row["stage"].kind, row["stage"].name): row["waiting"] for row in page.context["stage_counts"]}
    assert counts == {("regular", "相关科室初审"): 2, ("adhoc", "相关科室初审"): 0}


def test_overdue_items_are_marked_and_filterable(client, make_in_review, keshi):
    late, fresh = make_in_review(title="超期的申报"), make_in_review(title="未超期的申报")
    ReviewProgress.objects.filter(application=late).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(keshi)
    html = client.get(QUEUE).content.decode()
    assert html.count('class="overdue"') == 1 and "已超期" in html
    assert list(client.get(QUEUE, {"overdue": "yes"}).context["page_obj"]) == [late]
    assert list(client.get(QUEUE, {"overdue": "no"}).context["page_obj"]) == [fresh]
    counts = client.get(QUEUE).context["stage_counts"]
    assert [(row["stage"].kind, row["overdue"]) for row in counts] == [("regular", 1), ("adhoc", 0)]


def test_queue_filters_by_term_type_category_department_and_precheck_level(client, make_in_review, keshi):
    from tests.factories import TermFactory

    a = make_in_review(title="甲", category="city_campaign", item_type="inspection")
    b = make_in_review(title="乙", term=TermFactory(start_year=2026, semester="2"))
    ReviewProgress.objects.filter(application=b).update(precheck_level="warning")
    client.force_login(keshi)

    def listed(**params):
        return list(client.get(QUEUE, params).context["page_obj"])

    assert listed(category="city_campaign") == [a]
    assert listed(item_type="inspection") == [a]
    assert listed(term=b.term_id) == [b]
    assert listed(department=b.department_id) == [b]
    assert listed(precheck_level="warning") == [b]
    assert listed(q="甲") == [a]


def test_queue_query_count_does_not_grow_with_rows(client, make_in_review, keshi, django_assert_max_num_queries):
    make_in_review()
    client.force_login(keshi)
    with django_assert_max_num_queries(14) as few:
        client.get(QUEUE)
    for _ in range(12):
        make_in_review()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(QUEUE)
    assert len(page.context["page_obj"]) == 13


@pytest.mark.parametrize("role", ["申报单位经办人", "监督人", "发布管理员"])
def test_only_reviewers_open_the_queue(client, role):
    from tests.factories import UserFactory

    client.force_login(UserFactory(roles=[role]))
    assert client.get(QUEUE).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get(QUEUE).status_code == 302


def test_centralised_review_from_the_queue(client, make_in_review, keshi):
    first, second, untouched = make_in_review(), make_in_review(), make_in_review()
    client.force_login(keshi)
    response = client.post(reverse("reviews:batch_approve"), {
        "selected": [f"{first.pk}:{first.version}", f"{second.pk}:{second.version}"], "opinion": "集中认定：同意",
    }, follow=True)
    assert "集中认定完成：2 件审核通过" in response.content.decode()
    for application in (first, second, untouched):
        application.refresh_from_db()
    assert (first.review.stage.order, second.review.stage.order, untouched.review.stage.order) == (2, 2, 1)


def test_centralised_review_without_an_opinion_changes_nothing(client, make_in_review, keshi):
    application = make_in_review()
    client.force_login(keshi)
    response = client.post(reverse("reviews:batch_approve"), {"selected": [f"{application.pk}:{application.version}"]},
                           follow=True)
    assert "统一的审核意见" in response.content.decode()
    application.refresh_from_db()
    assert application.review.stage.order == 1


def test_centralised_review_cannot_reach_another_stage(client, make_in_review, keshi):
    far = make_in_review(3)
    client.force_login(keshi)
    client.post(reverse("reviews:batch_approve"), {"selected": [f"{far.pk}:{far.version}"], "opinion": "同意"})
    far.refresh_from_db()
    assert far.review.stage.order == 3 and far.status == "in_review"


def test_the_stage_filter_offers_only_the_reviewers_stages(client, keshi):
    client.force_login(keshi)
    field = client.get(QUEUE).context["filter"].form.fields["stage"]
    assert {s.name for s in field.queryset} == {"相关科室初审"}
