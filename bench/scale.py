#!/usr/bin/env python
"""Benchmark of the bureau's working pages at province scale: 1,000,000 applications; prints p50/p95 per page.

Drops and re-creates the database named in BENCH_DATABASE_URL (default wp_bench_scale on the local server — never
point it at real data), migrates it and loads, with COPY, a province of three cities and twelve counties with 20
departments each, applications spread over eight terms and every status (those in review placed at a stage,
some past their time limit, a third with attachments), a quarter of them in 安溪县, whose reviewer, publisher and
department are measured. Then ANALYZE, and each page and API answer is requested in turn (Django's test client in
this process, DEBUG off): p50 and p95 per request. ``--keep`` measures an already loaded database again.
"""

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATUSES = [  # (status, share) — a bureau's history: most approved, a large queue waiting
    ("approved", 0.45), ("in_review", 0.30), ("rejected", 0.06), ("draft", 0.05), ("returned", 0.04),
    ("withdrawn", 0.05), ("merged", 0.03), ("submitted", 0.02),
]
TOPICS = ["防溺水安全教育", "消防安全演练", "禁毒防艾宣传教育", "交通安全宣讲", "法治副校长讲座", "食品安全科普",
          "防灾减灾知识普及", "传统文化进课堂", "心理健康辅导", "网络安全宣传周", "文明城市创建宣传", "生态环境保护",
          "垃圾分类实践", "反诈宣传", "国家安全教育日", "扫黑除恶专项宣传", "卫生城市创建检查", "安全生产月",
          "科技创新大赛", "红色文化研学", "爱国卫生运动", "近视防控宣教", "校园欺凌防治", "应急救护培训"]
FORMS = ["专题讲座", "主题宣讲", "现场演练", "展览展示", "知识竞赛", "督导检查", "评比考核", "巡回展演"]
SEASONS = ["春季", "秋季", "暑期前", "开学季", "寒假前", "全年"]
CATEGORIES = [("special_task", "safety"), ("special_task", "legal"), ("special_task", "anti_drug_aids"),
              ("special_task", "fire"), ("city_campaign", "civilised_city"), ("city_campaign", "hygienic_city"),
              ("other", "science"), ("other", "culture"), ("other", "health")]
DEPARTMENT_NAMES = ["公安局", "消防救援大队", "卫生健康局", "司法局", "团委", "妇联", "科协", "应急管理局",
                    "生态环境局", "市场监督管理局", "交通运输局", "文化和旅游局", "民政局", "水利局", "气象局",
                    "自然资源局", "农业农村局", "住建局", "总工会", "残联"]
CITIES = {"泉州市": ["安溪县", "永春县", "德化县", "惠安县"], "厦门市": ["同安区", "翔安区", "集美区", "海沧区"],
          "福州市": ["闽侯县", "连江县", "罗源县", "闽清县"]}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_bench_scale"))
    p.add_argument("--applications", type=int, default=1_000_000)
    p.add_argument("--requests", type=int, default=30, help="timed requests per page (after 3 untimed)")
    p.add_argument("--keep", action="store_true", help="measure the loaded database again, without re-creating it")
    return p.parse_args()


