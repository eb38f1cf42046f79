"""Demo applications: two terms (2026秋 now running, 2027春 being filed), every status, ad-hoc items, attachments.

Drafts, submissions and withdrawals go through the services; decisions that belong to the review stages are
written as the reviewers' audit events so the timelines read as they would.
"""

import datetime as dt
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Organisation, User
from apps.audit.services import record_event

from . import services
from .models import Application, ApplicationWindow, Term
from .precheck import run_precheck
from .terms import TermKey

AUTUMN, SPRING = TermKey(2026, "1"), TermKey(2026, "2")  # 2026秋 (current), 2027春 (being filed)

WINDOWS = [
    (AUTUMN, dt.date(2026, 7, 1), dt.date(2026, 7, 31), "2026年秋季学期集中申报"),
    (SPRING, dt.date(2026, 11, 20), dt.date(2026, 12, 31), "2027年春季学期集中申报（12月集中受理）"),
]

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
    ("gongan", AUTUMN, "approved", {
        "title": "平安校园法治宣讲进校园", "category": "special_task", "subcategory": "legal",
        "admission_ground": "law", "basis_title": "中华人民共和国预防未成年人犯罪法",
        "basis_number": "主席令第六十四号",
        "content": "由民警为初中、高中学生开展预防未成年人犯罪、校园欺凌防治专题讲座，每校一次。",
        "target_stages": ["junior", "senior"], "contact_name": "张伟", "contact_phone": "0595-23201110"}),
    ("gongan", AUTUMN, "approved", {
        "title": "防范电信网络诈骗紧急宣传", "category": "special_task", "subcategory": "safety",
        "admission_ground": "emergency", "basis_title": "县反诈中心关于近期学生遭遇刷单诈骗的预警通报",
        "basis_number": "", "content": "针对近期多发的“刷单返利”“游戏充值”诈骗，利用班会课播放警示短片并讲解。",
        "form": "preaching", "duration_minutes": 20, "contact_name": "张伟", "contact_phone": "0595-23201110",
        "is_adhoc": True, "urgency_reason": "10月以来全县发生多起学生被骗案件，需在期中前完成提醒。"}),
    ("xiaofang", AUTUMN, "approved", {
        "title": "校园消防疏散演练", "category": "special_task", "subcategory": "fire",
        "admission_ground": "party_campaign", "basis_title": "关于开展冬春火灾防控工作的通知",
        "basis_number": "安消〔2026〕21号", "content": "指导学校开展一次消防疏散演练，讲解灭火器使用。",
        "form": "drill", "participants": ["students", "teachers"], "teachers_required": True,
        "duration_minutes": 40, "contact_name": "刘洋", "contact_phone": "0595-23271190"}),
    ("xiaofang", AUTUMN, "merged", {
        "title": "消防安全知识讲座", "category": "special_task", "subcategory": "fire",
        "admission_ground": "party_campaign", "basis_title": "关于开展冬春火灾防控工作的通知",
        "basis_number": "安消〔2026〕21号", "content": "在演练同日开展消防安全知识讲座。",
        "contact_name": "刘洋", "contact_phone": "0595-23271190"}),
    ("weijian", AUTUMN, "rejected", {
        "title": "健康知识网络竞答", "category": "other", "subcategory": "health",
        "admission_ground": "ministry_joint", "basis_title": "健康中国行动—健康知识普及行动方案",
        "basis_number": "国卫宣传发〔2019〕9号", "content": "组织学生和家长在公众号参加健康知识竞答。",
        "form": "questionnaire", "participants": ["students", "parents"], "demands_quiz": False,
        "contact_name": "吴静", "contact_phone": "0595-23222120"}),
    ("weijian", AUTUMN, "in_review", {
        "title": "秋冬季呼吸道传染病防控健康教育", "category": "special_task", "subcategory": "health",
        "admission_ground": "emergency", "basis_title": "关于做好秋冬季呼吸道传染病防控工作的通知",
        "basis_number": "闽卫疾控〔2026〕88号", "content": "校医培训与学生健康教育课，每校一次，不另行布置任务。",
        "participants": ["students", "teachers"], "contact_name": "吴静", "contact_phone": "0595-23222120",
        "is_adhoc": True, "urgency_reason": "流感进入高发期，疾控部门要求12月前完成校园健康教育。"}),
    ("sifa", AUTUMN, "withdrawn", {
        "title": "宪法宣传周进校园", "category": "other", "subcategory": "legal",
        "admission_ground": "ministry_joint", "basis_title": "关于开展全国学生“学宪法 讲宪法”活动的通知",
        "basis_number": "教政法厅函〔2026〕5号", "content": "宪法宣传周期间开展宪法晨读与讲座。",
        "contact_name": "郑凯", "contact_phone": "0595-23281148"}),
    ("tuanxianwei", AUTUMN, "approved", {
        "title": "文明城市创建志愿服务宣讲", "category": "city_campaign", "subcategory": "civilised_city",
        "admission_ground": "party_campaign", "basis_title": "安溪县创建全国文明城市工作方案",
        "basis_number": "安委办〔2026〕3号", "content": "团员志愿者到中学宣讲文明城市创建，不要求学生打卡或拍照。",
        "target_stages": ["junior", "senior"], "form": "preaching",
        "contact_name": "许婷", "contact_phone": "0595-23263355"}),
    # 2027春: being filed now
    ("gongan", SPRING, "draft", {
        "title": "交通安全教育进校园", "category": "special_task", "subcategory": "safety",
        "admission_ground": "party_campaign", "basis_title": "关于开展中小学生交通安全教育专项行动的通知",
        "basis_number": "安公交〔2026〕40号", "content": "交警为小学生讲解上下学交通安全，每校一次。",
        "target_stages": ["primary"], "contact_name": "张伟", "contact_phone": "0595-23201110"}),
    ("gongan", SPRING, "in_review", {
        "title": "禁毒宣传教育进校园", "category": "special_task", "subcategory": "anti_drug_aids",
        "admission_ground": "law", "basis_title": "中华人民共和国禁毒法", "basis_number": "主席令第七十九号",
        "content": "禁毒民警开展毒品预防教育讲座和展板巡展。", "form": "exhibition",
        "contact_name": "张伟", "contact_phone": "0595-23201110"}),
    ("xiaofang", SPRING, "submitted", {
        "title": "春季消防安全演练", "category": "special_task", "subcategory": "fire",
        "admission_ground": "party_campaign", "basis_title": "关于开展冬春火灾防控工作的通知",
        "basis_number": "安消〔2026〕21号", "content": "春季开学后组织一次疏散演练。", "form": "drill",
        "participants": ["students", "teachers"], "teachers_required": True,
        "contact_name": "刘洋", "contact_phone": "0595-23271190"}),
    ("weijian", SPRING, "returned", {
        "title": "近视防控健康教育", "category": "other", "subcategory": "health",
        "admission_ground": "ministry_joint", "basis_title": "综合防控儿童青少年近视实施方案",
        "basis_number": "教体艺〔2018〕3号", "content": "眼科医生进校讲座并开展视力筛查。",
        "contact_name": "吴静", "contact_phone": "0595-23222120"}),
    ("sifa", SPRING, "rejected", {
        "title": "法律知识有奖问答", "category": "other", "subcategory": "legal",
        "admission_ground": "ministry_joint", "basis_title": "“八五”普法规划", "basis_number": "中发〔2021〕9号",
        "content": "学生扫码参加法律知识有奖问答。", "form": "questionnaire",
        "contact_name": "郑凯", "contact_phone": "0595-23281148"}),
    ("tuanxianwei", SPRING, "draft", {
        "title": "红领巾讲解员传统文化展演", "category": "other", "subcategory": "culture",
        "admission_ground": "", "basis_title": "", "basis_number": "",
        "content": "组织小学生传统文化展演。", "form": "performance", "target_stages": ["primary"],
        "contact_name": "许婷", "contact_phone": "0595-23263355"}),
    ("weijian", SPRING, "approved", {
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


def _historic_submit(application: Application, actor, day: dt.date) -> None:
    """A submission made in the term's (now closed) window: same record the service writes, dated then."""
    findings = run_precheck(application, day=day)
    reference = services.next_reference(application.term)
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.SUBMITTED, reference=reference, precheck_findings=[f.as_dict() for f in findings],
        submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))), version=application.version + 1,
    )
    application.refresh_from_db()
    record_event(actor=actor, obj=application, action="application.submitted", action_label="提交申报",
                 from_state="draft", to_state="submitted", data={"reference": reference})


