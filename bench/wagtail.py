#!/usr/bin/env python
"""Benchmark: our site side by side with a Wagtail 8.0.1 peer, on the same data, in one run.

    .venv/bin/python bench/wagtail.py                       # 1,000 and 10,000 news items
    .venv/bin/python bench/wagtail.py --sizes 1000 10000 --rounds 3 --duration 5 \\
        --ours-only-sizes 100000

For each size it builds our dataset (bench/dataset.py, in its own database:
BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/iomsite_bench_vs_wagtail,
recreated) and the peer's (bench/peer.py: a news site built the Wagtail way in
bench/wagtail_peer/, its own virtual environment and database), both from
bench/texts.py with the same seed, so the same news items, dates, states and
countries. Both are served by gunicorn, one sync worker per core each (--workers; on
2 cores a third worker serves no more requests and doubles the cached pages' p99, the
static file's too), production settings (DEBUG off, WhiteNoise, persistent database
connections), on the same PostgreSQL server.

Uncached: ours with the page cache off (PAGE_CACHE_SECONDS=0) beside the peer. Every
page is first checked (200, not a redirect, and the content is there: lists show 10
items and the same counts on both sides, the middle item's title is on the list page
where it belongs, search finds something), then each server gets a 1-second warm-up per
page, then each page is loaded with ``wrk --latency -t2 -c16`` for --duration seconds,
ours and the peer right after each other, page by page, who goes first alternating,
for --rounds rounds. One server is under load at a time, and only once both are idle
again (requests left queued by the previous load finished, their queries too).

The tables show medians over the rounds: requests/s, p50 and p99 latency, the gunicorn
workers' CPU time per request (steadier than requests/s: this machine's speed drifts
from minute to minute, and other work may share it), SQL queries per request (a
repeated request, Django's test client), and the errors wrk reported (a request over
wrk's 2 s timeout is one, and is missing from the latencies). Ours/Wagtail is the
median over the rounds of the ratio of the two runs made side by side, so that the
drift cancels out.

Cached: then ours alone with the page cache on, each page loaded beside our static file
(/static/css/site.css, served by WhiteNoise in the same server; the peer serves a copy
of the same file for its own row), the ratio again per pair of runs, both asked for
compressed (``Accept-Encoding: gzip``, as every browser asks). Worker memory: the
largest peak resident size (VmHWM) of each server's workers after its load. Then what
the first visitors after a change wait for (bench/herd.py): a request with nothing
kept, the first request after a change, 16 at once after a change and how many of them
rendered the page.
--ours-only-sizes: ours alone, uncached, and how p50, requests/s and CPU time per
request grew from the smallest size (measured minutes apart: CPU time is the figure
that drift moves least).

Targets (the issue): uncached at least 3x the peer's requests/s; cached at least 0.9x
the static file; p99 at most 2x p50. It prints figures and marks what misses a target
(✗); it asserts nothing.
"""

import argparse
import atexit
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import herd  # noqa: E402
from bench.peer import Peer, ensure_venv  # noqa: E402
from bench.run import (  # noqa: E402
    PYTHON,
    Gunicorn,
    django_call,
    env_for,
    measure_queries,
    prepare,
    recreate_database,
    run_wrk,
)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/iomsite_bench_vs_wagtail"
GZIP = "Accept-Encoding: gzip"
NEWS_PER_PAGE = 10  # both lists (settings.NEWS_PER_PAGE, the peer's NEWS_PER_PAGE)
# name, our address, the peer's; {item}: the middle published item, the same on both.
PAGES = [
    ("home", "/", "/"),
    ("news list", "/news/", "/news/"),
    ("news by country", "/news/?country=uzbekistan", "/news/?country=uzbekistan"),
    ("news item", "/news/{item}/", "/news/{item}/"),
    ("page", "/section-3/page-4/", "/section-3/page-4/"),
    ("search", "/search/?q=migration+health", "/search/?query=migration+health"),
    ("static file", "/static/css/site.css", "/static/ours/site.css"),  # the same file
]
STATIC = "static file"
TARGET_RATIO, TARGET_CACHED, TARGET_TAIL = 3.0, 0.9, 2.0


