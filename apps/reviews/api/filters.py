"""The review queue's FilterSet, shared by the queue page and the API (as NetBox shares its filtersets)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from apps.accounts.permissions import region_of
from apps.applications.models import Application, Category, ItemType, Term, looks_like_reference

from ..models import PrecheckLevel, ReviewStage


class QueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    stage = django_filters.ModelChoiceFilter(
        label=_("审核环节"), field_name="review__stage", queryset=ReviewStage.objects.filter(is_active=True),
        empty_label=_("全部环节"),
    )
    term = django_filters.ModelChoiceFilter(label=_("学期"), queryset=Term.objects.all(), empty_label=_("全部学期"))
    item_type = django_filters.ChoiceFilter(label=_("事项类型"), choices=ItemType.choices, empty_label=_("全部类型"))
    category = django_filters.ChoiceFilter(label=_("类别"), choices=Category.choices, empty_label=_("全部类别"))
    department = django_filters.ModelChoiceFilter(
        label=_("申报单位"), queryset=Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, is_active=True),
        empty_label=_("全部单位"),
    )
    precheck_level = django_filters.ChoiceFilter(
        label=_("预审结果"), field_name="review__precheck_level", choices=PrecheckLevel.choices, empty_label=_("全部"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("是否超期"), method="filter_overdue", choices=[("yes", _("已超期")), ("no", _("未超期"))],
        empty_label=_("全部"),
    )

    class Meta:
        model = Application
        fields = ["q", "stage", "term", "item_type", "category", "department", "precheck_level", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            # Offer only the stages the reviewer works at.
            self.filters["stage"].queryset = ReviewStage.objects.filter(
                group__name__in=user.role_names, is_active=True).order_by("-kind", "order")
            # And only the departments of the reviewer's region (a province holds hundreds).
            if not user.is_superuser:
                self.filters["department"].queryset = self.filters["department"].queryset.filter(
                    region_id=region_of(user))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if looks_like_reference(value):
            return queryset.filter(reference=value)
        # A fragment of the title or the number: trigram indexes on PostgreSQL, a plain scan on SQLite.
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))

    def filter_overdue(self, queryset, name, value):
        late = Q(review__due_on__lt=timezone.localdate())
        return queryset.filter(late) if value == "yes" else queryset.exclude(late) if value == "no" else queryset
