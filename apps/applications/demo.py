"""Demo applications: the running term and the term being filed, every status, ad-hoc items, attachments.

Every term and date derives from today (``DemoCalendar``), so the demo seeds on any day of any school year.
Drafts, submissions and withdrawals go through the services; decisions that belong to the review stages are
written as the reviewers' audit events so the timelines read as they would.
"""

import datetime as dt
import zlib
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Organisation, User
from apps.audit.services import record_event

from . import services, windows
from .models import ActivityForm, Application, ApplicationWindow, Term
from .precheck import run_precheck
from .terms import TermKey, term_for_date

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DemoCalendar:
    """The demo's terms and dates, all derived from one day (today, unless a test says otherwise)."""

    today: dt.date

    @classmethod
    def now(cls) -> "DemoCalendar":
        return cls(windows.today())

    @property
    def current(self) -> TermKey:
        """The term running today: its list is published, its applications decided."""
        return term_for_date(self.today)

    @property
    def filing(self) -> TermKey:
        """The next term, for which departments file now."""
        return self.current.next()

    @property
    def last_year(self) -> TermKey:
        """The same term of the previous school year, which the reduction rate compares with."""
        return TermKey(self.current.start_year - 1, self.current.semester)

    def filing_window(self) -> tuple[dt.date, dt.date, str]:
        """A window for the next term that is open today: the default one (July / December) when today falls in
        it, otherwise one that opened a few days ago — running into the default one when that is near."""
        opens, closes = self.filing.default_window
        label = f"{self.filing.code}季学期常规申报"
        if opens <= self.today <= closes:
            return opens, closes, f"{label}（集中受理）"
        if self.today < opens:
            closes = closes if (opens - self.today).days <= 31 else self.today + 35 * DAY
            return self.today - 6 * DAY, closes, f"{label}（提前受理）"
        return self.today - 6 * DAY, max(self.today, self.filing.starts_on - DAY), f"{label}（补充受理）"

    def running_window(self) -> tuple[dt.date, dt.date, str]:
        """The (closed) window in which the running term was filed."""
        opens, closes = self.current.default_window
        return opens, closes, f"{self.current.code}季学期常规申报（集中受理）"

    def filed_on(self) -> dt.date:
        """When the running term's regular applications were submitted: mid-window."""
        return self.current.default_window[0] + 14 * DAY

    def decided_on(self) -> dt.date:
        """When the running term's regular applications were decided: after the window, before the term."""
        return self.current.default_window[1] + 10 * DAY

    def during_term(self, fraction: float) -> dt.date:
        """A day of the running term between its start and today (0 = first day, 1 = today)."""
        return self.current.starts_on + dt.timedelta(days=int((self.today - self.current.starts_on).days * fraction))

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def moment(self) -> dt.datetime:
        """Now, on the demo's today."""
        return timezone.make_aware(dt.datetime.combine(self.today, timezone.localtime().time()))


def with_public_wording(fields: dict, *, year: int, start=None, end=None) -> dict:
    """Demo rows name a document's title and number apart; the form asks for the basis and the wording as prose,
    the way a department writes them, so the demo writes them that way."""
    fields = dict(fields)
    title, number = fields.pop("basis_title", ""), fields.pop("basis_number", "").format(y=year)
    if title:
        fields.setdefault("basis_text", f"《{title}》（{number}）" if number else f"《{title}》")
    times = fields.get("times_planned") or 1
    fields.setdefault("frequency_text", f"每学期{times}次")
    fields.setdefault("frequency_period", "term")
    if start and end:
        span = f"{start.year}年{start.month}月" if (start.year, start.month) == (end.year, end.month) else (
            f"{start.year}年{start.month}-{end.month}月" if start.year == end.year
            else f"{start.year}年{start.month}月至{end.year}年{end.month}月")
        fields.setdefault("time_text", span)
    else:
        fields.setdefault("time_text", "本学期内")
    fields.setdefault("form_text", str(dict(ActivityForm.choices).get(fields.get("form"), "")))
    fields.setdefault("scope_text", "全县中小学")
    return fields


RUNNING, FILING = "running", "filing"  # which of the two demo terms an application belongs to

BASE = {
    "item_type": "activity", "form": "lecture", "target_stages": ["primary", "junior", "senior"],
    "participants": ["students"], "all_schools": True, "times_planned": 1, "duration_minutes": 45,
    "teachers_required": False, "already_in_teaching": False, "is_adhoc": False, "urgency_reason": "",
    **{name: False for name in ("demands_online_voting", "demands_quiz", "demands_survey", "demands_follow_account",
                                "demands_app_install", "demands_checkin", "demands_participation_rate",
                                "demands_proof_upload")},
}

