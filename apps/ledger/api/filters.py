"""The one FilterSet for ledger lists: the bureau's ledger page, the .xlsx export and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation

from ..models import LedgerLine, SourceKind


class LedgerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    source_kind = django_filters.ChoiceFilter(label=_("问题来源"), choices=SourceKind.choices, empty_label=_("全部"))
    owner = django_filters.ModelChoiceFilter(
        label=_("责任单位"), empty_label=_("全部"),
        queryset=Organisation.objects.filter(kind__in=("school", "department")).order_by("kind", "name"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=LedgerLine.Status.choices, empty_label=_("全部"))
    overdue = django_filters.ChoiceFilter(label=_("超期"), method="filter_overdue", empty_label=_("全部"),
                                          choices=[("yes", _("已超期")), ("no", _("未超期"))])
    deadline_from = django_filters.DateFilter(label=_("时限自"), field_name="deadline", lookup_expr="gte",
                                              widget=forms.DateInput(attrs={"type": "date"}))
    deadline_to = django_filters.DateFilter(label=_("时限至"), field_name="deadline", lookup_expr="lte",
                                            widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = LedgerLine
        fields = ["q", "source_kind", "owner", "status", "overdue", "deadline_from", "deadline_to"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=LedgerLine.OPEN_STATUSES, deadline__lt=timezone.localdate())
        if value == "yes":
            return queryset.filter(late)
        if value == "no":
            return queryset.exclude(late)
        return queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(problem__icontains=value) | Q(source_ref__icontains=value)
                               | Q(owner__name__icontains=value) | Q(owner_person__icontains=value))
