"""Public notice, publication as version 1, dated supplements, suspensions and revocations."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.whitelist import services
from apps.whitelist.models import EditionChange, ExportRun, Objection, WhitelistEdition

pytestmark = pytest.mark.django_db


def test_publishing_makes_version_1_logs_it_audits_it_and_starts_the_export(published):
    assert published.status == WhitelistEdition.Status.PUBLISHED and published.version == 1
    assert published.published_at is not None
    change = published.changes.get()
    assert change.kind == EditionChange.Kind.PUBLISHED and change.version == 1 and "共 3 项" in change.summary
    assert AuditEvent.objects.filter(action="whitelist.publish", to_state="published").count() == 1
    run = published.export_runs.get()
    assert run.status == ExportRun.Status.DONE and published.export_name


def test_a_stale_revision_cannot_publish(publisher, approved, term):
    approved(title="A")
    edition = services.assemble_edition(term=term, actor=publisher)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision - 1)
    edition.refresh_from_db()
    assert edition.status == "draft"


def test_notice_takes_objections_and_blocks_publication_until_it_ends(publisher, approved, term):
    approved(title="A")
    edition = services.assemble_edition(term=term, actor=publisher)
    edition = services.start_notice(edition=edition, actor=publisher, days=7, seen_revision=edition.revision)
    today = timezone.localdate()
    assert (edition.status, edition.notice_starts_on, edition.notice_ends_on) == (
        "notice", today, today + dt.timedelta(days=6))
    objection = services.submit_objection(edition=edition, content="该活动与教学内容重复", name="家长")
    assert Objection.objects.filter(edition=edition).count() == 1
    with pytest.raises(ValidationError, match="期满后方可发布"):
        services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    # The notice period ends.
    WhitelistEdition.objects.filter(pk=edition.pk).update(notice_ends_on=today - dt.timedelta(days=1))
    edition.refresh_from_db()
    with pytest.raises(ValidationError, match="不在公示期内"):
        services.submit_objection(edition=edition, content="迟到的异议")
    with pytest.raises(ValidationError, match="未答复"):
        services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    services.answer_objection(objection=objection, actor=publisher, accepted=False, answer="内容不重复")
    edition = services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    assert edition.status == "published" and edition.version == 1
    assert list(edition.changes.order_by("pk").values_list("kind", flat=True)) == ["notice", "published"]


def test_an_adhoc_approval_is_added_as_a_dated_supplement_in_a_new_version(published, publisher, approved):
    urgent = approved(title="冬季防溺水安全提醒", is_adhoc=True, urgency_reason="近期多起溺水事故")
    item, = services.add_supplement(edition=published, applications=[urgent], actor=publisher, reason="临时申报")
    published.refresh_from_db()
    assert published.version == 2
    assert (item.is_supplement, item.added_in_version, item.added_on, item.number) == (
        True, 2, timezone.localdate(), 3)
    assert "增补" in item.notes
    change = published.changes.get(kind="supplement")
    assert change.version == 2 and change.item == item
    assert AuditEvent.objects.filter(action="whitelist.supplement", to_state="v2").count() == 1
    with pytest.raises(ValidationError):
        services.add_supplement(edition=published, applications=[urgent], actor=publisher)


def test_suspension_and_revocation_keep_the_item_visible_with_date_and_reason(published, publisher):
    item = published.items.get(name="安全教育进校园")
    on = dt.date(2026, 10, 8)
    services.suspend_item(item=item, actor=publisher, reason="组织不力，暂停整改", seen_revision=item.revision, on=on)
    item.refresh_from_db()
    assert (item.status, item.status_changed_on, item.status_reason) == ("suspended", on, "组织不力，暂停整改")
    services.revoke_item(item=item, actor=publisher, reason="年终评估不合格", seen_revision=item.revision)
    item.refresh_from_db()
    published.refresh_from_db()
    assert item.status == "revoked" and published.version == 3
    assert published.items.filter(pk=item.pk).exists()
    assert list(item.changes.order_by("pk").values_list("kind", "version")) == [("suspended", 2), ("revoked", 3)]
    events = AuditEvent.objects.filter(object_id=str(item.pk), action__in=["whitelist.suspended", "whitelist.revoked"])
    assert [(e.from_state, e.to_state) for e in events.order_by("pk")] == [
        ("in_force", "suspended"), ("suspended", "revoked")]


def test_a_status_change_needs_a_reason_and_a_valid_transition(published, publisher):
    item = published.items.first()
    with pytest.raises(ValidationError):
        services.suspend_item(item=item, actor=publisher, reason=" ", seen_revision=item.revision)
    with pytest.raises(ValidationError, match="不能恢复"):
        services.reinstate_item(item=item, actor=publisher, reason="x", seen_revision=item.revision)
    item.refresh_from_db()
    assert item.status == "in_force"
    published.refresh_from_db()
    assert published.version == 1


def test_a_draft_takes_no_supplement_and_no_status_change(publisher, approved, term):
    app = approved(title="A")
    edition = services.assemble_edition(term=term, actor=publisher)
    with pytest.raises(ValidationError):
        services.add_supplement(edition=edition, applications=[app], actor=publisher)
    item = edition.items.get()
    with pytest.raises(ValidationError):
        services.suspend_item(item=item, actor=publisher, reason="x", seen_revision=item.revision)


def test_publication_closes_gaps_in_the_numbering_keeping_the_order(publisher, approved, term):
    for title in ("A", "B", "C"):
        approved(title=title)
    edition = services.assemble_edition(term=term, actor=publisher)
    edition.items.filter(name="B").delete()
    edition.refresh_from_db()
    services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    assert list(edition.items.order_by("number").values_list("number", "name")) == [(1, "A"), (2, "C")]
