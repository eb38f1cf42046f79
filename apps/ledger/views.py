"""Ledger pages: the bureau's ledger with filters and counts per owner, the owner's own list, the line page with
its steps and timeline, opening lines (by hand or from a complaint), evidence and the .xlsx export."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts.permissions import can, has_role, require
from apps.accounts.roles import Role
from apps.audit.selectors import events_for
from apps.complaints import selectors as complaint_selectors

from . import selectors, services
from .api.filters import LedgerFilterSet
from .exceptions import ConflictError
from .exports import write_ledger
from .forms import (
    AssignForm,
    ComplaintLinesForm,
    EvidenceForm,
    ExtendForm,
    LineForm,
    ReportForm,
    RequestCloseForm,
    VerifyForm,
)
from .models import LedgerLine, LineEvidence

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Status = LedgerLine.Status


def _filtered(request, base):
    filterset = LedgerFilterSet(request.GET or None, queryset=base, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, rows


def _querystring(request) -> str:
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return querystring.urlencode()


@login_required
def ledger_list(request):
    require(request.user, "ledger.view_all")
    base = selectors.lines_visible_to(request.user)
    filterset, rows = _filtered(request, base)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/list.html", {
        "filter": filterset, "page_obj": page, "querystring": _querystring(request),
        "per_owner": list(selectors.counts_per_owner(rows)), "may_open": can(request.user, "ledger.manage"),
        "today": timezone.localdate(),
    })


@login_required
def my_lines(request):
    if not has_role(request.user, Role.RECTIFICATION_OWNER) or not request.user.organisation_id:
        raise PermissionDenied(_("只有整改责任人可以查看本单位的整改事项。"))
    rows = selectors.lines_visible_to(request.user).filter(owner_id=request.user.organisation_id)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/mine.html", {"page_obj": page, "counts": selectors.owner_workload(request.user)})


@login_required
def create(request):
    require(request.user, "ledger.manage")
    region_id = getattr(request.user.organisation, "region_id", None)
    form = LineForm(request.POST or None, region_id=region_id)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                line = services.open_line(actor=request.user, data=dict(form.cleaned_data))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("整改事项已建立，已通知责任单位。"))
            return redirect("ledger:detail", line.pk)
    return render(request, "ledger/create.html", {"form": form})


@require_POST
@login_required
def from_complaint(request, complaint_pk):
    require(request.user, "ledger.open")
    complaint = get_object_or_404(complaint_selectors.complaints_visible_to(request.user), pk=complaint_pk)
    form = ComplaintLinesForm(request.POST, complaint=complaint)
    if form.is_valid():
        data = form.cleaned_data
        rows = [{"owner": owner, **{k: data[k] for k in ("problem", "owner_person", "standard", "deadline",
                                                          "immediate")}} for owner in data["owners"]]
        try:
            with transaction.atomic():
                services.open_from_complaint(complaint=complaint, actor=request.user, lines=rows)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已转入整改台账，已通知责任单位。"))
            return redirect(f"{_complaint_url(complaint)}#rectification")
    return render(request, "ledger/from_complaint.html", {"form": form, "complaint": complaint}, status=400)


def _complaint_url(complaint) -> str:
    from django.urls import reverse

    return reverse("complaints:detail", args=[complaint.pk])


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _line(request, pk) -> LedgerLine:
    line = get_object_or_404(selectors.lines_visible_to(request.user).prefetch_related("evidence", "extensions"),
                             pk=pk)
    require(request.user, "ledger.view", line)
    return line


def _timeline(line):
    labels = dict(Status.choices)
    events = list(events_for(line))
    for event in events:
        event.to_state_label = labels.get(event.to_state, event.to_state)
    return events


def _line_context(request, line, *, forms=None):
    user, forms, version = request.user, forms or {}, {"version": line.version}
    may_manage = can(user, "ledger.manage", line)
    may_report = can(user, "ledger.report", line)
    owner_turn = line.status in LedgerLine.OWNER_STATUSES
    context = {"line": line, "events": _timeline(line), "may_manage": may_manage, "may_report": may_report,
               "may_download": can(user, "ledger.view", line)}
    if may_manage:
        context.update({
            "assign_form": forms.get("assign") or (AssignForm(
                initial={**version, "owner": line.owner_id, "owner_person": line.owner_person},
                region_id=line.region_id) if owner_turn else None),
            "extend_form": forms.get("extend") or (ExtendForm(initial=version) if line.is_open else None),
            "verify_form": forms.get("close_out") or forms.get("send_back") or (
                VerifyForm(initial=version) if line.status == Status.AWAITING_VERIFICATION else None),
        })
    if may_report and owner_turn:
        context.update({
            "report_form": forms.get("report") or ReportForm(initial={
                **version, "measures": line.measures, "results": line.results, "immediate": line.immediate}),
            "request_form": forms.get("request_close") or RequestCloseForm(initial=version),
            "evidence_form": EvidenceForm(),
        })
    return context


@login_required
def detail(request, pk):
    line = _line(request, pk)
    return render(request, "ledger/detail.html", _line_context(request, line))


STEPS = {
    # name: (form, service, permission, keyword arguments taken from the form)
    "assign": (AssignForm, services.assign_line, "ledger.manage", {"owner": "owner", "owner_person": "owner_person"}),
    "extend": (ExtendForm, services.extend_deadline, "ledger.manage",
               {"new_deadline": "new_deadline", "reason": "reason"}),
    "close_out": (VerifyForm, services.close_out, "ledger.manage", {"opinion": "opinion"}),
    "send_back": (VerifyForm, services.send_back, "ledger.manage", {"opinion": "opinion"}),
    "report": (ReportForm, services.report_progress, "ledger.report",
               {"measures": "measures", "results": "results", "immediate": "immediate"}),
    "request_close": (RequestCloseForm, services.request_close_out, "ledger.report", {"note": "note"}),
}
DONE = {"assign": gettext_lazy("责任单位已更新。"), "extend": gettext_lazy("整改时限已延长。"),
        "close_out": gettext_lazy("已核实销号。"), "send_back": gettext_lazy("已退回责任单位。"),
        "report": gettext_lazy("整改进展已保存。"), "request_close": gettext_lazy("已申请销号，等待核实。")}


@require_POST
@login_required
def step(request, pk, name):
    line = _line(request, pk)
    if name not in STEPS:
        raise Http404
    form_class, service, permission, params = STEPS[name]
    require(request.user, permission, line)  # before the body is looked at
    form = form_class(request.POST, region_id=line.region_id) if form_class is AssignForm else form_class(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                service(line=line, actor=request.user, seen_version=form.cleaned_data["version"],
                        **{k: form.cleaned_data[v] for k, v in params.items()})
        except ValidationError as exc:
            _add_errors(form, exc)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("ledger:detail", line.pk)
        else:
            messages.success(request, DONE[name])
            return redirect("ledger:detail", line.pk)
    return render(request, "ledger/detail.html", _line_context(request, line, forms={name: form}), status=400)


@require_POST
@login_required
def evidence_upload(request, pk):
    line = _line(request, pk)
    require(request.user, "ledger.report", line)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.add_evidence(line=line, actor=request.user, uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("佐证材料已上传。"))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("ledger:detail", line.pk)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(LineEvidence.objects.select_related("line"), pk=pk,
                                 line__in=selectors.lines_visible_to(request.user))
    require(request.user, "ledger.view", evidence.line)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def export_xlsx(request):
    require(request.user, "ledger.view_all")
    _, rows = _filtered(request, selectors.lines_visible_to(request.user))
    buffer = io.BytesIO()
    write_ledger(rows.order_by("deadline", "pk"), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ledger-{timezone.localdate():%Y%m%d}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def transparency(request):
    """Public: this term's figures of reports and rectification per burden category, nothing personal."""
    from .transparency import figures, term_period

    period = term_period(timezone.localdate())
    response = render(request, "ledger/transparency.html", {"period": period, **figures(period)})
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def import_xlsx(request):
    """Bring in a ledger kept in Excel: every bad cell listed at once, nothing kept until the file is clean."""
    from .forms import ImportForm
    from .imports import import_ledger

    require(request.user, "ledger.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            lines = import_ledger(actor=request.user, content=form.cleaned_data["file"].read(),
                                  source_kind=form.cleaned_data["source_kind"],
                                  source_ref=form.cleaned_data["source_ref"])
        except ValidationError as exc:
            return render(request, "ledger/import.html", {"form": form, "problems": exc.messages}, status=400)
        messages.success(request, _("已导入 %(n)d 条整改事项。") % {"n": len(lines)})
        return redirect("ledger:list")
    return render(request, "ledger/import.html", {"form": form})
