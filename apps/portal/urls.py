from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("workspace/", views.dashboard, name="dashboard"),
    path("report/", views.how_to_report, name="how_to_report"),
]
