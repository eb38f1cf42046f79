"""Demo whitelists: the county's list of the running term and of the same term a school year earlier.

Terms and dates derive from today (``DemoCalendar``): each list is published a few days before its term starts;
the running one has since had a supplement and a suspension, the earlier one a revocation."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Organisation, Region, User
from apps.applications.demo import DemoCalendar, with_public_wording
from apps.applications.models import Application, Term
from apps.applications.services import next_reference
from apps.audit.services import record_event

from . import services
from .models import EditionChange, WhitelistEdition

CURRENT, PREVIOUS = "current", "previous"  # the running term; the same term of the previous school year
ALL = ["primary", "junior", "senior"]

LAW = ("law", "中华人民共和国未成年人保护法", "主席令第五十七号")
SAFETY = ("party_campaign", "关于加强中小学幼儿园安全教育工作的通知", "安委办〔{y}〕8号")
DRUG = ("law", "中华人民共和国禁毒法", "主席令第七十九号")
SCIENCE = ("ministry_joint", "全民科学素质行动规划纲要（2021—2035年）", "国发〔2021〕9号")
CULTURE = ("ministry_joint", "关于实施中华优秀传统文化传承发展工程的意见", "中办发〔2017〕5号")
CITY = ("party_campaign", "安溪县创建全国文明城市工作方案", "安委〔{y}〕15号")
FOOD = ("law", "中华人民共和国食品安全法", "主席令第二十一号")
ECO = ("ministry_joint", "关于加强生态文明学校教育的指导意见", "环宣教〔2024〕3号")
WEATHER = ("party_campaign", "关于做好防灾减灾宣传教育工作的通知", "安减灾委〔{y}〕2号")
INSPECT = ("party_campaign", "关于规范督查检查考核工作的通知", "安委办〔{y}〕21号")

# (department short name, title, category, subcategory, basis, form, stages, times, content, merged-in titles)
ACTIVITIES = {
    CURRENT: [
        ("县应急管理局", "安全教育进校园", "special_task", "safety", SAFETY, "lecture", ALL, 2,
         "开展交通安全、防溺水、防踩踏、防自然灾害等安全教育，每校每学期不超过2次，每次不超过1课时。",
         [("县交通运输局", "交通安全教育进校园"), ("县红十字会", "防溺水安全教育")]),
        ("县司法局", "法治教育进校园", "special_task", "legal", LAW, "lecture", ALL, 1,
         "由法治副校长和司法所干部结合宪法宣传周开展法治讲座，不另行组织竞赛和答题。", []),
        ("县公安局", "禁毒防艾宣传教育", "special_task", "anti_drug_aids", DRUG, "exhibition", ["junior", "senior"], 2,
         "利用国际禁毒日、世界艾滋病日开展禁毒防艾图片展和专题讲座，不要求学生网上答题。",
         [("县卫生健康局", "预防艾滋病健康教育")]),
        ("县科协", "科普活动进校园", "other", "science", SCIENCE, "exhibition", ["primary", "junior"], 1,
         "科普大篷车、流动科技馆进校园展示，结合课后服务开展，不占用正常教学时间。", []),
        ("县文旅局", "传统文化进校园", "other", "culture", CULTURE, "performance", ["primary", "junior"], 1,
         "高甲戏、南音、茶文化等非遗项目进校园展演，结合课后服务开展。", []),
        ("县气象局", "气象科普与防灾减灾教育", "special_task", "disaster", WEATHER, "lecture", ["primary"], 1,
         "结合防灾减灾日讲解台风、暴雨、雷电避险知识。", []),
        ("县市场监管局", "食品安全宣传教育", "special_task", "safety", FOOD, "lecture", ALL, 1,
         "讲解校园周边食品安全常识，不要求学生填写问卷。", []),
        ("县生态环境局", "生态环境保护宣传教育", "other", "other", ECO, "lecture", ["primary", "junior"], 1,
         "结合世界环境日开展垃圾分类和节水节能宣传。", []),
    ],
    PREVIOUS: [
        ("县应急管理局", "安全教育进校园", "special_task", "safety", SAFETY, "lecture", ALL, 2,
         "开展防踩踏、防自然灾害等安全教育。", []),
        ("县交通运输局", "交通安全教育进校园", "special_task", "safety", SAFETY, "lecture", ["primary", "junior"], 1,
         "讲解交通安全常识。", []),
        ("县红十字会", "防溺水安全教育", "special_task", "safety", SAFETY, "lecture", ["primary", "junior"], 2,
         "暑假前后开展防溺水专题教育。", []),
        ("县司法局", "法治教育进校园", "special_task", "legal", LAW, "lecture", ALL, 1,
         "法治副校长开展法治讲座。", []),
        ("县公安局", "禁毒宣传教育", "special_task", "anti_drug_aids", DRUG, "exhibition", ["junior", "senior"], 2,
         "禁毒图片展和专题讲座。", []),
        ("县卫生健康局", "预防艾滋病健康教育", "special_task", "anti_drug_aids", DRUG, "lecture", ["senior"], 1,
         "青春期健康与预防艾滋病讲座。", []),
        ("县科协", "科普活动进校园", "other", "science", SCIENCE, "exhibition", ["primary", "junior"], 1,
         "科普大篷车进校园。", []),
        ("县文旅局", "传统文化进校园", "other", "culture", CULTURE, "performance", ["primary", "junior"], 1,
         "非遗项目进校园展演。", []),
        ("县消防救援大队", "消防安全演练", "special_task", "fire", SAFETY, "drill", ALL, 1,
         "指导学校开展消防疏散演练。", []),
        ("县消防救援大队", "消防安全知识讲座", "special_task", "fire", SAFETY, "lecture", ["primary", "junior"], 1,
         "消防安全知识讲座。", []),
        ("团县委", "文明城市创建宣传", "city_campaign", "civilised_city", CITY, "preaching", ["junior", "senior"], 1,
         "文明城市创建志愿服务宣讲。", []),
        ("县气象局", "气象科普进校园", "other", "science", WEATHER, "lecture", ["primary"], 1, "气象科普讲座。", []),
        ("县市场监管局", "食品安全宣传教育", "special_task", "safety", FOOD, "lecture", ["primary", "junior"], 1,
         "食品安全常识讲座。", []),
        ("县生态环境局", "生态环境保护宣传教育", "other", "other", ECO, "lecture", ["primary", "junior"], 1,
         "世界环境日宣传。", []),
        ("县委宣传部", "国家安全教育", "special_task", "stability", LAW, "lecture", ["junior", "senior"], 1,
         "全民国家安全教育日专题教育。", []),
        ("县公安局", "网络安全宣传周进校园", "special_task", "safety", LAW, "lecture", ["junior", "senior"], 1,
         "网络安全宣传周主题活动。", []),
    ],
}
INSPECTIONS = {
    CURRENT: [
        ("县应急管理局", "学校安全生产专项检查", "每学年1次",
         "检查学校安全管理制度和隐患整改情况，以查阅资料、实地查看为主，不要求学校另行准备材料。"),
        ("县市场监管局", "学校食堂食品安全监督检查", "每学期1次", "检查学校食堂和校外供餐单位食品安全管理。"),
        ("县卫生健康局", "学校卫生与传染病防控监督检查", "每学期1次", "检查学校卫生和传染病防控制度落实情况。"),
        ("县委宣传部", "文明校园创建测评", "每学年1次", "按文明校园测评体系实地测评，不要求学生参与网络投票。"),
    ],
    PREVIOUS: [
        ("县应急管理局", "学校安全生产专项检查", "每学期1次", "检查学校安全管理制度。"),
        ("县市场监管局", "学校食堂食品安全监督检查", "每学期1次", "检查学校食堂食品安全。"),
        ("县卫生健康局", "学校卫生监督检查", "每学期1次", "检查学校卫生工作。"),
        ("县卫生健康局", "学校传染病防控检查", "每学期1次", "检查学校传染病防控工作。"),
        ("县委宣传部", "文明校园创建测评", "每学期1次", "文明校园测评。"),
        ("县委政法委", "平安校园考评", "每学年1次", "平安校园建设考评。"),
    ],
}
# What happened to the lists after publication (the dates follow from the calendar, see _dates).
SUSPENSION = (CURRENT, "食品安全宣传教育", "年中评估发现个别学校被要求填写与教学无关的问卷，暂停整改。")
REVOCATION = (PREVIOUS, "网络安全宣传周进校园", "与国家安全教育合并开展，撤销本事项。")


def _dates(calendar: DemoCalendar) -> dict:
    """Publication a few days before each term; the supplement (after the ad-hoc approvals the applications demo
    dates at 40 % of the way into the term) and the suspension between the term's start and today."""
    return {
        "published": {CURRENT: calendar.current.starts_on - dt.timedelta(days=4),
                      PREVIOUS: calendar.last_year.starts_on - dt.timedelta(days=4)},
        "supplement": calendar.during_term(0.6),
        CURRENT: calendar.during_term(0.8),  # the suspension
        PREVIOUS: calendar.last_year.starts_on + dt.timedelta(days=100),  # the revocation
    }


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _department(short: str) -> Organisation | None:
    return Organisation.objects.filter(short_name=short, kind="department").first()


