"""What keeps uncached pages fast without changing what anyone sees: fragments rendered
once per content generation (kernel.cache.cached_fragment), one render for many
simultaneous first requests, and compressed responses."""

import gzip
import random
import threading
import time
from unittest import mock

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from kernel import cache as site_cache

from .support import elements

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    """The page cache off: every request renders (fragments still cached)."""
    settings.PAGE_CACHE_SECONDS = 0


def test_a_change_shows_at_once_in_every_fragment(client, uncached, make_news, make_page):
    page = make_page("Who we are", show_in_menu=True)
    item = make_news("Border health week")
    for url in ("/", "/news/", item.get_absolute_url(), page.get_absolute_url()):
        assert client.get(url).status_code == 200  # every fragment rendered and kept
    item.title = "Border health month"
    item.save()
    page.title = "About us"
    page.save()
    for url in ("/", "/news/", item.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "Border health month" in content and "Border health week" not in content, url
    menu = elements(client.get("/news/").content.decode(), "nav", class_="main-nav")[0]
    assert elements(menu, "a", text="About us")


def test_the_menu_marks_the_page_shown_whatever_page_rendered_it_first(client, uncached, make_page):
    about = make_page("About", show_in_menu=True)
    team = make_page("Team", parent=about, show_in_menu=True)
    client.get("/news/")
    content = client.get(team.get_absolute_url()).content.decode()
    (menu,) = elements(content, "nav", class_="main-nav")
    assert elements(menu, "a", text="Team", aria_current="page")
    assert not elements(menu, "a", text="News", aria_current="page")
    content = client.get("/news/").content.decode()
    (menu,) = elements(content, "nav", class_="main-nav")
    assert elements(menu, "a", text="News", aria_current="page")
    assert not elements(menu, "a", text="Team", aria_current="page")


def test_fragments_with_addresses_are_kept_per_site(uncached, make_news):
    item = make_news("Dialogue in Almaty")
    for host in ("127.0.0.1", "localhost"):
        content = Client(HTTP_HOST=host).get(item.get_absolute_url()).content.decode()
        (url,) = [m["attrs"]["content"] for m in elements(content, "meta", property="og:url")]
        assert url == f"http://{host}{item.get_absolute_url()}"


def test_a_draft_preview_never_fills_a_fragment(editor_client, uncached, make_news):
    item = make_news("Scheduled talks", status="draft")
    assert "Scheduled talks" in editor_client.get(item.get_absolute_url()).content.decode()
    item.title = "Talks postponed"
    # Written without a new generation (as if nothing public changed): a kept
    # fragment of the preview would show the old title.
    type(item).objects.filter(pk=item.pk).update(title_en="Talks postponed")
    assert "Talks postponed" in editor_client.get(item.get_absolute_url()).content.decode()


class SharedCacheSpy:
    """The shared cache, noting each round trip asked of it: a read, or an
    ``exchange`` (one round trip, whichever cache is behind it)."""

    def __init__(self, real):
        self.real, self.trips, self.writes = real, [], []

    def get(self, key, default=None):
        self.trips.append("get")
        return self.real.get(key, default)

    def get_many(self, keys):
        self.trips.append("get_many")
        return self.real.get_many(keys)

    def exchange(self, lock, reads, writes, deletes):
        self.trips.append("exchange")
        self.writes += [sorted(values) for values in writes.values()]
        together = getattr(self.real, "exchange", None)
        if together is None:
            return site_cache.exchange_in_steps(self.real, lock, reads, writes, deletes)
        return together(lock, reads, writes, deletes)

    def __getattr__(self, name):
        return getattr(self.real, name)


def another_process():
    """What this process keeps for itself forgotten, the shared cache left as it is."""
    for memo in (site_cache._fragments, site_cache._references, site_cache._pages):
        memo.entries.clear()


def test_a_page_writes_what_it_rendered_in_one_round_trip(client, uncached, make_news):
    """After a change a page renders some thirty fragments; they reach the shared cache
    together, and another process finds them there (rendering only the few kept in
    each process: the head's links, the brand, the footer) and writes nothing."""
    make_news("Migrant resource centre opens")
    spy = SharedCacheSpy(site_cache.cache)
    with mock.patch.object(site_cache, "cache", spy):
        first = client.get("/news/").content
        assert spy.trips.count("exchange") == 1
        assert len(spy.writes) == 1 and len(spy.writes[0]) > 3
        another_process()
        spy.writes.clear()
        assert client.get("/news/").content == first
    assert spy.writes == []


@pytest.mark.parametrize("url", ["/", "/news/", "/search/?q=forum"])
def test_the_first_request_after_a_change_makes_three_round_trips(client, make_news, url):
    """The first visitor after a publication waits for the page's lookup, one round
    trip for its lock and what it needed when last rendered here (menu, archive,
    cards: read at once, not one by one as the page renders), and one to store the
    page with what it rendered, letting go of the lock last."""
    item = make_news("Labour mobility forum")
    client.get(url)  # rendered once in this process: it knows what the page needs
    item.title = "Labour mobility forum in Almaty"
    item.save()  # a change: a new generation
    spy = SharedCacheSpy(site_cache.cache)
    with mock.patch.object(site_cache, "cache", spy):
        response = client.get(url)
        assert response["X-Cache"] == "miss"
        assert spy.trips == ["get", "exchange", "exchange"]
        assert item.title in response.content.decode()
        another_process()
        spy.trips.clear()
        assert client.get(url)["X-Cache"] == "hit"
        assert spy.trips == ["get"]


def page_view(renders, seconds=0.3):
    def view(request):
        renders.append(threading.get_ident())
        time.sleep(seconds)  # a slow page: the others arrive meanwhile
        return HttpResponse("<!doctype html><p>" + "Almaty " * 100, content_type="text/html")

    return view


def test_simultaneous_first_requests_render_a_page_once(settings):
    """After a publication every page is asked for anew; 8 visitors asking for the
    same page at the same moment get one render between them."""
    settings.PAGE_CACHE_SECONDS = 600
    renders = []
    middleware = site_cache.PageCacheMiddleware(page_view(renders))
    generation = {"id": random.getrandbits(62), "changed_at": 0, "next_at": 0}
    answers = []

    def visit():
        answers.append(middleware(RequestFactory().get("/news/")))

    with mock.patch.object(site_cache, "content_generation", return_value=generation):
        threads = [threading.Thread(target=visit) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(renders) == 1
    assert sorted(answer["X-Cache"] for answer in answers) == ["hit, waited"] * 7 + ["miss"]
    assert len({answer.content for answer in answers}) == 1


class HolderFinishesWhileWeLook:
    """The shared cache, where the request holding the lock stores the page and lets
    go of the lock just after a waiter first looks for the page."""

    def __init__(self, real, key, lock, stored):
        self.real, self.key, self.lock, self.stored = real, key, lock, stored
        self.finished = False

    def get(self, name, default=None):
        value = self.real.get(name, default)
        if name == self.key and not self.finished:
            self.finished = True
            self.real.set(self.key, self.stored, 600)
            self.real.delete(self.lock)
        return value

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("lock_held", [True, False])
def test_a_page_stored_by_another_request_is_served_not_rendered_again(settings, lock_held):
    """Whether a visitor waits on the lock while its holder finishes, or takes the lock
    just after the holder stored the page, it gets the stored page."""
    settings.PAGE_CACHE_SECONDS = 600
    renders = []
    middleware = site_cache.PageCacheMiddleware(page_view(renders, seconds=0))
    generation = {"id": random.getrandbits(62), "changed_at": 0, "next_at": 0}
    key = f"test-page:{generation['id']}"
    lock = f"{key}:rendering"
    page = HttpResponse("<!doctype html><p>Stored by the other request", content_type="text/html")
    stored = middleware.store(page, generation, f"{key}:elsewhere")
    shared = site_cache.cache
    if lock_held:
        shared.set(lock, 1, 30)
        shared = HolderFinishesWhileWeLook(shared, key, lock, stored)
    else:
        shared.set(key, stored, 600)  # stored, lock released, before this visitor asks
    with mock.patch.object(site_cache, "cache", shared):
        answer = middleware.render_once(RequestFactory().get("/news/"), generation, key)
    assert renders == []
    assert answer["X-Cache"] == "hit, waited"
    assert answer.content == b"<!doctype html><p>Stored by the other request"


def test_waiting_visitors_render_themselves_when_the_page_is_not_cacheable(settings):
    settings.PAGE_CACHE_SECONDS = 600
    renders = []

    def view(request):
        response = page_view(renders, seconds=0.1)(request)
        response.set_cookie("chosen", "1")  # someone's own answer: never shared
        return response

    middleware = site_cache.PageCacheMiddleware(view)
    generation = {"id": random.getrandbits(62), "changed_at": 0, "next_at": 0}
    started = time.monotonic()
    with mock.patch.object(site_cache, "content_generation", return_value=generation):
        threads = [
            threading.Thread(target=middleware, args=[RequestFactory().get("/alerts/")])
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(renders) == 4
    assert time.monotonic() - started < settings.PAGE_CACHE_WAIT_SECONDS


@pytest.mark.parametrize("cached", [True, False])
def test_pages_feeds_and_sitemaps_are_sent_compressed(client, settings, make_news, cached):
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    make_news("Labour mobility forum")
    for url in ("/news/", "/news/feed/", "/sitemap-news.xml"):
        plain = client.get(url)
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert "Content-Encoding" not in plain, url
        assert packed["Content-Encoding"] == "gzip", url
        for response in (plain, packed):
            assert "Accept-Encoding" in response["Vary"], url
        assert gzip.decompress(packed.content) == plain.content, url
        assert len(packed.content) < len(plain.content), url
        assert int(packed["Content-Length"]) == len(packed.content), url


def test_a_compressed_page_answers_304_to_its_etag(client, make_news):
    make_news("Youth employment study")
    first = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip")
    again = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_staff_who_may_preview_find_drafts_visitors_do_not(editor_client, uncached, make_news):
    """Visitors' lookups of an address are kept per content generation; staff who may
    preview look it up each time, so a draft at an address is theirs alone."""
    item = make_news("Embargoed survey", status="draft")
    url = item.get_absolute_url()
    visitor = Client()
    assert editor_client.get(url).status_code == 200  # found first by staff
    assert visitor.get(url).status_code == 404
    assert editor_client.get(url).status_code == 200
    item.status = "published"
    item.save()
    assert visitor.get(url).status_code == 200