def setup(args) -> None:
    import tempfile

    workdir = Path(tempfile.mkdtemp(prefix="wl-scale-"))
    os.environ.update({
        "DATABASE_URL": args.database_url, "REDIS_URL": "", "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0", "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"), "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING", "CONN_MAX_AGE": "60",
    })
    import django

    django.setup()


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def load(total: int) -> dict:
    """The province and its applications; returns the ids the measurements need."""
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from apps.accounts.models import Organisation, Region, User
    from apps.accounts.roles import Role
    from apps.applications.models import Term
    from apps.reviews.models import ReviewStage

    rng = random.Random(2026)
    with transaction.atomic():
        province = Region.objects.create(code="350000", name="福建省", level="province")
        regions = [province]
        for c, (city_name, counties) in enumerate(CITIES.items()):
            city = Region.objects.create(code=f"35{c + 1:02d}00", name=city_name, level="city", parent=province)
            regions.append(city)
            regions += [Region.objects.create(code=f"35{c + 1:02d}{k + 1:02d}", name=name, level="county",
                                              parent=city) for k, name in enumerate(counties)]
        home = Region.objects.get(name="安溪县")
        departments, creators = [], []
        for region in regions:
            for name in DEPARTMENT_NAMES:
                org = Organisation.objects.create(kind="department", name=f"{region.name}{name}",
                                                  short_name=name, region=region, department_type="party_government")
                departments.append(org)
        submitter_group = Group.objects.get(name=str(Role.SUBMITTER))
        for org in departments:
            user = User.objects.create(username=f"dept{org.pk}", organisation=org, full_name="经办人")
            creators.append(user.pk)
        submitter = User.objects.get(pk=creators[regions.index(home) * len(DEPARTMENT_NAMES)])
        submitter.groups.add(submitter_group)
        bureau = Organisation.objects.create(kind="bureau", name="安溪县教育局", region=home)
        reviewer = User.objects.create(username="bench-reviewer", organisation=bureau, full_name="审核人")
        reviewer.groups.add(Group.objects.get(name=str(Role.REVIEWER)),
                            *Group.objects.filter(review_stages__isnull=False).distinct())
        publisher = User.objects.create(username="bench-publisher", organisation=bureau, full_name="发布人")
        publisher.groups.add(Group.objects.get(name=str(Role.PUBLISHER)))
        terms = []
        for year in range(2023, 2027):
            for semester, starts, ends in (("1", dt.date(year, 9, 1), dt.date(year + 1, 1, 31)),
                                           ("2", dt.date(year + 1, 2, 15), dt.date(year + 1, 7, 10))):
                terms.append(Term.objects.get_or_create(start_year=year, semester=semester,
                                                        defaults={"starts_on": starts, "ends_on": ends})[0])
        stages = {(s.kind, s.order): s for s in ReviewStage.objects.all()}

    # Where the applications are: a quarter in 安溪县, the rest spread over the other regions.
    home_index = regions.index(home)
    weights = [0.25 if i == home_index else 0.75 / (len(regions) - 1) for i in range(len(regions))]
    status_names = [s for s, _w in STATUSES]
    status_weights = [w for _s, w in STATUSES]
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    app_columns = ["id", "reference", "item_type", "title", "category", "subcategory", "admission_ground", "content",
                   "target_stages", "participants", "all_schools", "form", "teachers_required",
                   "already_in_teaching", "contact_name", "contact_phone", "is_adhoc", "urgency_reason", "status",
                   "version", "precheck_findings", "submitted_at", "decided_at", "created_at", "updated_at",
                   "created_by_id", "department_id", "term_id", "basis_text", "form_text", "frequency_period",
                   "frequency_text", "lead_units_text", "notes", "place_text", "scope_text", "time_text"]
    progress_columns = ["application_id", "stage_id", "entered_at", "due_on", "precheck_level", "region_id"]
    attachment_columns = ["application_id", "kind", "file", "original_name", "content_type", "extension", "size",
                          "sha256", "uploaded_by_id", "uploaded_at"]
    numbers = {t.pk: 0 for t in terms}
    sample = {"reference": None, "title": None}
    chunk = 50_000
    tables = ("applications_application", "reviews_reviewprogress", "applications_attachment")
    with connection.cursor() as cur:
        # As for any bulk load: the secondary indexes are dropped and built again after the rows are in.
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("""SELECT i.indexname, i.indexdef FROM pg_indexes i
                       WHERE i.tablename = ANY(%s) AND NOT EXISTS (
                           SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""", [list(tables)])
        indexes = cur.fetchall()
        cur.execute("""SELECT c.relname, a.attnum, a.attstattarget FROM pg_attribute a JOIN pg_class c
                       ON a.attrelid = c.oid WHERE c.relname = ANY(%s) AND a.attstattarget > 0""",
                    [[name for name, _d in indexes]])
        targets = cur.fetchall()  # statistics targets set on index expressions by the migrations
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM applications_application")
        next_id = cur.fetchone()[0] + 1
        for start in range(0, total, chunk):
            apps, progress, files = [], [], []
            for n in range(start, min(start + chunk, total)):
                pk = next_id + n
                region_i = rng.choices(range(len(regions)), weights)[0]
                dept_i = region_i * len(DEPARTMENT_NAMES) + rng.randrange(len(DEPARTMENT_NAMES))
                department, creator = departments[dept_i], creators[dept_i]
                term = terms[min(int(rng.random() ** 0.7 * len(terms)), len(terms) - 1)]
                status = rng.choices(status_names, status_weights)[0]
                topic, form = rng.choice(TOPICS), rng.choice(FORMS)
                category, subcategory = rng.choice(CATEGORIES)
                is_adhoc = rng.random() < 0.1
                item_type = "inspection" if form in ("督导检查", "评比考核") else "activity"
                title = (f"{term.start_year}年{rng.choice(SEASONS)}{topic}进校园{form}"
                         f"（{department.short_name}第{n % 97 + 1}期）")
                updated = now - dt.timedelta(seconds=rng.randrange(4 * 365 * 86400), microseconds=rng.randrange(10**6))
                created = updated - dt.timedelta(days=rng.randrange(30))
                reference = ""
                submitted = None
                if status != "draft":
                    numbers[term.pk] += 1
                    reference = f"{term.code}-{numbers[term.pk]:06d}"
                    submitted = created + dt.timedelta(hours=rng.randrange(1, 48))
                decided = updated if status in ("approved", "rejected", "merged") else None
                apps.append((
                    pk, reference, item_type, title, category, subcategory, "law",
                    f"面向全县中小学生开展{topic}，以{form}形式进行，每次不超过45分钟，不要求学生网上答题、打卡或上传截图。",
                    '["primary","junior"]', '["students"]', "t", "lecture", "f", "f", "张老师", "0595-23280000",
                    "t" if is_adhoc else "f", "紧急部署" if is_adhoc else "", status, 1 + rng.randrange(3), "[]",
                    submitted.isoformat() if submitted else None, decided.isoformat() if decided else None,
                    created.isoformat(), updated.isoformat(), creator, department.pk, term.pk,
                    "《中华人民共和国未成年人保护法》", form, "term", "每学期1次", department.name, "", "各中小学",
                    "全县中小学", f"{term.start_year}年",
                ))
                if status in ("in_review", "approved", "rejected", "returned", "merged", "withdrawn"):
                    waiting = status == "in_review"
                    order = rng.choices((1, 2, 3), (0.5, 0.3, 0.2))[0]
                    stage = stages[("adhoc" if is_adhoc else "regular", order)] if waiting else None
                    entered = now - dt.timedelta(minutes=rng.randrange(60 * 24 * 40), microseconds=rng.randrange(10**6))
                    due = (entered + dt.timedelta(days=7)).date() if waiting else None
                    progress.append((pk, stage.pk if stage else None, entered.isoformat(),
                                     due.isoformat() if due else None,
                                     rng.choice(("clean", "clean", "clean", "info", "warning")), department.region_id))
                if status != "draft" and rng.random() < 0.35:
                    for k in range(1 + rng.randrange(2)):
                        files.append((pk, "implementation_plan", f"applications/{pk}/{k:016x}.pdf", "实施方案.pdf",
                                      "application/pdf", ".pdf", 120_000, "0" * 64, creator, created.isoformat()))
                if n == total // 2:
                    sample.update(reference=reference, title=title)
            _copy(cur, "applications_application", app_columns, apps)
            _copy(cur, "reviews_reviewprogress", progress_columns, progress)
            _copy(cur, "applications_attachment", attachment_columns, files)
            print(f"  {min(start + chunk, total):,} applications", flush=True)
        t0 = time.monotonic()
        for _name, definition in indexes:
            cur.execute(definition)
        for name, column, target in targets:
            cur.execute(f'ALTER INDEX "{name}" ALTER COLUMN {column} SET STATISTICS {target}')
        print(f"  {len(indexes)} indexes built in {time.monotonic() - t0:.0f} s", flush=True)
        cur.execute("SELECT setval(pg_get_serial_sequence('applications_application', 'id'), "
                    "(SELECT MAX(id) FROM applications_application))")
        for term in terms:
            cur.execute("INSERT INTO applications_termcounter (term_id, last) VALUES (%s, %s)",
                        [term.pk, numbers[term.pk]])
    if not sample["reference"]:
        sample.update(reference=f"{terms[-1].code}-000001", title=TOPICS[0])
    return {"reviewer": reviewer.pk, "publisher": publisher.pk, "submitter": submitter.pk, "today": today, **sample}


