"""The audit trail's FilterSet, shared by the auditor's page, its export and the API."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


def _action_choices():
    """One choice per label a person reads; actions that share a label are one choice (their codes joined as the
    value), so the list never shows a code like ``demo.in_review``."""
    rows = AuditEvent.objects.order_by("action").values_list("action", "action_label").distinct()
    labels: dict[str, str] = {}
    for action, label in rows:
        labels.setdefault(action, label or action)
    by_label: dict[str, list[str]] = {}
    for action, label in labels.items():
        by_label.setdefault(label, []).append(action)
    return sorted(((",".join(sorted(actions)), label) for label, actions in by_label.items()), key=lambda c: c[1])


class AuditEventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text",
                                  help_text=_("在对象、操作、意见、请求编号中查找"))
    occurred_after = django_filters.DateFilter(label=_("起始日期"), field_name="occurred_at", lookup_expr="date__gte",
                                               widget=forms.DateInput(attrs={"type": "date"}))
    occurred_before = django_filters.DateFilter(label=_("截止日期"), field_name="occurred_at", lookup_expr="date__lte",
                                                widget=forms.DateInput(attrs={"type": "date"}))
    actor = django_filters.CharFilter(label=_("操作人"), method="filter_actor")
    action = django_filters.ChoiceFilter(label=_("操作"), choices=_action_choices, empty_label=_("全部操作"),
                                         method="filter_action")
    content_type = django_filters.ModelChoiceFilter(
        label=_("对象类型"), empty_label=_("全部类型"),
        queryset=ContentType.objects.filter(pk__in=AuditEvent.objects.values("content_type")).order_by("app_label"),
    )

    class Meta:
        model = AuditEvent
        fields = ["q", "occurred_after", "occurred_before", "actor", "action", "content_type"]

    def filter_text(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(object_repr__icontains=value) | Q(opinion__icontains=value)
                               | Q(action_label__icontains=value) | Q(request_id__icontains=value)
                               | Q(from_state__icontains=value) | Q(to_state__icontains=value))

    def filter_action(self, queryset, name, value):
        return queryset.filter(action__in=value.split(",")) if value else queryset

    def filter_actor(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(actor_name__icontains=value) | Q(actor__username__iexact=value)
                               | Q(actor_organisation__icontains=value))
