"""The one FilterSet for application lists: the department's page, the reviewers' views and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import Application, Category, ItemType, Term


class ApplicationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Application.Status.choices, empty_label=_("全部"))
    term = django_filters.ModelChoiceFilter(label=_("学期"), queryset=Term.objects.all(), empty_label=_("全部"))
    item_type = django_filters.ChoiceFilter(label=_("事项类型"), choices=ItemType.choices, empty_label=_("全部"))
    category = django_filters.ChoiceFilter(label=_("类别"), choices=Category.choices, empty_label=_("全部"))
    is_adhoc = django_filters.ChoiceFilter(label=_("申报方式"), choices=[("1", _("临时申报")), ("0", _("常规申报"))],
                                           method="filter_adhoc", empty_label=_("全部"))

    class Meta:
        model = Application
        fields = ["q", "status", "term", "item_type", "category", "is_adhoc"]

    def filter_adhoc(self, queryset, name, value):
        return queryset.filter(is_adhoc=value == "1") if value in ("0", "1") else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(reference__icontains=value) | Q(content__icontains=value)
            | Q(department__name__icontains=value)
        )
