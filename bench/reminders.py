#!/usr/bin/env python
"""Benchmark of the daily overdue-review reminder pass: N applications past their stage's limit, e-mail to a local
SMTP sink; prints the pass's time, a second pass's time and the duplicates after both (goal: 100,000 in ≤ 60 s,
0 duplicates).

Drops and re-creates the database named in BENCH_DATABASE_URL (default wp_bench_reminders on the local server —
never point it at real data).
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
import warnings
from pathlib import Path

with warnings.catch_warnings():  # the SMTP sink needs only this Python's standard library (3.11)
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncore
    import smtpd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Sink(smtpd.SMTPServer):
    """Accepts every message and counts it, as a mail relay on the same machine would (in its own process)."""

    def __init__(self, address, counter):
        super().__init__(address, None)
        self.counter = counter

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        with self.counter.get_lock():
            self.counter.value += len(rcpttos)


def run_sink(port, counter, ready):
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    Sink(("127.0.0.1", port), counter)
    ready.set()
    asyncore.loop(timeout=0.5)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_bench_reminders"))
    p.add_argument("--items", type=int, default=100_000, help="applications past their stage's limit")
    p.add_argument("--smtp-port", type=int, default=8825)
    p.add_argument("--kind", choices=["reviews", "ledger", "complaints"], default="reviews",
                   help="the overdue-review pass, the ledger deadline pass, or the complaint reply pass")
    return p.parse_args()


def load(count: int) -> None:
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from apps.accounts.models import Organisation, Region, User
    from apps.accounts.roles import Role
    from apps.applications.models import Application, Term
    from apps.reviews.models import ReviewProgress, ReviewStage

    region = Region.objects.create(code="359999", name="基准县", level="county")
    department = Organisation.objects.create(kind="department", name="基准部门", region=region,
                                             department_type="other")
    bureau = Organisation.objects.create(kind="bureau", name="基准教育局", region=region)
    stage = ReviewStage.objects.filter(is_active=True).order_by("order").first()
    reviewer = User.objects.create(username="bench-reviewer", email="reviewer@bench.local", organisation=bureau)
    reviewer.groups.add(Group.objects.get(name=str(Role.REVIEWER)), stage.group)
    term = Term.objects.create(start_year=2026, semester="1", starts_on=dt.date(2026, 9, 1),
                               ends_on=dt.date(2027, 1, 31))
    due = timezone.localdate() - dt.timedelta(days=3)
    for start in range(0, count, 5000):
        apps = Application.objects.bulk_create([
            Application(department=department, created_by=reviewer, term=term, title=f"基准申报{n}",
                        category="special_task", subcategory="safety", content="内容", contact_name="张",
                        contact_phone="13800000000", status="in_review", reference=f"B-{n:07d}")
            for n in range(start, min(start + 5000, count))])
        ReviewProgress.objects.bulk_create([ReviewProgress(application=a, stage=stage, due_on=due) for a in apps])


def load_ledger(count: int) -> None:
    """``count`` ledger lines of one school past their deadline, with an owner and a bureau to remind."""
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from apps.accounts.models import Organisation, Region, User
    from apps.accounts.roles import Role
    from apps.ledger.models import LedgerLine

    region = Region.objects.create(code="359998", name="基准县", level="county")
    school = Organisation.objects.create(kind="school", name="基准小学", region=region, school_stage="primary")
    bureau = Organisation.objects.create(kind="bureau", name="基准教育局", region=region)
    owner = User.objects.create(username="bench-owner", email="owner@bench.local", organisation=school)
    owner.groups.add(Group.objects.get(name=str(Role.RECTIFICATION_OWNER)))
    publisher = User.objects.create(username="bench-bureau", email="bureau@bench.local", organisation=bureau)
    publisher.groups.add(Group.objects.get(name=str(Role.PUBLISHER)))
    deadline = timezone.localdate() - dt.timedelta(days=3)
    for start in range(0, count, 5000):
        LedgerLine.objects.bulk_create([
            LedgerLine(region=region, source_kind="self_check", problem=f"基准问题{n}", owner=school,
                       deadline=deadline) for n in range(start, min(start + 5000, count))])


def load_complaints(count: int) -> None:
    """``count`` registered reports whose reply is overdue, with one complaint officer to remind."""
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from apps.accounts.models import Organisation, Region, User
    from apps.accounts.roles import Role
    from apps.complaints.models import Complaint

    region = Region.objects.create(code="359997", name="基准县", level="county")
    bureau = Organisation.objects.create(kind="bureau", name="基准教育局", region=region)
    officer = User.objects.create(username="bench-officer", email="officer@bench.local", organisation=bureau)
    officer.groups.add(Group.objects.get(name=str(Role.COMPLAINT_STAFF)))
    now, due = timezone.now(), timezone.localdate() - dt.timedelta(days=2)
    for start in range(0, count, 5000):
        Complaint.objects.bulk_create([
            Complaint(receipt_hash=f"{n:064d}", channel="phone", received_at=now, region=region, category="other",
                      status="received", reply_due_on=due) for n in range(start, min(start + 5000, count))])


def main() -> None:
    args = parse_args()
    from bench.run import recreate_database

    recreate_database(args.database_url)
    os.environ.update({"DATABASE_URL": args.database_url, "REDIS_URL": "", "DJANGO_SETTINGS_MODULE":
                       "whitelist_portal.settings", "EMAIL_URL": f"smtp://127.0.0.1:{args.smtp_port}",
                       "LOG_LEVEL": "WARNING"})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    {"ledger": load_ledger, "complaints": load_complaints, "reviews": load}[args.kind](args.items)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    counter, ready = multiprocessing.Value("i", 0), multiprocessing.Event()
    sink = multiprocessing.Process(target=run_sink, args=(args.smtp_port, counter, ready), daemon=True)
    sink.start()
    ready.wait(10)

    from apps.complaints.reminders import remind_replies_due
    from apps.ledger.reminders import remind_ledger_deadlines
    from apps.notifications import tasks
    from apps.notifications.models import Notification
    from apps.notifications.services import email_unsent
    from apps.reviews.reminders import remind_overdue_reviews

    run_pass = {"ledger": remind_ledger_deadlines, "complaints": remind_replies_due,
                "reviews": remind_overdue_reviews}[args.kind]

    # The pass hands each batch's e-mail to a task; here the tasks are kept and run after it, as workers would.
    queued = []
    tasks.email_unsent_task.delay = lambda keys, recipients: queued.append((keys, recipients))
    t0 = time.perf_counter()
    run_pass()
    first_s = time.perf_counter() - t0
    first = Notification.objects.count()
    t0 = time.perf_counter()
    emailed = sum(email_unsent(keys, recipients) for keys, recipients in queued)
    email_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_pass()
    second_s = time.perf_counter() - t0
    second = Notification.objects.count() - first
    emailed += sum(email_unsent(keys, recipients) for keys, recipients in queued[len(queued) // 2:])
    time.sleep(1)  # the sink finishes reading
    rows = Notification.objects.count()
    keys = Notification.objects.values("recipient_id", "dedupe_key").distinct().count()
    print(json.dumps({"kind": args.kind, "due": args.items, "first_pass_s": round(first_s, 1), "written": first,
                      "email_tasks": len(queued), "email_tasks_s": round(email_s, 1), "emailed": emailed,
                      "second_pass_s": round(second_s, 1), "second_written": second,
                      "duplicates": rows - keys, "emails_received": counter.value}))
    sink.terminate()


if __name__ == "__main__":
    main()
