"""Browser tests: Playwright for Python driving Debian's chromium (/usr/bin/chromium).

Skipped, with the reason, when chromium is absent. axe-core comes from the npm
registry (tests/browser/package.json, pinned in package-lock.json) and is installed
here on first use. Screenshots go to test-artefacts/screenshots/.
"""

import contextlib
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
ARTEFACTS = HERE.parent.parent / "test-artefacts" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"chromium not found at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # browser tests make around it are ordinary synchronous calls. Allowed only
    # while the browser runs (the browser tests run last), not for the whole suite.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class RequestsInFlight:
    """Counts the live server's requests between Django's request_started and
    request_finished (whose receivers close the request's database use first)."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def started(self, **kwargs):
        with self.changed:
            self.count += 1
            self.changed.notify_all()

    def finished(self, **kwargs):
        with self.changed:
            self.count = max(self.count - 1, 0)
            self.changed.notify_all()

    def wait_until_none(self, timeout=15, quiet=0.5):
        """Until no request has run for ``quiet`` seconds (one the server accepted
        just now starts only a moment later)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while time.monotonic() < deadline:
                if not self.changed.wait_for(
                    lambda: self.count == 0, timeout=deadline - time.monotonic()
                ):
                    return False
                # Nothing started or finished for a while, and none is running.
                if not self.changed.wait(timeout=quiet) and self.count == 0:
                    return True
        return False


@pytest.fixture(scope="session")
def requests_in_flight():
    from django.core.signals import request_finished, request_started

    counter = RequestsInFlight()
    request_started.connect(counter.started, dispatch_uid="browser-tests-in-flight")
    request_finished.connect(counter.finished, dispatch_uid="browser-tests-out")
    yield counter
    request_started.disconnect(dispatch_uid="browser-tests-in-flight")
    request_finished.disconnect(dispatch_uid="browser-tests-out")


@pytest.fixture
def new_page(browser, requests_in_flight):
    contexts = []

    def make(width=1280, height=900, bypass_csp=False):
        context = browser.new_context(
            viewport={"width": width, "height": height}, bypass_csp=bypass_csp
        )
        context.set_default_timeout(15_000)
        # A form's presence heartbeat (kernel/admin/presence.py) writes from the live
        # server's thread while the test's own thread uses the database: with the
        # in-memory SQLite they share one connection, which must not be used by two
        # at once. The page renders who else is there without it.
        context.route("**/presence/", lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        # Before the test database is emptied: no request of these pages may still be
        # running (a live preview, say).
        for page in context.pages:
            with contextlib.suppress(Exception):  # a page that never settles: close it
                page.wait_for_load_state("networkidle", timeout=5_000)
        context.close()
    # A request the browser gave up on may still run in the live server's thread: the
    # test database is emptied only once it is done (it shares the connection).
    requests_in_flight.wait_until_none()


@pytest.fixture(scope="session")
def axe_script():
    script = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot install axe-core for accessibility checks")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True, timeout=300
        )
    return script


@pytest.fixture
def axe_findings(axe_script):
    """The serious and critical axe-core findings on ``page`` (opened with
    ``bypass_csp=True``: axe-core is injected as a script), in ``selector`` or the
    whole document."""

    def find(page, selector=None):
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate(
            "async (selector) => await axe.run(selector || document, "
            "{resultTypes: ['violations']})",
            selector,
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return find


@pytest.fixture
def screenshot():
    ARTEFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTEFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def replay_role_migrations():
    """Transactional tests flush the Editor and Publisher groups the migrations made:
    run those migrations' data steps again, on the migrated state's models."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    state = loader.project_state()
    for key in sorted(key for key in loader.disk_migrations if key[0] == "iomsite"):
        for operation in loader.disk_migrations[key].operations:
            if isinstance(operation, RunPython):
                operation.code(state.apps, None)


@pytest.fixture
def staff_user(django_user_model):
    replay_role_migrations()

    def make(username, role):
        user = django_user_model.objects.create_user(username, password="browser-pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def log_in():
    def log_in(page, base_url, username, password="browser-pw"):
        page.goto(f"{base_url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(f"{base_url}/admin/")

    return log_in


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Transactional tests flush the database; drop ids cached from the last test."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()
