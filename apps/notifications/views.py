from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .models import Notification


@login_required
def inbox(request):
    page = Paginator(selectors.inbox_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
@login_required
def open_notification(request, pk):
    """Go to what the notification is about. Only a POST (the inbox's button) marks it read: a GET may come
    from a link checker or a prefetching browser, not from the person reading."""
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if request.method == "POST":
        services.mark_read(notification=note, actor=request.user)
    safe = note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()})
    return redirect(note.url if safe else "notifications:inbox")


@require_POST
@login_required
def read_all(request):
    services.mark_all_read(actor=request.user)
    return redirect("notifications:inbox")