def _decide(application: Application, status: str, users) -> None:
    if application.status == status:
        return
    username, label, opinion = DECISIONS[status]
    from_state = application.status
    changes = {"status": status, "version": application.version + 1}
    if status in Application.FINAL_STATUSES:
        changes["decided_at"] = timezone.now()
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


@transaction.atomic
def seed(out) -> None:
    terms = {key: Term.for_key(key) for key in (AUTUMN, SPRING)}
    for key, opens, closes, note in WINDOWS:
        ApplicationWindow.objects.get_or_create(term=terms[key], opens_on=opens, closes_on=closes,
                                                defaults={"note": note})
    users = {u.username: u for u in User.objects.filter(username__in=[
        "gongan", "xiaofang", "weijian", "sifa", "tuanxianwei", "keshi", "bangongshi"])}
    if len(users) < 7:
        out.write("  （缺少演示用户，跳过申报演示数据）\n")
        return
    created = 0
    for username, key, final, fields in APPLICATIONS:
        actor, term = users[username], terms[key]
        if Application.objects.filter(department=actor.organisation, term=term, title=fields["title"]).exists():
            continue
        application = services.create_draft(actor=actor, data={**BASE, **fields, "term": term,
                                                               "planned_start": term.starts_on + dt.timedelta(days=20),
                                                               "planned_end": term.ends_on - dt.timedelta(days=20)})
        created += 1
        if final != "draft":
            _attach(application, actor)
        if final == "draft":
            continue
        if key == AUTUMN:
            _historic_submit(application, actor, dt.date(2026, 7, 15))
        else:
            application = services.submit_application(application=application, actor=actor)
        if final == "withdrawn":
            services.withdraw_application(application=application, actor=actor,
                                          reason="与县委宣传部活动合并开展，撤回本申报。")
        elif final != "submitted":
            _decide(application, final, users)
    schools = Organisation.objects.filter(kind="school").count()
    out.write(f"  申报：新增 {created} 份（共 {Application.objects.count()} 份），学校 {schools} 所\n")
