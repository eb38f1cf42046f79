"""The complaint officer's pages: the queue, intake, the case page with its steps, evidence, register, statistics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts.permissions import can, require
from apps.audit.selectors import events_for

from .. import hooks, matching, selectors, services
from ..api.filters import ComplaintFilterSet
from ..exceptions import ConflictError
from ..forms import CloseForm, DeclineForm, EvidenceForm, IntakeForm, LinkForm, NoteForm, ReplyForm, VerdictForm
from ..models import Complaint, Evidence
from ..privacy import Reporter

PAGE_SIZE = 50
RECEIPT_SESSION_KEY = "complaints_receipt"


def _filtered(request):
    base = selectors.complaints_visible_to(request.user)
    filterset = ComplaintFilterSet(request.GET or None, queryset=base, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, rows


@login_required
def queue(request):
    require(request.user, "complaints.view")
    filterset, rows = _filtered(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    is_staff = can(request.user, "complaints.intake")
    flagged = selectors.repeat_unfounded_digests(c.contact_digest for c in page) if is_staff else set()
    entries = [{"complaint": c, "due": selectors.due_state(c), "reporter": Reporter(c, reveal=False),
                "flagged": c.contact_digest in flagged} for c in page]
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "complaints/queue.html", {
        "filter": filterset, "page_obj": page, "entries": entries, "querystring": querystring.urlencode(),
        "counts": selectors.queue_counts(request.user), "can_intake": is_staff,
    })


def _intake_data(form) -> dict:
    data = form.facts()
    for name in ("channel", "received_at", "reporter_name", "reporter_contact"):
        data[name] = form.cleaned_data.get(name)
    data["category"] = data.get("category") or "social_affairs"
    data["description"] = data.get("description") or ""
    return data


@login_required
def intake(request, pk=None):
    require(request.user, "complaints.intake")
    draft = None
    if pk is not None:
        draft = get_object_or_404(selectors.complaints_visible_to(request.user), pk=pk, status=Complaint.Status.DRAFT)
    form = IntakeForm(request.POST or None, request.FILES or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        seen = request.POST.get("version")
        try:
            with transaction.atomic():
                if "save_draft" in request.POST:
                    saved = services.save_draft(actor=request.user, data=_intake_data(form), complaint=draft,
                                                seen_version=seen)
                    messages.success(request, _("草稿已保存。"))
                    return redirect("complaints:edit", saved.pk)
                complaint, code = services.register_complaint(actor=request.user, data=_intake_data(form),
                                                              complaint=draft, seen_version=seen,
                                                              files=form.cleaned_data.get("evidence") or ())
        except ValidationError as exc:
            _add_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[RECEIPT_SESSION_KEY] = {"pk": complaint.pk, "code": code}
            return redirect("complaints:detail", complaint.pk)
    return render(request, "complaints/intake.html", {"form": form, "draft": draft})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _case(request, pk):
    require(request.user, "complaints.view")
    complaint = get_object_or_404(selectors.with_evidence(selectors.complaints_visible_to(request.user)), pk=pk)
    require(request.user, "complaints.view", complaint)
    return complaint


def _case_context(request, complaint, *, reporter=None, forms=None):
    user = request.user
    may_handle = can(user, "complaints.handle", complaint) and complaint.status != Complaint.Status.DRAFT
    proposals = matching.propose(complaint) if may_handle and complaint.is_open else []
    version = {"version": complaint.version}
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    forms = forms or {}
    context = {
        "complaint": complaint,
        "reporter": reporter or Reporter(complaint, reveal=False),
        "may_reveal": can(user, "complaints.view_reporter", complaint) and not complaint.is_anonymous,
        "may_handle": may_handle,
        "may_evidence": can(user, "complaints.view_reporter", complaint),
        "due": selectors.due_state(complaint),
        "flagged": may_handle and complaint.contact_digest in selectors.repeat_unfounded_digests(
            [complaint.contact_digest]),
        "events": _events(complaint),
        "receipt_code": receipt["code"] if receipt and receipt.get("pk") == complaint.pk else "",
        "proposals": proposals,
        "linked": list(complaint.linked.all()),
        "case_panels": hooks.case_panels(request, complaint),
    }
    if may_handle:
        status = complaint.status
        S = Complaint.Status
        context.update({
            "verdict_form": forms.get("verdict") or (VerdictForm(
                initial={**version, "verdict": complaint.verdict, "item": complaint.matched_item_id,
                         "note": complaint.verdict_note},
                items=_verdict_items(complaint, proposals)) if complaint.is_open else None),
            "accept_form": forms.get("accept") or (NoteForm(initial=version) if status == S.RECEIVED else None),
            "decline_form": forms.get("decline") or (DeclineForm(initial=version) if status == S.RECEIVED else None),
            "handle_form": forms.get("handle") or (NoteForm(initial=version) if status == S.ACCEPTED else None),
            "reply_form": forms.get("reply") or (ReplyForm(initial={**version, "reply": hooks.reply_quote(complaint)})
                                                 if status in (S.ACCEPTED, S.HANDLING) else None),
            "reply_blockers": hooks.reply_blockers(complaint) if complaint.is_open else [],
            "close_form": forms.get("close") or (CloseForm(initial=version)
                                                 if status in (S.REPLIED, S.NOT_ACCEPTED) else None),
            "link_form": forms.get("link") or (LinkForm(initial={**version, "case": complaint.case_id})
                                               if status != S.CLOSED else None),
            "evidence_form": EvidenceForm() if status != S.CLOSED else None,
        })
    return context


def _events(complaint):
    labels = dict(Complaint.Status.choices)
    events = list(events_for(complaint))
    for event in events:
        event.to_state_label = labels.get(event.to_state, event.to_state)
    return events


def _verdict_items(complaint, proposals):
    items = [p.item for p in proposals]
    if complaint.matched_item_id and complaint.matched_item_id not in {i.pk for i in items}:
        items.insert(0, complaint.matched_item)
    rest = [i for i in matching.items_for(complaint) if i.pk not in {x.pk for x in items}]
    return items + rest


@login_required
def detail(request, pk):
    complaint = _case(request, pk)
    if complaint.status == Complaint.Status.DRAFT:
        return redirect("complaints:edit", complaint.pk)
    return render(request, "complaints/detail.html", _case_context(request, complaint))


@require_POST
@login_required
def reveal(request, pk):
    """Show the reporter's name and contact once, on this response; each look is audited."""
    complaint = _case(request, pk)
    reporter = services.reveal_reporter(complaint=complaint, actor=request.user)
    response = render(request, "complaints/detail.html", _case_context(request, complaint, reporter=reporter))
    response["Cache-Control"] = "no-store"
    return response


