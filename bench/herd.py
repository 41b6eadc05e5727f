"""What the first visitors after a publication wait for (bench/wagtail.py prints it).

Figures per page, each a median of ``times`` tries, on servers that are otherwise
idle:

- **nothing kept**: one request to a server with the page cache and the fragments off
  (``FRAGMENT_CACHE=0``): the whole page rendered, every query run. Measured as the
  next one is (a change made by another process, a pause of a second, one request), in
  the same try, so that the two differ only in what the server keeps; their ratio
  (the target: at most 1) is the median of the tries' ratios.
- **after a change**: a new content generation (what any save starts), then one
  request, page cache on: what the first visitor after a publication waits for (the
  fragments of the old generation are no use).
- **16 at once after a change**: a new generation, then 16 requests for the page at
  the same moment: the slowest answer, and how many of them rendered the page (one:
  the others waited for its result, ``X-Cache: hit, waited``).
"""

import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit

from bench.run import Gunicorn, django_call, env_for

BUMP = "from kernel.cache import bump_generation; bump_generation()"


def timed_get(url):
    """(milliseconds, X-Cache header) of one GET on a new connection."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{url} answered {response.status}")
    return elapsed, response.getheader("X-Cache", "")


def together(url, count):
    """``count`` requests for ``url`` released at the same moment: (slowest ms,
    how many rendered the page)."""
    barrier = threading.Barrier(count)
    answers = []

    def visit():
        barrier.wait()
        answers.append(timed_get(url))

    threads = [threading.Thread(target=visit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return max(ms for ms, _how in answers), sum(how == "miss" for _ms, how in answers)


def warm_up(server, paths, workers, env=None):
    """Every worker has rendered every page (templates loaded, code imported, URL
    patterns compiled for each language). With the page cache on, a page is rendered
    once per generation by whichever worker comes first: so, many generations."""
    for _round in range(workers * 3 if env else 1):
        if env:
            django_call(env, BUMP)
            time.sleep(0.6)
        for _name, path in paths:
            for _ in range(workers * 2):
                timed_get(server.url + path)


def measure(database_url, static_root, workers, paths, times=5, concurrency=16):
    """{name: (nothing kept ms, after a change ms, after ÷ nothing kept, together
    slowest ms, renders)}.

    Two servers run side by side, one keeping nothing, one keeping pages and
    fragments; each try measures both, one after the other, so that the machine's
    drift (its speed moves from minute to minute) touches both alike; the ratio is
    the median of the tries' ratios. The page cache is shared by the workers through
    Redis (REDIS_URL, else redis://127.0.0.1:6379/13), as the README recommends for
    production: with each process's own memory instead, each worker renders a page
    once."""
    results = {}
    off = env_for(database_url, 0, static_root)
    off["FRAGMENT_CACHE"] = "0"
    on = env_for(database_url, 600, static_root)
    on.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
    servers = []
    try:
        servers.append(Gunicorn(off, workers))
        servers.append(Gunicorn(on, workers))
        bare, kept = servers
        warm_up(bare, paths, workers)
        warm_up(kept, paths, workers, on)
        for name, path in paths:
            cold, first, herd, renders = [], [], [], []
            for _ in range(times):
                # The same change, pause and single request for both servers: they
                # differ only in what they keep.
                for server, found in ((bare, cold), (kept, first)):
                    django_call(on, BUMP)
                    time.sleep(1)  # every worker sees the new generation (0.5 s)
                    found.append(timed_get(server.url + path)[0])
                django_call(on, BUMP)
                time.sleep(1)
                slowest, rendered = together(kept.url + path, concurrency)
                herd.append(slowest)
                renders.append(rendered)
            pairs = zip(first, cold, strict=True)
            ratio = statistics.median(after / before for after, before in pairs)
            results[name] = [
                statistics.median(cold),
                statistics.median(first),
                ratio,
                statistics.median(herd),
                max(renders),
            ]
    finally:
        for server in servers:
            server.stop()
    return results


def print_table(size, results, concurrency=16):
    print(f"\n## {size:,} news items — the first requests after a change (ours, idle server)")
    print(
        f"| page | nothing kept: one request, ms | after a change: one request, ms "
        f"| after ÷ nothing kept (target ≤ 1) "
        f"| {concurrency} at once after a change: slowest, ms | renders of the {concurrency} |"
    )
    print("|---|--:|--:|--:|--:|--:|")
    for name, (cold, first, ratio, herd, renders) in results.items():
        mark = "" if ratio <= 1 else " ✗"
        print(f"| {name} | {cold:.1f} | {first:.1f} | {ratio:.2f}{mark} | {herd:.1f} | {renders} |")
