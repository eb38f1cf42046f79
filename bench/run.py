#!/usr/bin/env python
"""Benchmark of the public whitelist pages (gunicorn on Postgres) and of the semester Excel export; prints numbers.

Creates (drops and re-creates) a dedicated Postgres database, loads one county edition of 500 items among
100,000 items, runs ANALYZE, then drives the public list and item pages with wrk (installed with apt-get when
missing; the script's own Python client only as a fallback, and it says so) beside a trivial Django view on the
same server, three runs by default, and prints requests/s, p50, p99 and each page's ratio to the trivial view
(min / median / max over the runs); then the latency of the first request after a change; last the export's
time and peak memory beside plain openpyxl write-only writing the same rows.
"""

import argparse
import http.client
import json
import os
import re
import resource
import shutil
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
    p.add_argument("--threads", type=int, default=1,
                   help="threads per worker (1: sync workers; more: gthread, as deploy/gunicorn.conf.py runs)")
    p.add_argument("--concurrency", type=int, default=16, help="concurrent client connections")
    p.add_argument("--seconds", type=float, default=10.0, help="duration of each load run")
    p.add_argument("--port", type=int, default=8799)
    p.add_argument("--runs", type=int, default=3, help="load runs of each page (min/median/max printed)")
    p.add_argument("--samples", type=int, default=30, help="first requests after a change, per run")
    p.add_argument("--client", choices=["wrk", "python"], default="wrk",
                   help="load generator (wrk is installed with apt-get when missing)")
    p.add_argument("--no-export", action="store_true", help="skip the Excel export benchmark")
    p.add_argument("--probe", choices=["portal", "plain", "render"], help=argparse.SUPPRESS)
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
        [GUNICORN, "whitelist_portal.wsgi:application", "--workers", str(args.workers),
         *(["--threads", str(args.threads)] if args.threads > 1 else []), "--bind",
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


GZIP = {"Accept-Encoding": "gzip"}  # what every browser sends


def fetch(port: int, path: str, headers=None) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def ensure_wrk() -> str | None:
    """The path of wrk, installed from the Debian package when missing; None when it cannot be had."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: apt-get install -y wrk")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("wrk")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def hammer_wrk(wrk: str, port: int, path: str, concurrency: int, seconds: float, headers: dict) -> dict:
    for _ in range(20):  # warm up: connections, caches
        fetch(port, path, headers)
    argv = [wrk, "-t2", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--latency"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    out = subprocess.run([*argv, f"http://127.0.0.1:{port}{path}"], check=True, capture_output=True,
                         text=True).stdout
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+(?:us|ms|s|m))\s*$", out, re.M))
    if "50" not in latency or "99" not in latency:
        raise RuntimeError(f"wrk's output not understood:\n{out}")
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": _ms(latency["50"]),
            "p99": _ms(latency["99"]), "n": total,
            "errors": (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)}


def hammer(port: int, path: str, concurrency: int, seconds: float, headers=None) -> dict:
    """Requests/s and latency percentiles of ``path`` with ``concurrency`` clients for ``seconds`` (Python client:
    it tops out well below what the server can do, so read its ratios as lower bounds)."""
    for _ in range(20):  # warm up: connections, caches
        fetch(port, path, headers)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            try:
                status, _ = fetch(port, path, headers)
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
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p99": q[98] * 1000, "n": len(latencies),
            "errors": errors[0]}


def render_probe(args) -> None:
    """Run inside a fresh process: the uncached render of the list and item pages, one at a time, no load."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.WHITELIST_CACHE_SECONDS = 0
    client = Client(HTTP_HOST="127.0.0.1")
    item = first_item(args.database_url, args.edition)
    found = {}
    for label, path in (("list", f"/whitelist/{args.edition}/"), ("item", f"/whitelist/items/{item}/")):
        client.get(path)  # imports, templates, connections
        waits = []
        for _ in range(args.samples):
            t0 = time.perf_counter()
            assert client.get(path).status_code == 200
            waits.append((time.perf_counter() - t0) * 1000)
        found[label] = waits
    print(json.dumps(found))


def probe(args) -> None:
    """Run inside a fresh process: time and peak memory of one export variant, printed as JSON."""
    if args.probe == "render":
        return render_probe(args)
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


def analyze(url: str) -> None:
    """ANALYZE after loading, as autovacuum would eventually: the planner then sees 100,000 items, not an empty
    table."""
    import psycopg2

    parts = urlparse(url)
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password or "", dbname=parts.path.lstrip("/"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("ANALYZE")
    conn.close()


def first_item(url: str, edition_id: int) -> int:
    import psycopg2

    parts = urlparse(url)
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password or "", dbname=parts.path.lstrip("/"))
    with conn.cursor() as cur:
        cur.execute("SELECT min(id) FROM whitelist_whitelistitem WHERE edition_id = %s", [edition_id])
        found = cur.fetchone()[0]
    conn.close()
    return found


def first_requests(args, paths: list[str]) -> dict:
    """The first visitor's wait after a change (the generation bumped, no rebuild run yet), one request at a time."""
    import redis

    generation = redis.Redis.from_url(args.redis_url)
    waits = {path: [] for path in paths}
    for _ in range(args.samples):
        for path in paths:
            generation.incr(":1:whitelist:generation")
            t0 = time.perf_counter()
            status, _size = fetch(args.port, path, GZIP)
            waits[path].append((time.perf_counter() - t0) * 1000)
            assert status == 200, f"{path} answered {status}"
    return waits


def _spread(values) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def page_bench(args, workdir: Path, edition_id: int) -> None:
    wrk = None
    if args.client == "wrk":
        wrk = ensure_wrk()
        if not wrk:
            print("wrk could not be installed: falling back to the script's own Python client, which caps the "
                  "trivial view at about half of what wrk reaches — the ratios below understate the cached pages")
    item_id = first_item(args.database_url, edition_id)
    page, item = f"/whitelist/{edition_id}/", f"/whitelist/items/{item_id}/"
    sessions = (
        ("600", [("list page, cached", page), ("list page, filtered, cached",
                                               page + "?stage=junior&item_type=activity"),
                 ("item page, cached", item)]),
        ("0", [("list page, cache off", page), ("item page, cache off", item)]),
    )
    results: dict[str, list[dict]] = {}
    waits: dict[str, list[float]] = {page: [], item: []}

    def load(path, headers):
        if wrk:
            return hammer_wrk(wrk, args.port, path, args.concurrency, args.seconds, headers)
        return hammer(args.port, path, args.concurrency, args.seconds, headers)

    for run in range(args.runs):
        for cache_seconds, pages in sessions:
            server = serve(args, environment(args, workdir, BENCH_CACHE_SECONDS=cache_seconds))
            try:
                base = {**load("/bench/trivial/", {}), "bytes": 2, "ratio": 1.0}
                results.setdefault("trivial Django view", []).append(base)
                for label, path in pages:
                    status, size = fetch(args.port, path, GZIP)
                    assert status == 200, f"{path} answered {status}"
                    r = load(path, GZIP)
                    results.setdefault(label, []).append({**r, "bytes": size, "ratio": r["rps"] / base["rps"]})
                if cache_seconds != "0" and args.redis_url:
                    for path, found in first_requests(args, [page, item]).items():
                        waits[path] += found
            finally:
                stop(server)
        print(f"  run {run + 1} of {args.runs} done")

    client = "wrk (2 threads)" if wrk else "the Python client"
    kind = f"gthread workers × {args.threads} threads" if args.threads > 1 else "sync workers"
    print(f"\nPublic pages: gunicorn {args.workers} {kind} on Postgres, cache "
          f"{'Redis' if args.redis_url else 'local memory'}; {client}, {args.concurrency} connections, "
          f"{args.seconds:.0f} s per load, {args.runs} runs; Accept-Encoding: gzip; {os.cpu_count()} CPU cores "
          "shared with the load generator. Medians of the runs; ratio = the page's req/s ÷ the trivial view's in "
          "the same server session, min / median / max.")
    print(f"{'':30}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}{'KB sent':>9}   ratio to trivial")
    for label, rs in results.items():
        med = {k: statistics.median(r[k] for r in rs) for k in ("rps", "p50", "p99", "bytes")}
        ratio = "" if label == "trivial Django view" else _spread([r["ratio"] for r in rs])
        print(f"{label:30}{med['rps']:8.0f}{med['p50']:8.1f}{med['p99']:8.1f}{sum(r['errors'] for r in rs):8d}"
              f"{med['bytes'] / 1024:9.1f}   {ratio}")
    out = subprocess.run(
        [PYTHON, str(Path(__file__)), "--probe", "render", "--edition", str(edition_id), "--samples",
         str(args.samples), "--database-url", args.database_url], cwd=ROOT, capture_output=True, text=True,
        env=environment(args, workdir, BENCH_CACHE_SECONDS="0"))
    if out.returncode:
        raise RuntimeError(f"the render probe failed:\n{out.stderr}")
    renders = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\nUncached render in one process without load (Django's test client), {args.samples} each:")
    for label, key in (("list page (500 items)", "list"), ("item page", "item")):
        q = statistics.quantiles(renders[key], n=100, method="inclusive")
        print(f"  {label:24} p50 {q[49]:6.1f} ms   p99 {q[98]:6.1f} ms   max {max(renders[key]):6.1f} ms")
    if args.redis_url:
        print(f"\nFirst request after a change (generation bumped, no rebuild run yet), one at a time, "
              f"{args.samples} per run × {args.runs} runs:")
        for label, path in (("list page (500 items)", page), ("item page", item)):
            q = statistics.quantiles(waits[path], n=100, method="inclusive")
            print(f"  {label:24} p50 {q[49]:6.1f} ms   p99 {q[98]:6.1f} ms   max {max(waits[path]):6.1f} ms")


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
    analyze(args.database_url)
    print(f"Loaded an edition of {args.items} items among {args.total:,} items in {time.monotonic() - t0:.0f} s")
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    page_bench(args, workdir, edition_id)
    if args.no_export:
        return
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
