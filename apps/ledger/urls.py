from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("ledger/", views.ledger_list, name="list"),
    path("ledger/mine/", views.my_lines, name="mine"),
    path("ledger/new/", views.create, name="create"),
    path("ledger/import/", views.import_xlsx, name="import"),
    path("ledger/ledger.xlsx", views.export_xlsx, name="export"),
    path("ledger/from-complaint/<int:complaint_pk>/", views.from_complaint, name="from_complaint"),
    path("ledger/<int:pk>/", views.detail, name="detail"),
    path("ledger/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("ledger/<int:pk>/<slug:name>/", views.step, name="step"),
    path("ledger/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("transparency/", views.transparency, name="transparency"),
]
