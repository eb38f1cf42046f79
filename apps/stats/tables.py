"""The figures as tables (what the page prints beneath each chart, and what each .xlsx file holds) and as chart
specifications the browser draws with ECharts: the same numbers, from the same selectors."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .selectors import OUTCOMES


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    chart: dict | None = None
    note: str = ""
    footer: list | None = None
    numeric: set[int] = field(default_factory=set)  # column indexes holding numbers (right-aligned)

    def _labelled(self, row) -> list[dict]:
        return [{"label": label, "value": value, "numeric": index in self.numeric, "first": index == 0}
                for index, (label, value) in enumerate(zip(self.columns, row, strict=False))]

    @property
    def labelled_rows(self) -> list[list[dict]]:
        """Each cell with its column's heading (the phone layout prints it before the value)."""
        return [self._labelled(row) for row in self.rows]

    @property
    def labelled_footer(self) -> list[dict] | None:
        return self._labelled(self.footer) if self.footer else None

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "columns": self.columns, "rows": self.rows,
                "footer": self.footer}


def _met(value) -> str:
    return "—" if value is None else (_("达标") if value else _("未达标"))


def _bar(categories, series, *, horizontal=False, stacked=False, kind="bar", percent=False) -> dict:
    return {"type": kind, "categories": categories, "series": series, "horizontal": horizontal,
            "stacked": stacked, "percent": percent}


def _count_table(key, title, first_column, rows, kind="bar", horizontal=False, note="") -> Table:
    labels = [r["label"] for r in rows]
    counts = [r["count"] for r in rows]
    chart = ({"type": "pie", "categories": labels, "series": [{"name": title, "data": counts}]} if kind == "pie"
             else _bar(labels, [{"name": _("件数"), "data": counts}], horizontal=horizontal, kind=kind))
    return Table(key, title, [first_column, _("件数")], [[r["label"], r["count"]] for r in rows], chart,
                 note=note, footer=[_("合计"), sum(counts)], numeric={1})


def application_tables(data) -> list[Table]:
    outcome_labels = [str(label) for _key, label in OUTCOMES]
    departments = data["by_department"]
    by_department = Table(
        "applications_department", _("各申报单位的申报及结果"), [_("申报单位"), _("合计"), *outcome_labels],
        [[r["label"], r["count"], *[r[key] for key, _l in OUTCOMES]] for r in departments],
        _bar([r["label"] for r in departments],
             [{"name": str(label), "data": [r[key] for r in departments]} for key, label in OUTCOMES],
             horizontal=True, stacked=True),
        footer=[_("合计"), data["total"], *[sum(r[key] for r in departments) for key, _l in OUTCOMES]],
        numeric=set(range(1, 2 + len(OUTCOMES))))
    return [
        by_department,
        _count_table("applications_type", _("按事项类型"), _("事项类型"), data["by_type"], kind="pie"),
        _count_table("applications_category", _("按类别"), _("类别"), data["by_category"]),
        _count_table("applications_outcome", _("按办理结果"), _("办理结果"), data["by_outcome"], kind="pie"),
    ]


def review_tables(data) -> list[Table]:
    rows = data["rows"]
    table = Table(
        "reviews_stages", _("各审核环节用时（工作日）"),
        [_("审核环节"), _("时限"), _("决定数"), _("中位数"), _("90%分位数"), _("时限内办结"), _("时限内占比（%）"),
         _("90%分位数是否在时限内")],
        [[r["label"], r["time_limit_days"], r["decisions"], r["median_days"], r["p90_days"], r["within_limit"],
          r["within_share"], _met(r["p90_within_limit"])] for r in rows],
        _bar([r["label"] for r in rows], [
            {"name": _("中位数"), "data": [r["median_days"] for r in rows]},
            {"name": _("90%分位数"), "data": [r["p90_days"] for r in rows]},
            {"name": _("时限"), "data": [r["time_limit_days"] for r in rows], "line": True},
        ]),
        note=_("从申报到达该环节之日起，至该环节作出决定之日止，按工作日计算（节假日不计，调休上班日计入）。"),
        numeric={1, 2, 3, 4, 5, 6})
    return [table]


def _whitelist_rows(rows):
    return [[r["label"], r["previous"], r["current"], r["merged"], r["rate"], _met(r["meets_target"])
             if r["previous"] is not None else "—"] for r in rows]


def whitelist_tables(data) -> list[Table]:
    columns = [_("事项类型"), _("上年同期"), _("本期"), _("其中合并事项"), _("压减合并率（%）"),
               _("是否达到20%目标")]
    rows = [r for r in data["rows"] if r["key"] != "total"]
    periods = "；".join(f"{e['region']} {e['period']}" for e in data["editions"]) or _("本期间没有已发布的白名单")
    table = Table(
        "whitelist_types", _("白名单事项数与压减合并率"), columns, _whitelist_rows(data["rows"]),
        _bar([r["label"] for r in rows], [
            {"name": _("上年同期"), "data": [r["previous"] for r in rows]},
            {"name": _("本期"), "data": [r["current"] for r in rows]},
        ]),
        note=_("统计的白名单：%(lists)s。压减合并率 =（上年同期事项数 − 本期事项数）÷ 上年同期事项数，目标为不低于 "
               "%(target)s%%；已撤销的事项不计。") % {"lists": periods, "target": int(data["target_rate"])},
        numeric={1, 2, 3, 4})
    return [table]


