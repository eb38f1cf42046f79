"""The year-end evaluation: the figures per item, decisions that change the public list through the whitelist's
services (audited), the rectification line, the .xlsx report, and the next assembly leaving out what was not kept."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.ledger.models import LedgerLine
from apps.visits import evaluation as ev
from apps.visits.models import Decision, Rating
from apps.whitelist.models import EditionChange, WhitelistEdition

from .conftest import make_item, make_visit

pytestmark = pytest.mark.django_db


def test_figures_decisions_and_report(world, client):
    year = world.edition.starts_on.year
    other = make_item(world, name="=HYPERLINK(\"http://x\")")
    third = make_item(world, name="科普活动")
    confirmed = make_visit(world, day=dt.date(year, 10, 9), status="confirmed")
    make_visit(world, day=dt.date(year, 10, 16), status="refused")
    make_visit(world, day=dt.date(year - 1, 10, 16), status="confirmed")  # the school year before: not counted
    Rating.objects.create(visit=confirmed, burden=4, usefulness=2, comment="占用课时", rated_by=world.school_user)
    evaluation = ev.start_evaluation(actor=world.publisher, school_year=year)
    with pytest.raises(ValidationError):
        ev.start_evaluation(actor=world.publisher, school_year=year)
    rows = {r.item.pk: r for r in ev.rows(evaluation)}
    row = rows[world.item.pk]
    assert (row.planned, row.confirmed, row.refused, row.ratings, row.burden) == (2, 1, 1, 1, 4)

    ev.decide(evaluation=evaluation, item=world.item, actor=world.publisher, kind="suspend", reason="负担重、效果差")
    world.item.refresh_from_db()
    assert world.item.status == "suspended"
    change = EditionChange.objects.get(item=world.item, kind="suspended")
    assert "负担重、效果差" in change.reason
    assert AuditEvent.objects.filter(action="whitelist.suspended", object_id=str(world.item.pk)).exists()
    assert AuditEvent.objects.filter(action="evaluation.decided", object_id=str(evaluation.pk)).count() == 1
    with pytest.raises(ValidationError):
        ev.decide(evaluation=evaluation, item=world.item, actor=world.publisher, kind="keep", reason="再议")
    with pytest.raises(ValidationError):
        ev.finish(evaluation=evaluation, actor=world.publisher)  # two items undecided
    decision = ev.decide(evaluation=evaluation, item=other, actor=world.publisher, kind="rectify",
                         reason="=cmd|' /C calc'!A0")
    assert decision.ledger_line.source_kind == "evaluation" and decision.ledger_line.owner == world.department
    ev.decide(evaluation=evaluation, item=third, actor=world.publisher, kind="clear", reason="与课堂教学重复")
    ev.finish(evaluation=evaluation, actor=world.publisher)
    with pytest.raises(ValidationError):
        ev.decide(evaluation=evaluation, item=third, actor=world.publisher, kind="keep", reason="x")

    client.force_login(world.publisher)
    assert client.get(reverse("visits:evaluation", args=[evaluation.pk])).status_code == 200
    response = client.get(reverse("visits:evaluation_export", args=[evaluation.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {c.coordinate: c for row in sheet.iter_rows() for c in row if c.value is not None}
    texts = [c for c in cells.values() if isinstance(c.value, str) and c.value.startswith("=")]
    assert texts and all(c.data_type == "s" for c in texts)
    client.force_login(world.submitter)
    assert client.get(reverse("visits:evaluation", args=[evaluation.pk])).status_code == 403


def test_only_the_publisher_evaluates(world):
    with pytest.raises(Exception):  # noqa: B017
        ev.start_evaluation(actor=world.reviewer, school_year=world.edition.starts_on.year)


def test_the_next_assembly_proposes_only_the_items_kept(world):
    from apps.applications.terms import term_for_date
    from apps.whitelist import services as whitelist_services
    from tests.factories import TermFactory, approved_application

    year = world.edition.starts_on.year
    key = term_for_date(timezone.localdate())
    term = TermFactory(start_year=key.start_year, semester=key.semester)
    last_term = TermFactory(start_year=key.start_year - 1, semester=key.semester)
    last = WhitelistEdition.objects.create(
        period_kind="term", term=last_term, starts_on=last_term.starts_on, ends_on=last_term.ends_on,
        period_label="上年同期", region=world.bureau.region, title="上年同期白名单", status="published", version=1,
        created_by=world.publisher)
    kept = make_item(world, name="安全教育进校园", edition=last)
    cleared = make_item(world, name="气象科普进校园", edition=last)
    evaluation = ev.start_evaluation(actor=world.publisher, school_year=year - 1)
    ev.decide(evaluation=evaluation, item=kept, actor=world.publisher, kind="keep", reason="效果好")
    ev.decide(evaluation=evaluation, item=cleared, actor=world.publisher, kind="clear", reason="与课程内容重复")
    ev.finish(evaluation=evaluation, actor=world.publisher)
    for title in ("安全教育进校园", "气象科普进校园", "新的事项"):
        approved_application(term=term, department=world.department, title=title)
    edition = whitelist_services.assemble_edition(actor=world.publisher, term=term)
    assert sorted(edition.items.values_list("name", flat=True)) == ["安全教育进校园", "新的事项"]
    assert Decision.objects.filter(kind="clear").count() == 1 and not LedgerLine.objects.exists()
    from apps.whitelist.views.public import edition_body

    assert "data-not-carried" in edition_body(edition, {})  # the reduction rate says what was not carried


def test_a_forged_decision_is_refused_with_a_clear_message_and_changes_nothing(world, client):
    evaluation = ev.start_evaluation(actor=world.publisher, school_year=world.edition.starts_on.year)
    client.force_login(world.publisher)
    url = reverse("visits:evaluation", args=[evaluation.pk])
    for item in ("abc", "99999999999999999999999", "0"):
        response = client.post(url, {"item": item, "kind": "suspend", "reason": "伪造"}, follow=True)
        assert response.status_code == 400
        assert "该事项不在本学年评估范围内" in response.content.decode()
    assert not Decision.objects.filter(evaluation=evaluation).exists()
    world.item.refresh_from_db()
    assert world.item.status == "in_force"


def test_a_publisher_sees_only_the_evaluations_of_its_own_region(world, client):
    from apps.accounts.models import Region
    from apps.accounts.roles import Role
    from tests.factories import BureauFactory, UserFactory

    evaluation = ev.start_evaluation(actor=world.publisher, school_year=world.edition.starts_on.year)
    elsewhere = Region.objects.create(code="350599", name="别县", level="county")
    stranger = UserFactory(organisation=BureauFactory(region=elsewhere), roles=[Role.PUBLISHER])
    client.force_login(stranger)
    assert client.get(reverse("visits:evaluation", args=[evaluation.pk])).status_code == 404
    assert evaluation.pk not in [e.pk for e in client.get(reverse("visits:evaluations")).context["evaluations"]]
