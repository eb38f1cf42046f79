"""The automatic pre-check (SPEC §3): findings for one application, cap usage and likely duplicates.

Pure reads: nothing here writes. ``run_precheck`` is what the submitter sees before submitting and what is
stored with the submission; reviewers call ``cap_usage`` and ``likely_duplicates`` on their decision page.
"""

import re
from dataclasses import asdict, dataclass, field

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from .models import PROHIBITED_DEMANDS, AdmissionGround, Application, CapRule, ItemType
from .windows import open_window

BLOCKING, WARNING = "blocking", "warning"
DUPLICATE_SCORE = 50  # out of 100: see similarity()
DUPLICATE_TITLE_FLOOR = 40  # titles that share less are never duplicates, however alike the contents
# Statuses an application can be in and still stand for the same item as a new one.
_DUPLICATE_STATUSES = (
    Application.Status.SUBMITTED, Application.Status.IN_REVIEW, Application.Status.RETURNED,
    Application.Status.APPROVED, Application.Status.REJECTED,
)


@dataclass(frozen=True)
class Finding:
    level: str  # "blocking" | "warning"
    rule: str  # e.g. "basis_missing", "prohibited_demand.demands_checkin", "cap_exceeded"
    message: str
    data: dict = field(default_factory=dict)

    @property
    def is_blocking(self) -> bool:
        return self.level == BLOCKING

    @property
    def level_label(self) -> str:
        """The word the department and the reviewer both read for this finding."""
        from django.utils.translation import gettext

        return gettext("必须修改") if self.is_blocking else gettext("警示")

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, value: dict) -> "Finding":
        return cls(value["level"], value["rule"], value["message"], value.get("data") or {})


@dataclass(frozen=True)
class CapUsage:
    rule_id: int
    name: str
    shape: str
    shape_label: str
    scope: str  # human description: "2025—2026学年 · 重要专项工作 · 本单位"
    limit: int
    already: int  # approved so far in that scope, not counting this application
    this: int  # what this application adds
    is_blocking: bool

    @property
    def would_be(self) -> int:
        return self.already + self.this

    @property
    def exceeds(self) -> bool:
        return self.would_be > self.limit

    def as_dict(self) -> dict:
        return {**asdict(self), "would_be": self.would_be, "exceeds": self.exceeds}


def run_precheck(application: Application, *, day=None) -> list[Finding]:
    findings: list[Finding] = []
    findings += _basis_findings(application)
    findings += _kind_findings(application)
    findings += _wording_findings(application)
    findings += _prohibited_demand_findings(application)
    findings += _window_findings(application, day)
    findings += _cap_findings(application)
    findings += _duplicate_findings(application)
    if application.already_in_teaching:
        findings.append(Finding(WARNING, "already_in_teaching",
                                gettext("申报内容已纳入教材和日常教学，原则上不再单独安排进校园。")))
    findings += _date_findings(application)
    return findings


def has_blocking(findings) -> bool:
    return any(f.is_blocking for f in findings)


# A document number as bureaus write it: 教基〔2025〕3号, [2020]1号, （2019）12号, 教育部令第23号.
DOCUMENT_NUMBER = re.compile(r"[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d+\s*号|第\s*\d+\s*号")
# Competitions and similar are governed by their own lists (竞赛活动白名单), not by this one.
COMPETITION_WORDS = re.compile(r"竞赛|大赛|比赛|征文|评选|选拔赛|擂台|知识竞答|作品征集")
INSPECTION_WORDS = re.compile(r"督查|督导检查|检查|考核|评比|评估|验收|督办|暗访|测评")


def _basis_findings(app: Application) -> list[Finding]:
    findings = []
    if not app.admission_ground:
        findings.append(Finding(BLOCKING, "basis_missing", gettext("缺少准入依据：未选择准入依据类型。"),
                                {"missing": [gettext("准入依据类型")]}))
    basis = (app.basis_text or "").strip()
    if not basis and app.admission_ground != AdmissionGround.EMERGENCY:
        findings.append(Finding(BLOCKING, "basis_missing",
                                gettext("缺少准入依据：未填写开展依据。进校园事项须载明所依据的文件。"),
                                {"missing": [gettext("开展依据")]}))
    elif basis and not DOCUMENT_NUMBER.search(basis) and app.admission_ground != AdmissionGround.EMERGENCY:
        findings.append(Finding(WARNING, "basis_number_missing",
                                gettext("开展依据未写文号：请审核人核实所依据的文件。")))
    return findings


def _wording_findings(app: Application) -> list[Finding]:
    missing = [str(Application._meta.get_field(name).verbose_name) for name in ("time_text", "frequency_text")
               if not getattr(app, name).strip()]
    if not missing:
        return []
    return [Finding(BLOCKING, "wording_missing", gettext("请填写%(fields)s：白名单将按所填文字原样公布。") % {
        "fields": gettext("、").join(missing)}, {"missing": missing})]


