"""The department's pages: list, form, detail with timeline, pre-check and submit, withdraw, copy, files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.permissions import can, has_role, require
from apps.accounts.roles import Role
from apps.audit.selectors import events_for
from whitelist_portal.keyset import is_text_search, page_from_request, page_querystring
from whitelist_portal.plaintext import strip_control_chars

from . import sections as form_sections
from . import selectors, services, windows
from .api.filters import ApplicationFilterSet
from .exceptions import ConflictError, PrecheckBlocked
from .forms import TARGET_STAGES, ApplicationForm, AttachmentForm
from .models import Application, Attachment, Participant
from .precheck import Finding, has_blocking, run_precheck

PAGE_SIZE = 20


def _get_visible(user, pk) -> Application:
    try:
        return selectors.application_detail(user, pk)
    except Application.DoesNotExist as exc:
        raise Http404(_("申报不存在或无权查看。")) from exc


def _seen_version(request) -> int | None:
    """The version the form was loaded at; anything but a number is a bad request, not a server error."""
    raw = request.POST.get("version", "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        raise BadRequest(_("版本号无效，请刷新页面后重试。"))
    return int(raw)


@login_required
def application_list(request):
    if not (request.user.is_superuser or has_role(request.user, Role.SUBMITTER, Role.REVIEWER, Role.PUBLISHER,
                                                  Role.AUDITOR)):
        raise PermissionDenied
    filterset = ApplicationFilterSet(request.GET or None, queryset=selectors.application_list(request.user),
                                     request=request)
    page = page_from_request(request, filterset.qs, selectors.LIST_ORDER, PAGE_SIZE,
                             count=not is_text_search(request.GET))
    page.object_list = selectors.with_attachment_counts(page.object_list)
    return render(request, "applications/list.html", {
        "filterset": filterset, "page_obj": page, "querystring": page_querystring(request),
        "can_create": can(request.user, "applications.create"),
        "can_import": can(request.user, "applications.import"),
    })


def _form_page(request, form, application=None, returned=None):
    """The form in sections; a returned application's form carries the reviewer's opinion and marks the sections
    it points at."""
    pointed = {key for key, _label in returned.sections} if returned else set()
    return render(request, "applications/form.html", {
        "form": form, "application": application, "open_windows": list(windows.open_windows()),
        "returned": returned, "pointed": pointed,
    })


@login_required
def application_create(request):
    require(request.user, "applications.create")
    form = ApplicationForm(request.POST or None, initial={"term": services.default_term(),
                                                          "contact_name": request.user.full_name},
                           region=request.user.organisation.region)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_draft(actor=request.user, data=form.service_data())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("草稿已保存。可上传附件，检查无误后提交。"))
            return redirect("applications:detail", application.pk)
    return _form_page(request, form)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def application_edit(request, pk):
    application = _get_visible(request.user, pk)
    require(request.user, "applications.change", application)
    returned = _return_opinion(application, _timeline(application))
    seen_version = _seen_version(request)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(application=application, actor=request.user,
                                  seen_version=seen_version, data=form.service_data())
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("修改已保存。"))
            return redirect("applications:detail", application.pk)
    return _form_page(request, form, application, returned=returned)


@login_required
def application_detail(request, pk):
    application = _get_visible(request.user, pk)
    user = request.user
    findings = [Finding.from_dict(f) for f in application.precheck_findings]
    events = _timeline(application)
    return render(request, "applications/detail.html", {
        "application": application,
        "events": events,
        "return_event": _return_opinion(application, events),
        "stage_labels": [str(dict(TARGET_STAGES).get(s, s)) for s in application.target_stages],
        "participant_labels": [str(dict(Participant.choices).get(p, p)) for p in application.participants],
        "stored_findings": findings,
        "attachment_form": AttachmentForm() if can(user, "applications.change", application) else None,
        "can_change": can(user, "applications.change", application),
        "can_withdraw": can(user, "applications.withdraw", application),
        "can_copy": can(user, "applications.create") and application.department_id == user.organisation_id,
    })


def _return_opinion(application, events):
    """The reviewer's opinion that returned the application, shown first while it waits for the department, with
    the sections of the form it points at as (key, heading) in ``event.sections``."""
    if application.status != Application.Status.RETURNED:
        return None
    returns = [e for e in events if e.action == "review.return"]
    if not returns:
        return None
    event = max(returns, key=lambda e: (e.occurred_at, e.pk))
    event.sections = form_sections.ordered((event.data or {}).get("sections"))
    return event


def _timeline(application):
    labels = dict(Application.Status.choices)
    events = list(events_for(application))
    for event in events:
        event.to_state_label = labels.get(event.to_state, event.to_state)
    return events


@login_required
def application_submit(request, pk):
    """GET shows the pre-check findings; POST submits unless a finding blocks."""
    application = _get_visible(request.user, pk)
    require(request.user, "applications.change", application)
    if request.method == "POST":
        try:
            services.submit_application(application=application, actor=request.user,
                                        seen_version=_seen_version(request))
        except PrecheckBlocked:
            messages.error(request, _("预审发现必须先修改的问题，未提交。"))
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("applications:detail", application.pk)
        else:
            messages.success(request, _("申报已提交，等待教育局审核。"))
            return redirect("applications:list")
    findings = run_precheck(application)
    return render(request, "applications/submit.html", {
        "application": application,
        "blocking": [f for f in findings if f.is_blocking],
        "warnings": [f for f in findings if not f.is_blocking],
        "can_submit": not has_blocking(findings),
    })


@require_POST
@login_required
def application_withdraw(request, pk):
    application = _get_visible(request.user, pk)
    try:
        services.withdraw_application(application=application, actor=request.user,
                                      seen_version=_seen_version(request),
                                      reason=strip_control_chars(request.POST.get("reason", ""))[:500])
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("申报已撤回。"))
    return redirect("applications:detail", application.pk)


@require_POST
@login_required
def application_copy(request, pk):
    application = _get_visible(request.user, pk)
    try:
        copy = services.copy_application(application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
        return redirect("applications:detail", application.pk)
    messages.success(request, _("已复制为新的草稿，请核对学期和计划日期。"))
    return redirect("applications:edit", copy.pk)


@require_POST
@login_required
def attachment_upload(request, pk):
    application = _get_visible(request.user, pk)
    require(request.user, "applications.change", application)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(application=application, actor=request.user,
                                    uploaded=form.cleaned_data["file"], kind=form.cleaned_data["kind"])
        except ValidationError as exc:
            messages.error(request, _("；").join(exc.messages))
        else:
            messages.success(request, _("附件已上传。"))
    else:
        messages.error(request, _("；").join(e for errors in form.errors.values() for e in errors))
    return redirect("applications:detail", application.pk)


def _attachment(request, pk) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    if not can(request.user, "applications.view", attachment.application):
        raise Http404(_("附件不存在或无权查看。"))
    return attachment


@login_required
def attachment_download(request, pk):
    attachment = _attachment(request, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("附件文件缺失。")) from exc
    response = FileResponse(handle, as_attachment=attachment.content_type not in ("application/pdf",)
                            and not attachment.content_type.startswith("image/"),
                            filename=attachment.original_name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_POST
@login_required
def attachment_delete(request, pk):
    attachment = _attachment(request, pk)
    with transaction.atomic():
        services.remove_attachment(attachment=attachment, actor=request.user)
    messages.success(request, _("附件已删除。"))
    return redirect("applications:detail", attachment.application_id)
