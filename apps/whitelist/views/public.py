"""Public pages of the whitelist: no login, cached, and nothing that is not published or on notice."""

import csv
import json
from urllib.parse import quote, urlencode

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from whitelist_portal import codes
from whitelist_portal.plaintext import csv_cell
from whitelist_portal.ratelimit import limit_public_posts

from .. import selectors, services, stats
from ..api.serializers import ItemSerializer
from ..caching import cached_fragment
from ..columns import columns_for, row_texts
from ..filters import WhitelistItemFilter
from ..forms import ObjectionForm, ObjectionLookupForm
from ..models import WhitelistEdition
from ..page_cache import public_page
from ..periods import period_of
from ..rows import heading_cells, item_rows
from ..wording import group_heading, stage_labels

FILTER_KEYS = ("q", "item_type", "category", "lead_unit", "stage", "status")


def _params(request) -> list[tuple[str, str]]:
    return [(k, request.GET.get(k, "")) for k in FILTER_KEYS if request.GET.get(k)]


def _grouped(items, columns):
    groups = {}
    for item in items:
        groups.setdefault(item.item_type, []).append(item)
    labels = dict(WhitelistItemFilter.base_filters["item_type"].extra["choices"])
    return [
        (group_heading(i, str(labels[t]), len(groups[t])), item_rows(groups[t], columns))
        for i, t in enumerate(t for t in labels if t in groups)
    ]


def _inherited(edition) -> list[dict]:
    """The province's and the city's lists in force over this list's period, each in its own columns."""
    sections = []
    for source, items in selectors.inherited_items(edition):
        columns = columns_for(source, source.items.filter(pk__in=[i.pk for i in items]))
        sections.append({"edition": source, "count": len(items), "heading_cells": heading_cells(columns),
                         "rows": item_rows(items, columns)})
    return sections


def edition_body(edition: WhitelistEdition, params, *, preview=False) -> str:
    """The edition as the public sees it; the publisher's preview renders exactly this."""
    items_qs = selectors.edition_items(edition)
    filterset = WhitelistItemFilter(dict(params), queryset=items_qs)
    # Unfiltered (the page everyone opens), the items shown are all the items: what the stage choices and the
    # columns need is read from them rather than asked of the database again.
    every = None if params else list(items_qs)
    # 学段 offers only the stages some item of this list has (an empty choice would always give 0 items).
    stage_lists = [i.stages for i in every] if every is not None else items_qs.values_list("stages", flat=True)
    present = {stage for stages in stage_lists for stage in stages or []}
    filterset.filters["stage"].extra["choices"] = [
        c for c in Organisation.SchoolStage.choices if c[0] in present or c[0] == params_stage(params)]
    items = every if every is not None else list(filterset.qs)
    columns = columns_for(edition, every if every is not None else items_qs)
    before, comparison = stats.comparison(edition)
    return render_to_string("whitelist/_edition_body.html", {
        "edition": edition, "grouped": _grouped(items, columns), "heading_cells": heading_cells(columns),
        "shown": len(items), "filterset": filterset,
        "filters": dict(params), "query": urlencode(params), "lead_units": selectors.lead_unit_choices(items_qs),
        "previous": before, "comparison": comparison, "preview": preview,
        "not_carried": len(services.left_out_of_assembly(edition.region_id, period_of(edition))) if before else 0,
        "inherited": [] if params else _inherited(edition),
        "changes": list(selectors.public_changes(edition)[:5]), "target_rate": stats.TARGET_RATE,
        # Only an edition that went through notice can have objections: the others skip the query.
        "answered_objections": list(selectors.answered_objections(edition)) if edition.notice_starts_on else [],
    })


def params_stage(params) -> str:
    return dict(params).get("stage", "")


def _edition_page(request, edition_id: int, *, current=False, notice=()):
    params = _params(request)

    def render_body():
        edition = get_object_or_404(selectors.public_editions(), pk=edition_id)
        return {"title": edition.title, "status": edition.status, "html": edition_body(edition, params)}

    body = cached_fragment(f"edition:{edition_id}", params, render_body)
    objection_form = None
    if body["status"] == WhitelistEdition.Status.NOTICE:
        edition = get_object_or_404(selectors.public_editions(), pk=edition_id)
        objection_form = ObjectionForm(edition=edition)
    return render(request, "whitelist/edition.html", {
        "title": body["title"], "body": mark_safe(body["html"]), "edition_id": edition_id,
        "objection_form": objection_form, "current": current, "on_notice": notice,
    })


