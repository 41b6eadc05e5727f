"""Every public page runs a fixed, small number of SQL queries whatever the data size.

The page cache is off here (every request renders); reference data (menu, country
and topic lists, archive counts) and shared fragments (kernel.cache.cached_fragment)
are kept per content generation, as in production.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bench.dataset import build
from kernel.cache import bump_generation
from news.models import NewsItem
from pages.models import Page

pytestmark = pytest.mark.django_db

# The queries each public page runs (the same on SQLite and PostgreSQL), whatever the
# number of items: the first request after a change (rendering the fragments every
# page shares: menu, cards, archive, a release's content, the home page's media
# contacts for its structured data) and the next one (a page with its fragments
# rendered, e.g. another filter or page of the same list, a staff member's visit; a
# release or page is then found without a query). A change here is a change to look
# at, not a number to bump.
QUERIES = {
    "/": (8, 1), "/news/": (12, 1), "/news/?page=2": (12, 1),
    "/news/?country=uzbekistan&year=2020": (12, 1),
    "/news/?topic=topic-01&type=press-release&scope=local": (12, 1),
    "/news/country/uzbekistan/": (13, 1), "/news/country/uzbekistan/?topic=topic-01": (13, 1),
    "/news/<item>/": (11, 0), "/section-0/page-0/": (4, 0), "/section-0/": (4, 0),
    "/contacts/": (4, 2), "/search/?q=migration": (8, 4), "/search/?q=migration&page=2": (6, 2),
    "/news/feed/": (3, 3), "/news/feed/atom/": (3, 3), "/news/country/uzbekistan/feed/": (4, 4),
    "/news/topic/topic-01/feed/atom/": (4, 4), "/sitemap.xml": (8, 8),
    "/sitemap-news.xml": (1, 1), "/sitemap-pages.xml": (1, 1), "/sitemap-countries.xml": (1, 1),
    "/robots.txt": (0, 0),
    "/no-such-page/": (5, 3),  # a 404 looks for a redirect (only a 404 does)
    "/ru/": (8, 1), "/ru/news/": (12, 1), "/ru/news/country/uzbekistan/": (13, 1),
    "/ru/search/?q=migration": (8, 4), "/ru/news/feed/": (3, 3),
    "/kk/": (8, 1), "/kk/news/": (12, 1), "/kk/news/country/uzbekistan/": (13, 1),
    "/kk/search/?q=migration": (8, 4), "/kk/news/feed/": (3, 3),
    "/ru/news/<item>/": (2, 0), "/ru/section-0/page-0/": (4, 0),
}  # fmt: skip


OTHER_LANGUAGE_URLS = ["/", "/news/", "/news/country/uzbekistan/", "/search/?q=migration",
                       "/news/feed/"]  # fmt: skip


def public_urls():
    item = NewsItem.objects.published().order_by("-published_at")[3]
    page = Page.objects.published().filter(depth=2).order_by("path").first()
    return [
        "/",
        "/news/",
        "/news/?page=2",
        "/news/?country=uzbekistan&year=2020",
        "/news/?topic=topic-01&type=press-release&scope=local",
        "/news/country/uzbekistan/",
        "/news/country/uzbekistan/?topic=topic-01",
        item.get_absolute_url(),
        page.get_absolute_url(),
        page.parent.get_absolute_url(),
        "/contacts/",
        "/search/?q=migration",
        "/search/?q=migration&page=2",
        "/news/feed/",
        "/news/feed/atom/",
        "/news/country/uzbekistan/feed/",
        "/news/topic/topic-01/feed/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-pages.xml",
        "/sitemap-countries.xml",
        "/robots.txt",
        "/no-such-page/",  # 404
        # Russian and Kazakh versions: translated and untranslated items, per-language
        # paths and search.
        *(f"/{code}{url}" for code in ("ru", "kk") for url in OTHER_LANGUAGE_URLS),
        *russian_urls(item, page),
    ]


def russian_urls(item, page):
    translated = NewsItem.objects.published().filter(slug_ru__isnull=False).first()
    with translation.override("ru"):
        return [
            item.get_absolute_url(),
            translated.get_absolute_url(),
            page.get_absolute_url(),
            "/ru/news/" + translated.slug_en + "/",  # 301 to the Russian slug
        ]


def query_counts(client):
    """{url: (queries of the first request after a change, of the next one)}."""
    counts = {}
    with translation.override("en"):  # an earlier request to /ru/ left Russian active
        urls = public_urls()
    redirecting = urls[-1]  # the English slug under /ru/
    for url in urls:
        bump_generation()  # a change: nothing rendered is kept
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        with CaptureQueriesContext(connection) as again:
            response = client.get(url)
        expected = 404 if url == "/no-such-page/" else 301 if url == redirecting else 200
        assert response.status_code == expected, url
        counts[re.sub(r"bench-(ru-)?\d+", "<item>", url)] = (len(first), len(again))
    return counts


def test_query_counts_are_fixed_whatever_the_data_size(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    build(60, pages=30, contacts=10, topics=6)
    assert query_counts(client) == QUERIES
    build(250, pages=90, contacts=30, topics=15)
    assert query_counts(client) == QUERIES


def test_cached_pages_run_no_query(client, django_assert_num_queries):
    build(30, pages=20, contacts=5, topics=4)
    for url in ["/", "/news/", "/news/country/uzbekistan/", "/contacts/", "/news/feed/"]:
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url)["X-Cache"] == "hit"
