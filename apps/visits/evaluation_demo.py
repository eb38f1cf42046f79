"""The demo's finished year-end evaluation of the previous school year: most items kept, one cleared (merged into
another), one sent for rectification, the item revoked during the year confirmed as revoked."""

import datetime as dt

from django.utils import timezone

from apps.accounts.models import Organisation, User
from apps.applications.terms import term_for_date
from whitelist_portal import codes

from . import evaluation as ev
from . import frequency
from .models import Evaluation, Rating, Visit

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
    _past_visits(evaluation, year, publisher)
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


# (burden, usefulness, comment) of the schools, by item; the others get a middling, quiet rating.
RATINGS = {
    "气象科普进校园": (4, 2, "内容与科学课重复，学生兴趣不高。"),
    "消防安全知识讲座": (4, 3, "讲座安排在午休时段，影响学生休息。"),
}


def _past_visits(evaluation, year: int, publisher) -> None:
    """What the year's items really did: visits recorded and confirmed (or refused) at the demo schools during the
    school year, written as the history they are, with the schools' ratings."""
    schools = list(Organisation.objects.filter(kind="school", region_id=evaluation.region_id).order_by("pk")[:3])
    school_user = User.objects.filter(username="xuexiao").first()
    if not schools or school_user is None:
        return
    start = dt.date(year, 9, 15)
    for index, row in enumerate(ev.rows(evaluation)):
        item = row.item
        # Recorded by the department's own user where it has one in the demo, by the bureau for it otherwise.
        department = item.departments.order_by("pk").first() or publisher.organisation
        creator = User.objects.filter(organisation=department).order_by("pk").first() or publisher
        for n in range(3 if item.name in RATINGS else 1 + index % 3):
            day = start + dt.timedelta(days=37 * n + 3 * index)
            key = term_for_date(day)
            refused = item.name in RATINGS and n == 1
            moment = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))
            visit = Visit.objects.create(
                code=codes.new_code(), item=item, item_key=frequency.item_key(item), department=department,
                school=schools[(index + n) % len(schools)], region_id=evaluation.region_id, date=day,
                start_time=dt.time(14, 30), school_year=key.start_year, semester=key.semester,
                participants=["students"], participant_count=120 + 20 * n, duration_minutes=45,
                person_in_charge=creator.full_name or "联系人", created_by=creator,
                status=Visit.Status.REFUSED if refused else Visit.Status.CONFIRMED,
                school_note="未按约定时段进校，学校拒绝。" if refused else "活动按批准的内容开展。",
                handled_by=school_user, handled_at=moment)
            if not refused:
                burden, usefulness, comment = RATINGS.get(item.name, (2, 4, ""))
                Rating.objects.create(visit=visit, burden=burden, usefulness=usefulness, comment=comment,
                                      rated_by=school_user)
