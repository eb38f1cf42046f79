from django.urls import path

from .views import exports, public, staff

app_name = "complaints"
urlpatterns = [
    path("complaints/", staff.queue, name="queue"),
    path("complaints/new/", staff.intake, name="create"),
    path("complaints/stats/", staff.statistics, name="stats"),
    path("complaints/register.xlsx", exports.register_xlsx, name="register_xlsx"),
    path("complaints/<int:pk>/", staff.detail, name="detail"),
    path("complaints/<int:pk>/edit/", staff.intake, name="edit"),
    path("complaints/<int:pk>/reporter/", staff.reveal, name="reveal"),
    path("complaints/<int:pk>/evidence/", staff.evidence_upload, name="evidence_upload"),
    path("complaints/<int:pk>/<slug:name>/", staff.step, name="step"),
    path("complaints/evidence/<int:pk>/", staff.evidence_download, name="evidence_download"),
    path("report/online/", public.report, name="report"),
    path("report/online/done/", public.report_done, name="report_done"),
    path("report/lookup/", public.lookup, name="lookup"),
]
