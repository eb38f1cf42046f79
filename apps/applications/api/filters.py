"""The one FilterSet for application lists: the department's page, the reviewers' views and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation

from ..models import Application, Category, ItemType, Term, looks_like_reference


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
        if looks_like_reference(value):
            return queryset.filter(reference=value)
        # The departments whose name matches are looked up first (a short list), so that every branch of the OR
        # is a column of the application with its own index (trigram on PostgreSQL) rather than a join to scan.
        departments = list(Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, name__icontains=value)
                           .values_list("pk", flat=True)[:200])
        matches = Q(title__icontains=value) | Q(reference__icontains=value) | Q(content__icontains=value)
        return queryset.filter(matches | Q(department_id__in=departments) if departments else matches)
