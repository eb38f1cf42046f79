"""Issue 12, items 1–4: public notice cannot be skipped, objections get answers, the official file, dates."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification
from apps.whitelist import exports, services
from apps.whitelist.models import ExportRun, Objection, PublicationSettings, WhitelistEdition

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_on(publisher):
    """The county keeps the default: every draft goes through public notice, at least 5 days."""
    PublicationSettings.objects.filter(region=publisher.organisation.region).delete()
    return services.notice_policy(publisher.organisation.region)


@pytest.fixture
def draft(publisher, approved, term):
    approved(title="防溺水安全教育进校园")
    approved(title="交通安全知识讲座")
    return services.assemble_edition(term=term, actor=publisher)


def _end_notice(edition):
    WhitelistEdition.objects.filter(pk=edition.pk).update(
        notice_starts_on=timezone.localdate() - dt.timedelta(days=7),
        notice_ends_on=timezone.localdate() - dt.timedelta(days=1))
    edition.refresh_from_db()
    return edition


# 1. Public notice cannot be skipped.

def test_notice_is_on_by_default_and_a_draft_cannot_be_published(notice_on, draft, publisher):
    assert (notice_on.pk, notice_on.notice_required, notice_on.notice_min_days) == (None, True, 5)
    with pytest.raises(ValidationError, match="发布前须公示"):
        services.publish_edition(edition=draft, actor=publisher, seen_revision=draft.revision)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.version == 0
    with pytest.raises(ValidationError, match="不少于 5 天"):
        services.start_notice(edition=draft, actor=publisher, days=3, seen_revision=draft.revision)
    edition = services.start_notice(edition=draft, actor=publisher, days=5, seen_revision=draft.revision)
    with pytest.raises(ValidationError, match="期满后方可发布"):
        services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    edition = _end_notice(edition)
    edition = services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    assert edition.status == "published"


def test_a_region_may_record_that_it_publishes_without_notice(notice_on, draft, publisher):
    services.set_notice_policy(actor=publisher, required=False, min_days=5)
    edition = services.publish_edition(edition=draft, actor=publisher, seen_revision=draft.revision)
    assert edition.status == "published"


def test_the_page_offers_publishing_only_after_the_notice(notice_on, draft, publisher, client):
    client.force_login(publisher)
    url = reverse("whitelist:manage_edition", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "开始公示" in page and 'value="publish"' not in page and "本地区发布前须公示" in page
    response = client.post(reverse("whitelist:edition_action", args=[draft.pk]),
                           {"action": "publish", "revision": draft.revision}, follow=True)
    assert "发布前须公示" in response.content.decode()
    assert WhitelistEdition.objects.get(pk=draft.pk).status == "draft"
    edition = services.start_notice(edition=draft, actor=publisher, days=5, seen_revision=draft.revision)
    assert 'value="publish"' not in client.get(url).content.decode()
    _end_notice(edition)
    assert 'value="publish"' in client.get(url).content.decode()


def test_a_supplement_needs_a_written_reason_shown_in_the_public_change_log(published, publisher, approved, client,
                                                                          django_capture_on_commit_callbacks):
    urgent = approved(title="冬季防溺水安全提醒", is_adhoc=True, urgency_reason="近期多起溺水事故")
    with pytest.raises(ValidationError, match="增补原因"):
        services.add_supplement(edition=published, applications=[urgent], actor=publisher, reason="  ")
    published.refresh_from_db()
    assert published.version == 1
    client.force_login(publisher)
    response = client.post(reverse("whitelist:edition_action", args=[published.pk]),
                           {"action": "supplement", "applications": [urgent.pk], "reason": ""}, follow=True)
    assert "增补原因" in response.content.decode() and published.items.count() == 3
    with django_capture_on_commit_callbacks(execute=True):  # the commit clears the pages publishing cached
        services.add_supplement(edition=published, applications=[urgent], actor=publisher,
                                reason="临时申报，经相关科室审核通过")
    client.logout()
    log = client.get(reverse("whitelist:changes", args=[published.pk])).content.decode()
    assert "增补事项「冬季防溺水安全提醒」" in log and "临时申报，经相关科室审核通过" in log


# 2. Objections get answers.

def test_an_objection_reaches_the_publisher_and_is_answered_and_followed_by_its_code(
        notice_on, draft, publisher, client, django_capture_on_commit_callbacks):
    edition = services.start_notice(edition=draft, actor=publisher, days=7, seen_revision=draft.revision)
    item = edition.items.get(name="交通安全知识讲座")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("whitelist:objection", args=[edition.pk]),
                               {"item": item.pk, "content": "该讲座与课堂教学重复", "name": "王家长",
                                "contact": "13800000000"})
    code = re.search(r"data-objection-code>([0-9A-Z-]+)<", response.content.decode()).group(1)
    objection = Objection.objects.get()
    assert objection.code_hash and code.replace("-", "") not in objection.code_hash
    note = Notification.objects.get(recipient=publisher)
    assert "收到公示期异议" in note.title and note.url.endswith("#objections")

    lookup = reverse("whitelist:objection_lookup")
    page = client.post(lookup, {"code": code.lower()}).content.decode()
    assert "该讲座与课堂教学重复" in page and "待答复" in page
    assert "未找到" in client.post(lookup, {"code": "2345-6789-ABCD"}).content.decode()

    _end_notice(edition)
    with pytest.raises(ValidationError, match="1 条公示期异议未答复"):
        services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    with pytest.raises(ValidationError):
        services.answer_objection(objection=objection, actor=publisher, accepted=False, answer=" ")
    client.force_login(publisher)
    client.post(reverse("whitelist:objection_answer", args=[objection.pk]),
                {"result": "rejected", "answer": "讲座内容为交通安全，不属课堂教学内容"})
    objection.refresh_from_db()
    assert (objection.answer_status, objection.answered_by) == ("rejected", publisher)
    client.logout()
    page = client.post(lookup, {"code": code}).content.decode()
    assert "不予采纳" in page and "讲座内容为交通安全" in page

    edition = services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    public = client.get(reverse("whitelist:edition", args=[edition.pk])).content.decode()
    assert "公示期异议及答复" in public and "讲座内容为交通安全" in public
    assert "王家长" not in public and "13800000000" not in public


def test_an_objection_is_answered_once(notice_on, draft, publisher):
    edition = services.start_notice(edition=draft, actor=publisher, days=7, seen_revision=draft.revision)
    objection = services.submit_objection(edition=edition, content="请补充开展地点")
    services.answer_objection(objection=objection, actor=publisher, accepted=True, answer="已补充开展地点")
    with pytest.raises(ValidationError, match="已答复"):
        services.answer_objection(objection=objection, actor=publisher, accepted=False, answer="改主意")
    objection.refresh_from_db()
    assert (objection.answer_status, objection.answer) == ("accepted", "已补充开展地点")


# 3. The official file.

def test_the_official_file_carries_document_footer_and_the_bureau_as_author(published, publisher):
    from openpyxl import load_workbook

    services.set_document(edition=published, actor=publisher, issuing_body="安溪县教育局",
                          document_number="安教〔2026〕12号", document_date=dt.date(2026, 9, 1),
                          seen_revision=published.revision)
    run = ExportRun.objects.create(edition=published)
    assert exports.run_export(run_id=run.pk) == "done"
    published.refresh_from_db()
    from django.core.files.storage import default_storage

    with default_storage.open(published.export_name, "rb") as fh:
        wb = load_workbook(fh)
    ws = wb["白名单"]
    assert ws["A2"].value.startswith("安溪县教育局　安教〔2026〕12号　2026年9月1日　第 1 版")
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert wb.properties.creator == "安溪县教育局"
    assert "openpyxl" not in (wb.properties.creator or "") + (wb.properties.lastModifiedBy or "")


def test_without_document_details_the_author_is_the_publishers_bureau(published, publisher):
    from apps.whitelist.xlsx import author, document_line

    assert document_line(published) == ""
    assert author(published) == publisher.organisation.name


# 4. Dates.

def test_the_status_form_shows_its_default_effective_date(published, publisher, client):
    client.force_login(publisher)
    item = published.items.first()
    page = client.get(reverse("whitelist:item_status", args=[item.pk])).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_document_details_are_saved_from_the_page_and_the_title_form_stays_whole(published, publisher, client):
    client.force_login(publisher)
    page = client.get(reverse("whitelist:manage_edition", args=[published.pk])).content.decode()
    assert page.count("<details") == page.count("</details>")
    assert "更正标题</button>" in page and "保存发文信息" in page
    client.post(reverse("whitelist:edition_action", args=[published.pk]),
                {"action": "document", "revision": published.revision, "issuing_body": "安溪县教育局",
                 "document_number": "安教〔2026〕12号", "document_date": "2026-09-01"})
    published.refresh_from_db()
    assert (published.issuing_body, published.document_number, published.document_date) == (
        "安溪县教育局", "安教〔2026〕12号", dt.date(2026, 9, 1))
