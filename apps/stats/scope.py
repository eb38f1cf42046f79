"""Whose figures a reader sees (a region's subtree, or one department's own) and for which period."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Region
from apps.accounts.permissions import region_of, require
from apps.applications.models import Term
from apps.applications.terms import term_for_date
from apps.whitelist.models import PeriodKind
from apps.whitelist.periods import Period, range_period, school_year_period, term_period, year_period

from .rules import sees_region


@dataclass(frozen=True)
class Scope:
    """``region_ids`` None: every region (the superuser); ``department_id`` set: that department's own figures."""

    label: str
    region_ids: tuple[int, ...] | None = None
    department_id: int | None = None

    @property
    def is_department(self) -> bool:
        return self.department_id is not None


def regions_under(region_id: int | None):
    """A region and the regions below it (a city's counties; a province's cities and counties), one query."""
    qs = Region.objects.order_by("code")
    if region_id is None:
        return qs
    return qs.filter(Q(pk=region_id) | Q(parent_id=region_id) | Q(parent__parent_id=region_id))


def region_choices(user) -> list[Region]:
    if not sees_region(user):
        return []
    return list(regions_under(None if user.is_superuser and region_of(user) is None else region_of(user)))


def scope_for(user, region_id=None, regions: list[Region] | None = None) -> Scope:
    """The reader's scope; ``region_id`` narrows a bureau's view to one region of its own subtree."""
    require(user, "stats.view")
    if not sees_region(user):
        organisation = user.organisation
        return Scope(label=organisation.name, department_id=organisation.pk)
    regions = region_choices(user) if regions is None else regions
    by_id = {r.pk: r for r in regions}
    try:
        chosen = by_id.get(int(region_id)) if region_id not in (None, "") else None
    except (TypeError, ValueError):
        chosen = None
    if chosen is None:
        if user.is_superuser and region_of(user) is None:
            return Scope(label=gettext("全部地区"))
        chosen = by_id.get(region_of(user))
        if chosen is None:
            raise PermissionDenied
    below = {chosen.pk}
    for region in regions:  # the subtree, from the rows already read
        if region.parent_id in below or (region.parent_id and by_id.get(region.parent_id)
                                          and by_id[region.parent_id].parent_id in below):
            below.add(region.pk)
    return Scope(label=chosen.name, region_ids=tuple(sorted(below)))


def current_period(today: dt.date | None = None) -> Period:
    key = term_for_date(today or timezone.localdate())
    term = Term.objects.filter(start_year=key.start_year, semester=key.semester).first()
    return term_period(term or key)


EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class PeriodForm(forms.Form):
    """The period of the figures: a term, a school year, a calendar year or a dated range (GET parameters)."""

    kind = forms.ChoiceField(label=_("统计期间"), choices=PeriodKind.choices, required=False)
    term = forms.ModelChoiceField(label=_("学期"), queryset=Term.objects.order_by("-start_year", "-semester"),
                                  required=False, empty_label=None)
    school_year = forms.IntegerField(label=_("学年起始年"), min_value=2000, max_value=2100, required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    starts_on = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.ChoiceField(label=_("地区"), required=False)

    def __init__(self, data=None, *, regions=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region"].choices = [("", gettext("本辖区全部"))] + [(str(r.pk), r.name) for r in regions]
        if len(regions) < 2:  # a county's bureau has nothing to narrow to
            del self.fields["region"]
        today = timezone.localdate()
        key = term_for_date(today)
        self.fields["school_year"].initial = key.start_year
        # The select shows the term the figures are for when none was chosen: the current one.
        self.fields["term"].initial = Term.objects.filter(
            start_year=key.start_year, semester=key.semester).values_list("pk", flat=True).first()
        self.fields["year"].initial = today.year

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or PeriodKind.TERM
        if kind == PeriodKind.TERM:
            data["period"] = term_period(data["term"]) if data.get("term") else current_period()
        elif kind == PeriodKind.SCHOOL_YEAR:
            if not data.get("school_year"):
                raise ValidationError({"school_year": gettext("请填写学年起始年。")})
            data["period"] = school_year_period(data["school_year"])
        elif kind == PeriodKind.YEAR:
            if not data.get("year"):
                raise ValidationError({"year": gettext("请填写年度。")})
            data["period"] = year_period(data["year"])
        else:
            if not data.get("starts_on") or not data.get("ends_on"):
                raise ValidationError(gettext("按时段统计须填写开始和结束日期。"))
            if data["starts_on"] < EARLIEST or data["ends_on"] > LATEST:
                raise ValidationError(gettext("统计时段须在2000年至2100年之间。"))
            if (data["ends_on"] - data["starts_on"]).days > 3 * 366:
                raise ValidationError(gettext("统计时段不能超过三年。"))
            data["period"] = range_period(data["starts_on"], data["ends_on"])
        return data