def _make_application(term, short, title, *, fields, decided, status="approved", merged_into=None):
    department = _department(short)
    if department is None:
        return None
    existing = Application.objects.filter(term=term, department=department, title=title).first()
    if existing:
        return existing
    author = User.objects.filter(organisation=department).first() or User.objects.get(username="fabu")
    application = Application.objects.create(
        term=term, department=department, created_by=author, title=title, reference=next_reference(term),
        status=status, decided_at=_aware(decided), submitted_at=_aware(decided - dt.timedelta(days=30)),
        merged_into=merged_into, contact_name=author.full_name or "联系人", contact_phone="0595-23200000",
        **{name: False for name in ("demands_online_voting", "demands_quiz", "demands_survey",
                                     "demands_follow_account", "demands_app_install", "demands_checkin",
                                     "demands_participation_rate", "demands_proof_upload")},
        **with_public_wording(fields, year=decided.year, start=term.starts_on + dt.timedelta(days=14),
                              end=term.ends_on - dt.timedelta(days=14)),
        planned_start=term.starts_on + dt.timedelta(days=14), planned_end=term.ends_on - dt.timedelta(days=14),
    )
    record_event(actor=User.objects.get(username="bangongshi"), obj=application, action=f"demo.{status}",
                 action_label="审核通过" if status == "approved" else "合并办理", from_state="in_review",
                 to_state=status, opinion="符合准入标准，同意列入白名单。")
    return application


