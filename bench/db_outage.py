#!/usr/bin/env python
"""Fault test: PostgreSQL stops for ten seconds while the site is under load.

    .venv/bin/python bench/db_outage.py          (as root; uses Debian's PostgreSQL binaries)

Starts a throwaway PostgreSQL cluster (initdb, its own port and folder), loads the
demo content, serves the site with gunicorn (production settings, page cache on),
and sends requests from several threads for 35 seconds: cached pages and uncached
searches. Ten seconds in it stops the database ("pg_ctl stop -m fast"), ten seconds
later starts it again. It prints, second by second, what visitors got (200, 503,
500, other), whether any response showed a traceback, and how long after the
database's return the site answered uncached pages again, without a restart.
"""

import collections
import glob
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, Gunicorn, env_for, free_port

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
CACHED = ["/", "/news/", "/contacts/", "/news/uzbekistan-may-become-a-member-to-iom/"]


def as_postgres(*command):
    return subprocess.run(["su", "postgres", "-c", " ".join(command)], check=True,
                          capture_output=True, text=True)  # fmt: skip


def main():
    folder = Path(tempfile.mkdtemp(prefix="iomsite-outage-"))
    shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    as_postgres(f"{PG_BIN}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    pg_ctl = [f"{PG_BIN}/pg_ctl", "-D", str(data), "-l", str(folder / "log")]
    start = [*pg_ctl, "-o", f"'-p {port} -k {folder} -c listen_addresses=127.0.0.1'", "-w", "start"]
    as_postgres(*start)
    server = None
    try:
        url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        env = env_for(url, 600, folder / "static")
        env["CONN_MAX_AGE"] = "60"
        for command in (["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                           check=True, capture_output=True)  # fmt: skip
        server = Gunicorn(env, workers=2)
        for path in CACHED:  # warm each worker's cache a few times
            for _ in range(4):
                urllib.request.urlopen(server.url + path).read()

        results = []  # (second, kind, status, traceback)
        began = time.monotonic()
        stop_at = began + 35

        def visitor(number):
            rng = random.Random(number)
            while time.monotonic() < stop_at:
                if rng.random() < 0.5:
                    kind, path = "cached", rng.choice(CACHED)
                else:
                    kind, path = "uncached", f"/search/?q=migrants+{rng.randrange(10**9)}"
                try:
                    with urllib.request.urlopen(server.url + path, timeout=10) as response:
                        status, body = response.status, response.read()
                except urllib.error.HTTPError as error:
                    status, body = error.code, error.read()
                except OSError:
                    status, body = "conn", b""
                results.append((int(time.monotonic() - began), kind, status, b"Traceback" in body))
                time.sleep(0.05)

        threads = [threading.Thread(target=visitor, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        time.sleep(10)
        as_postgres(*pg_ctl, "-m", "fast", "stop")
        stopped = time.monotonic() - began
        time.sleep(10)
        as_postgres(*start)
        restarted = time.monotonic() - began
        for thread in threads:
            thread.join()
        log = server.errors_logged()
    finally:
        if server:
            server.stop()
        subprocess.run(["su", "postgres", "-c", " ".join([*pg_ctl, "-m", "immediate", "stop"])],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)

    print(f"database stopped at {stopped:.1f}s, started again at {restarted:.1f}s\n")
    print(f"{'second':>6}  {'cached pages':<28}{'uncached pages':<28}")
    by_second = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    for second, kind, status, _tb in results:
        by_second[second][kind][status] += 1
    for second in sorted(by_second):
        row = by_second[second]
        cells = [", ".join(f"{s}×{n}" for s, n in sorted(row[k].items(), key=str)) for k in
                 ("cached", "uncached")]  # fmt: skip
        print(f"{second:>6}  {cells[0]:<28}{cells[1]:<28}")
    outage = [r for r in results if stopped <= r[0] < restarted]
    totals = collections.Counter((kind, status) for _s, kind, status, _tb in outage)
    recovered = [s for s, kind, status, _tb in results
                 if kind == "uncached" and status == 200 and s >= restarted]  # fmt: skip
    print("\nduring the outage:", dict(totals))
    print("responses showing a traceback:", sum(1 for r in results if r[3]))
    print("server errors (500):", sum(1 for r in results if r[2] == 500))
    print("gunicorn log lines about the database:",
          sum("Database unavailable" in line for line in log.splitlines()))  # fmt: skip
    if recovered:
        print(f"uncached pages answered again {min(recovered) - restarted:.1f}s after restart")
    else:
        print("uncached pages did NOT recover")


if __name__ == "__main__":
    if os.geteuid() != 0:
        sys.exit("Run as root (it starts a PostgreSQL cluster as the postgres user).")
    main()
