#!/usr/bin/env python
"""Benchmark: the publications list and detail pages with 1,000 and 10,000 publications.

    .venv/bin/python bench/publications.py
    .venv/bin/python bench/publications.py --sizes 1000 10000 --duration 5

Builds each dataset in a PostgreSQL database of its own (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/iomsite_bench_publications, recreated): a small
newsroom from bench/dataset.py (countries, topics, a few hundred news items) and N
published publications over ten years, in bulk, each with one or two ready PDF files
(English, and Russian for half; no file on disk: downloads are not loaded), one or two
countries and topics, a Russian version for a third, and news citing a quarter.
Serves it with gunicorn and the production settings and loads each page with wrk (the
Python load generator when wrk is missing), all with bench/run.py's machinery: req/s,
p50 and p99 latency, SQL queries per request, throughput relative to a static file —
page cache off and on — and how each page grows from the smallest size to the largest.
"cpu ms" is the gunicorn workers' CPU time per request: on a machine that runs other
things, a steadier measure of a page's cost than req/s.

"queries" is a repeated request, page cache off (the facet counts come from the
reference cache, as on a live site between two content changes); "cold q" and
"cold ms" are the first request after the cache is emptied (every content change
starts a new generation, so the next visitor of each filter combination pays for the
facet counts again); "warm ms" the median of repeated ones. These three are timed in
one process with Django's test client, page cache off, and shown in both tables. It
prints figures and asserts nothing.
"""

import json
import os
import shutil
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import Gunicorn, arguments, django_call, env_for, prepare  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/iomsite_bench_publications"
PAGES = [
    ("list", "/publications/"),
    ("list page 50", "/publications/?page=50"),
    ("type+year", "/publications/?type=report&year={year}"),
    ("country+language", "/publications/?country={country}&language=ru"),
    ("detail", "/publications/{slug}/"),
    ("ru list", "/ru/publications/"),
    ("static file", "/static/css/site.css"),
]
BATCH = 5000
YEARS = 10


