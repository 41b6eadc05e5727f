"""The background worker: the task queue's worker plus a clock.

Work that must not happen inside a web request (mail, scheduled changes, later slow
file work) is a task (``django_tasks.task``, Django 6's ``django.tasks``), queued in
the database by default or in Redis through RQ when ``TASK_QUEUE_URL`` is set (see
settings). ``manage.py run_worker`` runs the queue's worker for whichever it is, and
a clock beside it: every ``WORKER_CLOCK_SECONDS`` it queues the periodic tasks that
apps registered with ``every()``. Several workers may run; the clock of each queues a
periodic task once per period between them (a cache key per period), and every
periodic task is written to be harmless when run twice.

Tasks are queued when the transaction that asks for them commits (``enqueue_on_commit``):
a queue outside the database (Redis) must never run a task about rows that were
rolled back, nor before they are visible.
"""

import logging
import socket
import threading
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

logger = logging.getLogger(__name__)

_periodic = {}  # module path -> (task, seconds between runs)


def every(seconds):
    """Register a task (``@task``-decorated) for the clock to queue every ``seconds``."""

    def register(task):
        _periodic[task.module_path] = (task, seconds)
        return task

    return register


def periodic_tasks():
    """[(task, seconds between runs)]"""
    return list(_periodic.values())


def enqueue_on_commit(task, *args, **kwargs):
    """Queue ``task(*args, **kwargs)`` once the current transaction commits."""
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def tick(now=None, *, force=False):
    """Queue the periodic tasks whose period has begun since another clock's tick;
    ``force``: every one of them, now. Returns how many were queued."""
    now = time.time() if now is None else now
    queued = 0
    for task, seconds in _periodic.values():
        period = int(now // seconds)
        if force or cache.add(f"worker-clock:{task.module_path}:{period}", 1, seconds * 2):
            try:
                task.enqueue()
            except Exception as error:  # the queue away for a moment: the next tick
                logger.warning("Could not queue %s: %s", task.module_path, error)
                continue
            queued += 1
    return queued


class Clock(threading.Thread):
    """Ticks every ``interval`` seconds until ``stop()``."""

    def __init__(self, interval):
        super().__init__(name="worker-clock", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            close_old_connections()
            try:
                tick()
            except Exception as error:  # database or cache away: next tick
                logger.warning("Clock tick failed, trying again: %s", error)
            self.stopping.wait(self.interval)
        close_old_connections()

    def stop(self):
        self.stopping.set()


def worker_id():
    return f"{socket.gethostname()}-{get_random_string(6)}"


def uses_redis_queue():
    from django_tasks_rq import RQBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], RQBackend)


def run_queue(*, burst):
    """Run the queue's worker in this thread: until no task is left (``burst``), or
    until SIGTERM/SIGINT end it after the task it runs. Returns the failures of a
    burst on the database queue (RQ keeps its own failed-job registry)."""
    queues = list(settings.TASKS["default"].get("QUEUES") or ["default"])
    if uses_redis_queue():
        import django_rq
        from django_tasks_rq import Job
        from rq import SimpleWorker, Worker

        # A worker that forks for each job (RQ's default) in production; in a burst
        # (tests, --once) the jobs run in this process.
        worker = django_rq.get_worker(
            *queues, job_class=Job, worker_class=SimpleWorker if burst else Worker
        )
        worker.work(burst=burst, with_scheduler=not burst, logging_level="WARNING")
        return []
    from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

    worker = DatabaseWorker(
        queue_names=queues,
        interval=1.0,
        batch=burst,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=not burst,
        max_tasks=None,
        worker_id=worker_id(),
        excluded_queue_names=[],
    )
    if burst:
        return _run_database_queue_once(worker, queues)
    worker.configure_signals()
    worker.run()
    return []


def _run_database_queue_once(worker, queues):
    """Run the database queue's ready tasks until none is left, in the current
    connection and transaction (the worker's own loop closes connections between
    tasks, as between requests, which a caller's transaction must not see)."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    ready = DBTaskResult.objects.ready().filter(
        backend_name=DEFAULT_TASK_BACKEND_ALIAS, queue_name__in=queues
    )
    failed = []
    while True:
        with exclusive_transaction(ready.db):
            result = ready.get_locked()
            if result is None:
                return failed
            result.claim(worker.worker_id)
        worker.run_task(result)
        result.refresh_from_db()
        if result.status == "FAILED":
            failed.append(f"{result.task_path}: {result.traceback}")


def prune_finished_results(days=2):
    """Forget finished task results of the database queue after ``days``."""
    if uses_redis_queue():
        return 0  # RQ expires its own results
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - timedelta(days=days)
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=limit
    ).delete()
    return deleted
