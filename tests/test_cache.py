"""The anonymous page cache: hits, invalidation, scheduling, privacy, 304s, outages."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from kernel import cache as site_cache
from news.models import NewsItem

from .support import database_down, elements

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_cache(
    client, make_news, django_assert_num_queries
):
    make_news("Cached story")
    first = client.get("/news/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/news/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]


def test_publishing_changing_and_unpublishing_invalidate_at_once(client, make_news):
    item = make_news("First title")
    assert "First title" in client.get("/news/").content.decode()
    item.title = "Second title"
    item.save()
    assert "Second title" in client.get("/news/").content.decode()
    item.status = NewsItem.Status.DRAFT
    item.save()
    assert "Second title" not in client.get("/news/").content.decode()
    draft = make_news("Fresh release", status=NewsItem.Status.DRAFT)
    client.get("/")
    draft.status = NewsItem.Status.PUBLISHED
    draft.save()
    assert "Fresh release" in client.get("/").content.decode()


def test_relinking_countries_invalidates(client, make_news, make_country):
    item = make_news("Tagged later")
    uz = make_country("Uzbekistan", "UZ")
    assert "Tagged later" not in client.get("/news/?country=uzbekistan").content.decode()
    item.countries.add(uz)
    assert "Tagged later" in client.get("/news/?country=uzbekistan").content.decode()


def test_scheduled_item_appears_when_its_time_comes(client, make_news):
    release_at = timezone.now() + timedelta(hours=1)
    make_news("Embargoed until nine", published_at=release_at)
    assert "Embargoed until nine" not in client.get("/news/").content.decode()
    assert client.get("/news/")["X-Cache"] == "hit"
    later = release_at + timedelta(seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch.object(site_cache.time, "time", return_value=later.timestamp()),
    ):
        response = client.get("/news/")
    assert "Embargoed until nine" in response.content.decode()


def test_cache_entries_never_outlive_the_next_scheduled_time(make_news):
    make_news(published_at=timezone.now() + timedelta(seconds=90))
    generation = site_cache.content_generation()
    assert 0 < site_cache.timeout_for(generation, 600) <= 90


def test_staff_are_never_served_or_stored_in_the_page_cache(editor_client, make_news):
    draft = make_news("Staff-only draft", status=NewsItem.Status.DRAFT)
    preview = editor_client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "X-Cache" not in preview
    editor_client.get("/news/")
    assert "X-Cache" not in editor_client.get("/news/")
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_unchanged_page_answers_304(client, make_news):
    make_news()
    first = client.get("/news/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get("/news/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    since = client.get("/news/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_cached_pages_survive_a_database_outage(client, make_news):
    make_news("Still readable")
    client.get("/news/")
    with database_down():
        response = client.get("/news/")
    assert response.status_code == 200
    assert "Still readable" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "lang", "apology"),
    [
        ("/news/?year=2019", "en", "Back in a moment"),
        ("/ru/news/?year=2019", "ru", "Скоро вернёмся"),
    ],
)
def test_uncached_page_during_database_outage_is_a_friendly_503_in_the_readers_language(
    client, db, url, lang, apology
):
    client.raise_request_exception = False
    with database_down():
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    content = response.content.decode()
    assert elements(content, "html", lang=lang)
    assert apology in content
    assert "Traceback" not in content
    assert client.get(url).status_code == 200  # recovered by itself


def test_other_errors_are_a_plain_500_page(client, db):
    client.raise_request_exception = False
    with mock.patch("news.views.NewsListView.get_archive_rows", side_effect=ValueError("bug")):
        response = client.get("/news/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_site_keeps_serving_when_redis_is_down(client, make_news, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "kernel.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    site_cache.ResilientRedisCache._last_warning = 0.0
    make_news("Served without Redis")
    with caplog.at_level("WARNING", logger="kernel.cache"):
        started = time.monotonic()
        response = client.get("/news/")
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert "Served without Redis" in response.content.decode()
    assert "Cache (Redis) unavailable" in caplog.text
    assert elapsed < 10


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_a_request_reads_the_content_generation_once(
    client, make_news, make_country, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    make_news(countries=[make_country("Uzbekistan", "UZ")])
    client.get("/ru/news/country/uzbekistan/")  # fills menu, lists and archive counts
    site_cache.forget_generation()  # as after another process's change
    real_read = site_cache._read_stored_generation
    with mock.patch.object(site_cache, "_read_stored_generation", side_effect=real_read) as read:
        assert client.get("/ru/news/country/uzbekistan/?page=1").status_code == 200
    assert read.call_count == 1


def test_parameters_no_view_reads_share_one_cache_entry(client, make_news):
    """Random query strings cannot make the site render pages at will."""
    make_news("Campaign link")
    first = client.get("/news/?utm_source=newsletter")
    assert first["X-Cache"] == "miss"
    assert "utm_source" not in first.content.decode()  # the view never saw it
    for n in range(5):
        assert client.get(f"/news/?utm_source={n}&b={n}")["X-Cache"] == "hit"
    assert client.get("/news/")["X-Cache"] == "hit"
    assert client.get("/sitemap-news.xml?p=1")["X-Cache"] == "miss"
    assert client.get("/sitemap-news.xml?b=random&p=1")["X-Cache"] == "hit"
    # Parameters a view reads still make their own pages, in any order.
    assert client.get("/news/?year=2020&type=news")["X-Cache"] == "miss"
    assert client.get("/news/?type=news&year=2020&x=1")["X-Cache"] == "hit"


def test_local_memory_cache_has_an_entry_limit():
    """Without Redis, each process's cache holds a bounded number of pages."""
    from iomsite.settings import base

    if base.os.environ.get("REDIS_URL"):
        pytest.skip("Redis is bounded by its maxmemory setting (README, Deploying)")
    assert base.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] == 500


