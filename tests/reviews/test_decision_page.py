import pytest
from django.urls import reverse

from apps.applications.models import Application
from apps.reviews.models import ReviewDecision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(application):
    return reverse("reviews:decide", args=[application.pk])


def test_the_decision_page_shows_findings_caps_duplicates_and_history(client, make_in_review, department, submitter,
                                                                       keshi):
    approved = make_in_review(department=department, created_by=submitter, title="禁毒宣传教育进校园")
    Application.objects.filter(pk=approved.pk).update(status="approved")
    application = make_in_review(department=department, created_by=submitter, title="禁毒宣传教育")
    client.force_login(keshi)
    page = client.get(url(application))
    html = page.content.decode()
    assert page.status_code == 200
    assert "疑似重复" in html and reverse("reviews:decide", args=[approved.pk]) in html
    assert "重要专项工作每学年进校园次数" in html  # the cap an approval would use
    assert "进入审核" in html  # history so far
    assert f'name="version" value="{application.version}"' in html
    assert "超出预审警示的理由" in html  # a warning asks for a justification


def test_return_with_an_opinion_from_the_page(client, in_review, keshi):
    client.force_login(keshi)
    response = client.post(url(in_review),
                           {"decision": "return", "opinion": "请补充依据文件", "version": in_review.version})
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == "returned"


def test_return_without_an_opinion_shows_the_error_beside_the_field(client, in_review, keshi):
    client.force_login(keshi)
    response = client.post(url(in_review), {"decision": "return", "opinion": "", "version": in_review.version})
    assert response.status_code == 200
    assert "须填写审核意见" in response.content.decode()
    assert Application.objects.get(pk=in_review.pk).status == "in_review"


def test_a_stale_form_is_refused_with_a_chinese_message(client, in_review, keshi):
    client.force_login(keshi)
    response = client.post(url(in_review), {"decision": "approve", "version": in_review.version - 1}, follow=True)
    assert "请刷新页面" in response.content.decode()
    assert ReviewDecision.objects.count() == 0


def test_a_reviewer_of_another_stage_sees_the_page_read_only_and_cannot_post(client, make_in_review, keshi):
    application = make_in_review(3)
    client.force_login(keshi)
    page = client.get(url(application))
    assert "仅供查看" in page.content.decode() and "提交审核决定" not in page.content.decode()
    response = client.post(url(application), {"decision": "approve", "version": application.version})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["申报单位经办人", "举报受理员"])
def test_departments_and_others_cannot_open_or_decide(client, in_review, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(url(in_review)).status_code == 403
    assert client.post(url(in_review), {"decision": "approve", "version": in_review.version}).status_code == 403


def test_the_auditor_reads_but_cannot_decide(client, in_review, auditor):
    client.force_login(auditor)
    assert client.get(url(in_review)).status_code == 200
    assert client.post(url(in_review), {"decision": "approve", "version": in_review.version}).status_code == 403
    assert client.post(reverse("reviews:merge", args=[in_review.pk]), {}).status_code == 403


def test_merge_from_the_decision_page(client, make_in_review, keshi):
    lead, other = make_in_review(title="防溺水安全教育"), make_in_review(title="防溺水专题讲座")
    client.force_login(keshi)
    page = client.get(url(lead))
    assert f'value="{other.pk}:{other.version}"' in page.content.decode()
    response = client.post(reverse("reviews:merge", args=[lead.pk]), {
        "others": [f"{other.pk}:{other.version}"], "opinion": "同类事项合并", "version": lead.version})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "merged" and other.merged_into == lead
    assert "已并入本件的申报" in client.get(url(lead)).content.decode()


def test_merge_without_an_opinion_is_refused_beside_the_field(client, make_in_review, keshi):
    lead, other = make_in_review(), make_in_review()
    client.force_login(keshi)
    response = client.post(reverse("reviews:merge", args=[lead.pk]), {
        "others": [f"{other.pk}:{other.version}"], "opinion": "", "version": lead.version})
    assert response.status_code == 400 and "说明合并理由" in response.content.decode()


def test_a_form_posted_after_another_reviewer_decided_gets_a_message_not_a_refusal(client, in_review, keshi):
    from apps.reviews import services

    seen = in_review.version
    services.return_for_revision(application=in_review, actor=keshi, version=seen, opinion="请补充")
    client.force_login(keshi)
    response = client.post(url(in_review), {"decision": "approve", "version": seen}, follow=True)
    assert response.status_code == 200 and "可能已被其他审核人处理" in response.content.decode()
    merge = client.post(reverse("reviews:merge", args=[in_review.pk]),
                        {"others": [], "opinion": "合并", "version": seen}, follow=True)
    assert merge.status_code in (200, 400)
    assert Application.objects.get(pk=in_review.pk).status == "returned"