STEPS = {
    # name: (form, service, keyword arguments taken from the form)
    "accept": (NoteForm, services.accept_complaint, {"note": "note"}),
    "decline": (DeclineForm, services.decline_complaint, {"reason": "reason"}),
    "handle": (NoteForm, services.start_handling, {"note": "note"}),
    "reply": (ReplyForm, services.reply_to_reporter, {"reply": "reply", "finding": "finding",
                                                      "handling_note": "handling_note",
                                                      "override_reason": "override_reason"}),
    "close": (CloseForm, services.close_complaint, {"note": "note", "override_reason": "override_reason"}),
}
DONE = {"accept": gettext_lazy("已受理。"), "decline": gettext_lazy("已记录不予受理。"),
        "handle": gettext_lazy("已开始办理。"), "reply": gettext_lazy("答复已记录，举报人可凭回执码查看。"),
        "close": gettext_lazy("已办结。"), "verdict": gettext_lazy("白名单核对结果已记录。"),
        "link": gettext_lazy("并案信息已更新。")}


@require_POST
@login_required
def step(request, pk, name):
    complaint = _case(request, pk)
    require(request.user, "complaints.handle", complaint)
    if name == "verdict":
        form = VerdictForm(request.POST, items=matching.items_for(complaint))
        call = lambda d: services.record_verdict(  # noqa: E731
            complaint=complaint, actor=request.user, seen_version=d["version"], verdict=d["verdict"],
            item=_item(complaint, d["item"]), note=d["note"])
    elif name == "link":
        form = LinkForm(request.POST)
        call = lambda d: services.link_to_case(  # noqa: E731
            complaint=complaint, actor=request.user, seen_version=d["version"],
            case=_other(request, d["case"]))
    elif name in STEPS:
        form_class, service, params = STEPS[name]
        form = form_class(request.POST)
        call = lambda d: service(complaint=complaint, actor=request.user, seen_version=d["version"],  # noqa: E731
                                 **{k: d[v] for k, v in params.items()})
    else:
        raise Http404
    if form.is_valid():
        try:
            with transaction.atomic():
                call(form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("complaints:detail", complaint.pk)
        else:
            messages.success(request, DONE.get(name, ""))
            return redirect("complaints:detail", complaint.pk)
    return render(request, "complaints/detail.html", _case_context(request, complaint, forms={name: form}),
                  status=400)


def _item(complaint, pk):
    if pk is None:
        return None
    return next((i for i in matching.items_for(complaint) if i.pk == pk), None) or _missing_item()


def _missing_item():
    raise ValidationError({"item": [_("所选事项不是该地区在发生日期有效的白名单事项。")]})


def _other(request, pk):
    if pk is None:
        return None
    other = selectors.complaints_visible_to(request.user).exclude(status=Complaint.Status.DRAFT).filter(pk=pk).first()
    if other is None:
        raise ValidationError({"case": [_("没有编号为 %(n)s 的举报。") % {"n": pk}]})
    return other


@require_POST
@login_required
def evidence_upload(request, pk):
    complaint = _case(request, pk)
    require(request.user, "complaints.handle", complaint)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.add_evidence(complaint=complaint, actor=request.user, uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("证据材料已上传。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("complaints:detail", complaint.pk)


@login_required
def evidence_download(request, pk):
    require(request.user, "complaints.view")
    evidence = get_object_or_404(Evidence.objects.select_related("complaint"), pk=pk,
                                 complaint__in=selectors.complaints_visible_to(request.user))
    # Evidence may name the reporter (a screenshot, a letter): complaint staff only.
    require(request.user, "complaints.view_reporter", evidence.complaint)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("文件缺失。")) from exc
    inline = evidence.content_type == "application/pdf" or evidence.content_type.startswith("image/")
    response = FileResponse(handle, as_attachment=not inline, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def statistics(request):
    require(request.user, "complaints.view")
    return render(request, "complaints/stats.html",
                  {"stats": selectors.statistics(selectors.complaints_visible_to(request.user))})
