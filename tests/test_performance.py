"""Every public page runs a fixed, small number of SQL queries whatever the data size.

The page cache is off here (every request renders); reference data (menu, country
and topic lists, archive counts) is cached per content generation, as in production.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bench.dataset import build
from news.models import NewsItem
from pages.models import Page

pytestmark = pytest.mark.django_db
MAX_QUERIES = 8


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
    counts = {}
    with translation.override("en"):  # an earlier request to /ru/ left Russian active
        urls = public_urls()
    redirecting = urls[-1]  # the English slug under /ru/
    for url in urls:
        client.get(url)  # warms the reference data, as any earlier visitor would
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        expected = 404 if url == "/no-such-page/" else 301 if url == redirecting else 200
        assert response.status_code == expected, url
        counts[re.sub(r"bench-(ru-)?\d+", "<item>", url)] = len(queries)
    return counts


def test_query_counts_are_small_and_do_not_grow_with_data(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    build(60, pages=30, contacts=10, topics=6)
    small = query_counts(client)
    build(600, pages=120, contacts=40, topics=20)
    large = query_counts(client)
    too_many = {url: n for url, n in large.items() if n > MAX_QUERIES}
    assert not too_many, too_many
    assert small.keys() == large.keys(), set(small) ^ set(large)
    grew = {url: (small[url], large[url]) for url in small if large[url] != small[url]}
    assert not grew, grew


def test_cached_pages_run_no_query(client, django_assert_num_queries):
    build(30, pages=20, contacts=5, topics=4)
    for url in ["/", "/news/", "/news/country/uzbekistan/", "/contacts/", "/news/feed/"]:
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url)["X-Cache"] == "hit"
