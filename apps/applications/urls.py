from django.urls import path

from . import imports, views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("all/", views.application_list, name="overview"),
    path("new/", views.application_create, name="create"),
    path("import/", imports.import_page, name="import"),
    path("import/template.xlsx", imports.template_download, name="import_template"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/submit/", views.application_submit, name="submit"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/copy/", views.application_copy, name="copy"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
