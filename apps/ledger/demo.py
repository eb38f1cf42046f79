"""Demo ledger: lines opened from demo complaints and from the bureau's self-check, in every status, one overdue.

Deadlines count from today, so the ledger always shows something due soon, something overdue and something closed."""

import datetime as dt

from django.utils import timezone

from apps.accounts.models import Organisation, Region, User
from apps.complaints.models import Complaint

from . import services
from .models import LedgerLine

SELF_CHECK = "2025年秋季学期“社会事务进校园”专项自查"
# (owner, person, problem, standard, days to the deadline, path, immediate)
LINES = [
    ("安溪县凤城中心小学", "周明", "学校转发禁毒知识网上答题通知，要求学生截图上报。",
     "停止要求学生截图，改为课堂集中学习。", 12, "open", False),
    ("安溪县公安局", "张伟", "禁毒宣传要求学生在APP上打卡，超出白名单批准的形式。", "取消APP打卡要求，并书面说明。",
     8, "in_progress", False),
    ("安溪县凤城中心小学", "周明", "课后服务时段安排与白名单不符的展演排练。", "排练不得占用课后服务时段。",
     5, "awaiting", False),
    ("安溪县公安局", "张伟", "进校园宣讲未按批准频次开展，一学期达4次。", "每学期不超过批准的2次。",
     15, "sent_back", False),
    ("安溪县凤城中心小学", "周明", "要求教师周末值班看护宣传展板。", "取消教师周末值班安排。",
     -6, "closed", True),
    ("安溪县公安局", "张伟", "交通安全问卷要求家长扫码填写并统计班级完成率。", "停止统计完成率，改为自愿参与。",
     -4, "open", False),  # overdue
]


def seed(out) -> None:
    reviewer = User.objects.filter(username="keshi").first()
    officer = User.objects.filter(username="jubao").first()
    region = Region.objects.filter(code="350524").first()
    if reviewer is None or officer is None or region is None:
        out.write("  （缺少演示用户，跳过整改台账演示数据）\n")
        return
    if LedgerLine.objects.filter(region=region).exists():
        out.write(f"  整改台账：{LedgerLine.objects.filter(region=region).count()} 条（已存在）\n")
        return
    today = timezone.localdate()
    for owner, person, problem, standard, days, path, immediate in LINES:
        organisation = Organisation.objects.get(name=owner)
        line = services.open_line(actor=reviewer, data={
            "source_kind": "self_check", "source_ref": SELF_CHECK, "problem": problem, "owner": organisation,
            "owner_person": person, "standard": standard, "deadline": today + dt.timedelta(days=abs(days) + 10)})
        if days < 0:  # opened long ago: the deadline has passed
            LedgerLine.objects.filter(pk=line.pk).update(deadline=today + dt.timedelta(days=days))
            line.refresh_from_db()
        _advance(line, path, immediate, reviewer)
    _from_complaints(officer, today)
    out.write(f"  整改台账：{LedgerLine.objects.filter(region=region).count()} 条\n")


def _advance(line, path, immediate, reviewer):
    if path == "open":
        return
    owner = User.objects.filter(organisation=line.owner, groups__name="整改责任人").first()
    line = services.report_progress(line=line, actor=owner, seen_version=line.version,
                                    measures="已召开专题会议，逐项对照整改标准落实。",
                                    results="已停止相关做法，并向全体师生家长说明。" if path != "in_progress" else "",
                                    immediate=immediate)
    if path == "in_progress":
        return
    line = services.request_close_out(line=line, actor=owner, seen_version=line.version)
    if path == "awaiting":
        return
    if path == "sent_back":
        line = services.send_back(line=line, actor=reviewer, seen_version=line.version,
                                  opinion="抽查发现仍有学校安排宣讲，请补充整改佐证材料。")
        services.extend_deadline(line=line, actor=reviewer, seen_version=line.version,
                                 new_deadline=line.deadline + dt.timedelta(days=7), reason="需逐校核对宣讲记录。")
        return
    services.close_out(line=line, actor=reviewer, seen_version=line.version,
                       opinion="经现场核实，已整改到位，同意销号。")


def _from_complaints(officer, today):
    """转入整改 from the demo reports still being handled: one line per organisation concerned."""
    for complaint in Complaint.objects.filter(status__in=("accepted", "handling"), case__isnull=True,
                                              activity_text__in=("文明城市创建问卷", "抽调教师参与入户调查")):
        owners = [*complaint.schools.all()] + ([complaint.department] if complaint.department_id else [])
        services.open_from_complaint(complaint=complaint, actor=officer, lines=[
            {"owner": owner, "problem": complaint.activity_text, "standard": "立即停止，并书面报告整改情况。",
             "deadline": today + dt.timedelta(days=10)} for owner in owners])
