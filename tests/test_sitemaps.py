"""sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from news.models import NewsItem
from pages.models import Page

from .support import tomorrow

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client):
    """Follow the sitemap index to every section sitemap; {location: lastmod}."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    entries = {}
    for sitemap in ET.fromstring(index.content):
        location = sitemap.findtext(f"{NS}loc")
        assert location.startswith("http://testserver/sitemap-")
        response = client.get(location.removeprefix("http://testserver"))
        assert response.status_code == 200
        for url in ET.fromstring(response.content):
            entries[url.findtext(f"{NS}loc")] = url.findtext(f"{NS}lastmod")
    return entries


def test_sitemap_lists_public_pages_news_and_countries(client, make_page, make_news, make_country):
    uz = make_country("Uzbekistan", "UZ")
    make_country("Turkmenistan", "TM")
    parent = make_page("Who We Are", slug="who-we-are")
    make_page("About", slug="about", parent=parent)
    hidden_parent = make_page("Hidden", slug="hidden", status=Page.Status.DRAFT)
    make_page("Orphan", slug="orphan", parent=hidden_parent)
    make_news("Public", slug="public", countries=[uz])
    make_news("Draft", slug="draft", status=NewsItem.Status.DRAFT)
    make_news("Soon", slug="soon", published_at=tomorrow())

    entries = sitemap_entries(client)
    base = "http://testserver"
    for path in [
        "/",
        "/news/",
        "/contacts/",
        "/who-we-are/",
        "/who-we-are/about/",
        "/news/public/",
        "/news/country/uzbekistan/",
        "/news/country/turkmenistan/",
    ]:
        assert base + path in entries, path
    for path in ["/hidden/", "/hidden/orphan/", "/news/draft/", "/news/soon/"]:
        assert base + path not in entries, path
    assert entries[base + "/news/public/"]
    assert entries[base + "/news/country/uzbekistan/"]  # lastmod from its latest news


def test_robots_txt_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_sitemap_query_count_is_fixed(client, make_news, make_page, django_assert_num_queries):
    for _ in range(30):
        make_news()
        make_page()
    with django_assert_num_queries(2):
        assert client.get("/sitemap-news.xml").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/sitemap-pages.xml").status_code == 200


def test_large_sitemaps_are_paginated(client, make_news, settings):
    from news.sitemaps import NewsSitemap

    NewsSitemap.limit = 5
    try:
        for _ in range(12):
            make_news()
        index = ET.fromstring(client.get("/sitemap.xml").content)
        news_pages = [
            s.findtext(f"{NS}loc") for s in index if "sitemap-news" in s.findtext(f"{NS}loc")
        ]
        assert len(news_pages) == 3  # 12 items, 5 a page (each in its languages)
        assert client.get("/sitemap-news.xml?p=3").status_code == 200
        assert client.get("/sitemap-news.xml?p=99").status_code == 404
        assert client.get("/sitemap-news.xml?p=abc").status_code == 404
    finally:
        NewsSitemap.limit = 5000
