"""Visit pages: the list each user may see, recording a visit, its page with the school's answers, the printable
permit with its QR code, and the public permit check a school reaches by scanning it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.permissions import can, require
from apps.audit.selectors import events_for
from whitelist_portal import codes
from whitelist_portal.client import client_ip
from whitelist_portal.ratelimit import hit

from . import selectors, services
from .exceptions import ConflictError, OverLimit
from .forms import CheckForm, ConfirmForm, ProblemForm, RatingForm, ReasonForm, VisitForm
from .models import Visit
from .rules import is_department, is_school

PAGE_SIZE = 50
CHECK_LIMIT, CHECK_WINDOW = 30, 600  # permit checks per address per ten minutes
SCHOOL_COOKIE = "visit_check_school"


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def visit_list(request):
    require(request.user, "visits.view_list")
    rows = selectors.visits_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Visit.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    department = is_department(request.user)
    return render(request, "visits/list.html", {
        "page_obj": page, "status": status, "statuses": Visit.Status.choices,
        "may_record": department, "is_school": is_school(request.user),
        "averages": selectors.rating_averages(rows) if department else None,
        "querystring": f"status={status}" if status else "",
    })


@login_required
def create(request):
    require(request.user, "visits.record")
    organisation = request.user.organisation
    items = selectors.items_run_by(organisation)
    show_override = request.method == "POST" and request.POST.get("acknowledge") is not None
    form = VisitForm(request.POST or None, items=items, region_id=organisation.region_id,
                     show_override=show_override)
    warnings = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        acknowledge, justification = data.pop("acknowledge"), data.pop("justification")
        try:
            with transaction.atomic():
                visit = services.record_visit(actor=request.user, data=data, acknowledge=acknowledge,
                                              justification=justification)
        except OverLimit as exc:
            warnings = exc.messages
            form = VisitForm(request.POST, items=items, region_id=organisation.region_id, show_override=True)
            form.is_valid()
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已登记，请打印进校园凭证交带队负责人。"))
            return redirect("visits:detail", visit.pk)
    return render(request, "visits/create.html", {"form": form, "warnings": warnings, "has_items": items.exists()},
                  status=400 if request.method == "POST" else 200)


def _visit(request, pk) -> Visit:
    visit = get_object_or_404(selectors.visits_visible_to(request.user).select_related("item__edition", "ledger_line"),
                              pk=pk)
    require(request.user, "visits.view", visit)
    return visit


def _context(request, visit, *, forms=None):
    forms = forms or {}
    user, version = request.user, {"version": visit.version}
    school = can(user, "visits.school", visit)
    manage = can(user, "visits.manage", visit)
    planned = visit.status == Visit.Status.PLANNED
    context = {"visit": visit, "events": events_for(visit), "may_manage": manage, "may_school": school,
               "check": selectors.check_permit(visit.code, school_id=visit.school_id, day=visit.date),
               "complaints": list(visit.complaints.all()) if not manage else [],
               "today": timezone.localdate()}
    if school and planned:
        context["confirm_form"] = forms.get("confirm") or ConfirmForm(initial=version)
        context["refuse_form"] = forms.get("refuse") or ReasonForm(initial=version)
    if school and visit.status != Visit.Status.CANCELLED:
        context["problem_form"] = forms.get("problem") or ProblemForm()
    if school and visit.status == Visit.Status.CONFIRMED and not hasattr(visit, "rating"):
        context["rating_form"] = forms.get("rate") or RatingForm()
    if manage and planned:
        context["cancel_form"] = forms.get("cancel") or ReasonForm(initial=version)
    return context


@login_required
def detail(request, pk):
    visit = _visit(request, pk)
    return render(request, "visits/detail.html", _context(request, visit))


def check_url(code: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{reverse('visits:check')}?code={code}"


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


@login_required
def permit(request, pk):
    """The permit as printed on A4 and shown on a phone: code, QR code to the check page, the visit's facts."""
    visit = _visit(request, pk)
    require(request.user, "visits.manage", visit)
    url = check_url(visit.code)
    return render(request, "visits/permit.html", {"visit": visit, "check_url": url,
                                                  "qr": mark_safe(qr_svg(url))})  # drawn here from our own URL


