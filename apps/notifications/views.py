from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Notification


@login_required
def inbox(request):
    page = Paginator(selectors.inbox_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page})


@login_required
def open_notification(request, pk):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(notification=note, actor=request.user)
    return redirect(note.url or "notifications:inbox")


@require_POST
@login_required
def read_all(request):
    services.mark_all_read(actor=request.user)
    return redirect("notifications:inbox")
