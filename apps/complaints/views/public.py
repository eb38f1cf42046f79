"""The public's pages: report online (no login) and look a report up by its receipt code."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import receipts, selectors, services
from ..forms import LookupForm, OnlineReportForm
from ..throttle import allow, client_ip

RECEIPT_SESSION_KEY = "complaints_public_receipt"


@never_cache
def report(request):
    form = OnlineReportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not allow("report", client_ip(request), limit=settings.COMPLAINT_REPORT_LIMIT, window=3600):
            return render(request, "complaints/throttled.html", status=429)
        if form.is_valid():
            data = form.facts()
            data["reporter_name"] = form.cleaned_data["reporter_name"]
            data["reporter_contact"] = form.cleaned_data["reporter_contact"]
            try:
                with transaction.atomic():
                    _complaint, code = services.submit_online_report(data=data,
                                                                     files=form.cleaned_data["evidence"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                request.session[RECEIPT_SESSION_KEY] = code
                return redirect("complaints:report_done")
        status = 400
    return render(request, "complaints/report.html", {"form": form}, status=status)


@never_cache
def report_done(request):
    """The receipt code, shown once: a reload shows the page without it."""
    code = request.session.pop(RECEIPT_SESSION_KEY, "")
    return render(request, "complaints/report_done.html", {"code": receipts.display(code) if code else ""})


@never_cache
def lookup(request):
    form = LookupForm(request.POST or None)
    complaint, status, asked = None, 200, False
    if request.method == "POST":
        if not allow("lookup", client_ip(request), limit=settings.COMPLAINT_LOOKUP_LIMIT, window=600):
            return render(request, "complaints/throttled.html", status=429)
        asked = True
        if form.is_valid():
            code = receipts.normalise(form.cleaned_data["code"])
            if receipts.is_well_formed(code):
                complaint = selectors.public_status(receipts.digest(code))
        status = 200 if complaint is not None else 404
        form = LookupForm()  # the code is never echoed back into the page
    return render(request, "complaints/lookup.html",
                  {"form": form, "complaint": complaint, "asked": asked,
                   "not_found": _("未找到与该回执码对应的举报。请核对回执码后重试。")}, status=status)