def complaint_tables(data) -> list[Table]:
    if data is None:
        return []
    return [
        _count_table("complaints_channel", _("举报按渠道"), _("渠道"), data["by_channel"], kind="pie"),
        _count_table("complaints_category", _("举报按负担类别"), _("类别"), data["by_category"], horizontal=True),
        _count_table("complaints_verdict", _("白名单核对结果"), _("核对结果"), data["by_verdict"], horizontal=True),
        _count_table("complaints_month", _("举报按月份"), _("月份"), data["by_month"], kind="line"),
        _count_table("complaints_school", _("举报涉及的学校"), _("学校"), data["by_school"], horizontal=True,
                     note=_("一件举报涉及多所学校的，每所学校各计一次。")),
        _count_table("complaints_department", _("举报涉及的单位"), _("单位"), data["by_department"],
                     horizontal=True),
    ]


def ledger_tables(data) -> list[Table]:
    rows = data["rows"]
    total = data["total"]
    return [Table(
        "ledger_owners", _("整改台账：各责任单位新增、销号与逾期"), [_("责任单位"), _("新增"), _("销号"), _("逾期")],
        [[r["label"], r["opened"], r["closed"], r["overdue"]] for r in rows],
        _bar([r["label"] for r in rows], [{"name": _("新增"), "data": [r["opened"] for r in rows]},
                                          {"name": _("销号"), "data": [r["closed"] for r in rows]},
                                          {"name": _("逾期"), "data": [r["overdue"] for r in rows]}],
             horizontal=True),
        note=_("逾期：截至 %(day)s 尚未销号且已过整改时限。") % {"day": data["as_of"]},
        footer=[_("合计"), total["opened"], total["closed"], total["overdue"]], numeric={1, 2, 3})]


def visit_tables(data) -> list[Table]:
    rows = data["rows"]
    if not rows:
        return []
    total = data["total"]
    keys = ("planned", "confirmed", "refused", "waiting", "cancelled", "over")
    return [Table(
        "visits_departments", _("进校园活动：各开展单位计划与实际"),
        [_("开展单位"), _("登记计划"), _("确认开展"), _("学校拒绝"), _("待确认"), _("已取消"), _("超频次")],
        [[r["label"], *[r[k] for k in keys]] for r in rows],
        _bar([r["label"] for r in rows], [{"name": _("登记计划"), "data": [r["planned"] for r in rows]},
                                          {"name": _("确认开展"), "data": [r["confirmed"] for r in rows]},
                                          {"name": _("学校拒绝"), "data": [r["refused"] for r in rows]}],
             horizontal=True),
        note=_("按进校日期统计；登记计划不含已取消的；超频次指学校确认开展后超出批准频次、已转入整改台账的。"),
        footer=[_("合计"), *[total[k] for k in keys]], numeric={1, 2, 3, 4, 5, 6})]


SECTIONS = [  # figure key, heading, table builder
    ("applications", gettext_lazy("申报情况"), application_tables),
    ("reviews", gettext_lazy("审核用时"), review_tables),
    ("whitelist", gettext_lazy("白名单压减"), whitelist_tables),
    ("complaints", gettext_lazy("举报受理"), complaint_tables),
    ("ledger", gettext_lazy("整改落实"), ledger_tables),
    ("visits", gettext_lazy("进校园活动"), visit_tables),
]


# ---- the public page -------------------------------------------------------------------------------------------

def public_whitelist_table(editions) -> Table:
    rows, labels, totals, rates = [], [], [], []
    for edition in editions:
        by_key = {r["key"]: r for r in edition["rows"]}
        total = by_key["total"]
        rows.append([edition["region"], edition["period"], by_key["activity"]["current"],
                     by_key["inspection"]["current"], total["current"], total["previous"], total["rate"],
                     _met(total["meets_target"]) if total["previous"] is not None else "—"])
        labels.append(f"{edition['region']} {edition['period']}")
        totals.append(total["current"])
        rates.append(total["rate"])
    return Table(
        "public_whitelist", _("各期白名单事项数与压减合并率"),
        [_("地区"), _("期间"), _("进校园活动"), _("督查检查评比考核"), _("合计"), _("上年同期"),
         _("压减合并率（%）"), _("是否达到20%目标")], rows,
        _bar(labels, [{"name": _("事项合计"), "data": totals},
                      {"name": _("压减合并率（%）"), "data": rates, "line": True, "percent": True}]),
        note=_("压减合并率 =（上年同期事项数 − 本期事项数）÷ 上年同期事项数，目标为不低于 20%；已撤销的事项不计。"),
        numeric={2, 3, 4, 5, 6})


def public_transparency_table(figures) -> Table:
    rows = figures["rows"]
    total = figures["total"]
    labels = [str(r["label"]) for r in rows]
    return Table(
        "public_transparency", _("减负举报与整改（按类别）"),
        [_("类别"), _("收到举报"), _("受理"), _("办结"), _("整改销号"), _("办结用时中位数（天）")],
        [[str(r["label"]), r["received"], r["accepted"], r["closed"], r["lines_closed"], r["median_days"]]
         for r in rows],
        _bar(labels, [{"name": _("收到举报"), "data": [r["received"] for r in rows]},
                      {"name": _("办结"), "data": [r["closed"] for r in rows]},
                      {"name": _("整改销号"), "data": [r["lines_closed"] for r in rows]}], horizontal=True),
        footer=[_("合计"), total["received"], total["accepted"], total["closed"], total["lines_closed"],
                total["median_days"]],
        numeric={1, 2, 3, 4, 5})