def _kind_findings(app: Application) -> list[Finding]:
    """What the title and content suggest the item really is, when that differs from what was filed."""
    text = f"{app.title}\n{app.content}"
    findings = []
    match = COMPETITION_WORDS.search(text)
    if match:
        findings.append(Finding(WARNING, "looks_like_competition", gettext(
            "疑似竞赛类活动（含“%(word)s”）：面向中小学生的竞赛活动按竞赛活动清单管理，请审核人确认是否属于本白名单事项。")
            % {"word": match.group()}, {"word": match.group()}))
    match = INSPECTION_WORDS.search(app.title or "")
    if app.item_type == ItemType.ACTIVITY and match:
        findings.append(Finding(WARNING, "looks_like_inspection", gettext(
            "事项名称含“%(word)s”，疑似督查检查评比考核事项却按进校园活动申报，请审核人确认事项类型。")
            % {"word": match.group()}, {"word": match.group()}))
    return findings


def _prohibited_demand_findings(app: Application) -> list[Finding]:
    findings = []
    for name, label in PROHIBITED_DEMANDS:
        answer = getattr(app, name)
        if answer is None:
            findings.append(Finding(BLOCKING, f"prohibited_demand_unanswered.{name}",
                                    gettext("未回答：%(label)s。") % {"label": label},
                                    {"field": name}))
        elif answer:
            findings.append(Finding(BLOCKING, f"prohibited_demand.{name}",
                                    gettext("存在禁止性要求：%(label)s——选择了“是”。进校园活动不得向师生或家长提出此类要求。")
                                    % {"label": label},
                                    {"field": name}))
    return findings


def _window_findings(app: Application, day) -> list[Finding]:
    if app.is_adhoc:
        if not app.urgency_reason.strip():
            return [Finding(BLOCKING, "adhoc_reason_missing", gettext("临时申报须说明紧急事由。"))]
        return [Finding(WARNING, "adhoc", gettext("临时申报：将按临时事项经办公室、相关科室和教育督导室审核。"))]
    if open_window(app.term, day) is None:
        return [Finding(BLOCKING, "window_closed",
                        gettext("%(term)s的申报窗口当前未开放，只能提交临时申报并说明紧急事由。") % {"term": app.term})]
    return []


def _date_findings(app: Application) -> list[Finding]:
    term = app.term
    outside = [d for d in (app.planned_start, app.planned_end) if d and not term.starts_on <= d <= term.ends_on]
    if outside:
        return [Finding(WARNING, "dates_outside_term", gettext("计划日期不在%(term)s（%(start)s至%(end)s）内。") % {
            "term": term,
            "start": format_date(term.starts_on, gettext("Y年m月d日")),
            "end": format_date(term.ends_on, gettext("Y年m月d日")),
        })]
    return []


def _cap_findings(app: Application) -> list[Finding]:
    findings = []
    for usage in cap_usage(app):
        if usage.exceeds:
            advice = "" if usage.is_blocking else gettext("如确需开展，请审核人记录理由。")
            findings.append(Finding(
                BLOCKING if usage.is_blocking else WARNING,
                f"cap_exceeded.{usage.shape}",
                gettext("超出限额“%(name)s”：%(scope)s已通过%(already)s，本申报%(this)s，"
                        "通过后将达%(would_be)s，上限%(limit)s。") % {
                    "name": usage.name, "scope": usage.scope, "already": usage.already, "this": usage.this,
                    "would_be": usage.would_be, "limit": usage.limit,
                } + advice,
                usage.as_dict(),
            ))
    return findings


def _duplicate_findings(app: Application) -> list[Finding]:
    return [
        Finding(WARNING, "likely_duplicate",
                gettext("疑似重复申报：与%(department)s同学年的“%(title)s”（%(reference)s，%(status)s）相似"
                        "（相似度 %(score)s：%(why)s）。") % {
                    "department": gettext("本单位") if other.department_id == app.department_id
                    else other.department.display_name,
                    "title": other.title, "reference": other.reference or gettext("未编号"),
                    "status": other.get_status_display(), "score": other.similarity.score,
                    "why": "、".join(other.similarity.reasons),
                },
                {"application_id": other.pk, "reference": other.reference, "title": other.title,
                 "score": other.similarity.score})
        for other in likely_duplicates(app)
    ]


# -- caps ---------------------------------------------------------------------------------------------------

# An approval whose count of times was not given counts as one visit.
TIMES = Sum(Coalesce("times_planned", 1))

def _approved():
    return Application.objects.filter(status=Application.Status.APPROVED)


def _applies(rule: CapRule, app: Application) -> bool:
    if rule.item_type and rule.item_type != app.item_type:
        return False
    return not (rule.category and rule.category != app.category)


def _scope_filter(rule: CapRule, app: Application) -> tuple[Q, list[str]]:
    q, words = Q(), []
    if rule.shape in (CapRule.Shape.TERM_VOLUME, CapRule.Shape.SCHOOL_PER_TERM):
        q &= Q(term_id=app.term_id)
        words.append(str(app.term))
    else:
        q &= Q(term__start_year=app.term.start_year)
        words.append(app.term.school_year_label)
    if rule.item_type:
        q &= Q(item_type=rule.item_type)
        words.append(rule.get_item_type_display())
    if rule.category:
        q &= Q(category=rule.category)
        words.append(rule.get_category_display())
    if rule.per_department:
        q &= Q(department_id=app.department_id)
        words.append(gettext("本单位"))
    return q, words


