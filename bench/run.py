#!/usr/bin/env python
"""Benchmark: the site under load, served by gunicorn with the production settings.

    .venv/bin/python bench/run.py            # 1,000 and 100,000 news items
    .venv/bin/python bench/run.py --sizes 1000 --duration 3

Builds each dataset in a PostgreSQL database of its own (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/iomsite_bench, recreated), serves it with
gunicorn + WhiteNoise (production settings, DEBUG off), and loads it from another
process on loopback with wrk (Debian package `wrk`; a Python load generator is used
when wrk is missing). For each page it prints requests/s, p50 and p99 latency,
errors, SQL queries per request, and throughput relative to a static file — with
the page cache off (every request reaches the database) and on (anonymous
responses from the cache) — and the gunicorn workers' peak memory.
It prints figures and asserts nothing.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/iomsite_bench"
PAGES = [
    ("home", "/"),
    ("news list", "/news/"),
    ("news country+year", "/news/?country=uzbekistan&year={year}"),
    ("news item", "/news/{item}/"),
    ("page", "/section-3/page-4/"),
    ("search", "/search/?q=migration+health"),
    ("feed", "/news/feed/"),
    ("ru news list", "/ru/news/"),
    ("ru news item", "/ru/news/{ru_item}/"),
    ("ru search", "/ru/search/?q=migration+health"),
    ("static file", "/static/css/site.css"),
]


def env_for(database_url, cache_seconds, static_root):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW_ASYNC")}
    env.update(
        DJANGO_SETTINGS_MODULE="iomsite.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        PAGE_CACHE_SECONDS=str(cache_seconds),
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
    )
    return env


def django_call(env, code):
    """Run ``code`` in a Django-configured child process; return its last stdout line."""
    script = "import django; django.setup()\n" + code
    result = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(result.stderr)
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def recreate_database(url):
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    dsn = admin.replace("postgres://", "postgresql://")
    code = (
        f"import psycopg2; c = psycopg2.connect({dsn!r}); c.autocommit = True; k = c.cursor();"
        f"k.execute('DROP DATABASE IF EXISTS {name} WITH (FORCE)');"
        f"k.execute('CREATE DATABASE {name}')"
    )
    subprocess.run([PYTHON, "-c", code], check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """A gunicorn server on a free port of 127.0.0.1, ready when ``ready_path`` answers
    200; sync workers (gunicorn's default), access log written and discarded.

    Our site by default; the Wagtail peer (bench/peer.py) passes its own ``python``
    (its virtual environment), ``app`` (WSGI module), ``cwd`` and ``ready_path``."""

    def __init__(self, env, workers, *, python=PYTHON, app="iomsite.wsgi", cwd=ROOT,
                 ready_path="/robots.txt"):  # fmt: skip
        self.port = free_port()
        # Lives as long as the server; a pipe would fill up and block the workers.
        self.log = tempfile.NamedTemporaryFile(prefix="iomsite-gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            [python, "-m", "gunicorn", app, "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", "-",
             "--log-level", "warning"],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=self.log,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + ready_path, timeout=2)
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start: " + Path(self.log.name).read_text())

    def worker_peak_kib(self):
        peaks = []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)))
        return max(peaks) if peaks else 0

    def worker_cpu_ms(self):
        """User + system CPU time (ms) the workers have used so far: per request, a
        figure that other load on the machine changes less than req/s."""
        ticks = 0
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks * 1000 / os.sysconf("SC_CLK_TCK")

    def errors_logged(self):
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def parse_wrk_time(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run_wrk(url, duration, connections, threads=2, headers=()):
    """One ``wrk --latency`` run: a dict of rps (requests/s), requests (done), p50 and
    p99 (ms), errors (non-2xx/3xx responses plus socket errors) and ``error_lines``,
    wrk's own lines about them (empty when there were none)."""
    out = subprocess.run(
        ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{duration}s",
         *(arg for header in headers for arg in ("-H", header)), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    p50 = parse_wrk_time(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = parse_wrk_time(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors, error_lines = 0, []
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
        error_lines.append(m.group(0))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
        error_lines.append(m.group(0))
    return {"rps": rps, "requests": requests, "p50": p50, "p99": p99, "errors": errors,
            "error_lines": error_lines}  # fmt: skip


def load_wrk(url, duration, connections):
    result = run_wrk(url, duration, connections)
    return result["rps"], result["p50"], result["p99"], result["errors"]


def load_python(url, duration, connections):
    """Fallback load generator: keep-alive connections in threads."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors, stop_at = [], [0], time.monotonic() + duration
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        local = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            local.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q = statistics.quantiles(latencies, n=100)
    return len(latencies) / duration, q[49], q[98], errors[0]


def measure_queries(env, paths):
    code = (
        "import json\nfrom django.db import connection\nfrom django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\nc = Client()\nout = {}\n"
        f"for p in {paths!r}:\n"
        "    c.get(p)\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        r = c.get(p)\n"
        "    out[p] = [len(q), r.status_code]\n"
        "print(json.dumps(out))"
    )
    import json

    env = {**env, "PAGE_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "testserver"}
    return json.loads(django_call(env, code))


def prepare(database_url, duration, connections, workers):
    """A fresh database, migrated, and static files collected: (static root, load
    function, environment of the production settings with the page cache off)."""
    static_root = Path(tempfile.mkdtemp(prefix="iomsite-bench-static-"))
    load = load_wrk if shutil.which("wrk") else load_python
    generator = "wrk" if load is load_wrk else "python threads"
    print(f"# load generator: {generator}, {connections} connections, {duration}s per page, "
          f"gunicorn {workers} workers")  # fmt: skip
    recreate_database(database_url)
    base_env = env_for(database_url, 0, static_root)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=base_env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=base_env,
        check=True,
    )  # fmt: skip
    return static_root, load, base_env


def run(sizes, duration, connections, workers):
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    static_root, load, base_env = prepare(database_url, duration, connections, workers)
    results = {}
    for size in sizes:
        started = time.monotonic()
        django_call(base_env, f"from bench.dataset import build; print(build({size}))")
        year = 2020
        item = django_call(
            base_env,
            "from news.models import NewsItem; qs = NewsItem.objects.published(); "
            "print(qs.order_by('published_at').values_list('slug', flat=True)[qs.count() // 2])",
        )
        ru_item = django_call(
            base_env,
            "from news.models import NewsItem; qs = NewsItem.objects.published()"
            ".filter(slug_ru__isnull=False).order_by('published_at'); "
            "print(qs.values_list('slug_ru', flat=True)[qs.count() // 2])",
        )
        print(f"# {size:,} news items built in {time.monotonic() - started:.0f}s")
        paths = [(name, path.format(year=year, item=item, ru_item=ru_item)) for name, path in PAGES]
        queries = measure_queries(base_env, [p for _, p in paths])
        for cache_seconds in (0, 600):
            server = Gunicorn(env_for(database_url, cache_seconds, static_root), workers)
            try:
                for name, path in paths:
                    urllib.request.urlopen(server.url + path).read()  # warm up
                    rps, p50, p99, errors = load(server.url + path, duration, connections)
                    results[(size, cache_seconds, name)] = (rps, p50, p99, errors,
                                                            queries[path][0])  # fmt: skip
                memory = server.worker_peak_kib()
            finally:
                server.stop()
            results[(size, cache_seconds, "memory")] = memory

    for size in sizes:
        for cache_seconds in (0, 600):
            label = "page cache ON" if cache_seconds else "page cache OFF (uncached)"
            static_rps = results[(size, cache_seconds, "static file")][0]
            print(f"\n## {size:,} news items — {label}")
            print(f"{'page':<20}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'p99/p50':>8}"
                  f"{'errors':>8}{'queries':>9}{'vs static':>10}")  # fmt: skip
            for name, _path in PAGES:
                rps, p50, p99, errors, n_queries = results[(size, cache_seconds, name)]
                print(f"{name:<20}{rps:>9.0f}{p50:>9.1f}{p99:>9.1f}{p99 / p50:>8.1f}"
                      f"{errors:>8}{n_queries:>9}{rps / static_rps:>10.2f}")  # fmt: skip
            memory = results[(size, cache_seconds, "memory")] / 1024
            print(f"gunicorn worker peak memory: {memory:.0f} MiB")
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        print(f"\n## growth: uncached p50 at {large:,} / at {small:,} items")
        for name, _path in PAGES:
            a = results[(small, 0, name)][1]
            b = results[(large, 0, name)][1]
            print(f"{name:<20}{b / a:>8.2f}x")


def arguments(description, sizes, pages, example):
    """The benchmarks' command line; ``pages`` keeps only those asked for (and the
    static file, every ratio's base)."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pages", nargs="+", help=f"only these pages (names as printed), e.g. {example}"
    )
    args = parser.parse_args()
    if args.pages:
        pages[:] = [p for p in pages if p[0] in {*args.pages, "static file"}]
    return args


def main():
    args = arguments(__doc__, [1000, 100_000], PAGES, "search 'news item'")
    run(args.sizes, args.duration, args.connections, args.workers)


if __name__ == "__main__":
    main()
