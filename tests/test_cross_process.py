"""A change shows at once, whichever process made it.

The site runs under gunicorn with several workers, each with its own local-memory
cache (no Redis), against a database of its own: an SQLite file, or a PostgreSQL
database when the suite runs on PostgreSQL. Content is changed from another process
(``manage.py shell``, as an import command or a worker would) and through the admin
(one worker), and every worker must show the change within a second.
"""

import http.cookiejar
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

from .support import elements

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 3
VISIBLE_WITHIN = 1.0  # seconds after the commit


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    """Environment of a separate site: its own database, migrated, with one release."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTEST_CURRENT_TEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="iomsite.settings.dev",
        DEBUG="0",
        PAGE_CACHE_SECONDS="600",
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
    )
    url = os.environ.get("DATABASE_URL", "")
    dropdb = None
    if url.startswith("postgres"):
        import psycopg2

        config = dj_database_url.parse(url)
        name = f"iomsite_cross_process_{os.getpid()}"
        admin = psycopg2.connect(
            dbname="postgres",
            user=config["USER"],
            password=config["PASSWORD"],
            host=config["HOST"],
            port=config["PORT"] or 5432,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = urllib.parse.urlunsplit(
            urllib.parse.urlsplit(url)._replace(path=f"/{name}")
        )

        def dropdb():
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('db') / 'site.sqlite3'}"
    manage(env, "migrate", "--noinput", "-v0")
    shell(
        env,
        "from news.models import NewsItem\n"
        "from django.contrib.auth import get_user_model\n"
        "NewsItem.objects.create(title='Original title', slug='release', status='published')\n"
        "get_user_model().objects.create_superuser('dana', 'd@example.org', 'pw-dana-42')\n",
    )
    yield env
    if dropdb:
        dropdb()


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=120)


def shell(env, code):
    manage(env, "shell", "-c", code)


@pytest.fixture(scope="module")
def site(site_env):
    """gunicorn with several workers serving the site; yields its base URL."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    port = _free_port()
    process = subprocess.Popen(
        [gunicorn, "iomsite.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=site_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/news/", timeout=5)
            break
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=20)


def anonymous_views(url, times=WORKERS * 6):
    """What anonymous visitors get, over enough requests to reach every worker."""
    pages = []
    for _ in range(times):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                pages.append((response.status, response.read().decode()))
        except urllib.error.HTTPError as error:
            pages.append((error.code, ""))
    return pages


def test_a_change_from_another_process_shows_on_every_worker(site, site_env):
    pages = anonymous_views(site + "/news/")
    assert all("Original title" in page for _status, page in pages)  # cached everywhere
    shell(
        site_env,
        "from news.models import NewsItem\n"
        "item = NewsItem.objects.get(slug='release')\n"
        "item.title = 'Changed from a shell'\n"
        "item.save()\n",
    )
    time.sleep(VISIBLE_WITHIN)
    pages = anonymous_views(site + "/news/")
    assert all("Changed from a shell" in page for _status, page in pages)


def test_a_publisher_s_unpublish_through_one_worker_shows_on_every_worker(site):
    assert all(status == 200 for status, _page in anonymous_views(site + "/news/release/"))
    jar = http.cookiejar.CookieJar()
    staff = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf_token(url):
        page = staff.open(site + url, timeout=10).read().decode()
        return elements(page, "input", name="csrfmiddlewaretoken")[0]["attrs"]["value"]

    def post(url, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(site + url, data=body, headers={"Referer": site + url})
        return staff.open(request, timeout=10)

    login = {"username": "dana", "password": "pw-dana-42", "next": "/admin/"}
    post("/admin/login/", {**login, "csrfmiddlewaretoken": csrf_token("/admin/login/")})
    changelist = staff.open(site + "/admin/news/newsitem/", timeout=10).read().decode()
    item_id = elements(changelist, "input", name="_selected_action")[0]["attrs"]["value"]
    result = post(
        "/admin/news/newsitem/",
        {
            "csrfmiddlewaretoken": csrf_token("/admin/news/newsitem/"),
            "action": "unpublish_selected",
            "_selected_action": [item_id],
            "index": "0",
        },
    ).read()
    assert b"1 item unpublished" in result
    time.sleep(VISIBLE_WITHIN)
    assert all(status == 404 for status, _page in anonymous_views(site + "/news/release/"))
    assert all("release/" not in page for _status, page in anonymous_views(site + "/news/"))