def test_scheme_is_part_of_the_cache_key(client, make_news):
    make_news()
    secure = client.get("/news/", secure=True)
    assert "https://testserver/" in secure.content.decode()
    plain = client.get("/news/")
    assert plain["X-Cache"] == "miss"
    assert "https://testserver/" not in plain.content.decode()


def test_an_old_generation_coming_back_in_the_cache_changes_nothing(client, make_news):
    """A cache restored from a snapshot brings back its old keys; the generation is
    the database's, so pages of old generations are never served again."""
    item = make_news("Before the snapshot")
    client.get("/news/")
    snapshot = {key: site_cache.cache.get(key) for key in ("content-generation",)}
    generation = site_cache.content_generation()
    item.title = "After the snapshot"
    item.save()
    client.get("/news/")
    site_cache.cache.set("content-generation", snapshot["content-generation"] or generation)
    site_cache.forget_generation()
    assert "After the snapshot" in client.get("/news/").content.decode()


def test_the_new_generation_is_committed_with_the_change(make_news):
    """Written in the change's transaction: visible to every process at its commit,
    never before (a reader could otherwise cache the old page under it)."""
    from django.db import transaction

    from kernel.models import ContentGeneration

    item = make_news()
    before = site_cache.content_generation()["id"]
    with transaction.atomic():
        item.title = "Changed"
        item.save()
        assert ContentGeneration.objects.get().token != before
        assert site_cache.content_generation()["id"] != before  # this process sees it


