from django.urls import path

from . import views

urlpatterns = [
    path("reviews/queue/", views.QueueView.as_view(), name="review-queue"),
    path("reviews/stages/", views.StageListView.as_view(), name="review-stages"),
    path("reviews/applications/<int:pk>/decision/", views.DecisionView.as_view(), name="review-decision"),
    path("reviews/batch-approve/", views.BatchApproveView.as_view(), name="review-batch-approve"),
    path("reviews/merge/", views.MergeView.as_view(), name="review-merge"),
]
