"""The auditor's pages: the whole trail with filters, read-only, and its export to .xlsx."""

import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.accounts.permissions import require
from whitelist_portal.spreadsheet import text_row

from .chain import verify_chain
from .filters import AuditEventFilter
from .selectors import all_events, state_label, state_labels, with_state_labels

PAGE_SIZE = 50
EXPORT_COLUMNS = [
    ("时间", 20), ("操作人", 12), ("操作人所属机构", 24), ("对象类型", 18), ("对象编号", 10), ("对象", 36),
    ("操作", 12), ("操作名称", 22), ("原状态", 18), ("新状态", 18), ("意见", 48), ("请求编号", 34),
    ("IP 地址", 16),
]


def _filtered(request) -> AuditEventFilter:
    return AuditEventFilter(request.GET or None, queryset=all_events().select_related("content_type"))


def _rows(filterset):
    return filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset


@require_GET
@login_required
def event_list(request):
    require(request.user, "audit.view")
    filterset = _filtered(request)
    page = Paginator(_rows(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_state_labels(page.object_list)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "audit/event_list.html", {
        "filter": filterset, "page_obj": page, "querystring": querystring.urlencode(),
    })


@require_GET
@login_required
def export_xlsx(request):
    require(request.user, "audit.view")
    rows = _rows(_filtered(request)).order_by("occurred_at", "pk")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计记录")
    for index, (_, width) in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    header = text_row(sheet, [title for title, _ in EXPORT_COLUMNS])
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    labels: dict[int, dict[str, str]] = {}
    for event in rows.iterator(chunk_size=2000):
        if event.content_type_id not in labels:
            labels[event.content_type_id] = state_labels(event.content_type)
        known = labels[event.content_type_id]
        sheet.append(text_row(sheet, [
            timezone.localtime(event.occurred_at).replace(tzinfo=None), event.actor_name, event.actor_organisation,
            event.content_type.name, event.object_id, event.object_repr, event.action, event.action_label,
            state_label(known, event.from_state), state_label(known, event.to_state), event.opinion,
            event.request_id, event.ip_address or "",
        ]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response


@require_GET
@login_required
def chain_check(request):
    """The supervisor checks the trail's hash chain now: intact with its count, or the first broken link."""
    require(request.user, "audit.view")
    return render(request, "audit/chain.html", {"report": verify_chain()})