def cap_usage(application: Application) -> list[CapUsage]:
    """For each active cap that applies: the limit, what is already approved in its scope, and what approving
    this application would make it."""
    usages = []
    for rule in CapRule.objects.filter(is_active=True):
        if not _applies(rule, application):
            continue
        q, words = _scope_filter(rule, application)
        others = _approved().filter(q).exclude(pk=application.pk)
        if rule.shape == CapRule.Shape.ITEM_PER_YEAR:
            ids = [o.pk for o in _similar(application, others.only("pk", "title"))]
            already = others.filter(pk__in=ids).aggregate(n=TIMES)["n"] or 0
            this = application.times_planned or 1
            words.append(gettext("同一事项“%(title)s”") % {"title": application.title})
        elif rule.counts_times:
            already = others.aggregate(n=TIMES)["n"] or 0
            this = application.times_planned or 1
        elif rule.shape == CapRule.Shape.SCHOOL_PER_TERM:
            already, busiest = _busiest_school(application, others)
            this = 1
            if busiest:
                words.append(busiest)
        else:
            already, this = others.count(), 1
        usages.append(CapUsage(rule.pk, rule.name, rule.shape, rule.get_shape_display(), " · ".join(words),
                               rule.limit, already, this, rule.is_blocking))
    return usages


def _busiest_school(app: Application, others) -> tuple[int, str]:
    """How many approved items the most-burdened school this application covers already takes part in."""
    from apps.accounts.models import Organisation

    schools = app.schools.all() if (not app.all_schools and app.pk) else Organisation.objects.filter(kind="school")
    for_all = others.filter(all_schools=True).count()
    listed: dict[int, int] = {}
    for school_id in others.filter(all_schools=False).values_list("schools", flat=True):
        if school_id is not None:
            listed[school_id] = listed.get(school_id, 0) + 1
    best, best_name = -1, ""
    for school in schools.only("pk", "name"):
        n = for_all + listed.get(school.pk, 0)
        if n > best:
            best, best_name = n, school.name
    return max(best, for_all), best_name


# -- duplicates ---------------------------------------------------------------------------------------------

_NOISE = re.compile(r"[\s\d（）()“”\"'《》〈〉、，,。.·\-—]+|进校园|活动|专项|工作|学年|学期|年度|秋季|春季")


def _normalise(title: str) -> str:
    return _NOISE.sub("", title or "")


@dataclass(frozen=True)
class Similarity:
    """How alike two applications read (0–100) and why, in words a reviewer can check."""

    score: int
    reasons: tuple[str, ...]


def _common_run(a: str, b: str) -> str:
    """The longest run of characters two titles share (防溺水 in 防溺水安全教育 and 防溺水专题讲座)."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def similarity(app: Application, other: Application) -> Similarity:
    """Compare titles and contents by characters (Chinese has no spaces to split words on): the titles' character
    ratio or their longest shared run, the contents' ratio, and a little weight for the same department and term."""
    from rapidfuzz import fuzz

    mine, theirs = _normalise(app.title), _normalise(other.title)
    if not mine or not theirs:
        return Similarity(0, ())
    reasons = []
    title = fuzz.ratio(mine, theirs)
    run = _common_run(mine, theirs)
    run_score = 100 * len(run) / min(len(mine), len(theirs)) if len(run) >= 3 else 0
    title_score = max(title, run_score)
    if title >= 60:
        reasons.append(gettext("标题相似度 %(n)s%%") % {"n": round(title)})
    elif run_score:
        reasons.append(gettext("标题同含“%(run)s”") % {"run": run})
    content = fuzz.ratio(app.content or "", other.content or "") if app.content and other.content else 0
    if content >= 50:
        reasons.append(gettext("内容相似度 %(n)s%%") % {"n": round(content)})
    score = 0.6 * title_score + 0.4 * content
    if app.department_id == other.department_id:
        score += 10
        reasons.append(gettext("同一申报单位"))
    if app.term_id == other.term_id:
        score += 5
        reasons.append(gettext("同一学期"))
    if title_score < DUPLICATE_TITLE_FLOOR:
        return Similarity(0, ())
    return Similarity(min(100, round(score)), tuple(reasons))


def _similar(app: Application, candidates) -> list[Application]:
    """The candidates alike enough to be the same item, most alike first, each with ``similarity`` attached."""
    found = []
    for candidate in candidates:
        alike = similarity(app, candidate)
        if alike.score >= DUPLICATE_SCORE:
            candidate.similarity = alike
            found.append(candidate)
    return sorted(found, key=lambda c: -c.similarity.score)


def likely_duplicates(application: Application):
    """Applications of any department in the same school year that read alike, most alike first; each carries its
    ``similarity`` (score and reasons)."""
    candidates = (
        Application.objects.filter(term__start_year=application.term.start_year, status__in=_DUPLICATE_STATUSES)
        .exclude(pk=application.pk)
        .select_related("term", "department")
    )
    return _similar(application, candidates)
