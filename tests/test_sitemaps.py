"""sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from news.models import NewsItem
from pages.models import Page

from .conftest import tomorrow

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root}


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


def test_sitemap_query_count_is_fixed(client, make_news, make_page, django_assert_max_num_queries):
    for _ in range(30):
        make_news()
        make_page()
    with django_assert_max_num_queries(4):
        client.get("/sitemap.xml")
