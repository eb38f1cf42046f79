"""The shell's pages: home, dashboard, how to report, and the health check."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from apps.whitelist.page_cache import public_page

from .dashboard import panels_for
from .health import run_checks
from .navigation import items_for


@public_page
def home(request):
    from apps.whitelist.selectors import editions_on_notice

    return render(request, "portal/home.html", {"on_notice": list(editions_on_notice()[:5])})


@login_required
def dashboard(request):
    shortcuts = [i for i in items_for(request.user) if i["url"] not in ("/", request.path)]
    return render(request, "portal/dashboard.html", {"shortcuts": shortcuts, "panels": panels_for(request.user)})


@public_page
def how_to_report(request):
    return render(request, "portal/how_to_report.html")


@never_cache
def healthz(request):
    results = run_checks()
    failed = {name: reason for name, reason in results.items() if reason != "ok"}
    status = 503 if failed else 200
    return JsonResponse({"status": "fail" if failed else "ok", "checks": results}, status=status)
