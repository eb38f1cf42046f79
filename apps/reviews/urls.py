from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("batch-approve/", views.batch_approve, name="batch_approve"),
    path("<int:pk>/", views.decide, name="decide"),
    path("<int:pk>/merge/", views.merge, name="merge"),
]
