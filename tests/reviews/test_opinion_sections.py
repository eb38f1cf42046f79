"""Issue 12, item 6: a reviewer points the opinion at sections of the form; the department's detail page and form
open marked there. The API takes the same sections, and a section the form does not have is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.applications.models import Application
from apps.audit.models import AuditEvent
from apps.reviews import services
from apps.reviews.models import ReviewDecision

pytestmark = pytest.mark.django_db


def test_a_return_from_the_page_points_at_sections_and_the_form_opens_marked_there(
        client, in_review, keshi, submitter):
    client.force_login(keshi)
    page = client.get(reverse("reviews:decide", args=[in_review.pk])).content.decode()
    assert 'name="sections" value="wording"' in page and "意见涉及的部分" in page
    response = client.post(reverse("reviews:decide", args=[in_review.pk]), {
        "decision": "return", "opinion": "时间和频次请按实际写", "sections": ["wording", "attachments"],
        "version": in_review.version})
    assert response.status_code == 302
    decision = ReviewDecision.objects.get(application=in_review, kind="return")
    assert decision.sections == ["wording", "attachments"]
    event = AuditEvent.objects.filter(action="review.return").latest("pk")
    assert event.data["sections"] == ["wording", "attachments"]

    client.force_login(submitter)
    detail = client.get(reverse("applications:detail", args=[in_review.pk])).content.decode()
    box = detail[detail.index("return-opinion"):detail.index("</section>", detail.index("return-opinion"))]
    assert "意见涉及" in box
    assert reverse("applications:edit", args=[in_review.pk]) + "#section-wording" in box
    assert 'href="#attachments"' in box and 'id="attachments"' in detail

    form = client.get(reverse("applications:edit", args=[in_review.pk])).content.decode()
    assert "时间和频次请按实际写" in form
    pointed = form[form.index('id="section-wording"') - 80:form.index('id="section-wording"')]
    assert "form-section-pointed" in pointed
    basic = form[form.index('id="section-basic"') - 80:form.index('id="section-basic"')]
    assert "form-section-pointed" not in basic
    assert form.count("审核意见涉及本部分") == 1  # the attachments are not in the form


def test_a_section_the_form_does_not_have_is_refused_and_changes_nothing(in_review, keshi):
    with pytest.raises(ValidationError) as exc:
        services.decide(application=in_review, actor=keshi, decision="return", version=in_review.version,
                        opinion="请修改", sections=["wording", "salary"])
    assert "sections" in exc.value.message_dict
    in_review.refresh_from_db()
    assert in_review.status == Application.Status.IN_REVIEW
    assert not ReviewDecision.objects.filter(application=in_review).exists()


def test_the_api_takes_sections_and_refuses_unknown_ones(client, in_review, keshi):
    client.force_login(keshi)
    url = reverse("api:review-decision", args=[in_review.pk])
    bad = client.post(url, {"decision": "reject", "version": in_review.version, "opinion": "不符合要求",
                            "sections": ["nonsense"]}, content_type="application/json")
    assert bad.status_code == 400 and "sections" in bad.json()
    good = client.post(url, {"decision": "reject", "version": in_review.version, "opinion": "依据不足",
                             "sections": ["basis"]}, content_type="application/json")
    assert good.status_code == 200, good.content
    assert ReviewDecision.objects.get(application=in_review).sections == ["basis"]
