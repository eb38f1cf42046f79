"""Visits: recording with the frequency warning, the school's answers at the gate, the overrun's one ledger line,
rating, and who may do what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.ledger.models import LedgerLine, SourceKind
from apps.visits import services
from apps.visits.exceptions import ConflictError, OverLimit
from apps.visits.models import Visit
from whitelist_portal import codes

from .conftest import make_item, make_visit, visit_data

pytestmark = pytest.mark.django_db


def test_recording_gives_an_unguessable_permit_code_and_is_audited(world):
    first = services.record_visit(actor=world.submitter, data=visit_data(world))
    second = services.record_visit(actor=world.submitter, data=visit_data(world, school=world.other_school))
    for visit in (first, second):
        assert codes.is_well_formed(visit.code)
    assert first.code != second.code
    assert first.status == Visit.Status.PLANNED and first.region_id == world.school.region_id
    assert AuditEvent.objects.filter(action="visit.recorded", object_id=str(first.pk)).count() == 1


def test_only_a_department_running_the_item_records_its_visits(world):
    other = make_item(world, name="别人的事项", runs=False)
    with pytest.raises(PermissionDenied):
        services.record_visit(actor=world.submitter, data=visit_data(world, item=other))
    with pytest.raises(PermissionDenied):
        services.record_visit(actor=world.school_user, data=visit_data(world))


def test_a_suspended_item_or_a_past_date_cannot_be_recorded(world):
    world.item.status = "suspended"
    world.item.save()
    with pytest.raises(ValidationError) as exc:
        services.record_visit(actor=world.submitter, data=visit_data(world))
    assert "item" in exc.value.message_dict
    world.item.status = "in_force"
    world.item.save()
    with pytest.raises(ValidationError) as exc:
        services.record_visit(actor=world.submitter,
                              data=visit_data(world, date=timezone.localdate() - dt.timedelta(days=1)))
    assert "date" in exc.value.message_dict


def test_a_visit_beyond_the_approved_frequency_warns_and_needs_a_reason(world):
    world.item.times = 1
    world.item.save()
    services.record_visit(actor=world.submitter, data=visit_data(world))
    with pytest.raises(OverLimit) as exc:
        services.record_visit(actor=world.submitter, data=visit_data(world))
    assert "上限 1，已有 1，登记后为 2" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.record_visit(actor=world.submitter, data=visit_data(world), acknowledge=True)
    visit = services.record_visit(actor=world.submitter, data=visit_data(world), acknowledge=True,
                                  justification="上级临时部署")
    assert visit.warnings and visit.justification == "上级临时部署"
    # another school's count is its own
    services.record_visit(actor=world.submitter, data=visit_data(world, school=world.other_school))


def test_a_confirmed_overrun_opens_exactly_one_ledger_line(world):
    world.item.times = 1
    world.item.save()
    make_visit(world, day=timezone.localdate(), status="confirmed")
    visit = services.record_visit(actor=world.submitter, data=visit_data(world), acknowledge=True,
                                  justification="补充宣讲")
    visit = services.confirm_visit(visit=visit, actor=world.school_user, seen_version=visit.version)
    lines = LedgerLine.objects.filter(source_kind=SourceKind.ACTIVITY_RECORD)
    assert lines.count() == 1
    line = lines.get()
    assert line.owner == world.department and visit.ledger_line == line and visit.code_display in line.source_ref
    with pytest.raises(ConflictError):
        services.confirm_visit(visit=visit, actor=world.school_user, seen_version=visit.version - 1)
    with pytest.raises(ConflictError):
        services.confirm_visit(visit=visit, actor=world.school_user, seen_version=visit.version)
    assert lines.count() == 1


def test_a_confirmed_visit_within_the_approval_opens_no_line(world):
    planned = make_visit(world, day=timezone.localdate())  # planned, not yet confirmed: not counted at the gate
    visit = services.record_visit(actor=world.submitter, data=visit_data(world))
    services.confirm_visit(visit=visit, actor=world.school_user, seen_version=visit.version)
    assert planned.status == "planned"
    assert not LedgerLine.objects.exists()


def test_the_school_confirms_refuses_reports_and_rates_its_own_visits_only(world):
    visit = services.record_visit(actor=world.submitter, data=visit_data(world))
    with pytest.raises(PermissionDenied):
        services.confirm_visit(visit=visit, actor=world.other_school_user, seen_version=visit.version)
    with pytest.raises(PermissionDenied):
        services.confirm_visit(visit=visit, actor=world.submitter, seen_version=visit.version)
    with pytest.raises(ValidationError):
        services.refuse_visit(visit=visit, actor=world.school_user, seen_version=visit.version, reason=" ")
    refused = services.refuse_visit(visit=visit, actor=world.school_user, seen_version=visit.version,
                                    reason="未带审批表，且要求学生扫码")
    assert refused.status == Visit.Status.REFUSED and refused.handled_by == world.school_user
    complaint, code = services.report_problem(visit=refused, actor=world.school_user,
                                              description="要求学生扫码关注公众号")
    assert complaint.status == "received" and list(complaint.schools.all()) == [world.school]
    assert complaint.department == world.department and refused.code_display in complaint.description
    assert list(refused.complaints.all()) == [complaint] and codes.is_well_formed(code)
    with pytest.raises(ValidationError):
        services.rate_visit(visit=refused, actor=world.school_user, burden=3, usefulness=3)

    second = services.record_visit(actor=world.submitter, data=visit_data(world))
    second = services.confirm_visit(visit=second, actor=world.school_user, seen_version=second.version)
    services.rate_visit(visit=second, actor=world.school_user, burden=2, usefulness=5, comment="讲得生动")
    with pytest.raises(ConflictError):
        services.rate_visit(visit=second, actor=world.school_user, burden=1, usefulness=1)
    with pytest.raises(ValidationError):
        third = services.record_visit(actor=world.submitter, data=visit_data(world, school=world.other_school))
        third = services.confirm_visit(visit=third, actor=world.other_school_user, seen_version=third.version)
        services.rate_visit(visit=third, actor=world.other_school_user, burden=9, usefulness=1)


def test_a_future_visit_cannot_be_confirmed_and_the_department_may_cancel(world):
    visit = services.record_visit(actor=world.submitter,
                                  data=visit_data(world, date=timezone.localdate() + dt.timedelta(days=3)))
    with pytest.raises(ValidationError):
        services.confirm_visit(visit=visit, actor=world.school_user, seen_version=visit.version)
    with pytest.raises(PermissionDenied):
        services.cancel_visit(visit=visit, actor=world.school_user, seen_version=visit.version, reason="x")
    visit = services.cancel_visit(visit=visit, actor=world.submitter, seen_version=visit.version, reason="天气原因")
    assert visit.status == Visit.Status.CANCELLED


def test_the_school_is_told_of_a_visit_and_the_department_of_a_refusal(world, django_capture_on_commit_callbacks):
    from apps.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        visit = services.record_visit(actor=world.submitter, data=visit_data(world))
    told = Notification.objects.get(recipient=world.school_user)
    assert world.item.name in told.title and visit.code_display in told.body
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_visit(visit=visit, actor=world.school_user, seen_version=visit.version, reason="未带凭证")
    assert Notification.objects.get(recipient=world.submitter).body == "未带凭证"
