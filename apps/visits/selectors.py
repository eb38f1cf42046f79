"""Reads for visits: the public permit check, the lists each user may see, the workspace panels, rating averages."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.permissions import has_role, region_of
from apps.whitelist.models import WhitelistEdition, WhitelistItem

from .models import Rating, Visit
from .rules import BUREAU_READERS, is_department, is_school

# -- the public check -----------------------------------------------------------------------------------------------

class Verdict:
    VALID = "valid"
    OTHER_SCHOOL = "other_school"
    OTHER_DATE = "other_date"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    CANCELLED = "cancelled"
    NOT_FOUND = "not_found"

    LABELS = {
        VALID: _("有效：该活动在白名单内，凭证与本校、今日相符，可以进校。"),
        OTHER_SCHOOL: _("不符：该凭证不是开给本校的，请勿放行。"),
        OTHER_DATE: _("不符：该凭证不是今天的，请勿放行。"),
        SUSPENDED: _("不可进校：该事项已暂停。"),
        REVOKED: _("不可进校：该事项已撤销。"),
        CANCELLED: _("不可进校：该凭证已由开展单位取消。"),
        NOT_FOUND: _("无此凭证：请核对编码；凭证无法核实的活动不得进校。"),
    }
    OK = (VALID,)


@dataclass(frozen=True)
class CheckResult:
    verdict: str
    visit: Visit | None = None

    @property
    def label(self) -> str:
        return str(Verdict.LABELS[self.verdict])

    @property
    def ok(self) -> bool:
        return self.verdict in Verdict.OK


def permit_by_code(code: str) -> Visit | None:
    return (Visit.objects.filter(code=code)
            .select_related("item", "item__edition", "department", "school").first())


def check_permit(code: str, *, school_id: int | None = None, day: dt.date | None = None) -> CheckResult:
    """One plain verdict for a permit code, at ``school_id`` (the checking school, when known) on ``day``."""
    visit = permit_by_code(code) if code else None
    if visit is None:
        return CheckResult(Verdict.NOT_FOUND)
    day = day or timezone.localdate()
    if visit.item.status == WhitelistItem.Status.REVOKED:
        return CheckResult(Verdict.REVOKED, visit)
    if visit.item.status == WhitelistItem.Status.SUSPENDED:
        return CheckResult(Verdict.SUSPENDED, visit)
    if visit.status == Visit.Status.CANCELLED:
        return CheckResult(Verdict.CANCELLED, visit)
    if school_id is not None and school_id != visit.school_id:
        return CheckResult(Verdict.OTHER_SCHOOL, visit)
    if visit.date != day:
        return CheckResult(Verdict.OTHER_DATE, visit)
    return CheckResult(Verdict.VALID, visit)


# -- lists ----------------------------------------------------------------------------------------------------------

def visits_visible_to(user):
    rows = Visit.objects.select_related("item", "department", "school", "rating")
    if user.is_superuser:
        return rows
    q = Q(pk__in=[])
    if is_department(user):
        q |= Q(department_id=user.organisation_id)
    if is_school(user):
        q |= Q(school_id=user.organisation_id)
    if has_role(user, *BUREAU_READERS) and region_of(user) is not None:
        q |= Q(region_id=region_of(user))
    return rows.filter(q)


def evaluations_visible_to(user):
    """The year-end evaluations of the user's own region (every region's for a superuser)."""
    from .models import Evaluation

    rows = Evaluation.objects.select_related("region")
    return rows if user.is_superuser else rows.filter(region_id=region_of(user))


def items_run_by(organisation, day: dt.date | None = None):
    """The published items in force that name the department among their lead units, for its visit form."""
    day = day or timezone.localdate()
    return (WhitelistItem.objects.filter(departments=organisation, status=WhitelistItem.Status.IN_FORCE,
                                         edition__status=WhitelistEdition.Status.PUBLISHED,
                                         edition__ends_on__gte=day)
            .select_related("edition").order_by("edition__starts_on", "item_type", "number"))


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    """The coming seven days from today: on a Friday, next week's visits are already what concerns the workspace."""
    return today, today + dt.timedelta(days=6)


def department_today(user) -> dict | None:
    """The department's workspace: visits this week and permits to print (planned visits still ahead)."""
    if not is_department(user):
        return None
    today = timezone.localdate()
    mine = Visit.objects.filter(department_id=user.organisation_id)
    week = list(mine.filter(date__range=_week(today)).exclude(status=Visit.Status.CANCELLED)
                .select_related("item", "school").order_by("date", "start_time")[:10])
    to_print = mine.filter(status=Visit.Status.PLANNED, date__gte=today).count()
    return {"week": week, "to_print": to_print, "may_record": items_run_by(user.organisation).exists()}


def school_today(user) -> dict | None:
    """The school's workspace: visits this week, visits to confirm (their day has come), ratings to give."""
    if not is_school(user):
        return None
    today = timezone.localdate()
    mine = Visit.objects.filter(school_id=user.organisation_id)
    week = list(mine.filter(date__range=_week(today)).exclude(status=Visit.Status.CANCELLED)
                .select_related("item", "department").order_by("date", "start_time")[:10])
    return {"week": week,
            "to_confirm": mine.filter(status=Visit.Status.PLANNED, date__lte=today).count(),
            "to_rate": mine.filter(status=Visit.Status.CONFIRMED, rating__isnull=True).count()}


def rating_averages(visits) -> list[dict]:
    """Per item: the number of ratings and the average burden and usefulness; never who said what."""
    return list(Rating.objects.filter(visit__in=visits).values("visit__item__name")
                .annotate(n=Count("pk"), burden=Avg("burden"), usefulness=Avg("usefulness"))
                .order_by("visit__item__name"))