# (username, term, final status, fields); final status: the state the demo leaves it in.
APPLICATIONS = [
    ("gongan", RUNNING, "approved", {
        "title": "平安校园法治宣讲进校园", "category": "special_task", "subcategory": "legal",
        "admission_ground": "law", "basis_title": "中华人民共和国预防未成年人犯罪法",
        "basis_number": "主席令第六十四号",
        "content": "由民警为初中、高中学生开展预防未成年人犯罪、校园欺凌防治专题讲座，每校一次。",
        "target_stages": ["junior", "senior"], "contact_name": "张伟", "contact_phone": "0595-23201110"}),
    ("gongan", RUNNING, "approved", {
        "title": "防范电信网络诈骗紧急宣传", "category": "special_task", "subcategory": "safety",
        "admission_ground": "emergency", "basis_title": "县反诈中心关于近期学生遭遇刷单诈骗的预警通报",
        "basis_number": "", "content": "针对近期多发的“刷单返利”“游戏充值”诈骗，利用班会课播放警示短片并讲解。",
        "form": "preaching", "duration_minutes": 20, "contact_name": "张伟", "contact_phone": "0595-23201110",
        "is_adhoc": True, "urgency_reason": "本学期以来全县发生多起学生被骗案件，需在期中前完成提醒。"}),
    ("xiaofang", RUNNING, "approved", {
        "title": "校园消防疏散演练", "category": "special_task", "subcategory": "fire",
        "admission_ground": "party_campaign", "basis_title": "关于开展冬春火灾防控工作的通知",
        "basis_number": "安消〔{y}〕21号", "content": "指导学校开展一次消防疏散演练，讲解灭火器使用。",
        "form": "drill", "participants": ["students", "teachers"], "teachers_required": True,
        "duration_minutes": 40, "contact_name": "刘洋", "contact_phone": "0595-23271190"}),
    ("xiaofang", RUNNING, "merged", {
        "title": "消防安全知识讲座", "category": "special_task", "subcategory": "fire",
        "admission_ground": "party_campaign", "basis_title": "关于开展冬春火灾防控工作的通知",
        "basis_number": "安消〔{y}〕21号", "content": "在演练同日开展消防安全知识讲座。",
        "contact_name": "刘洋", "contact_phone": "0595-23271190"}),
    ("weijian", RUNNING, "rejected", {
        "title": "健康知识网络竞答", "category": "other", "subcategory": "health",
        "admission_ground": "ministry_joint", "basis_title": "健康中国行动—健康知识普及行动方案",
        "basis_number": "国卫宣传发〔2019〕9号", "content": "组织学生和家长在公众号参加健康知识竞答。",
        "form": "questionnaire", "participants": ["students", "parents"], "demands_quiz": False,
        "contact_name": "吴静", "contact_phone": "0595-23222120"}),
    ("weijian", RUNNING, "in_review", {
        "title": "呼吸道传染病防控健康教育", "category": "special_task", "subcategory": "health",
        "admission_ground": "emergency", "basis_title": "关于做好学校呼吸道传染病防控工作的通知",
        "basis_number": "闽卫疾控〔{y}〕88号", "content": "校医培训与学生健康教育课，每校一次，不另行布置任务。",
        "participants": ["students", "teachers"], "contact_name": "吴静", "contact_phone": "0595-23222120",
        "is_adhoc": True, "urgency_reason": "流感进入高发期，疾控部门要求一个月内完成校园健康教育。"}),
    ("sifa", RUNNING, "withdrawn", {
        "title": "宪法宣传周进校园", "category": "other", "subcategory": "legal",
        "admission_ground": "ministry_joint", "basis_title": "关于开展全国学生“学宪法 讲宪法”活动的通知",
        "basis_number": "教政法厅函〔{y}〕5号", "content": "宪法宣传周期间开展宪法晨读与讲座。",
        "contact_name": "郑凯", "contact_phone": "0595-23281148"}),
    ("tuanxianwei", RUNNING, "approved", {
        "title": "文明城市创建志愿服务宣讲", "category": "city_campaign", "subcategory": "civilised_city",
        "admission_ground": "party_campaign", "basis_title": "安溪县创建全国文明城市工作方案",
        "basis_number": "安委办〔{y}〕3号", "content": "团员志愿者到中学宣讲文明城市创建，不要求学生打卡或拍照。",
        "target_stages": ["junior", "senior"], "form": "preaching",
        "contact_name": "许婷", "contact_phone": "0595-23263355"}),
    # the next term: being filed now
    ("gongan", FILING, "draft", {
        "title": "交通安全教育进校园", "category": "special_task", "subcategory": "safety",
        "admission_ground": "party_campaign", "basis_title": "关于开展中小学生交通安全教育专项行动的通知",
        "basis_number": "安公交〔{y}〕40号", "content": "交警为小学生讲解上下学交通安全，每校一次。",
        "target_stages": ["primary"], "contact_name": "张伟", "contact_phone": "0595-23201110"}),
    ("gongan", FILING, "in_review", {
        "title": "禁毒宣传教育进校园", "category": "special_task", "subcategory": "anti_drug_aids",
        "admission_ground": "law", "basis_title": "中华人民共和国禁毒法", "basis_number": "主席令第七十九号",
        "content": "禁毒民警在开学初、国际禁毒日前和期末各开展一次毒品预防教育讲座和展板巡展。",
        "form": "exhibition", "times_planned": 3,
        "contact_name": "张伟", "contact_phone": "0595-23201110"}),
    ("xiaofang", FILING, "submitted", {
        "title": "春季消防安全演练", "category": "special_task", "subcategory": "fire",
        "admission_ground": "party_campaign", "basis_title": "关于开展冬春火灾防控工作的通知",
        "basis_number": "安消〔{y}〕21号", "content": "春季开学后组织一次疏散演练。", "form": "drill",
        "participants": ["students", "teachers"], "teachers_required": True,
        "contact_name": "刘洋", "contact_phone": "0595-23271190"}),
    ("weijian", FILING, "returned", {
        "title": "近视防控健康教育", "category": "other", "subcategory": "health",
        "admission_ground": "ministry_joint", "basis_title": "综合防控儿童青少年近视实施方案",
        "basis_number": "教体艺〔2018〕3号", "content": "眼科医生进校讲座并开展视力筛查。",
        "contact_name": "吴静", "contact_phone": "0595-23222120"}),
    ("sifa", FILING, "rejected", {
        "title": "法律知识有奖问答", "category": "other", "subcategory": "legal",
        "admission_ground": "ministry_joint", "basis_title": "“八五”普法规划", "basis_number": "中发〔2021〕9号",
        "content": "学生扫码参加法律知识有奖问答。", "form": "questionnaire",
        "contact_name": "郑凯", "contact_phone": "0595-23281148"}),
    ("tuanxianwei", FILING, "draft", {
        "title": "红领巾讲解员传统文化展演", "category": "other", "subcategory": "culture",
        "admission_ground": "", "basis_title": "", "basis_number": "",
        "content": "组织小学生传统文化展演。", "form": "performance", "target_stages": ["primary"],
        "contact_name": "许婷", "contact_phone": "0595-23263355"}),
    ("weijian", FILING, "approved", {
        "title": "诺如病毒防控紧急健康提示", "category": "special_task", "subcategory": "health",
        "admission_ground": "emergency", "basis_title": "县疾控中心关于学校诺如病毒感染聚集性疫情的风险提示",
        "basis_number": "", "content": "开学第一周由校医利用晨会进行5分钟防控提示。", "form": "preaching",
        "duration_minutes": 5, "contact_name": "吴静", "contact_phone": "0595-23222120",
        "is_adhoc": True, "urgency_reason": "寒假前后为诺如病毒高发期，需在开学第一周完成提示。"}),
]

