"""The figures for machines (a provincial platform pulls them): the same selectors as the pages, as JSON.

``GET /api/stats/<figure>/?kind=term&term=<id>`` (or ``kind=school_year&school_year=2025``, ``kind=year&year=2026``,
``kind=range&starts_on=…&ends_on=…``; ``region=<id>`` narrows a bureau's view to one region of its subtree).
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import can

from .. import selectors
from ..scope import PeriodForm, region_choices, scope_for

PERIOD_PARAMETERS = [
    OpenApiParameter("kind", str, enum=["term", "school_year", "year", "range"],
                     description="学期、学年、年度或时段（默认本学期）"),
    OpenApiParameter("term", int, description="学期编号（kind=term）"),
    OpenApiParameter("school_year", int, description="学年起始年（kind=school_year）"),
    OpenApiParameter("year", int, description="年度（kind=year）"),
    OpenApiParameter("starts_on", OpenApiTypes.DATE, description="开始日期（kind=range）"),
    OpenApiParameter("ends_on", OpenApiTypes.DATE, description="结束日期（kind=range）"),
    OpenApiParameter("region", int, description="辖区内的某一地区"),
]


def _period_json(period) -> dict:
    return {"kind": str(period.kind), "label": period.label, "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat()}


class FigureView(APIView):
    figure = ""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def get(self, request):
        if not can(request.user, "stats.view"):
            raise PermissionDenied
        regions = region_choices(request.user)
        form = PeriodForm(request.query_params, regions=regions)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        scope = scope_for(request.user, form.cleaned_data.get("region"), regions)
        period = form.cleaned_data["period"]
        return Response({
            "figure": self.figure, "scope": {"label": scope.label, "region_ids": scope.region_ids,
                                             "department_id": scope.department_id},
            "period": _period_json(period), "data": selectors.FIGURES[self.figure](scope, period),
        })


def figure_view(name: str):
    return type(f"{name.title()}FigureView", (FigureView,), {"figure": name}).as_view()


class PublicStatsView(APIView):
    """The public page's figures: published lists per period with their reduction rate, and this term's report
    and ledger figures per burden category. No login, nothing personal."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("region", int, description="只看某一地区的白名单")],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from ..views import public_figures

        chosen, _regions, transparency, editions = public_figures(request.query_params)
        period = transparency.pop("period")
        rows = [{**row, "label": str(row["label"])} for row in transparency.pop("rows")]
        return Response({"region": chosen.name if chosen else None, "whitelists": editions,
                         "transparency": {"period": {"label": period.label,
                                                     "starts_on": period.starts_on.isoformat(),
                                                     "ends_on": period.ends_on.isoformat()},
                                          "rows": rows, **transparency}})
