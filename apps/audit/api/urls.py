from django.urls import path

from . import views

urlpatterns = [
    path("audit/events/", views.AuditEventList.as_view(), name="audit-event-list"),
    path("audit/events/<int:pk>/", views.AuditEventDetail.as_view(), name="audit-event-detail"),
]
