"""The public lookup a school makes at its gate: every list in force for its region on the day, searched at once
(its county's, its city's and its province's, of whatever period), not only the current term's list."""

from django.shortcuts import render
from django.utils import timezone

from .. import selectors
from ..forms import LookupForm

RESULT_LIMIT = 50


def lookup(request):
    regions = selectors.regions_with_lists()
    data = None
    if request.GET:
        data = request.GET.copy()
        data["day"] = data.get("day") or timezone.localdate().isoformat()  # the form shows the day it searched
    form = LookupForm(data, regions=regions, initial={"day": timezone.localdate()})
    context = {"form": form, "searched": False}
    if request.GET and form.is_valid():
        region = form.cleaned_data["region"]
        day = form.cleaned_data["day"]
        text = form.cleaned_data["q"].strip()
        items = list(selectors.search_in_force(region, day, text)[:RESULT_LIMIT + 1]) if text else []
        context.update({
            "searched": bool(text), "region": region, "day": day, "text": text,
            "items": items[:RESULT_LIMIT], "more": len(items) > RESULT_LIMIT,
            "editions": list(selectors.editions_in_force_for(region, day)),
        })
    return render(request, "whitelist/lookup.html", context, status=400 if form.errors else 200)
