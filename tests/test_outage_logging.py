"""A database outage logs a few lines, not a traceback per request.

During a 17 s outage at ~50 requests/s the log got 119,400 lines with 1,563 full
tracebacks: django.request logged every 503 with its traceback, and server_error
added its own line. kernel.log.DatabaseOutageFilter (wired in LOGGING) lets one
record through per logger and interval, the first with its traceback, and then
says how many it held back."""

import io
import logging
import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from .support import database_down

TRACEBACK = "Traceback (most recent call last)"


def console_handler():
    """The handler LOGGING gives the root logger (what gunicorn writes to its log)."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    return handler


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def outage_filter():
    """The rate limiter on the console handler, reset, on a clock the test moves."""
    found = [f for f in console_handler().filters if hasattr(f, "flush")]
    filter_ = found[0] if found else mock.Mock(clock=FakeClock())
    filter_.reset()
    filter_.clock = FakeClock()
    yield filter_
    filter_.reset()
    del filter_.clock


@pytest.fixture
def log_output():
    handler = console_handler()
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def failing_requests(count):
    client = Client(raise_request_exception=False)
    with database_down():
        return [client.get(f"/news/?year=2019&n={n}").status_code for n in range(count)]


def test_an_outage_logs_one_traceback_and_then_how_many_were_suppressed(
    db, log_output, outage_filter
):
    assert set(failing_requests(200)) == {503}
    text = log_output.getvalue()
    # The first failure is there, with its traceback; the other 199 are not.
    assert text.count(TRACEBACK) == 1
    assert "Service Unavailable: /news/" in text
    assert "OperationalError: connection refused" in text
    assert text.count("Service Unavailable") == 1
    assert text.count("Database unavailable") == 1
    # When the interval is over, a summary says how many were held back.
    outage_filter.flush()
    summary = log_output.getvalue()[len(text) :]
    assert "199 more django.request records" in summary
    assert "199 more iomsite.views records" in summary
    assert TRACEBACK not in summary
    # Still down: errors 5 s later are held back; 11 s later one line per logger
    # says so (with the count), without a new traceback.
    before = log_output.getvalue()
    outage_filter.clock.now += 5
    failing_requests(1)
    assert log_output.getvalue() == before
    outage_filter.clock.now += 6
    failing_requests(1)
    later = log_output.getvalue()[len(before) :]
    assert TRACEBACK not in later
    assert len(later.splitlines()) == 2
    assert "Service Unavailable: /news/ [database still unavailable; 1 more" in later
    assert "suppressed in the last 11 s" in later
    assert len(log_output.getvalue().splitlines()) < 80  # was 200 tracebacks


def test_other_errors_are_not_held_back(db, log_output, outage_filter):
    client = Client(raise_request_exception=False)
    with mock.patch("news.views.NewsListView.get_archive_rows", side_effect=ValueError("bug")):
        for _ in range(3):
            assert client.get("/news/").status_code == 500
    assert log_output.getvalue().count(TRACEBACK) == 3


def test_the_summary_comes_by_itself_when_the_interval_ends():
    from kernel.log import DatabaseOutageFilter

    filter_ = DatabaseOutageFilter(interval=0.2)
    logger = logging.getLogger("tests.outage_logging")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(filter_)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for _ in range(50):
            try:
                raise OperationalError("server closed the connection unexpectedly")
            except OperationalError:
                logger.exception("Internal Server Error: /search/")
        assert stream.getvalue().count(TRACEBACK) == 1
        deadline = time.monotonic() + 5
        while "49 more" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "49 more" in stream.getvalue()
        # After a quiet interval, a new outage shows its traceback again.
        time.sleep(0.5)
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            logger.exception("Internal Server Error: /search/")
        assert stream.getvalue().count(TRACEBACK) == 2
    finally:
        filter_.reset()
        logger.removeHandler(handler)
        logger.propagate = True
