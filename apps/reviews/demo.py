"""Demo review data: the demo reviewers in their stage groups, applications waiting at every stage, some overdue.

Runs after the applications demo. Applications enter review through the review services and move on by real
decisions of the demo reviewers, so queues, decisions and timelines read as they would in use.
"""

import datetime as dt

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.applications import services as application_services
from apps.applications.demo import DemoCalendar, with_public_wording
from apps.applications.models import Application, Term
from apps.applications.precheck import run_precheck

from . import checks, services
from .models import ReviewProgress, ReviewStage
from .workdays import due_date

STAGE_MEMBERS = {"keshi": "审核人-相关科室", "bangongshi": "审核人-办公室", "dudaoshi": "审核人-教育督导室"}
REVIEWERS_BY_ORDER = {2: "keshi", 3: "bangongshi"}  # who passed it on to reach that stage

BASE = {
    "item_type": "activity", "form": "lecture", "target_stages": ["primary", "junior"],
    "participants": ["students"], "all_schools": True, "times_planned": 1, "duration_minutes": 40,
    "teachers_required": False, "already_in_teaching": False, "is_adhoc": False, "urgency_reason": "",
    **{name: False for name in ("demands_online_voting", "demands_quiz", "demands_survey", "demands_follow_account",
                                "demands_app_install", "demands_checkin", "demands_participation_rate",
                                "demands_proof_upload")},
}

# (submitter, stage order it waits at, working days it has waited past its limit or 0, fields)
WAITING = [
    ("gongan", 1, 0, {
        "title": "防溺水安全教育进校园", "category": "special_task", "subcategory": "safety",
        "admission_ground": "party_campaign", "basis_title": "关于进一步加强中小学生防溺水工作的通知",
        "basis_number": "安政办〔{y}〕15号", "content": "汛期前由民警到小学讲解防溺水“六不”要求，每校一次。",
        "contact_name": "张伟", "contact_phone": "0595-23201110"}),
    ("gongan", 1, 0, {
        "title": "防溺水专题讲座", "category": "special_task", "subcategory": "safety",
        "admission_ground": "party_campaign", "basis_title": "关于进一步加强中小学生防溺水工作的通知",
        "basis_number": "安政办〔{y}〕15号", "content": "面向初中学生的防溺水专题讲座。",
        "target_stages": ["junior"], "contact_name": "张伟", "contact_phone": "0595-23201110"}),
    ("weijian", 1, 3, {
        "title": "校园食品安全与营养健康宣传", "category": "other", "subcategory": "health",
        "admission_ground": "ministry_joint", "basis_title": "学校食品安全与营养健康管理规定",
        "basis_number": "教育部令第45号", "content": "营养师为学生讲解合理膳食，发放宣传册，不布置作业。",
        "contact_name": "吴静", "contact_phone": "0595-23222120"}),
    ("tuanxianwei", 2, 0, {
        "title": "青少年科技创新科普讲座", "category": "other", "subcategory": "science",
        "admission_ground": "ministry_joint", "basis_title": "全民科学素质行动规划纲要（2021—2035年）",
        "basis_number": "国发〔2021〕9号", "content": "科协专家为初中学生开展科普讲座，每校一次。",
        "target_stages": ["junior"], "contact_name": "许婷", "contact_phone": "0595-23263355"}),
    ("xiaofang", 2, 2, {
        "title": "学校消防安全标准化管理检查", "item_type": "inspection", "category": "special_task",
        "subcategory": "fire", "admission_ground": "law", "basis_title": "中华人民共和国消防法",
        "basis_number": "主席令第八十一号", "content": "对学校消防设施和疏散通道进行检查，不要求学校另报材料。",
        "form": "inspection", "participants": ["teachers"], "contact_name": "刘洋", "contact_phone": "0595-23271190"}),
    ("sifa", 3, 0, {
        "title": "法治副校长开学第一课", "category": "other", "subcategory": "legal",
        "admission_ground": "ministry_joint", "basis_title": "中小学法治副校长聘任与管理办法",
        "basis_number": "教育部令第52号", "content": "法治副校长在开学第一周讲授一节法治课。",
        "contact_name": "郑凯", "contact_phone": "0595-23281148"}),
    ("tuanxianwei", 3, 1, {
        "title": "青春期心理健康团体辅导", "category": "other", "subcategory": "health",
        "admission_ground": "ministry_joint", "basis_title": "关于加强学生心理健康管理工作的通知",
        "basis_number": "教思政厅函〔2021〕10号", "content": "心理咨询师为初二学生开展一次团体辅导。",
        "target_stages": ["junior"], "contact_name": "许婷", "contact_phone": "0595-23263355"}),
    ("gongan", 1, 0, {
        "title": "灾害性天气校园安全紧急提醒", "category": "special_task", "subcategory": "disaster",
        "admission_ground": "emergency", "basis_title": "县气象台灾害性天气橙色预警信号", "basis_number": "",
        "content": "利用课间广播进行5分钟安全提醒。", "form": "preaching", "duration_minutes": 5,
        "is_adhoc": True, "urgency_reason": "灾害性天气将于本周末到达，需提前提醒学生做好防范。",
        "contact_name": "张伟", "contact_phone": "0595-23201110"}),
]


