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

from whitelist_portal.ratelimit import limit_public_posts

from .. import selectors, services, stats
from ..api.serializers import ItemSerializer
from ..caching import cached_fragment
from ..filters import WhitelistItemFilter
from ..forms import ObjectionForm
from ..models import WhitelistEdition
from ..rows import item_rows
from ..wording import STAGE_LABELS, group_heading, stage_labels
from ..xlsx import HEADINGS, item_row

FILTER_KEYS = ("q", "item_type", "category", "lead_unit", "stage", "status")


def _params(request) -> list[tuple[str, str]]:
    return [(k, request.GET.get(k, "")) for k in FILTER_KEYS if request.GET.get(k)]


def edition_body(edition: WhitelistEdition, params, *, preview=False) -> str:
    """The edition as the public sees it; the publisher's preview renders exactly this."""
    items_qs = selectors.edition_items(edition)
    filterset = WhitelistItemFilter(dict(params), queryset=items_qs)
    items = list(filterset.qs)
    groups = {}
    stage_names = {key: str(label) for key, label in STAGE_LABELS.items()}  # translated once, not per row
    separator = _("、")
    for item in items:
        item.stage_text = separator.join(stage_names.get(s, s) for s in item.stages)
        groups.setdefault(item.item_type, []).append(item)
    labels = dict(WhitelistItemFilter.base_filters["item_type"].extra["choices"])
    grouped = [
        (group_heading(i, str(labels[t]), len(groups[t])), item_rows(groups[t]))
        for i, t in enumerate(t for t in labels if t in groups)
    ]
    before, comparison = stats.comparison(edition)
    return render_to_string("whitelist/_edition_body.html", {
        "edition": edition, "grouped": grouped, "shown": len(items), "filterset": filterset,
        "filters": dict(params), "query": urlencode(params), "lead_units": selectors.lead_unit_choices(items_qs),
        "previous": before, "comparison": comparison, "preview": preview,
        "changes": list(selectors.public_changes(edition)[:5]), "target_rate": stats.TARGET_RATE,
    })


def _edition_page(request, edition_id: int, *, current=False):
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
        "objection_form": objection_form, "current": current,
    })


def current(request):
    """The county's whitelist for the current term, or a plain word that it is not published yet."""
    def render_current():
        editions = list(selectors.current_editions())
        published = [e for e in editions if e.status == WhitelistEdition.Status.PUBLISHED]
        return {"published": [e.pk for e in published],
                "notice": [(e.pk, e.title, e.notice_ends_on) for e in editions if e not in published]}

    found = cached_fragment("current", [], render_current)
    if len(found["published"]) == 1:
        return _edition_page(request, found["published"][0], current=True)
    if found["published"]:
        return redirect("whitelist:editions")
    return render(request, "whitelist/not_published.html", {"notice": found["notice"]})


def edition_detail(request, pk: int):
    return _edition_page(request, pk)


def edition_list(request):
    def render_list():
        return render_to_string("whitelist/_edition_list.html", {"editions": list(selectors.public_editions())})

    return render(request, "whitelist/editions.html", {"body": mark_safe(cached_fragment("editions", [], render_list))})


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
    edition, items = _filtered_items(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _download_name(edition, ".csv")
    response.write("\ufeff")  # so that Excel opens UTF-8 correctly
    writer = csv.writer(response)
    writer.writerow(["事项类型", *HEADINGS])
    for item in items:
        writer.writerow([item.get_item_type_display(), *item_row(item)])
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
            services.submit_objection(edition=edition, item=form.cleaned_data["item"],
                                      content=form.cleaned_data["content"], name=form.cleaned_data["name"],
                                      contact=form.cleaned_data["contact"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "whitelist/objection_done.html", {"edition": edition})
    return render(request, "whitelist/objection.html", {"edition": edition, "form": form})
