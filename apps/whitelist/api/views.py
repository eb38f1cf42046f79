"""Open data: the published whitelist, read-only, no login."""

from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from .. import selectors
from ..filters import WhitelistItemFilter
from .serializers import EditionSerializer, ItemSerializer


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EditionSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["status", "period_kind", "region__code", "term__start_year", "term__semester"]
    search_fields = []

    def get_queryset(self):
        return selectors.public_editions()


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ItemSerializer
    permission_classes = [AllowAny]
    filterset_class = WhitelistItemFilter
    search_fields = []
    ordering_fields = ["number", "name"]

    def get_queryset(self):
        return selectors.public_items().order_by("edition_id", "item_type", "number")
