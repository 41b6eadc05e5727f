"""The background worker (see kernel.worker): runs the queued tasks, and a clock that
queues the periodic ones (scheduled changes, notices, alerts due, retries), until
stopped (SIGTERM or Ctrl-C end it after the task it runs)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kernel.worker import Clock, periodic_tasks, run_queue, tick, uses_redis_queue


class Command(BaseCommand):
    help = "Run queued background tasks and the clock that queues the periodic ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Queue every periodic task now, run all queued tasks, then stop.",
        )
        parser.add_argument(
            "--no-clock",
            action="store_true",
            help="Only run queued tasks (when another worker runs the clock).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between the clock's rounds (default: WORKER_CLOCK_SECONDS).",
        )

    def handle(self, *args, once=False, no_clock=False, interval=None, **options):
        if once:
            tick(force=True)
            failed = run_queue(burst=True)
            if failed:
                raise CommandError("Tasks failed:\n" + "\n".join(failed))
            return
        interval = interval or settings.WORKER_CLOCK_SECONDS
        queue = "RQ on Redis" if uses_redis_queue() else "the database queue"
        clock = None
        if not no_clock:
            clock = Clock(interval)
            clock.start()
            names = ", ".join(sorted(task.name for task, _seconds in periodic_tasks()))
            self.stdout.write(f"Worker running on {queue}; every {interval:g} s: {names}.")
        else:
            self.stdout.write(f"Worker running on {queue} (no clock).")
        try:
            run_queue(burst=False)
        finally:
            if clock is not None:
                clock.stop()