def analyze() -> float:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")  # statistics for the planner, and visibility maps for index-only counts
    return time.perf_counter() - t0


def people() -> dict:
    from apps.accounts.models import User
    from apps.applications.models import Application

    reviewer = User.objects.get(username="bench-reviewer")
    sample = Application.objects.filter(department__region_id=reviewer.organisation.region_id,
                                        status="in_review").order_by("pk")[100]
    submitter = User.objects.filter(groups__name="申报单位经办人",
                                    organisation__region_id=reviewer.organisation.region_id).first()
    return {"reviewer": reviewer, "publisher": User.objects.get(username="bench-publisher"), "submitter": submitter,
            "sample": sample}


def pages(who: dict) -> list[tuple[str, object, str]]:
    """(label, user, path) of every measured page and API answer."""
    from apps.applications.selectors import LIST_ORDER, application_list
    from apps.reviews.selectors import QUEUE_ORDER, queue_for

    reviewer, publisher, submitter, sample = who["reviewer"], who["publisher"], who["submitter"], who["sample"]
    fragment = sample.title[5:11]  # e.g. 「防溺水安全教」: a piece of a Chinese title
    waiting, listed = queue_for(reviewer), application_list(publisher)
    # Where page 500 of the queue (50 a page) and page 1,000 of the list (20 a page) begin.
    queue_deep = QUEUE_ORDER.cursor("after", waiting[min(25_000, waiting.count() - 1)])
    list_deep = LIST_ORDER.cursor("after", listed[min(20_000, listed.count() - 1)])
    stage = reviewer.groups.filter(review_stages__isnull=False).values_list("review_stages", flat=True).first()
    return [
        ("queue page", reviewer, "/reviews/"),
        ("queue, one stage", reviewer, f"/reviews/?stage={stage}"),
        ("queue, overdue", reviewer, "/reviews/?overdue=yes"),
        ("queue, department", reviewer, f"/reviews/?department={sample.department_id}"),
        ("queue, term + type", reviewer, f"/reviews/?term={sample.term_id}&item_type=activity"),
        ("queue, search reference", reviewer, f"/reviews/?q={sample.reference}"),
        ("queue, search title", reviewer, f"/reviews/?q={fragment}"),
        ("queue, page 500", reviewer, f"/reviews/?cursor={queue_deep}"),
        ("queue API", reviewer, "/api/reviews/queue/"),
        ("queue API, overdue", reviewer, "/api/reviews/queue/?overdue=yes"),
        ("queue API, search title", reviewer, f"/api/reviews/queue/?q={fragment}"),
        ("queue API, page 500", reviewer, f"/api/reviews/queue/?cursor={queue_deep}"),
        ("all applications", publisher, "/applications/all/"),
        ("all applications, approved", publisher, "/applications/all/?status=approved"),
        ("all applications, search ref.", publisher, f"/applications/all/?q={sample.reference}"),
        ("all applications, search title", publisher, f"/applications/all/?q={fragment}"),
        ("all applications, page 1,000", publisher, f"/applications/all/?cursor={list_deep}"),
        ("reviewer search, list", reviewer, f"/applications/?q={fragment}"),
        ("applications API", publisher, "/api/applications/"),
        ("applications API, search ref.", publisher, f"/api/applications/?q={sample.reference}"),
        ("department's list", submitter, "/applications/"),
        ("workspace, reviewer", reviewer, "/workspace/"),
        ("workspace, publisher", publisher, "/workspace/"),
        ("workspace, department", submitter, "/workspace/"),
    ]


