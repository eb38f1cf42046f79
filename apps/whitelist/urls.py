from django.urls import path

from .views import imports, lookup, manage, public

app_name = "whitelist"
urlpatterns = [
    path("whitelist/", public.current, name="current"),
    path("whitelist/editions/", public.edition_list, name="editions"),
    path("whitelist/lookup/", lookup.lookup, name="lookup"),
    path("whitelist/<int:pk>/", public.edition_detail, name="edition"),
    path("whitelist/<int:pk>/changes/", public.change_log, name="changes"),
    path("whitelist/<int:pk>/export.xlsx", public.export_download, name="export"),
    path("whitelist/<int:pk>/items.csv", public.items_csv, name="items_csv"),
    path("whitelist/<int:pk>/items.json", public.items_json, name="items_json"),
    path("whitelist/<int:pk>/objection/", public.objection, name="objection"),
    path("whitelist/objections/lookup/", public.objection_lookup, name="objection_lookup"),
    path("whitelist/items/<int:pk>/", public.item_detail, name="item"),
    path("whitelist/manage/", manage.manage, name="manage"),
    path("whitelist/manage/import/", imports.import_list, name="import"),
    path("whitelist/manage/<int:pk>/", manage.manage_edition, name="manage_edition"),
    path("whitelist/manage/<int:pk>/preview/", manage.manage_preview, name="preview"),
    path("whitelist/manage/<int:pk>/action/", manage.edition_action, name="edition_action"),
    path("whitelist/manage/objections/<int:pk>/answer/", manage.objection_answer, name="objection_answer"),
    path("whitelist/manage/items/<int:pk>/move/", manage.item_move, name="item_move"),
    path("whitelist/manage/items/<int:pk>/edit/", manage.item_edit, name="item_edit"),
    path("whitelist/manage/items/<int:pk>/status/", manage.item_status, name="item_status"),
]
