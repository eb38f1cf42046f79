"""The publisher's pages: assemble, order and word the draft, preview, notice, publish, supplement, status, export."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.permissions import require

from .. import selectors, services
from ..forms import (
    AssembleForm,
    ColumnsForm,
    DocumentForm,
    ItemStatusForm,
    ItemWordingForm,
    NoticeForm,
    NoticePolicyForm,
    ObjectionAnswerForm,
    SupplementForm,
    TitleForm,
)
from ..models import Objection, WhitelistEdition, WhitelistItem
from ..periods import period_of
from .public import edition_body


def publisher_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require(request.user, "whitelist.manage")  # PermissionDenied → 403
        return view(request, *args, **kwargs)

    return wrapped


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@publisher_only
def manage(request):
    posted = request.POST if request.method == "POST" else None
    form = AssembleForm(posted if posted and "period_kind" in posted else None,
                        initial={"term": selectors.current_term()})
    columns_form = ColumnsForm(posted if posted and "columns" in posted else None,
                               initial={"columns": selectors.region_columns(request.user)})
    if form.is_bound and form.is_valid():
        try:
            edition = services.assemble_edition(period=form.cleaned_data["period"], actor=request.user,
                                                title=form.cleaned_data["title"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已根据该期间已通过的申报汇编白名单草稿。"))
            return redirect("whitelist:manage_edition", pk=edition.pk)
    if columns_form.is_bound and columns_form.is_valid():
        services.set_columns(actor=request.user, columns=columns_form.cleaned_data["columns"])
        messages.success(request, _("已保存公布的列。"))
        return redirect("whitelist:manage")
    region = request.user.organisation.region if request.user.organisation else None
    policy = services.notice_policy(region) if region else None
    policy_form = NoticePolicyForm(posted if posted and "notice_min_days" in posted else None, initial={
        "notice_required": policy.notice_required if policy else True,
        "notice_min_days": policy.notice_min_days if policy else 5})
    if policy_form.is_bound and policy_form.is_valid():
        try:
            services.set_notice_policy(actor=request.user, required=policy_form.cleaned_data["notice_required"],
                                       min_days=policy_form.cleaned_data["notice_min_days"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已保存公示要求。"))
            return redirect("whitelist:manage")
    return render(request, "whitelist/manage.html", {
        "form": form, "columns_form": columns_form, "policy_form": policy_form,
        "editions": selectors.editions_for_publisher(request.user),
    })


def _own_edition(request, pk: int) -> WhitelistEdition:
    """An edition of the publisher's region; another region's answers 404 as if it did not exist."""
    return get_object_or_404(selectors.editions_for_publisher(request.user), pk=pk)


@publisher_only
def manage_edition(request, pk: int):
    edition = _own_edition(request, pk)
    pending = selectors.applications_not_on(edition)
    policy = services.notice_policy(edition.region)
    return render(request, "whitelist/manage_edition.html", {
        "edition": edition,
        "policy": policy,
        "document_form": DocumentForm(initial={"issuing_body": edition.issuing_body,
                                               "document_number": edition.document_number,
                                               "document_date": edition.document_date}),
        "answer_form": ObjectionAnswerForm(),
        "unanswered": edition.objections.filter(answer_status=Objection.Answer.PENDING).count(),
        "items": selectors.edition_items(edition).prefetch_related("applications"),
        "notice_over": edition.notice_ends_on is not None and edition.notice_ends_on < timezone.localdate(),
        "notice_form": NoticeForm(initial={"days": max(7, policy.notice_min_days)}),
        "supplement_form": SupplementForm(queryset=pending) if edition.status == "published" else None,
        "pending_count": pending.count(),
        "export_run": selectors.latest_export_run(edition),
        "objections": edition.objections.select_related("item"),
        "title_form": TitleForm(initial={"title": edition.title, "revision": edition.revision}),
    })


@publisher_only
def manage_preview(request, pk: int):
    edition = _own_edition(request, pk)
    params = [(k, v) for k, v in request.GET.items() if v]
    return render(request, "whitelist/edition.html", {
        "title": edition.title, "body": mark_safe(edition_body(edition, params, preview=True)),
        "edition_id": edition.pk, "preview": True,
    })


@require_POST
@publisher_only
def edition_action(request, pk: int):
    edition = _own_edition(request, pk)
    action = request.POST.get("action")
    raw_revision = request.POST.get("revision", "").strip() or "0"
    if not raw_revision.isascii() or not raw_revision.isdigit():
        raise BadRequest(_("版本号无效，请刷新页面后重试。"))
    revision = int(raw_revision)
    try:
        if action == "refresh":
            services.assemble_edition(period=period_of(edition), actor=request.user)
            messages.success(request, _("已加入新近通过的申报。"))
        elif action == "rename":
            form = TitleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.get("title") or _("请填写白名单标题。"))
            services.rename_edition(edition=edition, actor=request.user, title=form.cleaned_data["title"],
                                    seen_revision=revision)
            messages.success(request, _("白名单标题已保存。"))
        elif action == "notice":
            form = NoticeForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["days"])
            services.start_notice(edition=edition, actor=request.user, days=form.cleaned_data["days"],
                                  seen_revision=revision)
            messages.success(request, _("白名单已进入公示。"))
        elif action == "document":
            form = DocumentForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.set_document(edition=edition, actor=request.user, seen_revision=revision, **form.cleaned_data)
            messages.success(request, _("发文信息已保存，正式文件将载明。"))
        elif action == "publish":
            services.publish_edition(edition=edition, actor=request.user, seen_revision=revision)
            messages.success(request, _("白名单已发布，Excel 文件正在生成。"))
        elif action == "export":
            services.request_export(edition=edition, actor=request.user)
            messages.success(request, _("已提交重新生成，Excel 文件生成后可在下方下载。"))
        elif action == "supplement":
            form = SupplementForm(request.POST, queryset=selectors.applications_not_on(edition))
            if not form.is_valid():
                raise ValidationError(_("请选择要增补的申报。"))
            services.add_supplement(edition=edition, applications=form.cleaned_data["applications"],
                                    actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("已增补事项，白名单版本已更新。"))
        else:
            raise ValidationError(_("未知操作。"))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("whitelist:manage_edition", pk=edition.pk)


@require_POST
@publisher_only
def objection_answer(request, pk: int):
    objection = get_object_or_404(Objection.objects.filter(
        edition__in=selectors.editions_for_publisher(request.user)), pk=pk)
    form = ObjectionAnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.answer_objection(objection=objection, actor=request.user,
                                  accepted=form.cleaned_data["result"] == "accepted",
                                  answer=form.cleaned_data["answer"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已答复该异议，异议人可凭查询码查看。"))
    return redirect(reverse("whitelist:manage_edition", args=[objection.edition_id]) + "#objections")


@require_POST
@publisher_only
def item_move(request, pk: int):
    item = _own_item(request, pk)
    try:
        services.move_item(item=item, actor=request.user, up=request.POST.get("direction") == "up")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(item_url(item))


def _own_item(request, pk: int) -> WhitelistItem:
    editions = selectors.editions_for_publisher(request.user).values("pk")
    return get_object_or_404(WhitelistItem.objects.select_related("edition"), pk=pk, edition__in=editions)


def item_url(item) -> str:
    from django.urls import reverse

    return reverse("whitelist:manage_edition", args=[item.edition_id]) + f"#item-{item.pk}"


@publisher_only
def item_edit(request, pk: int):
    item = _own_item(request, pk)
    form = ItemWordingForm(request.POST or None, instance=item, initial={"revision": item.revision})
    if request.method == "POST" and form.is_valid():
        wording = {f: form.cleaned_data[f] for f in services.WORDING_FIELDS}
        try:
            services.update_item_wording(item=item, actor=request.user, reason=form.cleaned_data.get("reason", ""),
                                         seen_revision=form.cleaned_data["revision"], **wording)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("事项表述已保存。"))
            return redirect(item_url(item))
    return render(request, "whitelist/manage_item.html", {"item": item, "form": form})


@publisher_only
def item_status(request, pk: int):
    item = _own_item(request, pk)
    form = ItemStatusForm(request.POST or None, item=item, initial={"revision": item.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_item_status(item=item, actor=request.user, to_status=form.cleaned_data["to_status"],
                                        reason=form.cleaned_data["reason"], on=form.cleaned_data["on"],
                                        seen_revision=form.cleaned_data["revision"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("事项状态已更新并记入变更记录。"))
            return redirect(item_url(item))
    return render(request, "whitelist/manage_status.html", {"item": item, "form": form})