def _applications(key: str, term: Term, published: dt.date) -> None:
    decided = published - dt.timedelta(days=10)
    for short, title, category, sub, basis, form, stages, times, content, merged in ACTIVITIES[key]:
        ground, basis_title, number = basis
        fields = {"item_type": "activity", "category": category, "subcategory": sub, "admission_ground": ground,
                  "basis_title": basis_title, "basis_number": number, "form": form,
                  "target_stages": stages, "participants": ["students"], "times_planned": times, "content": content,
                  "duration_minutes": 45}
        main = _make_application(term, short, title, fields=fields, decided=decided)
        for other_short, other_title in merged:
            _make_application(term, other_short, other_title, fields=fields, decided=decided, status="merged",
                              merged_into=main)
    ground, basis_title, number = INSPECT
    for short, title, _frequency, content in INSPECTIONS[key]:
        fields = {"item_type": "inspection", "category": "other", "subcategory": "inspection",
                  "admission_ground": ground, "basis_title": basis_title, "basis_number": number,
                  "form": "inspection", "target_stages": ALL, "participants": [],
                  "times_planned": 1, "content": content}
        _make_application(term, short, title, fields=fields, decided=decided)


def _date_changes(edition, kind, day) -> None:
    EditionChange.objects.filter(edition=edition, kind=kind).update(happened_on=day)


def _publish(key: str, term: Term, publisher, region, dates: dict) -> WhitelistEdition | None:
    if WhitelistEdition.objects.filter(term=term, region=region, period_kind="term").exists():
        return None
    day = dates["published"][key]
    _applications(key, term, day)
    edition = services.assemble_edition(term=term, actor=publisher)
    # The publisher words each inspection's frequency as the bureau's plan has it.
    for _, title, frequency, _ in INSPECTIONS[key]:
        item = edition.items.get(name=title)
        services.update_item_wording(item=item, actor=publisher, seen_revision=item.revision,
                                     frequency_text=frequency)
    # Ad-hoc approvals come later, as a dated supplement.
    adhoc = list(Application.objects.filter(term=term, status="approved", is_adhoc=True))
    edition.items.filter(applications__in=adhoc).delete()
    edition.refresh_from_db()
    # The draft goes through public notice first, as the region requires; its notice ended the day before.
    days = services.notice_policy(region).notice_min_days
    edition = services.start_notice(edition=edition, actor=publisher, days=days, seen_revision=edition.revision)
    notice_from, notice_to = day - dt.timedelta(days=days), day - dt.timedelta(days=1)
    WhitelistEdition.objects.filter(pk=edition.pk).update(notice_starts_on=notice_from, notice_ends_on=notice_to)
    _date_changes(edition, EditionChange.Kind.NOTICE, notice_from)
    EditionChange.objects.filter(edition=edition, kind=EditionChange.Kind.NOTICE).update(
        summary=f"白名单（公示稿）公示 {days} 天，至{services._fmt(notice_to)}止，公示期内可提出异议")
    edition.refresh_from_db()
    edition = services.publish_edition(edition=edition, actor=publisher, seen_revision=edition.revision)
    WhitelistEdition.objects.filter(pk=edition.pk).update(published_at=_aware(day), updated_on=day)
    edition.items.update(added_on=day)
    _date_changes(edition, EditionChange.Kind.PUBLISHED, day)
    if adhoc:
        services.add_supplement(edition=edition, applications=adhoc, actor=publisher, on=dates["supplement"],
                                reason="临时申报，经办公室、相关科室、教育督导室审核通过")
    for change, (status_key, name, reason) in ((services.suspend_item, SUSPENSION),
                                               (services.revoke_item, REVOCATION)):
        item = edition.items.filter(name=name).first()
        if status_key == key and item is not None:
            change(item=item, actor=publisher, reason=reason, seen_revision=item.revision, on=dates[key])
    return edition


