"""The one FilterSet of whitelist items, shared by the public list, the open-data API and the downloads."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from apps.applications.models import Category, ItemType

from .models import WhitelistItem

# A number no row can have (1e300, -5) is refused by the form instead of reaching the database.
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1}


class WhitelistItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("搜索"))
    item_type = django_filters.ChoiceFilter(choices=ItemType.choices, label=_("事项类型"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("类别"))
    lead_unit = django_filters.NumberFilter(method="by_lead_unit", label=_("牵头单位"), **ID_RANGE)
    stage = django_filters.ChoiceFilter(choices=Organisation.SchoolStage.choices, method="by_stage",
                                        label=_("学段"))
    status = django_filters.ChoiceFilter(choices=WhitelistItem.Status.choices, label=_("状态"))
    edition = django_filters.NumberFilter(field_name="edition_id", label=_("白名单编号"), **ID_RANGE)

    class Meta:
        model = WhitelistItem
        fields = ["q", "item_type", "category", "lead_unit", "stage", "status", "edition"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(content__icontains=value) | Q(lead_units__icontains=value)
            | Q(basis_text__icontains=value)
        )

    def by_lead_unit(self, queryset, name, value):
        # A subquery rather than a join keeps one row per item.
        return queryset.filter(pk__in=WhitelistItem.departments.through.objects.filter(
            organisation_id=value).values("whitelistitem_id"))

    def by_stage(self, queryset, name, value):
        return queryset.filter(stages_key__contains=f",{value},")
