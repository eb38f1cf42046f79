"""Issue 12, items 5, 6 and 8: every declared answer on the decision page, what changed since the return, the
opinion first on a returned application, one word per finding level, stage names as people say them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.applications import services as application_services
from apps.applications.models import Application, ApplicationWindow
from apps.applications.precheck import Finding
from apps.reviews import services
from apps.reviews.models import ReviewDecision, ReviewStage

pytestmark = pytest.mark.django_db


def test_the_decision_page_shows_every_declared_answer(client, make_in_review, department, submitter, keshi):
    application = make_in_review(department=department, created_by=submitter, title="交通安全宣讲进校园",
                                 target_stages=["primary", "junior"], participants=["students"],
                                 teachers_required=True, demands_checkin=True, demands_quiz=None)
    client.force_login(keshi)
    html = client.get(reverse("reviews:decide", args=[application.pk])).content.decode()
    table = html[html.index("declared-answers"):html.index("h-precheck")]
    for label in ("是否要求师生或家长网络投票、点赞", "是否要求打卡", "是否要求上传截图、视频等留痕材料",
                  "面向学段", "参与对象", "是否需要教师参与"):
        assert label in table
    assert table.count("<tr>") == 12  # eight prohibited demands, stages, participants, teachers, teaching
    assert "小学、初中" in table and "未作答" in table
    assert '<strong class="status status-rejected">是</strong>' in table  # 打卡: yes, flagged


def test_a_resubmission_shows_what_changed_since_the_return_beside_the_opinion(
        client, make_in_review, department, submitter, keshi):
    application = make_in_review(department=department, created_by=submitter, title="交通安全宣讲进校园",
                                 content="讲解交通安全常识", times_planned=2)
    services.return_for_revision(application=application, actor=keshi, version=application.version,
                                 opinion="请压减次数并写明讲座内容")
    decision = ReviewDecision.objects.get(kind="return")
    assert decision.snapshot["times_planned"] == "2" and decision.snapshot["content"] == "讲解交通安全常识"

    client.force_login(submitter)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "退回修改意见" in page and "请压减次数并写明讲座内容" in page
    assert page.index("退回修改意见") < page.index("申报内容")  # the opinion first

    Application.objects.filter(pk=application.pk).update(times_planned=1, content="讲解交通安全常识与案例")
    today = timezone.localdate()
    ApplicationWindow.objects.create(term=application.term, opens_on=today - dt.timedelta(days=1),
                                     closes_on=today + dt.timedelta(days=1))
    application.refresh_from_db()
    application_services.submit_application(application=application, actor=submitter,
                                            seen_version=application.version)
    client.force_login(keshi)
    html = client.get(reverse("reviews:decide", args=[application.pk])).content.decode()
    section = html[html.index("上次审核以来的修改"):html.index("h-details")]
    assert "请压减次数并写明讲座内容" in section
    assert 'data-field="times_planned"' in section and 'data-field="content"' in section
    assert 'data-field="title"' not in section
    assert "<del>2</del>" in section and "<ins>1</ins>" in section


def test_a_finding_reads_the_same_for_department_and_reviewer():
    assert Finding("warning", "x", "m").level_label == "警示"
    assert Finding("blocking", "x", "m").level_label == "必须修改"


def test_stage_names_read_as_people_say_them(db):
    stage = ReviewStage.objects.filter(order=1).first()
    assert str(stage) == stage.name == "相关科室初审"


def test_a_justification_is_written_once_and_confirmed_by_later_stages(
        client, make_in_review, department, submitter, keshi, bangongshi):
    earlier = make_in_review(department=department, created_by=submitter, title="禁毒宣传教育进校园")
    Application.objects.filter(pk=earlier.pk).update(status="approved")
    application = make_in_review(department=department, created_by=submitter, title="禁毒宣传教育")
    services.approve(application=application, actor=keshi, version=application.version,
                     justification="与已通过事项对象不同，面向初中")
    application.refresh_from_db()
    client.force_login(bangongshi)
    html = client.get(reverse("reviews:decide", args=[application.pk])).content.decode()
    assert "理由已由「相关科室初审」写明，确认即可" in html
    field = html[html.index('name="justification"'):]
    assert field[:field.index("</textarea>")].endswith("与已通过事项对象不同，面向初中")
    response = client.post(reverse("reviews:decide", args=[application.pk]), {
        "decision": "approve", "version": application.version, "justification": "与已通过事项对象不同，面向初中"})
    assert response.status_code == 302
    assert ReviewDecision.objects.filter(application=application, kind="approve").count() == 2
