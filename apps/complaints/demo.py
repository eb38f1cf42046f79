"""Demo reports: every channel and state, some matched to items of the county's list, some not on it.

Dates count back from today, so the queue always shows something due, something overdue and something closed."""

import datetime as dt

from django.utils import timezone

from apps.accounts.models import Organisation, Region, User

from . import matching, services
from .models import Complaint

CONTACT_REPEATED = "13959501234"  # two reports of this contact were 查无实据: the third is flagged

# (days ago, channel, school, department short name or free text, category, activity, description,
#  reporter name, contact, path, verdict, item name, reply, finding)
REPORTS = [
    (40, "phone", "安溪县凤城中心小学", "县公安局", "app_checkin", "禁毒知识网上答题",
     "学校转发通知，要求每名学生在手机APP上完成禁毒知识答题，并由班主任收集完成截图上报。", "林美华", "13805951122",
     "closed", "on_list_beyond", "禁毒防艾宣传教育",
     "经核实，县公安局在禁毒宣传中要求学生网上答题，超出白名单批准的形式。已责令停止答题和截图上报，并在全县通报。",
     "substantiated"),
    (35, "email", "安溪第八中学", "县委宣传部", "forms", "文明城市创建问卷",
     "学校要求每个家庭填写文明城市创建满意度问卷，并要求班级参与率达到100%。", "黄先生", "huang.parent@example.com",
     "handling", "not_on_list", "", "", ""),
    (33, "phone", "安溪第八中学", "县委宣传部", "forms", "文明城市问卷填写",
     "孩子班级群里要求家长当晚填完创城问卷，没填的要点名。", "", "", "accepted", "not_on_list", "", "", ""),
    (30, "letter", "安溪湖头中学", "县委政法委", "secondment", "抽调教师参与入户调查",
     "镇里连续两周抽调我校6名教师白天参加入户调查，影响正常上课。", "王老师", "0595-23456789",
     "accepted", "not_on_list", "", "", ""),
    (26, "visit", "安溪县第二实验小学", "某镇人民政府", "duty", "暑期安排教师巡河",
     "暑假期间镇政府要求学校每天安排两名教师参加河道巡查值班。", "李女士", "13600001111",
     "received", "", "", "", ""),
    (24, "phone", "安溪县城厢中心小学", "县科协", "social_affairs", "科普活动进校园",
     "科普大篷车进校园占用了上课时间。", "陈某某", CONTACT_REPEATED,
     "closed", "on_list_within", "科普活动进校园",
     "经核实，科普活动安排在课后服务时段，未占用正常教学时间，符合白名单批准的开展方式。", "unfounded"),
    (18, "phone", "安溪县城厢中心小学", "县文旅局", "social_affairs", "传统文化展演",
     "非遗展演要求学生周末到校排练。", "陈某某", CONTACT_REPEATED,
     "replied", "on_list_within", "传统文化进校园",
     "经核实，展演排练为学生自愿参加的社团活动，未要求全体学生周末到校。", "unfounded"),
    (12, "email", "安溪铭选中学", "县文旅局", "meetings", "招商推介会议",
     "要求校长和中层干部参加与教育无关的招商推介大会，并在会后提交心得体会。", "", "",
     "not_accepted", "", "", "", ""),
    (8, "phone", "安溪县凤城中心小学", "县应急管理局", "social_affairs", "安全教育讲座一学期四次",
     "本学期已经来校开展安全讲座四次，每次都要求全校学生集中、拍照上报。", "周老师", "13705950000",
     "received", "", "", "", ""),
    (3, "phone", "安溪县城厢中心小学", "县红十字会", "social_affairs", "防溺水安全教育",
     "又来校开展防溺水讲座，要求学生签名承诺。", "陈某某", CONTACT_REPEATED, "received", "", "", "", ""),
]
ONLINE = [
    ("安溪县第三实验小学", "县卫生健康局", "app_checkin", "关注公众号并转发",
     "班主任要求家长关注某健康公众号并转发文章到朋友圈，截图发到班级群。", "", ""),
    ("安溪龙门中学", "县消防救援大队", "social_affairs", "消防演练要求上传视频",
     "消防演练后要求每个班级上传演练视频和照片作为留痕材料。", "张家长", "13912345678"),
]
NOT_ACCEPTED_REASON = "反映的是校外商业会议邀请，不属于社会事务进校园事项；已告知可向县纪委监委反映。"


def seed(out) -> None:
    officer = User.objects.filter(username="jubao").first()
    region = Region.objects.filter(code="350524").first()
    if officer is None or region is None:
        out.write("  （缺少演示用户，跳过举报演示数据）\n")
        return
    if Complaint.objects.filter(region=region).exists():
        out.write(f"  举报：{Complaint.objects.filter(region=region).count()} 件（已存在）\n")
        return
    now = timezone.now()
    cases = {}
    for row in REPORTS:
        complaint = _report(officer, now, *row[:9])
        _advance(complaint, officer, *row[9:])
        cases.setdefault((row[2], row[5][:4]), complaint)
    first, second = Complaint.objects.filter(activity_text__startswith="文明城市").order_by("received_at")[:2]
    services.link_to_case(complaint=second, case=first, actor=officer)
    for school, department, category, activity, description, name, contact in ONLINE:
        services.submit_online_report(data={
            "schools": [Organisation.objects.get(name=school)], "department": _department(department),
            "department_text": "", "category": category, "activity_text": activity, "description": description,
            "reporter_name": name, "reporter_contact": contact})
    services.save_draft(actor=officer, data={"channel": "phone", "activity_text": "（来电中）某APP注册",
                                             "school_text": "安溪县蓬莱中心小学"})
    out.write(f"  举报：{Complaint.objects.filter(region=region).count()} 件\n")


def _department(name):
    return Organisation.objects.filter(kind="department", short_name=name).first()


def _report(officer, now, days, channel, school, department, category, activity, description, name, contact):
    registered = _department(department)
    data = {"channel": channel, "received_at": now - dt.timedelta(days=days, hours=2),
            "schools": [Organisation.objects.get(name=school)], "department": registered,
            "department_text": "" if registered else department, "category": category, "activity_text": activity,
            "occurred_on": timezone.localdate() - dt.timedelta(days=days + 2), "description": description,
            "reporter_name": name, "reporter_contact": contact}
    complaint, _code = services.register_complaint(actor=officer, data=data)
    return complaint


def _advance(complaint, officer, path, verdict, item_name, reply, finding):
    if path == "received":
        return
    if path == "not_accepted":
        services.decline_complaint(complaint=complaint, actor=officer, seen_version=complaint.version,
                                   reason=NOT_ACCEPTED_REASON)
        return
    item = next((i for i in matching.items_for(complaint) if i.name == item_name), None) if item_name else None
    if verdict and (item is not None or not item_name):
        complaint = services.record_verdict(complaint=complaint, actor=officer, seen_version=complaint.version,
                                            verdict=verdict, item=item, note="")
    complaint = services.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
    if path == "accepted":
        return
    complaint = services.start_handling(complaint=complaint, actor=officer, seen_version=complaint.version,
                                        note="已转相关单位核实，要求3个工作日内书面说明情况。")
    if path == "handling":
        return
    complaint = services.reply_to_reporter(complaint=complaint, actor=officer, seen_version=complaint.version,
                                           reply=reply, finding=finding)
    if path == "closed":
        services.close_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
