"""Download of the complaint register: the queue's filters, masked for everyone but complaint staff."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from apps.accounts.permissions import can, require
from apps.audit.services import record_event

from ..exports import write_register
from .staff import _filtered

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def register_xlsx(request):
    require(request.user, "complaints.export")
    _, rows = _filtered(request)
    rows = list(rows.exclude(status="draft").order_by("received_at", "pk"))
    reveal = can(request.user, "complaints.view_reporter")
    buffer = io.BytesIO()
    write_register(rows, buffer, reveal=reveal)
    if reveal:
        # An export with reporters' data is a look at every one of them: one event per report.
        for complaint in rows:
            if not complaint.is_anonymous:
                record_event(actor=request.user, obj=complaint, action="complaint.reporter_exported",
                             action_label="导出举报人信息", from_state=complaint.status, to_state=complaint.status)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"complaints-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