def _join_stage_groups() -> None:
    for username, group_name in STAGE_MEMBERS.items():
        group = Group.objects.filter(name=group_name).first()
        user = User.objects.filter(username=username).first()
        if group and user:
            user.groups.add(group)


def _submit(application: Application, actor, calendar: DemoCalendar) -> Application:
    """Submit as the service does, but independent of today's window (the demo must seed on any date)."""
    findings = run_precheck(application, day=calendar.today)
    reference = application_services.next_reference(application.term)
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.SUBMITTED, reference=reference, submitted_at=calendar.moment(),
        precheck_findings=[f.as_dict() for f in findings if f.rule != "window_closed"], version=application.version + 1,
    )
    application.refresh_from_db()
    from apps.audit.services import record_event

    record_event(actor=actor, obj=application, action="application.submitted", action_label="提交申报",
                 from_state="draft", to_state="submitted", data={"reference": reference})
    services.place_in_review(application=application, actor=actor, resubmission=False)
    return application


def _pass_on(application: Application, order: int, users) -> None:
    while application.review.stage.order < order:
        reviewer = users[REVIEWERS_BY_ORDER[application.review.stage.order + 1]]
        warned = checks.warnings_in(checks.findings_now(application))
        services.approve(application=application, actor=reviewer, version=application.version,
                         opinion="材料齐全，同意报下一环节。",
                         justification="已核实：属于县委县政府统一部署，确需开展。" if warned else "")
        application.refresh_from_db()


def _age(application: Application, days_late: int, today: dt.date) -> None:
    """Back-date the stage entry so the item is ``days_late`` working days past its limit."""
    progress = application.review
    entered = today - dt.timedelta(days=(progress.stage.time_limit_days + days_late) * 2 + 4)
    while due_date(entered, progress.stage.time_limit_days) >= today:
        entered -= dt.timedelta(days=1)
    entered_at = timezone.make_aware(dt.datetime.combine(entered, dt.time(9)))
    ReviewProgress.objects.filter(pk=progress.pk).update(
        entered_at=entered_at, due_on=due_date(entered, progress.stage.time_limit_days),
    )
    # It was submitted before it reached this stage (earlier stages took a day or two each).
    Application.objects.filter(pk=application.pk, submitted_at__gt=entered_at).update(
        submitted_at=entered_at - dt.timedelta(days=2 * progress.stage.order - 1))


def _place_stragglers(today: dt.date) -> int:
    """Applications another demo left in review without a review position get one at the first stage, overdue."""
    placed = 0
    for application in Application.objects.filter(status=Application.Status.IN_REVIEW, review__isnull=True):
        stage = services.first_stage(ReviewStage.kind_for(application))
        ReviewProgress.objects.create(application=application, stage=stage,
                                      precheck_level=checks.level_of(checks.stored_findings(application)))
        application.refresh_from_db()
        _age(application, 2, today)
        placed += 1
    return placed


@transaction.atomic
def seed(out) -> None:
    _join_stage_groups()
    users = {u.username: u for u in User.objects.filter(
        username__in=["gongan", "xiaofang", "weijian", "sifa", "tuanxianwei", *STAGE_MEMBERS])}
    if len(users) < 8:
        out.write("  （缺少演示用户，跳过审核演示数据）\n")
        return
    calendar = DemoCalendar.now()
    term = Term.for_key(calendar.filing)
    created = 0
    for username, order, days_late, fields in WAITING:
        actor = users[username]
        if Application.objects.filter(department=actor.organisation, term=term, title=fields["title"]).exists():
            continue
        start, end = term.starts_on + dt.timedelta(days=30), term.ends_on - dt.timedelta(days=30)
        fields = with_public_wording({**BASE, **fields}, year=calendar.today.year, start=start, end=end)
        application = application_services.create_draft(actor=actor, data={
            **fields, "term": term, "planned_start": start, "planned_end": end})
        application = _submit(application, actor, calendar)
        _pass_on(application, order, users)
        if days_late:
            _age(application, days_late, calendar.today)
        created += 1
    placed = _place_stragglers(calendar.today)
    # Applications another demo decided by setting their status leave the queue, as services.leave_review and the
    # decisions do: a review position keeps a stage only while its application is in review (the counts rely on it).
    ReviewProgress.objects.filter(stage__isnull=False).exclude(application__status=Application.Status.IN_REVIEW
                                                               ).update(stage=None, due_on=None)
    waiting = ReviewProgress.objects.filter(application__status=Application.Status.IN_REVIEW, stage__isnull=False)
    overdue = waiting.filter(due_on__lt=calendar.today).count()
    out.write(f"  审核：新增待审 {created} 件，补入队列 {placed} 件；"
              f"共 {waiting.count()} 件待审，其中超期 {overdue} 件\n")
