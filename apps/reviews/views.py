"""Pages of the review: the queue with centralised review, the decision page with merge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from apps.accounts.permissions import can, require
from apps.applications import declarations
from apps.applications import sections as form_sections
from apps.applications.models import Application, Participant
from apps.audit.selectors import events_for
from whitelist_portal.keyset import page_from_request, page_querystring

from . import checks, selectors, services
from .api.filters import QueueFilter
from .forms import BatchApproveForm, DecisionForm, MergeForm
from .services import ReviewConflict

QUEUE_PAGE_SIZE = 50


def _choice(application) -> tuple[str, str]:
    return f"{application.pk}:{application.version}", str(application)


@login_required
def queue(request):
    require(request.user, "reviews.view_queue")
    filterset = QueueFilter(request.GET or None, queryset=selectors.queue_listing(request.user), request=request)
    filtered = filterset.is_bound and filterset.is_valid() and any(
        value not in (None, "") for value in filterset.form.cleaned_data.values())
    rows = filterset.qs if filtered else selectors.queue_listing(request.user)
    # The whole queue is counted per stage anyway (the cards above it); a filtered one is not counted: a filter may
    # have to read every waiting application of the region to count its matches. Pages go by cursor.
    page = page_from_request(request, rows, selectors.QUEUE_ORDER, QUEUE_PAGE_SIZE, count=False)
    stage_counts = selectors.stage_counts(request.user)
    if not filtered:
        page.count, page.exact = sum(row["waiting"] for row in stage_counts), True
    return render(request, "reviews/queue.html", {
        "filter": filterset,
        "page_obj": page,
        "querystring": page_querystring(request),
        "stage_counts": stage_counts,
        "batch_form": BatchApproveForm(),
    })


@require_POST
@login_required
def batch_approve(request):
    require(request.user, "reviews.view_queue")
    # Only the ticked rows are read from the queue (which may hold tens of thousands).
    ticked = {int(v.split(":", 1)[0]) for v in request.POST.getlist("selected")
              if v.split(":", 1)[0].isascii() and v.split(":", 1)[0].isdigit()}
    waiting = {a.pk: a for a in selectors.queue_for(request.user).filter(pk__in=ticked)}
    form = BatchApproveForm(request.POST, choices=[_choice(a) for a in waiting.values()])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back_to_queue(request))
    items = [(waiting[pk], version) for pk, version in form.cleaned_data["selected"] if pk in waiting]
    result = services.approve_many(items=items, actor=request.user, opinion=form.cleaned_data["opinion"],
                                   justification=form.cleaned_data["justification"])
    if result.approved:
        messages.success(request, ngettext("集中认定完成：%(n)s 件审核通过。", "集中认定完成：%(n)s 件审核通过。",
                                           len(result.approved)) % {"n": len(result.approved)})
    for application, reason in result.refused:
        messages.error(request, gettext("“%(title)s”未能通过：%(reason)s") % {
            "title": application.title, "reason": reason})
    return redirect(_back_to_queue(request))


def _back_to_queue(request) -> str:
    back = request.POST.get("next", "")
    return back if back.startswith(reverse("reviews:queue")) else reverse("reviews:queue")


@login_required
def decide(request, pk):
    application = get_object_or_404(selectors.applications_for_decision(), pk=pk)
    require(request.user, "reviews.view", application)
    may_decide = can(request.user, "reviews.decide", application)
    earlier = selectors.earlier_justification(application)
    # A justification is written once: later stages find it filled in and confirm it (or add to it).
    form = DecisionForm(initial={"version": application.version,
                                 "justification": earlier.justification if earlier else ""})
    if request.method == "POST":
        # The service decides who may act where; a reviewer whose form went stale is told so, not refused.
        require(request.user, "reviews.view_queue")
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decide(application=application, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            except ReviewConflict as exc:
                messages.error(request, exc.message)
                return redirect("reviews:decide", pk=pk)
            else:
                label = dict(form.fields["decision"].choices)[form.cleaned_data["decision"]]
                messages.success(request, gettext("已对“%(title)s”作出决定：%(decision)s。") % {
                    "title": application.title, "decision": label})
                return redirect("reviews:queue")
        elif not may_decide:
            messages.error(request, gettext("该申报当前不在您负责的审核环节，不能作出决定。"))
            return redirect("reviews:decide", pk=pk)
    return render(request, "reviews/decide.html", _decision_context(request, application, may_decide, form))


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _decision_context(request, application, may_decide, form, merge_form=None):
    findings = checks.findings_now(application)
    candidates = selectors.ranked_merge_candidates(request.user, application) if may_decide else []
    duplicates = checks.likely_duplicates(application)
    duplicate_ids = {d.pk for d in duplicates}
    last_review = selectors.last_review_before_resubmission(application)
    return {
        "earlier_justification": selectors.earlier_justification(application),
        "application": application,
        "declared": declarations.declared_answers(application),
        "last_review": last_review,
        "last_review_sections": form_sections.labels(last_review.sections) if last_review else [],
        "changes": declarations.changes_since(last_review.snapshot, application) if last_review else [],
        "participants": [str(dict(Participant.choices).get(p, p)) for p in application.participants or []],
        "progress": getattr(application, "review", None),
        "findings": findings,
        "warnings": checks.warnings_in(findings),
        "blocking": checks.blocking_in(findings),
        "cap_usage": checks.cap_usage(application),
        "duplicates": duplicates,
        "duplicate_ids": duplicate_ids,
        "events": timeline(application),
        "may_decide": may_decide,
        "form": form,
        "merge_form": merge_form or MergeForm(initial={"version": application.version}),
        "merge_candidates": [c for c in candidates if c.similarity.score],
        "other_candidates": [c for c in candidates if not c.similarity.score],
        "application_url": services.application_url(application),
        "attachment_url_name": _attachment_url_name(),
    }


def timeline(application) -> list:
    """The audit events of the application, with status codes written by other apps shown by their labels."""
    labels = dict(Application.Status.choices)
    events = list(events_for(application))
    for event in events:
        event.from_label = labels.get(event.from_state, event.from_state)
        event.to_label = labels.get(event.to_state, event.to_state)
    return events


def _attachment_url_name() -> str:
    from django.urls import NoReverseMatch

    try:
        reverse("applications:attachment_download", args=[1])
    except NoReverseMatch:
        return ""
    return "applications:attachment_download"


@require_POST
@login_required
def merge(request, pk):
    application = get_object_or_404(selectors.applications_for_decision(), pk=pk)
    require(request.user, "reviews.view_queue")  # the service checks the stages; a stale form is told so
    candidates = {a.pk: a for a in selectors.merge_candidates(request.user, application)}
    form = MergeForm(request.POST, choices=[_choice(a) for a in candidates.values()])
    if form.is_valid():
        others = [(candidates[pk], version) for pk, version in form.cleaned_data["others"] if pk in candidates]
        try:
            services.merge(lead=application, lead_version=form.cleaned_data["version"], others=others,
                           actor=request.user, opinion=form.cleaned_data["opinion"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except (ReviewConflict, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", "") or gettext("您无权合并所选申报。"))
            return redirect("reviews:decide", pk=pk)
        else:
            messages.success(request, ngettext(
                "已将 %(n)s 件申报合并入“%(title)s”。", "已将 %(n)s 件申报合并入“%(title)s”。", len(others),
            ) % {"n": len(others), "title": application.title})
            return redirect("reviews:decide", pk=pk)
    context = _decision_context(request, application, can(request.user, "reviews.decide", application),
                                DecisionForm(initial={"version": application.version}), merge_form=form)
    return render(request, "reviews/decide.html", context, status=400)
