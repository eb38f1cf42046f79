"""The demo's finished year-end evaluation of the previous school year: most items kept, one cleared (merged into
another), one sent for rectification, the item revoked during the year confirmed as revoked."""

from apps.accounts.models import User

from . import evaluation as ev
from .models import Evaluation

CLEAR = {"气象科普进校园": "与“防灾减灾”宣传内容重复，且已纳入科学课教学，清理，不再列入下一年度白名单。"}
RECTIFY = {"消防安全知识讲座": "学校反映讲座时间安排在午休时段，须调整到课后服务时段。"}
KEEP = "组织规范，按批准的频次开展，学校评价良好，保留。"
REVOKED = "年中已撤销，维持撤销。"


def seed(out, calendar) -> None:
    publisher = User.objects.filter(username="fabu").select_related("organisation").first()
    if publisher is None:
        return
    year = calendar.current.start_year - 1
    if Evaluation.objects.filter(region_id=publisher.organisation.region_id, school_year=year).exists():
        return
    evaluation = ev.start_evaluation(actor=publisher, school_year=year)
    for row in ev.rows(evaluation):
        name = row.item.name
        if row.item.status == "revoked":
            kind, reason = "revoke", REVOKED
        elif name in CLEAR:
            kind, reason = "clear", CLEAR[name]
        elif name in RECTIFY:
            kind, reason = "rectify", RECTIFY[name]
        else:
            kind, reason = "keep", KEEP
        ev.decide(evaluation=evaluation, item=row.item, actor=publisher, kind=kind, reason=reason)
    ev.finish(evaluation=evaluation, actor=publisher)
    out.write(f"  {year}—{year + 1}学年年终评估：{evaluation.decisions.count()} 个事项，已完成\n")
