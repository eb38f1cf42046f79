#!/usr/bin/env python
"""Benchmark of the statistics page: one county with N applications in one term (default 100,000; most passed
three review stages), 10,000 reports, 10,000 ledger lines and a 500-item list against last year's 600; prints the
page's time (first and the median of five), its queries, and each figure's time. Printed, not asserted.

Drops and re-creates the database named in BENCH_DATABASE_URL (default wp_bench_stats on the local server —
never point it at real data).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_bench_stats"))
    p.add_argument("--items", type=int, default=100_000, help="applications in the term")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--reuse", action="store_true", help="time the database a previous run loaded, without reloading")
    return p.parse_args()


def load(count: int) -> dict:
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from apps.accounts.models import Organisation, Region, User
    from apps.accounts.roles import Role
    from apps.applications.models import Application, Term
    from apps.complaints.models import Complaint
    from apps.ledger.models import LedgerLine
    from apps.reviews.models import ReviewDecision, ReviewStage
    from apps.whitelist.models import WhitelistEdition, WhitelistItem

    rng = random.Random(14)
    region = Region.objects.create(code="359996", name="基准县", level="county")
    bureau = Organisation.objects.create(kind="bureau", name="基准教育局", region=region)
    departments = Organisation.objects.bulk_create([
        Organisation(kind="department", name=f"基准部门{n}", region=region, department_type="other")
        for n in range(30)])
    schools = Organisation.objects.bulk_create([
        Organisation(kind="school", name=f"基准学校{n}", region=region, school_stage="primary") for n in range(80)])
    publisher = User.objects.create(username="bench-publisher", organisation=bureau)
    publisher.groups.add(Group.objects.get(name=str(Role.PUBLISHER)))
    term = Term.objects.create(start_year=2026, semester="1", starts_on=dt.date(2026, 9, 1),
                               ends_on=dt.date(2027, 1, 31))
    last = Term.objects.create(start_year=2025, semester="1", starts_on=dt.date(2025, 9, 1),
                               ends_on=dt.date(2026, 1, 31))
    stages = list(ReviewStage.objects.filter(kind="regular", is_active=True).order_by("order"))
    start = timezone.make_aware(dt.datetime(2026, 9, 1, 9, 0))

    def later(moment, days):
        return moment + dt.timedelta(days=rng.uniform(0.1, days))

    for first in range(0, count, 5000):
        rows, plans = [], []
        for n in range(first, min(first + 5000, count)):
            roll = rng.random()
            status = ("approved" if roll < 0.7 else "rejected" if roll < 0.8 else "in_review" if roll < 0.9
                      else "withdrawn")
            submitted = later(start, 100)
            rows.append(Application(
                department=rng.choice(departments), created_by=publisher, term=term, title=f"基准申报{n}",
                item_type=rng.choice(["activity", "inspection"]),
                category=rng.choice(["special_task", "city_campaign", "other"]), subcategory="safety",
                content="内容", contact_name="张", contact_phone="13800000000", status=status,
                reference=f"S-{n:07d}", submitted_at=submitted))
            plans.append({"approved": 3, "rejected": 1, "in_review": 1, "withdrawn": 0}[status])
        apps = Application.objects.bulk_create(rows)
        decisions = []
        for app, steps in zip(apps, plans, strict=True):
            moment = app.submitted_at
            for order in range(steps):
                moment = later(moment, 8)
                kind = "reject" if app.status == "rejected" else "approve"
                decisions.append(ReviewDecision(application=app, stage=stages[order], kind=kind, reviewer=publisher,
                                                opinion="" if kind == "approve" else "意见", version_seen=1,
                                                decided_at=moment))
        ReviewDecision.objects.bulk_create(decisions, batch_size=5000)
    Complaint.objects.bulk_create([
        Complaint(receipt_hash=f"{n:064d}", channel=rng.choice(["phone", "email", "online"]),
                  received_at=later(start, 140), region=region,
                  category=rng.choice(["social_affairs", "forms", "app_checkin", "other"]),
                  department=rng.choice(departments), status="received") for n in range(10_000)], batch_size=5000)
    through = Complaint.schools.through
    through.objects.bulk_create([through(complaint_id=pk, organisation_id=rng.choice(schools).pk)
                                 for pk in Complaint.objects.values_list("pk", flat=True)], batch_size=5000)
    LedgerLine.objects.bulk_create([
        LedgerLine(region=region, source_kind="self_check", problem=f"基准问题{n}", owner=rng.choice(schools),
                   deadline=dt.date(2026, 10, 1) + dt.timedelta(days=rng.randint(0, 120)))
        for n in range(10_000)], batch_size=5000)
    for edition_term, size in ((last, 600), (term, 500)):
        edition = WhitelistEdition.objects.create(
            period_kind="term", term=edition_term, starts_on=edition_term.starts_on, ends_on=edition_term.ends_on,
            period_label=str(edition_term), region=region, title=f"基准县{edition_term}白名单", status="published",
            version=1, created_by=publisher)
        WhitelistItem.objects.bulk_create([
            WhitelistItem(edition=edition, item_type="activity" if n % 3 else "inspection", number=n + 1,
                          name=f"基准事项{n}") for n in range(size)])
    return {"user": publisher, "term": term}


def main() -> None:
    args = parse_args()
    from bench.run import recreate_database

    if not args.reuse:
        recreate_database(args.database_url)
    os.environ.update({"DATABASE_URL": args.database_url, "REDIS_URL": "",
                       "DJANGO_SETTINGS_MODULE": "whitelist_portal.settings", "LOG_LEVEL": "WARNING"})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    if args.reuse:
        from apps.accounts.models import User
        from apps.applications.models import Application, Term

        world = {"user": User.objects.get(username="bench-publisher"),
                 "term": Term.objects.get(start_year=2026, semester="1")}
        args.items = Application.objects.count()
    else:
        world = load(args.items)
    load_s = time.perf_counter() - t0
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")

    from django.test import Client

    from apps.stats import selectors
    from apps.stats.scope import scope_for
    from apps.whitelist.periods import term_period

    client = Client()
    client.force_login(world["user"])
    url = f"/stats/?kind=term&term={world['term'].pk}"

    def timed(path):
        t = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        return time.perf_counter() - t

    first = timed(url)
    runs = [timed(url) for _ in range(args.runs)]
    executed = []
    with connection.execute_wrapper(lambda execute, sql, *rest: executed.append(sql) or execute(sql, *rest)):
        timed(url)
    scope, period = scope_for(world["user"]), term_period(world["term"])
    figures = {}
    for name, figure in selectors.FIGURES.items():
        t = time.perf_counter()
        figure(scope, period)
        figures[name] = round(time.perf_counter() - t, 3)
    api = statistics.median(timed(f"/api/stats/reviews/?kind=term&term={world['term'].pk}") for _ in range(3))
    public = statistics.median(timed("/statistics/") for _ in range(3))
    print(json.dumps({"applications": args.items, "vendor": connection.vendor, "load_s": round(load_s, 1),
                      "page_first_s": round(first, 3), "page_median_s": round(statistics.median(runs), 3),
                      "page_queries": len(executed), "figures_s": figures, "api_reviews_median_s": round(api, 3),
                      "public_page_median_s": round(public, 3)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
