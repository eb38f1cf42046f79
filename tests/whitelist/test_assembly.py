"""Assembling the draft from the term's finally approved applications, merges included."""

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent
from apps.whitelist import services
from apps.whitelist.models import WhitelistEdition
from tests.factories import ApplicationFactory, OrganisationFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_draft_holds_only_the_terms_approved_applications(publisher, approved, term):
    kept = approved(title="安全教育进校园")
    ApplicationFactory(term=term, status="submitted", title="尚在审核")
    ApplicationFactory(term=term, status="rejected", title="未通过")
    approved(term=TermFactory(start_year=term.start_year - 1, semester=term.semester), title="上学年事项")

    edition = services.assemble_edition(term=term, actor=publisher)

    assert edition.status == WhitelistEdition.Status.DRAFT and edition.version == 0
    assert [i.name for i in edition.items.all()] == ["安全教育进校园"]
    assert list(edition.items.get().applications.all()) == [kept]
    assert edition.title == f"安溪县{term}中小学社会事务进校园白名单"
    assert AuditEvent.objects.filter(action="whitelist.assemble", object_id=str(edition.pk)).count() == 1


def test_a_merged_application_joins_the_item_of_the_one_it_was_merged_into(publisher, approved, term):
    police = OrganisationFactory(name="安溪县公安局", short_name="县公安局")
    justice = OrganisationFactory(name="安溪县司法局", short_name="县司法局")
    main = approved(title="法治教育进校园", department=police)
    ApplicationFactory(term=term, status="merged", merged_into=main, department=justice, title="宪法宣传进校园")

    edition = services.assemble_edition(term=term, actor=publisher)

    item = edition.items.get()
    assert item.lead_units == "县公安局、县司法局"
    assert item.applications.count() == 2
    assert set(item.departments.all()) == {police, justice}
    assert "由2项申报合并" in item.notes


def test_items_are_numbered_within_their_item_type_and_wording_comes_from_the_application(publisher, approved, term):
    approved(title="A", target_stages=["primary"], basis_text="《关于X的通知》（安政〔2026〕1号）")
    approved(title="督查", item_type="inspection", category="other", subcategory="inspection")
    approved(title="B")
    edition = services.assemble_edition(term=term, actor=publisher)
    rows = list(edition.items.order_by("item_type", "number").values_list("item_type", "number", "name"))
    assert rows == [("activity", 1, "A"), ("activity", 2, "B"), ("inspection", 1, "督查")]
    a = edition.items.get(name="A")
    assert a.basis_text == "《关于X的通知》（安政〔2026〕1号）"
    assert a.stages_key == ",primary,"
    assert a.scope_text.startswith("全县中小学")


def test_assembling_again_adds_newly_approved_applications_once(publisher, approved, term):
    approved(title="A")
    edition = services.assemble_edition(term=term, actor=publisher)
    approved(title="B")
    again = services.assemble_edition(term=term, actor=publisher)
    services.assemble_edition(term=term, actor=publisher)
    assert again.pk == edition.pk
    assert sorted(edition.items.values_list("name", flat=True)) == ["A", "B"]


def test_a_published_edition_cannot_be_reassembled(published, publisher, term):
    with pytest.raises(ValidationError, match="增补"):
        services.assemble_edition(term=term, actor=publisher)


def test_reorder_and_wording_edit_in_the_draft(publisher, approved, term):
    approved(title="A")
    approved(title="B")
    edition = services.assemble_edition(term=term, actor=publisher)
    b = edition.items.get(name="B")
    services.move_item(item=b, actor=publisher, up=True)
    assert list(edition.items.order_by("number").values_list("name", flat=True)) == ["B", "A"]
    b.refresh_from_db()
    stale = b.revision
    services.update_item_wording(item=b, actor=publisher, seen_revision=stale, name="B（调整后）")
    assert edition.items.get(pk=b.pk).name == "B（调整后）"
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.update_item_wording(item=b, actor=publisher, seen_revision=stale, name="旧版本")
    assert AuditEvent.objects.filter(action="whitelist.edit_item").count() == 1
