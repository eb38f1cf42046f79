"""The publisher's import of a list the bureau already published: a dry run that shows what was understood or every
problem with its cell, then the confirmation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.applications.models import ItemType

from .. import list_import
from ..import_forms import ListImportForm
from .manage import publisher_only


@publisher_only
def import_list(request):
    form = ListImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "parsed": None, "confirm": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = {"actor": request.user, "period": data["period"], "content": data["bytes"],
                "filename": data["filename"]}
        try:
            if request.POST.get("action") == "confirm" and not data.get("file"):
                edition = list_import.import_list(**args, title=data["title"], publish=data["publish"])
                messages.success(request, _("已导入“%(title)s”，共 %(n)d 项。") % {
                    "title": edition.title, "n": edition.items.count()})
                return redirect("whitelist:manage_edition", pk=edition.pk)
            parsed = list_import.preview_import(**args)
        except list_import.ListProblems as exc:
            parsed = list_import.ParsedList(problems=exc.problems)
        except ValidationError as exc:
            form.add_error(None, exc)
            return render(request, "whitelist/import.html", context)
        context.update(_preview(request, form, parsed))
    return render(request, "whitelist/import.html", context)


def _preview(request, form, parsed) -> dict:
    data = form.cleaned_data
    context = {"parsed": parsed, "filename": data["filename"]}
    if parsed.problems:
        return context
    carried = request.POST.copy()
    carried.update({"content": form.carried_content(), "filename": data["filename"]})
    labels = dict(ItemType.choices)
    columns = [c for c in parsed.columns if c.field != "item_type"]
    context.update({
        "confirm": ListImportForm(carried),
        "columns": columns,
        "counts": [(labels[t], n) for t, n in parsed.counts().items()],
        "groups": [(label, labels[t], n) for label, t, n in parsed.groups()],
        "rows": [(row.row, labels[row.item_type], row.group_label,
                  [(c.label, row.values.get(c.field, "")) for c in columns]) for row in parsed.rows],
        "title": list_import.import_title(data["title"], parsed, request.user.organisation.region, data["period"]),
        "period": data["period"],
        "publish": data["publish"],
    })
    return context