def _school_step(request, pk, name, form_class, call, done, permission="visits.school"):
    visit = _visit(request, pk)
    require(request.user, permission, visit)  # before the body is looked at
    form = form_class(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                call(visit, form.cleaned_data)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("visits:detail", visit.pk)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("visits:detail", visit.pk)
    return render(request, "visits/detail.html", _context(request, visit, forms={name: form}), status=400)


@require_POST
@login_required
def confirm(request, pk):
    return _school_step(request, pk, "confirm", ConfirmForm, lambda v, d: services.confirm_visit(
        visit=v, actor=request.user, seen_version=d["version"], note=d["note"]), _("已确认该活动已开展。"))


@require_POST
@login_required
def refuse(request, pk):
    return _school_step(request, pk, "refuse", ReasonForm, lambda v, d: services.refuse_visit(
        visit=v, actor=request.user, seen_version=d["version"], reason=d["reason"]), _("已记录拒绝进校。"))


@require_POST
@login_required
def cancel(request, pk):
    return _school_step(request, pk, "cancel", ReasonForm, lambda v, d: services.cancel_visit(
        visit=v, actor=request.user, seen_version=d["version"], reason=d["reason"]), _("已取消该进校园活动。"),
        permission="visits.manage")


@require_POST
@login_required
def rate(request, pk):
    return _school_step(request, pk, "rate", RatingForm, lambda v, d: services.rate_visit(
        visit=v, actor=request.user, burden=d["burden"], usefulness=d["usefulness"], comment=d["comment"]),
        _("感谢评价。"))


@require_POST
@login_required
def problem(request, pk):
    receipt = {}

    def call(visit, data):
        _complaint, code = services.report_problem(visit=visit, actor=request.user,
                                                   description=data["description"])
        receipt["code"] = codes.display(code)

    response = _school_step(request, pk, "problem", ProblemForm, call, _("问题已转举报受理员办理。"))
    if receipt:
        messages.info(request, _("回执码：%(code)s（可在“我要举报”页面查询办理情况）") % receipt)
    return response


def check(request):
    """Public: a permit's verdict by its code; the school chosen (or the logged-in school) is remembered."""
    form = CheckForm(request.GET or None)
    result, school_id = None, None
    if request.GET.get("code"):
        if not hit("visits:check", client_ip(request) or "unknown", CHECK_LIMIT, CHECK_WINDOW):
            response = render(request, "429.html", {"minutes": CHECK_WINDOW // 60}, status=429)
            response["Retry-After"] = str(CHECK_WINDOW)
            return response
        if form.is_valid():
            if is_school(request.user):
                school_id = request.user.organisation_id
            elif form.cleaned_data["school"] is not None:
                school_id = form.cleaned_data["school"].pk
            elif (request.COOKIES.get(SCHOOL_COOKIE) or "").isdigit():
                school_id = int(request.COOKIES[SCHOOL_COOKIE])
            code = codes.normalise(form.cleaned_data["code"])
            result = selectors.check_permit(code if codes.is_well_formed(code) else "", school_id=school_id)
    if school_id is None and not request.GET.get("school") and (request.COOKIES.get(SCHOOL_COOKIE) or "").isdigit():
        form.initial["school"] = int(request.COOKIES[SCHOOL_COOKIE])
    visit = result.visit if result else None
    response = render(request, "visits/check.html", {
        "form": form, "result": result, "visit": visit, "today": timezone.localdate(),
        "may_answer": visit is not None and can(request.user, "visits.school", visit),
        "school_name": _school_name(school_id)})
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    chosen = request.GET.get("school", "")
    if chosen.isdigit() and form.is_bound and form.is_valid():
        response.set_cookie(SCHOOL_COOKIE, chosen, max_age=365 * 86400, samesite="Lax")
    return response


def _school_name(school_id):
    if school_id is None:
        return ""
    from apps.accounts.models import Organisation

    return Organisation.objects.filter(pk=school_id).values_list("name", flat=True).first() or ""



# -- the year-end evaluation ----------------------------------------------------------------------------------------

def _evaluation(request, pk):
    require(request.user, "visits.evaluate")
    return get_object_or_404(selectors.evaluations_visible_to(request.user), pk=pk)


@login_required
def evaluations(request):
    from apps.applications.terms import school_year_start

    from . import evaluation as evaluation_services

    require(request.user, "visits.evaluate")
    this_year = school_year_start(timezone.localdate())
    if request.method == "POST":
        try:
            year = int(request.POST.get("school_year", ""))
            with transaction.atomic():
                started = evaluation_services.start_evaluation(actor=request.user, school_year=year)
        except ValueError:
            messages.error(request, _("请选择学年。"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("visits:evaluation", started.pk)
        return redirect("visits:evaluations")
    rows = selectors.evaluations_visible_to(request.user)
    return render(request, "visits/evaluations.html", {
        "evaluations": rows, "years": [this_year, this_year - 1, this_year - 2]})


@login_required
def evaluation(request, pk):
    from . import evaluation as evaluation_services
    from .forms import DecisionForm

    found = _evaluation(request, pk)
    form = None
    if request.method == "POST":
        form = DecisionForm(request.POST)
        item_id = request.POST.get("item", "")
        item = (evaluation_services.items_of(found).filter(pk=int(item_id)).first()
                if item_id.isdigit() and len(item_id) < 19 else None)
        if item is None:
            messages.error(request, _("该事项不在本学年评估范围内。"))
        elif form.is_valid():
            try:
                with transaction.atomic():
                    evaluation_services.decide(evaluation=found, item=item, actor=request.user,
                                               kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已记录“%(item)s”的评估结论。") % {"item": item.name})
                return redirect(f"{reverse('visits:evaluation', args=[found.pk])}#item-{item.pk}")
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    rows = evaluation_services.rows(found)
    for row in rows:  # one form per item, each with its own field ids
        row.form = DecisionForm(auto_id=f"d{row.item.pk}_%s")
    return render(request, "visits/evaluation.html", {
        "evaluation": found, "rows": rows,
        "undecided": sum(1 for r in rows if r.decision is None)}, status=400 if form is not None else 200)


@require_POST
@login_required
def evaluation_finish(request, pk):
    from . import evaluation as evaluation_services

    found = _evaluation(request, pk)
    try:
        with transaction.atomic():
            evaluation_services.finish(evaluation=found, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("年终评估已完成。"))
    return redirect("visits:evaluation", found.pk)


@login_required
def evaluation_export(request, pk):
    import io

    from django.http import HttpResponse

    from .evaluation import write_report

    found = _evaluation(request, pk)
    buffer = io.BytesIO()
    write_report(found, buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="evaluation-{found.school_year}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