@public_page
def current(request):
    """The county's whitelist for the current term, or a plain word that it is not published yet."""
    def render_current():
        # The most local lists: a county's page already carries its province's and city's items.
        editions = selectors.most_local(list(selectors.current_editions()))
        published = [e for e in editions if e.status == WhitelistEdition.Status.PUBLISHED]
        return {"published": [e.pk for e in published],
                "notice": [(e.pk, e.title, e.notice_ends_on) for e in editions if e not in published]}

    found = cached_fragment("current", [], render_current)
    if len(found["published"]) == 1:
        return _edition_page(request, found["published"][0], current=True, notice=found["notice"])
    if found["published"]:
        return redirect("whitelist:editions")
    return render(request, "whitelist/not_published.html", {"notice": found["notice"]})


@public_page
def edition_detail(request, pk: int):
    return _edition_page(request, pk)


@public_page
def edition_list(request):
    def render_list():
        return render_to_string("whitelist/_edition_list.html", {"editions": list(selectors.public_editions())})

    return render(request, "whitelist/editions.html", {"body": mark_safe(cached_fragment("editions", [], render_list))})


@public_page
def item_detail(request, pk: int):
    def render_item():
        item = get_object_or_404(selectors.public_items(), pk=pk)
        item.stage_text = stage_labels(item.stages)
        html = render_to_string("whitelist/_item_body.html", {
            "item": item, "edition": item.edition, "changes": list(item.changes.order_by("-happened_on", "-pk")),
        })
        return {"title": item.name, "html": html}

    body = cached_fragment(f"item:{pk}", [], render_item)
    return render(request, "whitelist/item.html", {"title": body["title"], "body": mark_safe(body["html"])})


@public_page
def change_log(request, pk: int):
    def render_changes():
        edition = get_object_or_404(selectors.public_editions(), pk=pk)
        html = render_to_string("whitelist/_changes_body.html", {
            "edition": edition, "changes": list(selectors.public_changes(edition)),
        })
        return {"title": edition.title, "html": html}

    body = cached_fragment(f"changes:{pk}", [], render_changes)
    return render(request, "whitelist/changes.html", {"title": body["title"], "body": mark_safe(body["html"])})


def _download_name(edition, ext: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(edition.title + ext)}"


def export_download(request, pk: int):
    """The stored .xlsx of a published edition; only a completely written file is ever pointed at."""
    edition = get_object_or_404(selectors.public_editions(), pk=pk)
    if not edition.export_name or not default_storage.exists(edition.export_name):
        raise Http404(_("该白名单的 Excel 文件尚未生成。"))
    response = FileResponse(default_storage.open(edition.export_name, "rb"),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = _download_name(edition, ".xlsx")
    return response


def _filtered_items(request, pk):
    edition = get_object_or_404(selectors.public_editions(), pk=pk)
    return edition, WhitelistItemFilter(request.GET, queryset=selectors.edition_items(edition)).qs


def items_csv(request, pk: int):
    """The list in the edition's columns, each cell as written (a cell a spreadsheet would run is quoted)."""
    edition, items = _filtered_items(request, pk)
    columns = columns_for(edition)
    grouped = items.exclude(group_label="").exists()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _download_name(edition, ".csv")
    response.write("\ufeff")  # so that Excel opens UTF-8 correctly
    writer = csv.writer(response)
    writer.writerow([_("事项类型"), *([_("分组")] if grouped else []), *(c.heading for c in columns)])
    for item in items:
        group = [item.group_label] if grouped else []
        writer.writerow([csv_cell(v) for v in (item.get_item_type_display(), *group, *row_texts(item, columns))])
    return response


def items_json(request, pk: int):
    edition, items = _filtered_items(request, pk)
    data = {"edition": edition.title, "version": edition.version, "items": ItemSerializer(items, many=True).data}
    response = HttpResponse(json.dumps(data, ensure_ascii=False, default=str, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = _download_name(edition, ".json")
    return response


@limit_public_posts("objection")
def objection(request, pk: int):
    edition = get_object_or_404(selectors.public_editions(), pk=pk, status=WhitelistEdition.Status.NOTICE)
    form = ObjectionForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.submit_objection(
                edition=edition, item=form.cleaned_data["item"], content=form.cleaned_data["content"],
                name=form.cleaned_data["name"], contact=form.cleaned_data["contact"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "whitelist/objection_done.html", {
                "edition": edition, "code": codes.display(objection.code)})
    return render(request, "whitelist/objection.html", {"edition": edition, "form": form})


@limit_public_posts("objection_lookup")
def objection_lookup(request):
    """The objector reads the answer by the code shown when the objection was sent (posted, never in the URL)."""
    form = ObjectionLookupForm(request.POST or None)
    found, missing = None, False
    if request.method == "POST" and form.is_valid():
        code = codes.normalise(form.cleaned_data["code"])
        if codes.is_well_formed(code):
            found = selectors.objection_by_code(codes.digest(code, purpose="objection"))
        missing = found is None
    return render(request, "whitelist/objection_lookup.html", {"form": form, "objection": found,
                                                                "missing": missing})
