"""URL map: pages per app, the REST API under /api/, admin, health check."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from apps.portal import views as portal_views

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("apps.applications.api.urls")),
    path("", include("apps.reviews.api.urls")),
    path("", include("apps.whitelist.api.urls")),
    path("", include("apps.audit.api.urls")),
    path("", include("apps.complaints.api.urls")),
    path("", include("apps.ledger.api.urls")),
    path("", include("apps.visits.api.urls")),
    path("", include("apps.stats.api.urls")),
]

urlpatterns = [
    path("", include("apps.portal.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("applications/", include("apps.applications.urls")),
    path("reviews/", include("apps.reviews.urls")),
    path("audit/", include("apps.audit.urls")),
    path("", include("apps.whitelist.urls")),
    path("", include("apps.complaints.urls")),
    path("", include("apps.ledger.urls")),
    path("", include("apps.visits.urls")),
    path("", include("apps.stats.urls")),
    # The language switch takes no CSRF token, so that a visitor's public page carries none (and sets no cookie);
    # all it can change is the language cookie, and ``next`` is checked against the host as ever.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", portal_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, "api"), namespace="api")),
]

admin.site.site_header = settings.PORTAL_NAME
admin.site.site_title = settings.PORTAL_NAME
