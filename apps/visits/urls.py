from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("visits/", views.visit_list, name="list"),
    path("visits/new/", views.create, name="create"),
    path("visits/<int:pk>/", views.detail, name="detail"),
    path("visits/<int:pk>/permit/", views.permit, name="permit"),
    path("visits/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("visits/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("visits/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("visits/<int:pk>/problem/", views.problem, name="problem"),
    path("visits/<int:pk>/rate/", views.rate, name="rate"),
    path("check/", views.check, name="check"),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/finish/", views.evaluation_finish, name="evaluation_finish"),
    path("evaluations/<int:pk>/report.xlsx", views.evaluation_export, name="evaluation_export"),
]
