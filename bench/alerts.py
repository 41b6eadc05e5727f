#!/usr/bin/env python
"""Benchmark: one release fanned out to 10,000 subscribers by the background worker.

    .venv/bin/python bench/alerts.py                  # PostgreSQL, 10,000 subscribers
    .venv/bin/python bench/alerts.py --subscribers 2000 --workers 1 2

Builds a database of its own (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/iomsite_bench_alerts, recreated; --sqlite for a
file), with N confirmed subscribers and one release with its Inquiries block, then
runs `manage.py run_worker --once` (production settings, no pacing) in 1 and 2
processes against a local SMTP server (aiosmtpd, in this process, counting what it
accepts). Prints mails per second from the worker's start to the last mail accepted,
the workers' peak memory (their own maximum resident size), and whether every
subscriber got exactly one mail. It prints figures and asserts nothing.
"""

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/iomsite_bench_alerts"


class Counter:
    """An aiosmtpd handler counting accepted mails per recipient."""

    def __init__(self):
        self.lock = threading.Lock()
        self.per_address = {}
        self.last = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                self.per_address[address] = self.per_address.get(address, 0) + 1
            self.last = time.monotonic()
        return "250 OK"

    @property
    def total(self):
        return sum(self.per_address.values())


def environment(database_url, smtp_port):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW_ASYNC")}
    env.update(
        DJANGO_SETTINGS_MODULE="iomsite.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SITE_URL="https://iom-centralasia.example",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        ALERTS_MAX_PER_SECOND="0",
        LOG_LEVEL="WARNING",
    )
    env.pop("TASK_QUEUE_URL", None)  # the embedded database queue unless asked
    return env


def recreate(database_url):
    if database_url.startswith("sqlite"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg2

    base, _, name = database_url.rpartition("/")
    connection = psycopg2.connect(f"{base}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def build(count):
    """N confirmed subscribers (all countries, press releases, three languages) and
    a release published now, with its Inquiries block."""
    import django

    django.setup()
    from django.utils import timezone

    from alerts.models import Subscriber
    from contacts.models import Contact, ContactEmail
    from news.models import Country

    uzbekistan = Country.objects.create(name="Uzbekistan", slug="uzbekistan", iso_code="UZ")
    contact = Contact.objects.create(
        name="Mariam Khokhar",
        slug="mariam-khokhar",
        job_title="Country Manager for Uzbekistan",
        phone="+998 71 252 5388",
        is_active=True,
    )
    ContactEmail.objects.create(contact=contact, email="mkhokhar@iom.int")
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{number:05d}@example.org",
                language=("en", "ru", "kk")[number % 3],
                kinds=["press-release"],
                confirmed_at=timezone.now(),
            )
            for number in range(count)
        ),
        batch_size=2000,
    )
    return uzbekistan, contact


def publish(run):
    from django.utils import timezone

    from contacts.models import Contact
    from news.models import Country, NewsItem, NewsItemContact

    item = NewsItem.objects.create(
        title=f"Uzbekistan hosts a regional dialogue on labour migration ({run})",
        title_ru="Узбекистан принимает региональный диалог по трудовой миграции",
        slug=f"regional-dialogue-{run}",
        dateline="Tashkent, Uzbekistan",
        lead="Officials from five Central Asian countries met in Tashkent to agree on "
        "safer labour migration.",
        status=NewsItem.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    item.countries.set(Country.objects.all())
    NewsItemContact.objects.create(news_item=item, contact=Contact.objects.get(), sort_order=0)


def run_workers(env, processes):
    """Start ``processes`` workers at once; their wall time and peak memory (MB)."""
    started = time.monotonic()
    children = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--once"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(processes)
    ]
    peaks = []
    for child in children:
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            print(child.stderr.read().decode()[-2000:])
        peaks.append(usage.ru_maxrss / 1024)
    return started, peaks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    options = parser.parse_args()

    from aiosmtpd.controller import Controller

    counter = Counter()
    with socket.socket() as probe:  # a free port for the SMTP server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    tmp = tempfile.mkdtemp(prefix="iomsite-bench-alerts-")
    database_url = (
        f"sqlite:///{tmp}/alerts.sqlite3"
        if options.sqlite
        else os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    )
    env = environment(database_url, port)
    os.environ.update(env)
    recreate(database_url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    build(options.subscribers)
    print(
        f"One release to {options.subscribers:,} subscribers, database "
        f"{'SQLite' if options.sqlite else 'PostgreSQL'}, the database queue, "
        f"SMTP on loopback (aiosmtpd), no pacing."
    )
    print(
        f"{'workers':>8} {'mails':>8} {'seconds':>8} {'mails/s':>8} "
        f"{'peak MB/worker':>15}  once each"
    )
    for run, processes in enumerate(options.workers, start=1):
        counter.per_address.clear()
        publish(run)
        started, peaks = run_workers(env, processes)
        elapsed = (counter.last or time.monotonic()) - started
        once = counter.total == options.subscribers and set(counter.per_address.values()) == {1}
        print(
            f"{processes:>8} {counter.total:>8,} {elapsed:>8.1f} "
            f"{counter.total / elapsed:>8.0f} {max(peaks):>15.0f}  {'yes' if once else 'NO'}"
        )
    controller.stop()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this process, with the SMTP server: {own:.0f} MB)")


if __name__ == "__main__":
    main()
