"""The statistics page of each role, its .xlsx tables, and the public statistics page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Region
from apps.accounts.permissions import require
from apps.whitelist.models import WhitelistEdition

from . import selectors
from .scope import PeriodForm, current_period, region_choices, scope_for
from .tables import SECTIONS, public_transparency_table, public_whitelist_table
from .xlsx import table_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reader_view(user, params):
    """(form, scope, period) for a request's GET parameters; a bad period falls back to the current term."""
    regions = region_choices(user)
    form = PeriodForm(params or None, regions=regions)
    valid = form.is_valid() if form.is_bound else False
    period = form.cleaned_data["period"] if valid else current_period()
    scope = scope_for(user, form.cleaned_data.get("region") if valid else None, regions)
    return form, scope, period


def _sections(scope, period, only: str | None = None) -> list[dict]:
    sections = []
    for key, heading, build in SECTIONS:
        if only and key != only:
            continue
        tables = build(selectors.FIGURES[key](scope, period))
        if tables:
            sections.append({"key": key, "heading": heading, "tables": tables})
    return sections


def _subtitle(scope, period) -> str:
    return _("%(scope)s，%(period)s（%(start)s至%(end)s）") % {
        "scope": scope.label, "period": period.label, "start": period.starts_on.isoformat(),
        "end": period.ends_on.isoformat()}


def _xlsx_response(table, subtitle, name):
    response = HttpResponse(table_xlsx(table, subtitle), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def page(request):
    require(request.user, "stats.view")
    form, scope, period = reader_view(request.user, request.GET)
    sections = _sections(scope, period)
    charts = {t.key: t.chart for s in sections for t in s["tables"] if t.chart}
    response = render(request, "stats/page.html", {
        "form": form, "scope": scope, "period": period, "sections": sections, "charts": charts,
        "query": request.GET.urlencode(), "export_url": "stats:export"})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export(request, table):
    require(request.user, "stats.view")
    _form, scope, period = reader_view(request.user, request.GET)
    section = table.split("_", 1)[0]
    found = next((t for s in _sections(scope, period, only=section) for t in s["tables"] if t.key == table), None)
    if found is None:
        raise Http404
    response = _xlsx_response(found, _subtitle(scope, period), table)
    response["Cache-Control"] = "private, no-store"
    return response


def public_regions():
    """Regions with a published list (their lists and rates are public)."""
    return list(Region.objects.filter(whitelist_editions__status=WhitelistEdition.Status.PUBLISHED)
                .distinct().order_by("code"))


def public_figures(params) -> tuple[Region | None, list[Region], dict, list]:
    """What the public page shows: the published lists' counts and rates, and the transparency figures."""
    from apps.ledger.transparency import figures, term_period

    regions = public_regions()
    chosen = next((r for r in regions if str(r.pk) == params.get("region", "")), None)
    editions = selectors.whitelist_by_period([chosen.pk] if chosen else [r.pk for r in regions])
    term = term_period(timezone.localdate())
    return chosen, regions, {"period": term, **figures(term)}, editions


def _public_tables(params):
    chosen, regions, transparency, editions = public_figures(params)
    return chosen, regions, transparency, [public_whitelist_table(editions), public_transparency_table(transparency)]


def public(request):
    """No login: list counts and reduction rates per period, and the complaint line's and the ledger's figures of
    the transparency page; numbers only, nothing personal or internal."""
    chosen, regions, transparency, tables = _public_tables(request.GET)
    response = render(request, "stats/public.html", {
        "regions": regions, "chosen": chosen, "transparency": transparency, "tables": tables,
        "charts": {t.key: t.chart for t in tables}, "query": request.GET.urlencode()})
    response["Cache-Control"] = "public, max-age=300"
    return response


def public_export(request, table):
    chosen, _regions, transparency, tables = _public_tables(request.GET)
    found = next((t for t in tables if t.key == table), None)
    if found is None:
        raise Http404
    subtitle = chosen.name if chosen else _("全部地区")
    if table == "public_transparency":
        subtitle = transparency["period"].label
    return _xlsx_response(found, subtitle, table)
