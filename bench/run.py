#!/usr/bin/env python
"""Benchmark of the public whitelist page (gunicorn on Postgres) and of the semester Excel export; prints numbers.

Creates (drops and re-creates) a dedicated Postgres database, loads one county edition of 500 items among
100,000 items, then measures requests/s, p50 and p99 of the public list page beside a trivial Django view on
the same server, and the export's time and peak memory beside plain openpyxl write-only writing the same rows.
"""

import argparse
import http.client
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_bench"))
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", os.environ.get("REDIS_URL", "")),
                   help="cache for the page (empty: each worker's local memory)")
    p.add_argument("--items", type=int, default=500, help="items in the county's edition")
    p.add_argument("--total", type=int, default=100_000, help="items in the whole database")
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument("--concurrency", type=int, default=16, help="concurrent client connections")
    p.add_argument("--seconds", type=float, default=10.0, help="duration of each load run")
    p.add_argument("--port", type=int, default=8799)
    p.add_argument("--probe", choices=["portal", "plain"], help=argparse.SUPPRESS)
    p.add_argument("--scope", choices=["edition", "all"], default="edition", help=argparse.SUPPRESS)
    p.add_argument("--edition", type=int, help=argparse.SUPPRESS)
    return p.parse_args()


def environment(args, workdir: Path, **extra) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url, "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0", "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost", "STATIC_ROOT": str(workdir / "static"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"), "PYTHONPATH": str(ROOT), "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    })
    env.update(extra)
    return env


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password or "", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def manage(env, *argv) -> None:
    subprocess.run([PYTHON, "manage.py", *argv], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def load_data(args, env) -> int:
    code = ("import django; django.setup(); from bench.load import load; "
            f"print(load(edition_items={args.items}, total_items={args.total}))")
    out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def serve(args, env) -> subprocess.Popen:
    proc = subprocess.Popen(
        [GUNICORN, "whitelist_portal.wsgi:application", "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{args.port}", "--log-level", "warning"], cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if fetch(args.port, "/bench/trivial/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def fetch(port: int, path: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def hammer(port: int, path: str, concurrency: int, seconds: float) -> dict:
    """Requests/s and latency percentiles of ``path`` with ``concurrency`` clients for ``seconds``."""
    for _ in range(20):  # warm up: connections, caches
        fetch(port, path)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            try:
                status, _ = fetch(port, path)
            except OSError:
                status = 0
            mine.append(time.perf_counter() - t0)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p99": q[98] * 1000, "n": len(latencies),
            "errors": errors[0]}


def probe(args) -> None:
    """Run inside a fresh process: time and peak memory of one export variant, printed as JSON."""
    import django

    django.setup()
    from openpyxl import Workbook

    from apps.whitelist.columns import columns_for, row_texts
    from apps.whitelist.exports import type_counts
    from apps.whitelist.models import WhitelistEdition, WhitelistItem
    from apps.whitelist.xlsx import write_edition

    edition = WhitelistEdition.objects.select_related("term", "region").get(pk=args.edition)
    items = WhitelistItem.objects.order_by("item_type", "edition_id", "number")
    if args.scope == "edition":
        items = items.filter(edition=edition)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    path = tempfile.mktemp(suffix=".xlsx")
    columns = columns_for(edition, items)
    t0 = time.perf_counter()
    if args.probe == "portal":
        count = write_edition(edition, items.iterator(chunk_size=2000), path, counts=type_counts(items),
                              columns=columns)
    else:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("白名单")
        ws.append([edition.title])
        ws.append([c.heading for c in columns])
        count = 0
        for item in items.iterator(chunk_size=2000):
            ws.append(row_texts(item, columns))
            count += 1
        wb.save(path)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = os.path.getsize(path)
    os.unlink(path)
    print(json.dumps({"seconds": seconds, "peak_mb": (peak - baseline) / 1024, "rows": count, "bytes": size}))


def export_run(args, env, edition_id: int, variant: str, scope: str) -> dict:
    out = subprocess.run(
        [PYTHON, str(Path(__file__)), "--probe", variant, "--scope", scope, "--edition", str(edition_id),
         "--database-url", args.database_url], cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    args = parse_args()
    if args.probe:
        return probe(args)
    workdir = Path(tempfile.mkdtemp(prefix="wl-bench-"))
    env = environment(args, workdir)
    cache = f"Redis {args.redis_url}" if args.redis_url else "local memory"
    print(f"Database {args.database_url} (re-created); cache {cache}")
    t0 = time.monotonic()
    recreate_database(args.database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    edition_id = load_data(args, env)
    print(f"Loaded an edition of {args.items} items among {args.total:,} items in {time.monotonic() - t0:.0f} s")
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()

    page = f"/whitelist/{edition_id}/"
    results = {}
    for label, cache_seconds, path in (
        ("trivial Django view", "600", "/bench/trivial/"),
        ("whitelist page, cached", "600", page),
        ("whitelist page, filtered, cached", "600", page + "?stage=junior&item_type=activity"),
        ("whitelist page, cache off", "0", page),
    ):
        server = serve(args, environment(args, workdir, BENCH_CACHE_SECONDS=cache_seconds))
        try:
            status, size = fetch(args.port, path)
            assert status == 200, f"{path} answered {status}"
            results[label] = {**hammer(args.port, path, args.concurrency, args.seconds), "bytes": size}
        finally:
            stop(server)

    print(f"\nPublic list page: gunicorn {args.workers} sync workers on Postgres, {args.concurrency} concurrent "
          f"clients, {args.seconds:.0f} s per run, {os.cpu_count()} CPU cores shared with the load generator")
    print(f"{'':36}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'KB':>7}")
    for label, r in results.items():
        print(f"{label:36}{r['rps']:9.0f}{r['p50']:9.1f}{r['p99']:9.1f}{r['errors']:8d}{r['bytes'] / 1024:7.0f}")
    base = results["trivial Django view"]["rps"]
    for label in list(results)[1:]:
        print(f"  {label}: {results[label]['rps'] / base:.2f}× the trivial view's requests/s")

    print("\nSemester export (fresh process each; peak = growth of max RSS during the export)")
    print(f"{'':40}{'rows':>8}{'seconds':>9}{'peak MB':>9}{'file KB':>9}")
    for scope, label in (("edition", f"edition ({args.items} items)"), ("all", f"all {args.total:,} items")):
        portal = export_run(args, env, edition_id, "portal", scope)
        plain = export_run(args, env, edition_id, "plain", scope)
        for name, r in ((f"portal export, {label}", portal), (f"plain write-only, {label}", plain)):
            print(f"{name:40}{r['rows']:8d}{r['seconds']:9.2f}{r['peak_mb']:9.1f}{r['bytes'] / 1024:9.0f}")
        print(f"  ratio portal/plain: time {portal['seconds'] / plain['seconds']:.2f}×, "
              f"peak memory {portal['peak_mb'] / max(plain['peak_mb'], 0.1):.2f}×")


if __name__ == "__main__":
    main()
