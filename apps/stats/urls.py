from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("stats/", views.page, name="page"),
    path("stats/export/<slug:table>.xlsx", views.export, name="export"),
    path("statistics/", views.public, name="public"),
    path("statistics/export/<slug:table>.xlsx", views.public_export, name="public_export"),
]