def get(url):
    """(status, body) of one GET, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def check_pages(server, paths, label):
    """Every page answers 200 (a 404 or a 500 measured fast would be a lie)."""
    bodies = {}
    for name, path in paths:
        status, body = get(server.url + path)
        if status != 200:
            raise SystemExit(f"{label} {name} {path}: {status}\n{server.errors_logged()[-3000:]}")
        bodies[name] = body
    return bodies


def listed(body):
    """The "N news items" count a news list shows."""
    found = re.search(r"(\d[\d,]*) news items", body)
    return int(found.group(1).replace(",", "")) if found else None


def check_content(label, server, bodies, item):
    """The lists show a page of items and their counts (the filtered list fewer), the
    middle item is where it belongs in the list, and search finds something: the pages
    measured really do the work. Returns (the item's list page, the two counts)."""
    cards = {"ours": r'class="news-card[ "]', "Wagtail": r"<article>"}[label]
    results = {"ours": r'class="news-card[ "]', "Wagtail": r'<h4><a href="'}[label]
    for name in ("news list", "news by country"):
        found = len(re.findall(cards, bodies[name]))
        if found < NEWS_PER_PAGE:
            raise SystemExit(f"{label} {name}: {found} items listed, not {NEWS_PER_PAGE}")
    counts = listed(bodies["news list"]), listed(bodies["news by country"])
    if None in counts or not 0 < counts[1] < counts[0]:
        raise SystemExit(f"{label}: news items counted (all, one country): {counts}")
    if not re.search(results, bodies["search"]):
        raise SystemExit(f"{label} search: no results for 'migration health'")
    if item["title"] not in bodies["news item"]:
        raise SystemExit(f"{label} news item: the title {item['title']!r} is not on it")
    # The item on its list page; a neighbour page when items of the same day tie.
    for page in (item["list_page"], item["list_page"] - 1, item["list_page"] + 1):
        status, body = get(f"{server.url}/news/?page={page}")
        if status == 200 and item["title"] in body:
            return page, counts
    raise SystemExit(f"{label} /news/?page={item['list_page']}: the middle item is not listed")


def load(server, path, duration, connections, headers=()):
    """One wrk run, with the workers' CPU time per request (``cpu_ms``)."""
    cpu = server.worker_cpu_ms()
    result = run_wrk(server.url + path, duration, connections, headers=headers)
    result["cpu_ms"] = (server.worker_cpu_ms() - cpu) / max(1, result["requests"])
    for line in result["error_lines"]:
        print(f"#   wrk: {server.url}{path}: {line}", flush=True)
    return result


class Idle:
    """Waits until the servers measured are idle: their workers use no CPU for 0.2 s
    and no query runs in their databases. Requests still queued when wrk stops
    (gunicorn's backlog), and the queries they wait for, would otherwise run during
    the next load and count against the next page. (Only our own servers and
    databases: others may use this machine at the same time.)"""

    def __init__(self, *database_urls):
        self.names = [url.rsplit("/", 1)[1] for url in database_urls]
        admin = database_urls[0].rsplit("/", 1)[0] + "/postgres"
        self.connection = psycopg2.connect(admin.replace("postgres://", "postgresql://"))
        self.connection.autocommit = True

    def queries_running(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ANY(%s) "
                "AND state = 'active' AND pid <> pg_backend_pid()",
                [self.names],
            )
            return cursor.fetchone()[0]

    def wait(self, servers, timeout=15):
        deadline = time.monotonic() + timeout
        before = [server.worker_cpu_ms() for server in servers]
        while time.monotonic() < deadline:
            time.sleep(0.2)
            now = [server.worker_cpu_ms() for server in servers]
            if now == before and not self.queries_running():
                return
            before = now
        print(f"#   still busy after {timeout}s; measuring anyway", flush=True)


def warm_up(server, paths, connections, idle):
    for _name, path in paths:
        run_wrk(server.url + path, 1, connections)
    idle.wait([server])


def medians(runs):
    """Median requests/s, p50, p99, CPU ms per request of several runs; errors summed."""
    keys = ("rps", "p50", "p99", "cpu_ms")
    figures = {key: statistics.median(r[key] for r in runs) for key in keys}
    return {**figures, "errors": sum(r["errors"] for r in runs)}


def ratio(runs, base):
    """Median over the rounds of requests/s in ``runs`` over ``base``'s, each run against
    the one measured right beside it: the machine's speed drifts over minutes, and a
    ratio of two runs a few seconds apart cancels most of that drift."""
    return statistics.median(a["rps"] / b["rps"] for a, b in zip(runs, base, strict=True))


def build_ours(database_url, base_env, size, first):
    """A fresh database (deleting an earlier dataset row by row takes minutes) with
    ``size`` news items; returns the middle published item: slug, title, list page."""
    if not first:
        recreate_database(database_url)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=base_env,
                       check=True)  # fmt: skip
    django_call(base_env, f"from bench.dataset import build; print(build({size}))")
    slug, title, newer = json.loads(
        django_call(
            base_env,
            "import json; from news.models import NewsItem; qs = NewsItem.objects.published()"
            ".order_by('published_at'); n = qs.count(); item = qs[n // 2]; "
            "print(json.dumps([item.slug, item.title, n - 1 - n // 2]))",
        )
    )
    return {"slug": slug, "title": title, "list_page": int(newer) // NEWS_PER_PAGE + 1}


def measure(plan, rounds, duration, connections, idle, headers=()):
    """Load every page of ``plan`` [(name, [(label, server, path), ...])], its sides
    one after the other (one server under load at a time, every server of the plan
    idle before each run), who goes first alternating from page to page and round to round.
    Returns {(label, name): [one run per round]}."""
    servers = []
    for _name, sides in plan:
        servers += [server for _label, server, _path in sides if server not in servers]
    runs = {}
    for round_number in range(rounds):
        for index, (name, sides) in enumerate(plan):
            ordered = sides[::-1] if (round_number + index) % 2 else sides
            for label, server, path in ordered:
                idle.wait(servers)
                runs.setdefault((label, name), []).append(
                    load(server, path, duration, connections, headers)
                )
        print(f"# round {round_number + 1} of {rounds} done", flush=True)
    return runs


def mark(ok):
    return "" if ok else " ✗"


def print_uncached(size, runs, queries, memory):
    print(f"\n## {size:,} news items — uncached (our page cache off) vs Wagtail 8.0.1")
    print(
        "| page | Wagtail req/s | ours req/s | ours/Wagtail | ours p50 ms | ours p99 ms "
        "| ours p99/p50 | Wagtail p50 / p99 ms | CPU ms/request ours / Wagtail "
        "| queries ours / Wagtail | errors ours / Wagtail |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, _ours, _peer in PAGES:
        o, w = medians(runs[("ours", name)]), medians(runs[("Wagtail", name)])
        times = ratio(runs[("ours", name)], runs[("Wagtail", name)])
        tail = o["p99"] / o["p50"]
        target = name == STATIC or times >= TARGET_RATIO
        print(f"| {name} | {w['rps']:.0f} | {o['rps']:.0f} | {times:.2f}×{mark(target)} "
              f"| {o['p50']:.1f} | {o['p99']:.1f} | {tail:.1f}{mark(tail <= TARGET_TAIL)} "
              f"| {w['p50']:.1f} / {w['p99']:.1f} | {o['cpu_ms']:.1f} / {w['cpu_ms']:.1f} "
              f"| {queries[name]} | {o['errors']} / {w['errors']} |")  # fmt: skip
    print(f"\nworker peak memory: ours {memory['ours'] / 1024:.0f} MiB, "
          f"Wagtail {memory['Wagtail'] / 1024:.0f} MiB")  # fmt: skip


def print_cached(size, runs, memory):
    print(f"\n## {size:,} news items — ours, page cache on, vs our static file (loaded "
          f"beside each page; {GZIP}, as browsers send)")  # fmt: skip
    print("| page | req/s | p50 ms | p99 ms | p99/p50 | static file req/s | vs static file "
          "| CPU ms/request | errors |")  # fmt: skip
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    static_runs = []
    for name, _ours, _peer in PAGES:
        if name == STATIC:
            continue
        page, static = runs[("page", name)], runs[("static", name)]
        static_runs += static
        r, times = medians(page), ratio(page, static)
        tail = r["p99"] / r["p50"]
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} "
              f"| {tail:.1f}{mark(tail <= TARGET_TAIL)} | {medians(static)['rps']:.0f} "
              f"| {times:.3f}{mark(times >= TARGET_CACHED)} | {r['cpu_ms']:.2f} "
              f"| {r['errors']} |")  # fmt: skip
    r = medians(static_runs)
    tail = r["p99"] / r["p50"]
    print(f"| {STATIC} (all its runs) | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} "
          f"| {tail:.1f}{mark(tail <= TARGET_TAIL)} | | 1 | {r['cpu_ms']:.2f} "
          f"| {r['errors']} |")  # fmt: skip
    print(f"\nworker peak memory (page cache on): {memory / 1024:.0f} MiB")


