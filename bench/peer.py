"""The Wagtail 8.0.1 peer of bench/wagtail.py: its virtual environment, database and server.

The peer project lives in bench/wagtail_peer/ (a news site built the Wagtail way, see
its home/models.py). It runs in a throwaway virtual environment of its own, made with
the same Python as ours and installed from PyPI with every version pinned
(bench/wagtail_peer/requirements.txt): ~/.cache/iomsite-bench/wagtail-8.0.1, or
BENCH_PEER_VENV; reused while it has exactly those versions, made again otherwise.
Its database is its own on the same PostgreSQL server as ours (BENCH_PEER_DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/iomsite_bench_wagtail_peer), recreated for
every build. Its content comes from bench/texts.py, as ours does.

    .venv/bin/python bench/peer.py 1000     # build it and print where it is served
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PYTHON, Gunicorn, recreate_database  # noqa: E402

PROJECT = ROOT / "bench" / "wagtail_peer"
REQUIREMENTS = PROJECT / "requirements.txt"
WAGTAIL_VERSION = "8.0.1"
DEFAULT_VENV = Path.home() / ".cache" / "iomsite-bench" / f"wagtail-{WAGTAIL_VERSION}"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/iomsite_bench_wagtail_peer"


def pins():
    """{distribution name: version} of requirements.txt."""
    found = {}
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            found[name.strip()] = version.strip()
    return found


def _installed_as_pinned(python):
    """Whether ``python`` is our Python's version and has exactly the pinned versions."""
    check = (
        "import importlib.metadata as m, sys\n"
        f"pins = {pins()!r}\n"
        f"assert sys.version_info[:3] == {tuple(sys.version_info[:3])!r}\n"
        "for name, version in pins.items():\n"
        "    assert m.version(name) == version, name\n"
    )
    result = subprocess.run([python, "-c", check], capture_output=True, check=False)
    return result.returncode == 0


def ensure_venv(path=None):
    """The peer's Python (a path), installing its virtual environment when needed."""
    venv = Path(path or os.environ.get("BENCH_PEER_VENV") or DEFAULT_VENV)
    python = venv / "bin" / "python"
    if python.exists() and _installed_as_pinned(python):
        return python
    started = time.monotonic()
    print(f"# making the Wagtail {WAGTAIL_VERSION} virtual environment in {venv}", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    # Our venv's Python makes a venv of the same base interpreter.
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
    result = subprocess.run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", "-q",
         "-r", str(REQUIREMENTS)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode or not _installed_as_pinned(python):
        sys.exit(f"installing the Wagtail peer failed:\n{result.stdout}\n{result.stderr}")
    print(f"# installed in {time.monotonic() - started:.0f}s", flush=True)
    return python


class Peer:
    """The peer project, run with its own Python: ``prepare_database``, ``build``,
    ``serve``; static files collected once into a folder of their own."""

    def __init__(self, python, database_url=None):
        self.python = str(python)
        self.database_url = database_url or os.environ.get("BENCH_PEER_DATABASE_URL", DEFAULT_DB)
        self.static_root = Path(tempfile.mkdtemp(prefix="iomsite-bench-peer-static-"))
        self.collected = False

    def env(self, **extra):
        """The environment of its production-like settings (peer/settings.py)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="peer.settings",
            DATABASE_URL=self.database_url,
            SECRET_KEY="bench-only-" + "k" * 60,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            STATIC_ROOT=str(self.static_root),
            MEDIA_ROOT=str(self.static_root / "media"),
            LOG_LEVEL="WARNING",
        )
        env.update(extra)
        return env

    def manage(self, *args, env=None):
        """Run manage.py; return its standard output (exits with its errors)."""
        result = subprocess.run(
            [self.python, "manage.py", *args], cwd=PROJECT, env=env or self.env(),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            sys.exit(f"peer: manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def prepare_database(self):
        """A new, empty, migrated database (and the static files, the first time)."""
        recreate_database(self.database_url)
        self.manage("migrate", "-v0")
        if not self.collected:
            self.manage("collectstatic", "--noinput", "-v0")
            self.collected = True

    def build(self, news_count, seed=1):
        """A fresh database with ``news_count`` news items (manage.py build_bench)."""
        self.prepare_database()
        return self.manage("build_bench", str(news_count), "--seed", str(seed)).strip()

    def serve(self, workers):
        return Gunicorn(
            self.env(), workers, python=self.python, app="peer.wsgi", cwd=PROJECT, ready_path="/"
        )

    def queries(self, paths):
        """{path: [SQL queries, status]} of a repeated request, with Django's test client."""
        code = (
            "import json, django\ndjango.setup()\nfrom django.db import connection\n"
            "from django.test import Client\n"
            "from django.test.utils import CaptureQueriesContext\nc = Client()\nout = {}\n"
            f"for p in {list(paths)!r}:\n"
            "    c.get(p)\n"
            "    with CaptureQueriesContext(connection) as q:\n"
            "        r = c.get(p)\n"
            "    out[p] = [len(q), r.status_code]\n"
            "print(json.dumps(out))"
        )
        import json

        result = subprocess.run(
            [self.python, "-c", code], cwd=PROJECT, capture_output=True, text=True,
            env=self.env(ALLOWED_HOSTS="testserver"), check=False,
        )  # fmt: skip
        if result.returncode:
            sys.exit(result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    news_count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    peer = Peer(ensure_venv())
    print(peer.build(news_count))
    server = peer.serve(workers=3)
    print(f"serving {peer.database_url} at {server.url} (Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
