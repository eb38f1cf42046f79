"""Lists shaped like those counties, cities and provinces publish, built as files, with the items each must give.

Each shape keeps what a reader of the printed list sees: ``expected`` holds, per item in file order, every field
the import fills (the cells as written, the group heading above the row, the item type).
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

FIELDS = ["number_text", "name", "lead_units", "time_text", "place_text", "scope_text", "frequency_text", "content",
          "form_text", "basis_text", "validity_text", "notes"]

BASIS_TWO = "1.《中华人民共和国未成年人保护法》\n2.《中小学幼儿园安全管理办法》（教育部令第23号）"


@dataclass
class Shape:
    name: str
    filename: str
    content: bytes
    title: str
    expected: list[dict] = field(default_factory=list)


def item(item_type="activity", group_label="", **values) -> dict:
    return {"item_type": item_type, "group_label": group_label, **{f: values.get(f, "") for f in FIELDS}}


def xlsx(rows, merges=(), title_row=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "白名单"
    for values in rows:
        ws.append(values)
    for rng in merges:
        ws.merge_cells(rng)
    if title_row:
        ws.cell(title_row, 1).font = Font(bold=True, size=16)
        ws.cell(title_row, 1).alignment = Alignment(horizontal="center")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# == a county list: merged title, ten headings, groups 一、二、三、 with the inspections under the third ==
COUNTY_HEADINGS = ["序号", "活动名称", "牵头单位", "开展时间", "开展地点", "实施范围", "开展频次", "活动主要内容",
                   "开展形式", "开展依据"]
COUNTY_FIELDS = ["number_text", "name", "lead_units", "time_text", "place_text", "scope_text", "frequency_text",
                 "content", "form_text", "basis_text"]
COUNTY_TITLE = "某县2025年社会事务进校园白名单"
COUNTY_GROUPS = {
    "一、安全教育类": [
        [1, "防溺水安全教育进校园", "县教育局、县应急管理局", "2025年4-5月", "各中小学", "全县中小学", "每学年一次",
         "讲解防溺水“六不”知识，观看警示教育片。", "讲座、报告、专题辅导", BASIS_TWO],
        [2, "消防安全宣传进校园", "县公安局、县消防救援大队", "全年", "选1所学校，不超过一个年级",
         "小学、初中、普高、职高", "每年1-2次", "消防疏散演练和灭火器使用示范。", "演练", "《中华人民共和国消防法》"],
    ],
    "二、法治教育类": [
        [3, "法治副校长讲授法治课", "县司法局", dt.datetime(2025, 4, 5), "学校报告厅或教室", "全县中小学", "每季度一场",
         "结合典型案例讲授宪法和预防未成年人犯罪知识。", "讲座",
         "《中小学法治副校长聘任与管理办法》（教育部令第52号）"],
    ],
    "三、督查检查评比考核事项": [
        [1, "学校安全工作专项督导检查", "县人民政府教育督导室", "2025年秋季学期，具体时间另行通知", "",
         "县部分中小学", 1, "检查安全管理制度落实和隐患整改情况。", "实地查看、查阅资料", "《教育督导条例》"],
    ],
}


def county_list() -> Shape:
    rows, merges, expected = [[COUNTY_TITLE], COUNTY_HEADINGS], ["A1:J1"], []
    for label, members in COUNTY_GROUPS.items():
        rows.append([label])
        merges.append(f"A{len(rows)}:J{len(rows)}")
        item_type = "inspection" if "督查" in label else "activity"
        for values in members:
            rows.append(values)
            written = {f: _written(v) for f, v in zip(COUNTY_FIELDS, values, strict=True)}
            expected.append(item(item_type, label, **written))
    return Shape("county", "某县2025年白名单.xlsx", xlsx(rows, merges, title_row=1), COUNTY_TITLE, expected)


def _written(value) -> str:
    if isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


# == a city list: headings in another order and named otherwise, an item type column, no groups ==
CITY_HEADINGS = ["序号", "事项名称", "事项类型", "主办单位", "实施（对象）范围", "开展时间", "开展频次", "活动主要内容",
                 "开展形式( 方式 )", "有效期", "备注"]
CITY_FIELDS = ["number_text", "name", None, "lead_units", "scope_text", "time_text", "frequency_text", "content",
               "form_text", "validity_text", "notes"]
CITY_TITLE = "某市2025—2026学年中小学社会事务进校园白名单"
CITY_ROWS = [
    ["1", "“平安校园”禁毒教育", "进校园活动", "市禁毒办\n市教育局", "全市中小学", "每年6月", "每学年一次",
     "禁毒知识讲座和禁毒主题班会。", "讲座、主题班会", "2025年9月1日至2026年8月31日", "与国际禁毒日活动合并开展"],
    ["2", "文明城市创建宣传", "进校园活动", "市文明办", "全市中小学（学生）", "  2025年10月  ", "1",
     "宣传文明城市创建知识。", "宣传栏、班会", "一学年", ""],
    ["1", "中小学校园食品安全检查", "督查检查评比考核", "市市场监管局、市教育局", "全市中小学食堂", "每学期开学初",
     "每学期一次", "检查食堂食品安全管理。", "实地检查", "2025—2026学年", "联合检查，不重复进校"],
]


def city_list() -> Shape:
    rows = [[CITY_TITLE], ["（2025年8月印发）"], CITY_HEADINGS, *CITY_ROWS]
    expected = []
    for values in CITY_ROWS:
        written = {f: _written(v) for f, v in zip(CITY_FIELDS, values, strict=True) if f}
        item_type = "inspection" if values[2] == "督查检查评比考核" else "activity"
        expected.append(item(item_type, "", **written))
    return Shape("city", "某市白名单.xlsx", xlsx(rows, ["A1:K1", "A2:K2"], title_row=1), CITY_TITLE, expected)


# == a names-only list: one column, grouped by 开展方式 ==
NAMES_TITLE = "某区2025年下半年进校园活动清单"
NAMES_GROUPS = {"讲座类": ["交通安全知识讲座", "网络安全宣传周讲座"], "演练类": ["地震应急疏散演练"]}


def names_only_list() -> Shape:
    rows, expected = [[NAMES_TITLE], ["活动（事项）名称"]], []
    for label, names in NAMES_GROUPS.items():
        rows.append([label])
        for name in names:
            rows.append([name])
            expected.append(item("activity", label, name=name))
    return Shape("names", "某区清单.xlsx", xlsx(rows, title_row=1), NAMES_TITLE, expected)


# == a provincial CSV: bracketed headings as printed, groups （一）（二）, a numbered basis with a line break ==
PROVINCE_HEADINGS = ["序号", "活动（事项）名称", "牵头（实施、主办）单位", "开展时间", "实施范围", "开展频次",
                     "开展依据", "备注"]
PROVINCE_FIELDS = ["number_text", "name", "lead_units", "time_text", "scope_text", "frequency_text", "basis_text",
                   "notes"]
PROVINCE_GROUPS = {
    "（一）进校园活动": [
        ["1", "学生体质健康监测", "省教育厅、省卫生健康委", "每年9-11月", "全省监测试点中小学", "每年1次",
         BASIS_TWO, ""],
        ["2", "青少年科技创新教育", "省科协 省教育厅", "全年", "小学、初中、普高、中职", "每年1-2次",
         "《全民科学素质行动规划纲要（2021—2035年）》", "不得要求学生集体参赛"],
    ],
    "（二）督查检查评比考核事项": [
        ["1", "义务教育质量监测", "省教育厅", "2025年5月", "全省监测试点中小学", "每三年一轮",
         "《国家义务教育质量监测方案》", "/"],
    ],
}
PROVINCE_TITLE = "某省2025年度社会事务进校园准入清单"


def province_csv(encoding="utf-8-sig") -> Shape:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([PROVINCE_TITLE])
    writer.writerow(PROVINCE_HEADINGS)
    expected = []
    for label, members in PROVINCE_GROUPS.items():
        writer.writerow([label])
        item_type = "inspection" if "督查" in label else "activity"
        for values in members:
            writer.writerow(values)
            expected.append(item(item_type, label, **dict(zip(PROVINCE_FIELDS, values, strict=True))))
    return Shape("province", "某省清单.csv", out.getvalue().encode(encoding), PROVINCE_TITLE, expected)


def all_shapes() -> list[Shape]:
    return [county_list(), city_list(), names_only_list(), province_csv(), province_csv("gb18030")]
