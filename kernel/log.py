"""Logging helpers: keep a database outage from flooding the log.

When the database is down every request fails the same way: django.request logs
each 503 with its full traceback and ``server_error`` adds a line of its own, so at
50 requests/s a 17 s outage wrote 119,400 lines. ``DatabaseOutageFilter`` (wired in
``LOGGING``) recognises records about a database that cannot be reached (Django's
``OperationalError``/``InterfaceError``, as the exception logged or an argument of
the message) and lets through at most one per logger and ``interval`` seconds:

- the first of an outage (after a quiet interval) with its traceback;
- while the outage lasts, one line per interval without a traceback, marked
  "database still unavailable";
- at the end of each interval with records held back, a summary: "N more ...
  suppressed in the last S s".

Every other record passes untouched. One instance keeps one state, shared by every
logger and handler it is attached to; a record is judged once even if it meets the
filter twice (on its logger and on a handler).
"""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError

DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_error(record):
    """The database-unavailable exception a record is about, or None."""
    candidates = []
    if record.exc_info and record.exc_info[1] is not None:
        candidates.append(record.exc_info[1])
    args = record.args
    candidates.extend(args.values() if isinstance(args, dict) else args or ())
    for candidate in candidates:
        if isinstance(candidate, DATABASE_ERRORS):
            return candidate
    return None


class _Window:
    def __init__(self, started):
        self.started = started  # when the last record was let through
        self.reported = started  # when held-back records were last counted in the log
        self.last_seen = started  # the last database error, let through or not
        self.suppressed = 0
        self.level = logging.ERROR
        self.exception = ""
        self.timer = None


class DatabaseOutageFilter(logging.Filter):
    def __init__(self, interval=10, name=""):
        super().__init__(name)
        self.interval = float(interval)
        self._lock = threading.Lock()
        self._windows = {}  # logger name -> _Window

    # A clock of its own, so tests can move time.
    clock = staticmethod(time.monotonic)

    def filter(self, record):
        if getattr(record, "database_outage_summary", False):
            return True
        decided = getattr(record, "_database_outage_decision", None)
        if decided is None:
            error = database_error(record)
            decided = True if error is None else self._admit(record, error)
            record._database_outage_decision = decided
        return decided

    def _admit(self, record, error):
        now = self.clock()
        with self._lock:
            window = self._windows.get(record.name)
            if window is None or now - window.last_seen > self.interval:
                # A new outage (or the first error in a while): keep the traceback.
                self._cancel(window)
                self._windows[record.name] = _Window(now)
                return True
            window.last_seen = now
            if now - window.started >= self.interval:
                # Still down: one line, no traceback, with what was held back.
                note = "database still unavailable"
                if window.suppressed:
                    note += f"; {self._held_back(record.name, window, now)}"
                record.msg = f"{record.getMessage()} [{note}]"
                record.args = ()
                record.exc_info = record.exc_text = record.stack_info = None
                self._cancel(window)
                window.started = window.reported = now
                window.suppressed = 0
                return True
            window.suppressed += 1
            window.level = max(window.level, record.levelno)
            window.exception = f"{type(error).__name__}: {error}".splitlines()[0]
            if window.timer is None:
                delay = max(window.started + self.interval - now, 0)
                window.timer = threading.Timer(delay, self._flush_one, (record.name,))
                window.timer.daemon = True
                window.timer.start()
            return False

    def _held_back(self, name, window, now):
        return (
            f"{window.suppressed} more {name} records like it ({window.exception}) "
            f"suppressed in the last {max(now - window.reported, 0):.0f} s"
        )

    @staticmethod
    def _cancel(window):
        if window is not None and window.timer is not None:
            window.timer.cancel()
            window.timer = None

    def _flush_one(self, name):
        with self._lock:
            window = self._windows.get(name)
            if window is None or not window.suppressed:
                return
            self._cancel(window)
            now = self.clock()
            message = f"Database unavailable: {self._held_back(name, window, now)}"
            level = window.level
            window.suppressed = 0
            window.reported = now
            window.timer = None
        logging.getLogger(name).log(level, message, extra={"database_outage_summary": True})

    def flush(self):
        """Log the summaries now rather than when their intervals end."""
        for name in list(self._windows):
            self._flush_one(name)

    def reset(self):
        """Forget every outage (tests)."""
        with self._lock:
            for window in self._windows.values():
                self._cancel(window)
            self._windows.clear()