DECISIONS = {
    "approved": ("bangongshi", "审核通过", "符合准入标准，同意列入白名单。"),
    "rejected": ("keshi", "审核不通过", "内容属于日常教学已覆盖事项，且要求线上答题，不予列入。"),
    "returned": ("keshi", "退回修改", "请补充实施方案和应急预案，并明确每校开展时长。"),
    "in_review": ("keshi", "进入审核", ""),
    "merged": ("bangongshi", "合并办理", "与同单位消防疏散演练合并，同日开展。"),
}


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF (ASCII text) for demo attachments."""
    stream = zlib.compress(f"BT /F1 14 Tf 72 760 Td ({title}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _historic_submit(application: Application, actor, day: dt.date, calendar: DemoCalendar) -> None:
    """A submission made in the term's (now closed) window: same record the service writes, dated then."""
    findings = run_precheck(application, day=day)
    reference = services.next_reference(application.term)
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.SUBMITTED, reference=reference, precheck_findings=[f.as_dict() for f in findings],
        submitted_at=calendar.at(day), version=application.version + 1,
    )
    application.refresh_from_db()
    record_event(actor=actor, obj=application, action="application.submitted", action_label="提交申报",
                 from_state="draft", to_state="submitted", data={"reference": reference})


def _decide(application: Application, status: str, users, decided_at: dt.datetime) -> None:
    if application.status == status:
        return
    username, label, opinion = DECISIONS[status]
    from_state = application.status
    changes = {"status": status, "version": application.version + 1}
    if status in Application.FINAL_STATUSES:
        changes["decided_at"] = decided_at
    if status == "merged":
        changes["merged_into"] = Application.objects.get(title="校园消防疏散演练", term=application.term)
    Application.objects.filter(pk=application.pk).update(**changes)
    application.refresh_from_db()
    record_event(actor=users[username], obj=application, action=f"demo.{status}", action_label=label,
                 from_state=from_state, to_state=status, opinion=opinion)