def print_alone(size, runs, base, base_size, memory):
    print(f"\n## {size:,} news items — ours alone, uncached; growth from {base_size:,}")
    print(f"| page | req/s | p50 ms | p99 ms | p99/p50 | p50 × (vs {base_size:,}) "
          f"| req/s ÷ (vs {base_size:,}) | CPU ms/request | CPU × (vs {base_size:,}) "
          "| errors |")  # fmt: skip
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, _ours, _peer in PAGES:
        r, b = medians(runs[("ours", name)]), base[name]
        growth, drop, tail = r["p50"] / b["p50"], b["rps"] / r["rps"], r["p99"] / r["p50"]
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
              f"| {tail:.1f}{mark(tail <= TARGET_TAIL)} | {growth:.2f}{mark(growth <= 1.5)} "
              f"| {drop:.2f} | {r['cpu_ms']:.1f} | {r['cpu_ms'] / b['cpu_ms']:.2f} "
              f"| {r['errors']} |")  # fmt: skip
    print(f"\nworker peak memory: {memory / 1024:.0f} MiB")


def run(args):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian package wrk): the comparison is wrk -t2 -c16")
    started = time.monotonic()
    peer = Peer(ensure_venv())
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    static_root, _load, base_env = prepare(
        database_url, args.duration, args.connections, args.workers
    )
    for folder in (static_root, peer.static_root):  # collected static files, throwaway
        atexit.register(shutil.rmtree, folder, True)
    print(f"# Wagtail peer: {peer.python}, database {peer.database_url}; "
          f"{args.rounds} rounds, wrk -t2 -c{args.connections}", flush=True)  # fmt: skip
    idle = Idle(database_url, peer.database_url)
    uncached_env = env_for(database_url, 0, static_root)
    cached_env = env_for(database_url, 600, static_root)
    baseline = None  # ours uncached at the smallest compared size
    sizes = sorted(args.sizes)
    alone_sizes = sorted(set(args.ours_only_sizes) - set(sizes))
    for position, size in enumerate([*sizes, *alone_sizes]):
        alone = size in alone_sizes
        step = time.monotonic()
        item = build_ours(database_url, base_env, size, first=position == 0)
        print(f"# ours: {size:,} news items built in {time.monotonic() - step:.0f}s; "
              f"middle item {item['slug']}", flush=True)  # fmt: skip
        our_paths = [(name, ours.format(item=item["slug"])) for name, ours, _ in PAGES]
        peer_paths = [(name, theirs.format(item=item["slug"])) for name, _, theirs in PAGES]
        if not alone:
            step = time.monotonic()
            report = peer.build(size).replace("\n", "; ")
            print(f"# Wagtail: built in {time.monotonic() - step:.0f}s ({report})", flush=True)
        our_queries = measure_queries(uncached_env, [p for _, p in our_paths])

        ours = Gunicorn(uncached_env, args.workers)
        servers = [ours]
        try:
            bodies = check_pages(ours, our_paths, "ours")
            page, our_counts = check_content("ours", ours, bodies, item)
            print(f"# ours: every page 200; the middle item on /news/?page={page}; "
                  f"listed: {our_counts[0]}, Uzbekistan {our_counts[1]}", flush=True)  # fmt: skip
            if alone:
                warm_up(ours, our_paths, args.connections, idle)
                plan = [(name, [("ours", ours, path)]) for name, path in our_paths]
                runs = measure(plan, args.rounds, args.duration, args.connections, idle)
                print_alone(size, runs, baseline, sizes[0], ours.worker_peak_kib())
                continue
            wagtail = peer.serve(args.workers)
            servers.append(wagtail)
            bodies = check_pages(wagtail, peer_paths, "Wagtail")
            page, peer_counts = check_content("Wagtail", wagtail, bodies, item)
            print(f"# Wagtail: every page 200; the middle item on /news/?page={page}; "
                  f"listed: {peer_counts[0]}, Uzbekistan {peer_counts[1]}", flush=True)  # fmt: skip
            if peer_counts != our_counts:
                raise SystemExit("the two sites do not list the same news items")
            peer_queries = peer.queries([p for _, p in peer_paths])
            queries = {
                name: f"{our_queries[ours_path][0]} / {peer_queries[peer_path][0]}"
                for (name, ours_path), (_, peer_path) in zip(our_paths, peer_paths, strict=True)
            }
            warm_up(ours, our_paths, args.connections, idle)
            warm_up(wagtail, peer_paths, args.connections, idle)
            plan = [
                (name, [("ours", ours, o), ("Wagtail", wagtail, p)])
                for (name, o), (_, p) in zip(our_paths, peer_paths, strict=True)
            ]
            runs = measure(plan, args.rounds, args.duration, args.connections, idle)
            memory = {"ours": ours.worker_peak_kib(), "Wagtail": wagtail.worker_peak_kib()}
        finally:
            for server in servers:
                server.stop()
        if baseline is None:
            baseline = {name: medians(runs[("ours", name)]) for name, _o, _p in PAGES}

        cached = Gunicorn(cached_env, args.workers)
        try:
            check_pages(cached, our_paths, "ours (cached)")
            warm_up(cached, our_paths, args.connections, idle)
            static = dict(our_paths)[STATIC]
            plan = [
                (name, [("page", cached, path), ("static", cached, static)])
                for name, path in our_paths
                if name != STATIC
            ]
            # As browsers ask: compressed (the page cache's copy, WhiteNoise's .gz).
            cached_runs = measure(plan, args.rounds, args.duration, args.connections, idle,
                                  headers=[GZIP])  # fmt: skip
            cached_memory = cached.worker_peak_kib()
        finally:
            cached.stop()
        idle.wait([])
        after_change = herd.measure(
            database_url, static_root, args.workers,
            [(name, path) for name, path in our_paths if name != STATIC], times=5,
        )  # fmt: skip
        print_uncached(size, runs, queries, memory)
        print_cached(size, cached_runs, cached_memory)
        herd.print_table(size, after_change)
        sys.stdout.flush()
    print(f"\n# done in {(time.monotonic() - started) / 60:.1f} minutes; ✗ marks a missed target "
          f"(uncached ≥ {TARGET_RATIO:g}× Wagtail, cached ≥ {TARGET_CACHED:g}× static, "
          f"p99 ≤ {TARGET_TAIL:g}× p50, p50 growth ≤ 1.5×)")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000],
                        help="news items, ours and the peer's")  # fmt: skip
    parser.add_argument("--ours-only-sizes", type=int, nargs="*", default=[],
                        help="news items, ours alone (e.g. 100000)")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="gunicorn sync workers each (default: one per core)")  # fmt: skip
    run(parser.parse_args())


if __name__ == "__main__":
    main()
