"""Demo visits of the running term's items to demo schools: confirmed and rated, refused at the gate, one beyond
its approved frequency (confirmed, so it opened a ledger line), one waiting for 凤城中心小学 today and permits still
to print; and the year-end evaluation of the previous school year, finished.

Dates follow the demo calendar: past visits fall between the term's start and today."""

import datetime as dt

from django.utils import timezone

from apps.accounts.models import Organisation, User
from apps.applications.demo import DemoCalendar
from apps.applications.terms import term_for_date
from apps.whitelist.models import WhitelistItem

from . import services
from .models import Visit

SCHOOL = "安溪县凤城中心小学"
# (username, item name, school, fraction of the term gone / days ahead, path, rating (burden, usefulness, comment))
VISITS = [  # in the order recorded: the refused one first, so that it was planned before the others counted
    ("gongan", "禁毒防艾宣传教育", SCHOOL, 0.7, "refused", None),
    ("gongan", "禁毒防艾宣传教育", SCHOOL, 0.3, "confirmed", (2, 4, "图片展内容贴近学生，未占用上课时间。")),
    ("gongan", "禁毒防艾宣传教育", SCHOOL, 0.5, "confirmed", (3, 3, "")),
    ("gongan", "禁毒防艾宣传教育", SCHOOL, 0.9, "over", (4, 2, "本学期第三次，学校需另行调整课程。")),
    ("sifa", "法治教育进校园", SCHOOL, 0, "planned", None),  # today: waits for the school's confirmation
    ("gongan", "禁毒防艾宣传教育", "安溪第一中学", 2, "planned", None),
    ("gongan", "禁毒防艾宣传教育", "安溪第八中学", 5, "planned", None),
]
REFUSAL = "来访人员未携带进校园凭证，且要求学生扫码关注公众号，学校拒绝进校。"


def _record(actor, item, school, day, *, acknowledge=False):
    visit = services.record_visit(actor=actor, data={
        "item": item, "school": school, "date": timezone.localdate(), "start_time": dt.time(14, 30),
        "participants": ["students", "teachers"], "participant_count": 320, "duration_minutes": 45,
        "person_in_charge": actor.full_name or "联系人", "person_phone": "0595-23200000"},
        acknowledge=acknowledge, justification="配合全县禁毒专项行动加开一场，已报教育局同意。" if acknowledge else "")
    if day != visit.date:  # the visit took place earlier in the term: recorded then, dated here
        key = term_for_date(day)
        Visit.objects.filter(pk=visit.pk).update(date=day, school_year=key.start_year, semester=key.semester)
        visit.refresh_from_db()
    return visit


def seed(out) -> None:
    school_user = User.objects.filter(username="xuexiao").first()
    if school_user is None or not User.objects.filter(username="gongan").exists():
        out.write("  （缺少演示用户，跳过进校园记录演示数据）\n")
        return
    calendar = DemoCalendar.now()
    if Visit.objects.exists():
        out.write(f"  进校园记录：{Visit.objects.count()} 条（已存在）\n")
    else:
        out.write(f"  进校园记录：{_visits(calendar, school_user)} 条\n")
    from .evaluation_demo import seed as seed_evaluation

    seed_evaluation(out, calendar)


def _visits(calendar, school_user) -> int:
    today = timezone.localdate()
    for username, name, school_name, when, path, rating in VISITS:
        actor = User.objects.get(username=username)
        item = WhitelistItem.objects.filter(name=name, edition__status="published", edition__term__isnull=False,
                                            edition__starts_on__lte=today, edition__ends_on__gte=today).first()
        school = Organisation.objects.filter(name=school_name, kind="school").first()
        if item is None or school is None:
            continue
        day = calendar.during_term(when) if isinstance(when, float) else today + dt.timedelta(days=when)
        visit = _record(actor, item, school, day, acknowledge=path == "over")
        if path in ("confirmed", "over"):
            visit = services.confirm_visit(visit=visit, actor=school_user, seen_version=visit.version,
                                           note="活动按批准的内容开展。")
        elif path == "refused":
            visit = services.refuse_visit(visit=visit, actor=school_user, seen_version=visit.version,
                                          reason=REFUSAL)
        if rating:
            services.rate_visit(visit=visit, actor=school_user, burden=rating[0], usefulness=rating[1],
                                comment=rating[2])
    return Visit.objects.count()