def build(count, *, news=300, seed=1):
    """Replace all content with a small newsroom and ``count`` publications.

    Runs in a Django-configured process (``django_call``); returns what the pages to
    load need: {"publications", "files", "year", "country", "slug"}."""
    import random
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone, translation

    from bench import dataset
    from kernel.cache import bump_generation
    from news.models import Country, NewsItem, Topic
    from publications.models import Publication, PublicationFile

    # Raw deletes: the ORM's would queue a worker task per deleted file (post_delete).
    tables = [
        PublicationFile._meta.db_table,
        *(field.remote_field.through._meta.db_table
          for field in Publication._meta.local_many_to_many),
        Publication._meta.db_table,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
    dataset.build(news, pages=30, contacts=10, topics=12, seed=seed)

    rng = random.Random(seed)
    rng_ru = random.Random(seed + 1)
    countries = list(Country.objects.all())
    topics = list(Topic.objects.all())
    news_ids = list(NewsItem.objects.published().values_list("pk", flat=True))
    kinds = [value for value, _label in Publication.Kind.choices]
    now = timezone.now()
    span = timedelta(days=365 * YEARS)
    start = now - span
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        created = 0
        while created < count:
            size = min(BATCH, count - created)
            rows = []
            for i in range(created, created + size):
                russian = (
                    {"title_ru": f"{dataset._sentence(rng_ru, 8)[:-1]} {i}",
                     "slug_ru": f"bench-publication-ru-{i}",
                     "summary_ru": dataset._sentence(rng_ru, 30)}
                    if i % 3 == 0 else {}
                )  # fmt: skip
                rows.append(
                    Publication(
                        **russian,
                        title=f"{dataset._sentence(rng, 8)[:-1]} {i}",
                        slug=f"bench-publication-{i}",
                        kind=rng.choice(kinds),
                        status=Publication.Status.PUBLISHED,
                        published_at=start + span * rng.random(),
                        summary=dataset._sentence(rng, 30),
                        authors=f"IOM {rng.choice(countries).name}" if i % 2 else "",
                    )
                )
            rows = Publication.objects.bulk_create(rows, batch_size=BATCH)
            files = [
                PublicationFile(
                    publication_id=row.pk,
                    language=language,
                    file=f"publications/bench/{row.pk}-{language}.pdf",
                    size=rng.randint(200_000, 8_000_000),
                    pages=rng.randint(2, 180),
                    state=PublicationFile.READY,
                    read_at=now,
                )
                for row in rows
                for language in (("en", "ru") if row.pk % 2 == 0 else ("en",))
            ]
            PublicationFile.objects.bulk_create(files, batch_size=BATCH)
            for name, column, targets, per_item in (
                ("countries", "country_id", countries, [1, 1, 2]),
                ("topics", "topic_id", topics, [1, 2]),
            ):
                through = getattr(Publication, name).through
                through.objects.bulk_create(
                    [
                        through(publication_id=row.pk, **{column: target.pk})
                        for row in rows
                        for target in rng.sample(targets, rng.choice(per_item))
                    ],
                    batch_size=BATCH,
                )
            through = Publication.related_news.through
            through.objects.bulk_create(
                [
                    through(publication_id=row.pk, newsitem_id=news_id)
                    for row in rows
                    if row.pk % 4 == 0
                    for news_id in rng.sample(news_ids, rng.choice([1, 2]))
                ],
                batch_size=BATCH,
            )
            created += size
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Publication._meta.db_table} SET {_vectors_sql()}")
            if not connection.in_atomic_block:  # not in a test's transaction
                # As bench/dataset.py: no dead row versions left by the bulk UPDATE.
                for table in tables:
                    cursor.execute(f"VACUUM FULL ANALYZE {table}")
            cursor.execute("ANALYZE")
    bump_generation()

    # A publication in the middle of the archive, with both files and citing news.
    middle = (
        Publication.objects.published()
        .filter(files__language="ru", related_news__isnull=False)
        .distinct()
        .order_by("published_at")
    )
    return {
        "publications": Publication.objects.count(),
        "files": PublicationFile.objects.count(),
        "year": (now - timedelta(days=365 * 3)).year,
        "country": "uzbekistan",
        "slug": middle.values_list("slug", flat=True)[middle.count() // 2],
    }


def _vectors_sql():
    """SET clause for every language's search vectors of a publication (title A,
    summary B, text of the files C; the English when a language's is empty)."""
    from kernel.search import SEARCH_CONFIGS

    def text(name, code, config):
        return f"to_tsvector('{config}', coalesce(nullif({name}_{code}, ''), {name}_en, ''))"

    assignments = []
    for code, config in SEARCH_CONFIGS.items():
        rank = (
            f"setweight({text('title', code, config)}, 'A') || "
            f"setweight({text('summary', code, config)}, 'B')"
        )
        assignments.append(f"search_rank_vector_{code} = {rank}")
        assignments.append(
            f"search_vector_{code} = {rank} || "
            f"setweight({text('document_text', code, config)}, 'C')"
        )
    return ", ".join(assignments)


def worker_cpu_ms(server):
    """User + system CPU time (ms) the gunicorn workers have used so far: per request,
    a figure that other load on the machine hardly changes (unlike req/s)."""
    ticks = 0
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    for pid in children.read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def measure_queries(env, paths, repeat=5):
    """{path: [warm queries, cold queries, cold ms, warm ms, status]}, in one process
    with the test client (page cache off): cold is the first request after the cache
    was emptied, warm the median of ``repeat`` requests after it."""
    code = (
        "import json, statistics, time\nfrom django.core.cache import cache\n"
        "from django.db import connection\nfrom django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\nc = Client()\nout = {}\n"
        "c.get('/robots.txt')\n"  # imports, URL resolvers, the first connection
        f"for p in {paths!r}:\n"
        "    cache.clear()\n"
        "    with CaptureQueriesContext(connection) as cold:\n"
        "        started = time.perf_counter()\n"
        "        c.get(p)\n"
        "        cold_ms = (time.perf_counter() - started) * 1000\n"
        "    times = []\n"
        f"    for _ in range({repeat}):\n"
        "        with CaptureQueriesContext(connection) as warm:\n"
        "            started = time.perf_counter()\n"
        "            r = c.get(p)\n"
        "            times.append((time.perf_counter() - started) * 1000)\n"
        "    out[p] = [len(warm), len(cold), cold_ms, statistics.median(times), r.status_code]\n"
        "print(json.dumps(out))"
    )
    env = {**env, "PAGE_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "testserver"}
    return json.loads(django_call(env, code))


def run(sizes, duration, connections, workers):
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    static_root, load, base_env = prepare(database_url, duration, connections, workers)
    results = {}
    for size in sizes:
        started = time.monotonic()
        built = json.loads(
            django_call(base_env, f"import json; from bench.publications import build; "
                                  f"print(json.dumps(build({size})))")
        )  # fmt: skip
        print(f"# {built['publications']:,} publications ({built['files']:,} files) built in "
              f"{time.monotonic() - started:.0f}s; detail page: {built['slug']}")  # fmt: skip
        paths = [(name, path.format(**built)) for name, path in PAGES]
        queries = measure_queries(base_env, [p for _, p in paths])
        for cache_seconds in (0, 600):
            server = Gunicorn(env_for(database_url, cache_seconds, static_root), workers)
            try:
                for name, path in paths:
                    for _ in range(2 * workers):  # warm up: each worker, most likely
                        urllib.request.urlopen(server.url + path).read()
                    cpu_before = worker_cpu_ms(server)
                    rps, p50, p99, errors = load(server.url + path, duration, connections)
                    cpu = (worker_cpu_ms(server) - cpu_before) / max(1, rps * duration)
                    results[(size, cache_seconds, name)] = (rps, p50, p99, errors, cpu,
                                                            *queries[path])  # fmt: skip
                memory = server.worker_peak_kib()
                logged = server.errors_logged().strip()
            finally:
                server.stop()
            results[(size, cache_seconds, "memory")] = memory
            if logged:
                print(f"# gunicorn logged (page cache {cache_seconds}s):\n{logged[-3000:]}")

    for size in sizes:
        for cache_seconds in (0, 600):
            label = "page cache ON" if cache_seconds else "page cache OFF (uncached)"
            static_rps = results[(size, cache_seconds, "static file")][0]
            print(f"\n## {size:,} publications — {label}")
            print(f"{'page':<18}{'status':>7}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
                  f"{'errors':>7}{'cpu ms':>7}{'queries':>8}{'vs static':>10}"
                  f"{'cold q':>7}{'cold ms':>8}{'warm ms':>8}")  # fmt: skip
            for name, _path in PAGES:
                rps, p50, p99, errors, cpu, warm_q, cold_q, cold_ms, warm_ms, status = results[
                    (size, cache_seconds, name)
                ]
                print(f"{name:<18}{status:>7}{rps:>8.0f}{p50:>8.1f}{p99:>8.1f}{errors:>7}"
                      f"{cpu:>7.1f}{warm_q:>8}{rps / static_rps:>10.2f}"
                      f"{cold_q:>7}{cold_ms:>8.1f}{warm_ms:>8.1f}")  # fmt: skip
            memory = results[(size, cache_seconds, "memory")] / 1024
            print(f"gunicorn worker peak memory: {memory:.0f} MiB")
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        print(f"\n## growth from {small:,} to {large:,} publications (value at {large:,} / "
              f"at {small:,}; queries as {small:,} → {large:,})")  # fmt: skip
        print(f"{'page':<18}{'p50 off':>9}{'p50 on':>9}{'req/s off':>10}{'req/s on':>10}"
              f"{'cpu off':>9}{'warm ms':>9}{'cold ms':>9}"
              f"{'queries':>9}{'cold q':>10}")  # fmt: skip
        for name, _path in PAGES:
            a_off, b_off = results[(small, 0, name)], results[(large, 0, name)]
            a_on, b_on = results[(small, 600, name)], results[(large, 600, name)]
            print(f"{name:<18}{ratio(b_off[1], a_off[1]):>9}{ratio(b_on[1], a_on[1]):>9}"
                  f"{ratio(b_off[0], a_off[0]):>10}{ratio(b_on[0], a_on[0]):>10}"
                  f"{ratio(b_off[4], a_off[4]):>9}{ratio(b_off[8], a_off[8]):>9}"
                  f"{ratio(b_off[7], a_off[7]):>9}"
                  f"{f'{a_off[5]} → {b_off[5]}':>9}{f'{a_off[6]} → {b_off[6]}':>10}")  # fmt: skip
    shutil.rmtree(static_root, ignore_errors=True)


def ratio(large, small):
    return f"{large / small:.2f}x" if small else "-"


def main():
    args = arguments(__doc__, [1000, 10_000], PAGES, "list detail")
    run(args.sizes, args.duration, args.connections, args.workers)


if __name__ == "__main__":
    main()