def _attach(application: Application, actor) -> None:
    for kind, name in (("implementation_plan", "实施方案.pdf"), ("emergency_plan", "应急预案.pdf")):
        upload = SimpleUploadedFile(name, demo_pdf(f"{application.pk} {kind}"), content_type="application/pdf")
        services.add_attachment(application=application, actor=actor, uploaded=upload, kind=kind)


def _seed_windows(calendar: DemoCalendar, terms: dict) -> None:
    """One window per demo term; a term that already has a fitting window keeps it (so a later run adds none)."""
    running = terms[RUNNING]
    if not running.windows.exists():
        opens, closes, note = calendar.running_window()
        ApplicationWindow.objects.create(term=running, opens_on=opens, closes_on=closes, note=note)
    filing = terms[FILING]
    if windows.open_window(filing, calendar.today) is None:
        opens, closes, note = calendar.filing_window()
        ApplicationWindow.objects.create(term=filing, opens_on=opens, closes_on=closes, note=note)


def _file(application: Application, actor, which: str, calendar: DemoCalendar, adhoc: bool) -> Application:
    """Submit: the running term's regular items in its window, its ad-hoc ones during the term; the next
    term's through the service, today."""
    if which == FILING:
        return services.submit_application(application=application, actor=actor)
    day = calendar.during_term(0.3) if adhoc else calendar.filed_on()
    _historic_submit(application, actor, day, calendar)
    return application


def _decided_at(which: str, calendar: DemoCalendar, adhoc: bool) -> dt.datetime:
    if which == FILING:
        return calendar.moment()
    return calendar.at(calendar.during_term(0.4) if adhoc else calendar.decided_on(), 16)


@transaction.atomic
def seed(out) -> None:
    calendar = DemoCalendar.now()
    terms = {RUNNING: Term.for_key(calendar.current), FILING: Term.for_key(calendar.filing)}
    _seed_windows(calendar, terms)
    users = {u.username: u for u in User.objects.filter(username__in=[
        "gongan", "xiaofang", "weijian", "sifa", "tuanxianwei", "keshi", "bangongshi"])}
    if len(users) < 7:
        out.write("  （缺少演示用户，跳过申报演示数据）\n")
        return
    created = 0
    for username, which, final, fields in APPLICATIONS:
        actor, term = users[username], terms[which]
        if Application.objects.filter(department=actor.organisation, term=term, title=fields["title"]).exists():
            continue
        year = calendar.today.year if which == FILING else calendar.current.default_window[0].year
        start, end = term.starts_on + dt.timedelta(days=20), term.ends_on - dt.timedelta(days=20)
        fields = with_public_wording({**BASE, **fields}, year=year, start=start, end=end)
        application = services.create_draft(actor=actor, data={**fields, "term": term,
                                                               "planned_start": start, "planned_end": end})
        created += 1
        if final == "draft":
            continue
        _attach(application, actor)
        adhoc = fields.get("is_adhoc", False)
        application = _file(application, actor, which, calendar, adhoc)
        if final == "withdrawn":
            services.withdraw_application(application=application, actor=actor,
                                          reason="与县委宣传部活动合并开展，撤回本申报。")
            Application.objects.filter(pk=application.pk).update(decided_at=_decided_at(which, calendar, adhoc))
        elif final != "submitted":
            _decide(application, final, users, _decided_at(which, calendar, adhoc))
    schools = Organisation.objects.filter(kind="school").count()
    out.write(f"  申报：{calendar.current.label}与{calendar.filing.label}，新增 {created} 份"
              f"（共 {Application.objects.count()} 份），学校 {schools} 所\n")
