"""The visits REST API: read-only, the same access question as the pages."""

from django.utils.translation import gettext
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from apps.accounts.permissions import can

from .. import selectors
from .serializers import VisitSerializer


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """进校园活动记录：开展单位看到本单位登记的，学校看到进本校的，教育局看到本地区全部。"""

    serializer_class = VisitSerializer
    filterset_fields = ["status", "school", "item", "date"]
    search_fields = None
    ordering_fields = ["date", "created_at"]

    def get_queryset(self):
        return selectors.visits_visible_to(self.request.user).select_related("item", "department", "school")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not can(request.user, "visits.view_list"):
            raise PermissionDenied(gettext("无权查看进校园活动记录。"))
