from django.urls import path

from .views import PublicStatsView, figure_view

urlpatterns = [
    *[path(f"stats/{name}/", figure_view(name), name=f"stats-{name}")
      for name in ("applications", "reviews", "whitelist", "complaints", "ledger", "visits")],
    path("stats/public/", PublicStatsView.as_view(), name="stats-public"),
]