def measure(label, user, path, n: int) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user)
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200, f"{label}: {path} answered {response.status_code}"
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
    q = statistics.quantiles(times, n=20, method="inclusive")
    return {"p50": statistics.median(times), "p95": q[18], "max": max(times)}


def main() -> None:
    args = parse_args()
    if not args.keep:
        from bench.run import recreate_database

        recreate_database(args.database_url)
    setup(args)
    from django.core.management import call_command

    if not args.keep:
        t0 = time.monotonic()
        call_command("migrate", verbosity=0)
        print(f"Loading {args.applications:,} applications into {args.database_url} (re-created)")
        load(args.applications)
        loaded = time.monotonic() - t0
        print(f"Loaded in {loaded:.0f} s; VACUUM ANALYZE {analyze():.0f} s")
    call_command("collectstatic", "--noinput", verbosity=0)
    who = people()
    from apps.applications.models import Application
    from apps.reviews.models import ReviewProgress

    waiting = ReviewProgress.objects.filter(stage__isnull=False)
    home = waiting.filter(region_id=who["reviewer"].organisation.region_id)
    print(f"{Application.objects.count():,} applications, {waiting.count():,} in review; "
          f"安溪县's queue: {home.count():,}")
    print(f"\n{'ms per request (' + str(args.requests) + ' sequential requests, DEBUG off)':44}"
          f"{'p50':>8}{'p95':>8}{'max':>8}")
    for label, user, path in pages(who):
        r = measure(label, user, path, args.requests)
        print(f"{label:44}{r['p50']:8.1f}{r['p95']:8.1f}{r['max']:8.1f}", flush=True)


if __name__ == "__main__":
    main()
