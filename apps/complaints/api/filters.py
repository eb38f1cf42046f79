"""The one FilterSet for report lists: the officer's queue, the register export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation

from .. import selectors
from ..models import BurdenCategory, Channel, Complaint, Verdict


class ComplaintFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Complaint.Status.choices, empty_label=_("全部"))
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices, empty_label=_("全部"))
    category = django_filters.ChoiceFilter(label=_("类别"), choices=BurdenCategory.choices, empty_label=_("全部"))
    verdict = django_filters.ChoiceFilter(label=_("白名单核对"), choices=Verdict.choices, empty_label=_("全部"))
    school = django_filters.ModelChoiceFilter(label=_("学校"), field_name="schools", empty_label=_("全部"),
                                              queryset=Organisation.objects.filter(kind="school").order_by("name"))
    department = django_filters.ModelChoiceFilter(
        label=_("涉及单位"), empty_label=_("全部"),
        queryset=Organisation.objects.filter(kind="department").order_by("name"))
    due = django_filters.ChoiceFilter(label=_("答复期限"), method="filter_due", empty_label=_("全部"), choices=[
        ("overdue", _("已超期")), ("due_soon", _("3 日内到期")), ("open", _("未答复"))])

    class Meta:
        model = Complaint
        fields = ["q", "status", "channel", "category", "verdict", "school", "department", "due"]

    def filter_due(self, queryset, name, value):
        return selectors.filter_due(queryset, value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Reporter fields are never searched: a search must not reveal who reported.
        return queryset.filter(
            Q(activity_text__icontains=value) | Q(description__icontains=value) | Q(school_text__icontains=value)
            | Q(department_text__icontains=value) | Q(department__name__icontains=value)
            | Q(schools__name__icontains=value)
        ).distinct()