@pytest.mark.django_db(transaction=True)
def test_a_reader_during_the_commit_leaves_no_stale_page_behind(make_news):
    """A visitor reading an item while a Publisher unpublishes it must not leave the
    published page in the cache for later visitors (it used to stay for the cache's
    lifetime: the generation changed before the commit, the reader re-filled it)."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the database for a write; PostgreSQL readers go on reading")
    item = make_news("Going offline")
    url = item.get_absolute_url()
    assert Client().get(url).status_code == 200
    seen = {}

    def read():
        try:
            seen["status"] = Client().get(url).status_code
        finally:
            connections.close_all()

    with transaction.atomic():
        item.status = NewsItem.Status.DRAFT
        item.save()
        reader = threading.Thread(target=read)
        reader.start()
        reader.join()
        assert seen["status"] == 200  # the change is not committed yet
    assert Client().get(url).status_code == 404


def test_a_made_up_session_cookie_does_not_bypass_the_cache(client, make_news):
    """Only a session that exists skips the page cache; an invented cookie cannot make
    the site render sitemaps and feeds at will."""
    make_news()
    client.cookies["sessionid"] = "made-up"
    assert client.get("/sitemap-news.xml?p=1&b=1")["X-Cache"] == "miss"
    assert client.get("/sitemap-news.xml?p=1&b=2")["X-Cache"] == "hit"
    assert client.get("/news/feed/")["X-Cache"] == "miss"
    assert client.get("/news/feed/")["X-Cache"] == "hit"


def test_staff_with_a_real_session_still_bypass_it(editor_client, make_news):
    make_news()
    editor_client.get("/news/feed/")
    assert "X-Cache" not in editor_client.get("/news/feed/")


@pytest.mark.parametrize(
    ("variants", "canonical"),
    [
        (["/sitemap-news.xml?p=01", "/sitemap-news.xml?p=001", "/sitemap-news.xml?p=1&p=1"],
         "/sitemap-news.xml?p=1"),
        (["/news/?year=02020", "/news/?year=2020&year=2020"], "/news/?year=2020"),
    ],
)  # fmt: skip
def test_the_same_value_written_differently_is_one_cache_entry(
    client, make_news, variants, canonical
):
    make_news(published_at=timezone.now().replace(year=2020))
    assert client.get(canonical)["X-Cache"] == "miss"
    for url in variants:
        assert client.get(url)["X-Cache"] == "hit", url


def test_page_numbers_that_do_not_exist_redirect_instead_of_rendering(client, make_news):
    for _ in range(12):
        make_news()
    for asked in ("999", "123456789", "last", "0", "-1", "abc"):
        response = client.get(f"/news/?page={asked}")
        assert response.status_code == 302, asked
        assert response["Location"] in ("?page=2", "?page=1", "/news/?page=2", "/news/?page=1")
    assert client.get("/news/?page=2").status_code == 200
    assert client.get("/search/?q=news&page=999").status_code == 302


def test_a_generation_read_inside_a_transaction_is_not_shared_with_other_threads(make_news):
    """Until the change commits, its new generation is the transaction's own: other
    threads of the process must keep the committed one (or they would cache old
    pages under the new generation)."""
    from django.db import transaction

    item = make_news()
    committed = site_cache.content_generation()["id"]
    with transaction.atomic():
        item.title = "Changed"
        item.save()
        assert site_cache.content_generation()["id"] != committed  # seen by this code
        assert site_cache._process_memo["generation"] is None  # but not remembered


@pytest.mark.django_db(transaction=True)
def test_readers_never_wait_for_an_editors_transaction(make_news):
    """When a scheduled time has come while an editor's save holds the generation,
    visitors are served at once (the save's commit brings a new generation)."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; PostgreSQL locks rows")
    item = make_news(published_at=timezone.now() + timedelta(seconds=1))
    site_cache.forget_generation()
    site_cache.content_generation()
    time.sleep(1.1)  # the scheduled time has come
    holding, done = threading.Event(), threading.Event()

    def editor_saves():
        try:
            with transaction.atomic():
                item.title = "Saved slowly"
                item.save()  # locks the generation until the commit
                holding.set()
                done.wait(10)
        finally:
            connections.close_all()

    editor = threading.Thread(target=editor_saves)
    editor.start()
    holding.wait(10)
    try:
        started = time.monotonic()
        site_cache.forget_generation()
        assert site_cache.content_generation() is not None
        assert time.monotonic() - started < 1
    finally:
        done.set()
        editor.join()
