"""Alerts sent by real worker processes (``manage.py run_worker``) against the real
queue and database: two at once, and one killed mid-batch with SIGKILL and another
started. Each address must receive each release exactly once.

PostgreSQL only: worker processes need a database they can share with the test
(SQLite's test database lives in the test process's memory)."""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from alerts.mailings import announce_due
from alerts.models import Delivery, Subscriber
from news.models import NewsItem

from .support import ROOT, Inbox, free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="worker processes share the database with the test: PostgreSQL only",
    ),
]


class TimedInbox(Inbox):
    """Keeps, with each message, the connection it came on and when; can hold the
    ``hold_at``-th message unanswered until released (then refuses it for now)."""

    def __init__(self, delay=0.0, hold_at=None):
        super().__init__()
        self.delay, self.hold_at = delay, hold_at
        self.held, self.release = threading.Event(), threading.Event()
        self.arrivals = []  # (peer, time)

    async def handle_DATA(self, server, session, envelope):
        if self.hold_at and len(self.messages) + 1 == self.hold_at and not self.release.is_set():
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Not now"  # never accepted: the sender died meanwhile
        if self.delay:
            await asyncio.sleep(self.delay)
        self.arrivals.append((session.peer, time.monotonic()))
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def mail_server():
    servers = []

    def start(**options):
        inbox = TimedInbox(**options)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        return inbox, controller.port

    yield start
    for controller in servers:
        controller.stop()


def worker(port, *args):
    """A worker process on the test's database, sending to the server on ``port``."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iomsite.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_tree(pid):
    """SIGKILL a process and every process under it, as a service manager stops a
    worker (RQ runs each job in a child of its own session)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    for member in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(member, signal.SIGKILL)


def release_with_subscribers(count):
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"s{number:04d}@example.org",
            kinds=[NewsItem.Kind.PRESS_RELEASE],
            confirmed_at=timezone.now(),
        )
        for number in range(count)
    )
    NewsItem.objects.create(
        title="A release for everyone",
        slug="for-everyone",
        status=NewsItem.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    assert announce_due() == 1


def addresses(inbox):
    return sorted(to[0] for to, _message in inbox.messages)


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_two_workers_at_once_send_each_mail_once(mail_server):
    inbox, port = mail_server(delay=0.01)
    release_with_subscribers(300)
    first, second = worker(port, "--once"), worker(port, "--once")
    for process in (first, second):
        _out, errors = process.communicate(timeout=240)
        assert process.returncode == 0, errors
    expected = [f"s{number:04d}@example.org" for number in range(300)]
    if addresses(inbox) != expected:  # a worker may have left the last batch to a task
        leftover = worker(port, "--once")
        leftover.communicate(timeout=240)
    assert addresses(inbox) == expected  # every address once: none lost, none twice
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    spans = {}
    for peer, moment in inbox.arrivals:
        start, end = spans.get(peer, (moment, moment))
        spans[peer] = (min(start, moment), max(end, moment))
    overlapping = any(
        a != b and spans[a][0] < spans[b][1] and spans[b][0] < spans[a][1]
        for a in spans
        for b in spans
    )
    assert overlapping, "the two workers did not send at the same time"


def test_a_worker_killed_mid_batch_and_another_started_sends_no_duplicates(mail_server):
    inbox, port = mail_server(hold_at=5)
    release_with_subscribers(40)
    doomed = worker(port)  # a long-running worker, with its clock
    assert inbox.held.wait(60), "the worker did not start sending"
    kill_tree(doomed.pid)  # mid-batch, the 5th mail unanswered
    doomed.wait(10)
    inbox.release.set()
    assert len(inbox.messages) == 4
    assert Delivery.objects.filter(state="sent").count() == 4
    assert Delivery.objects.filter(state="sending").exists()  # its claims, held
    # Time passes: the dead worker's claims run out.
    Delivery.objects.filter(state="sending").update(lease_until=timezone.now())
    successor = worker(port, "--once")
    _out, errors = successor.communicate(timeout=120)
    assert successor.returncode == 0, errors
    assert addresses(inbox) == [f"s{number:04d}@example.org" for number in range(40)]