# The lists of the province and the city, as such bureaus print them: prose in every cell, groups, no 文号 at times.
PROVINCE_LIST = """{year}年度福建省中小学社会事务进校园白名单
序号,活动（事项）名称,牵头（实施、主办）单位,开展时间,实施（对象）范围,开展频次,开展形式（方式）,开展依据,备注
一、进校园活动,,,,,,,,
1,全省中小学生心理健康监测,省教育厅、省卫生健康委,每年10-11月,全省监测试点中小学,每学年一次,线上测评,"1.《关于加强学生心理健康管理工作的通知》（教思政厅函〔2021〕10号）
2.《健康中国行动—儿童青少年心理健康行动方案》",不得要求家长截图上传
2,“宪法进校园”主题宣传,省司法厅、省普法办,12月4日国家宪法日前后,全省中小学,每年1次,讲座、报告、专题辅导,\
《关于开展全国学生“学宪法 讲宪法”活动的通知》,
3,全民国家安全教育日宣传,省委国安办,4月15日前后,全省中小学（含中职）,每年1次,主题班会、展板,《中华人民共和国国家安全法》,结合开学第一课开展
二、督查检查评比考核,,,,,,,,
1,全省中小学校安全工作专项督导,省教育厅,每年3月、9月,抽查县（市、区）部分学校,每年1-2次,实地查看、查阅资料,《中小学校安全工作专项督导暂行办法》,不要求学校另报材料
"""
CITY_LIST = """泉州市{start}—{end}学年中小学社会事务进校园白名单
序号,事项名称,主办单位,开展时间,开展地点,实施对象范围,开展频次,活动主要内容,有效期
1,泉州市文明城市创建进校园宣传,市文明办,全年,各校自定,全市中小学,每学年一次,文明礼仪、志愿服务宣传，不要求学生打卡拍照,{start}年9月至{end}年8月
2,“平安泉州”交通安全宣传教育,市公安局交警支队、市教育局,每学期开学第一周,选1所学校，不超过一个年级,全市中小学,每季度一场,交通安全讲座与现场演示,{start}年9月至{end}年8月
"""


def _higher_levels(calendar) -> list[WhitelistEdition]:
    """The province's year list and the city's school-year list, imported as the bureaus published them."""
    from .list_import import import_list
    from .periods import school_year_period, year_period

    made = []
    year, start = calendar.today.year, calendar.current.start_year
    for username, period, text, name in (
            ("sheng", year_period(year), PROVINCE_LIST.format(year=year), "省级白名单.csv"),
            ("shi", school_year_period(start), CITY_LIST.format(start=start, end=start + 1), "市级白名单.csv")):
        actor = User.objects.filter(username=username).select_related("organisation").first()
        if actor is None or WhitelistEdition.objects.filter(
                region=actor.organisation.region, period_kind=period.kind, starts_on=period.starts_on).exists():
            continue
        made.append(import_list(actor=actor, period=period, content=text.encode(), filename=name))
    return made


@transaction.atomic
def seed(out) -> None:
    publisher = User.objects.filter(username="fabu").first()
    region = Region.objects.filter(code="350524").first()
    if publisher is None or region is None or not User.objects.filter(username="bangongshi").exists():
        out.write("  （缺少演示用户，跳过白名单演示数据）\n")
        return
    calendar = DemoCalendar.now()
    dates = _dates(calendar)
    for key, term_key in ((PREVIOUS, calendar.last_year), (CURRENT, calendar.current)):
        term = Term.for_key(term_key)
        edition = _publish(key, term, publisher, region, dates)
        if edition:
            edition.refresh_from_db()
            out.write(f"  {edition.title}：第 {edition.version} 版，{edition.items.count()} 项\n")
    for edition in _higher_levels(calendar):
        out.write(f"  {edition.title}（导入）：{edition.items.count()} 项\n")
