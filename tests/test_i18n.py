"""English at /, Russian at /ru/, Kazakh at /kk/: interface, switcher, hreflang, feeds."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from .support import elements, parse

pytestmark = pytest.mark.django_db
LOCALE = Path(__file__).resolve().parent.parent / "locale"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site(make_country, make_news, make_page):
    uz = make_country("Uzbekistan", "UZ")
    item = make_news(
        "Uzbekistan may become a member to IOM",
        slug="uzbekistan-member",
        countries=[uz],
        lead="Lead in English.",
    )
    parent = make_page("Who We Are", slug="who-we-are")
    make_page("About", slug="about", parent=parent)
    return {"item": item}


@pytest.mark.parametrize(
    ("prefix", "lang", "news_word"),
    [("", "en", "News"), ("/ru", "ru", "Новости"), ("/kk", "kk", "Жаңалықтар")],
)
def test_every_public_page_in_each_language(client, site, prefix, lang, news_word):
    for path in [
        "/",
        "/news/",
        "/news/uzbekistan-member/",
        "/who-we-are/about/",
        "/contacts/",
        "/news/country/uzbekistan/",
        "/search/?q=member",
    ]:
        response = client.get(prefix + path)
        assert response.status_code == 200, prefix + path
        content = response.content.decode()
        assert elements(content, "html", lang=lang), prefix + path
        assert news_word in content, prefix + path


def test_switcher_keeps_the_reader_on_the_same_page(client, site):
    page = parse(client.get("/ru/news/uzbekistan-member/?utm=x"))
    # Untranslated: the Russian and Kazakh versions show the English text, so only the
    # English one is an alternate (and canonical); the switcher still offers all three.
    alternates = {link["hreflang"]: link["href"] for link in page.links if link.get("hreflang")}
    # Alternates and canonical leave out the query (tracking parameters and the like).
    assert alternates == {
        "en": "http://testserver/news/uzbekistan-member/",
        "x-default": "http://testserver/news/uzbekistan-member/",
    }
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver/news/uzbekistan-member/"]
    content = client.get("/ru/news/uzbekistan-member/?utm=x").content.decode()
    # Parameters no page reads (tracking) are dropped: the cached page is everyone's.
    assert elements(content, "a", href="/kk/news/uzbekistan-member/", hreflang="kk")
    content = client.get("/ru/news/?utm=x&year=2018").content.decode()
    assert elements(content, "a", href="/kk/news/?year=2018", hreflang="kk")
    content = client.get("/kk/who-we-are/about/").content.decode()
    assert elements(content, "a", href="/ru/who-we-are/about/", hreflang="ru", lang="ru")
    assert elements(content, "a", href="/who-we-are/about/", hreflang="en", lang="en")
    assert elements(
        content, "a", href="/kk/who-we-are/about/", hreflang="kk", lang="kk", aria_current="true"
    )


def test_canonical_is_the_language_version(client, site):
    page = parse(client.get("/ru/news/"))
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver/ru/news/"]


def test_untranslated_content_falls_back_to_english_with_a_note(client, site):
    content = client.get("/ru/news/uzbekistan-member/").content.decode()
    assert "Lead in English." in content
    assert elements(content, "h1", lang="en", text="Uzbekistan may become a member to IOM")
    (note,) = elements(content, "p", class_="untranslated-note")
    assert "английском" in note["text"]  # said in Russian, not mixed with English
    assert not elements(client.get("/news/uzbekistan-member/"), None, class_="untranslated-note")


def test_dates_in_the_readers_language(client, make_news):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    make_news(slug="dated", published_at=datetime(2018, 4, 2, 12, tzinfo=ZoneInfo("Asia/Almaty")))
    assert "2 апреля 2018" in client.get("/ru/news/dated/").content.decode()
    assert "2 April 2018" in client.get("/news/dated/").content.decode()


@pytest.mark.parametrize("path", ["/de/news/", "/fr/", "/xx/who-we-are/about/", "/ru/news/nope/"])
def test_unknown_language_prefix_or_slug_is_404(client, site, path):
    assert client.get(path).status_code == 404


def test_per_language_feeds(client, site):
    channel = ET.fromstring(client.get("/ru/news/feed/").content).find("channel")
    assert channel.findtext("link") == "http://testserver/ru/news/"
    item = channel.find("item")
    assert item.findtext("link") == "http://testserver/ru/news/uzbekistan-member/"
    assert client.get("/kk/news/country/uzbekistan/feed/atom/").status_code == 200


def sitemap_locations(xml):
    """The page addresses a sitemap lists, in order."""
    return [loc.text for loc in ET.fromstring(xml).iter(f"{SITEMAP}loc")]


def test_sitemap_lists_the_translated_languages_with_alternates(client, site):
    item = site["item"]
    content = client.get("/sitemap-news.xml").content.decode()
    assert "http://testserver/news/uzbekistan-member/" in sitemap_locations(content)
    assert "/ru/news/" not in content  # not translated yet: no duplicate of the English
    item.title_ru, item.slug_ru = "Узбекистан может стать членом МОМ", "uzbekistan-mozhet"
    item.save()
    content = client.get("/sitemap-news.xml").content.decode()
    assert "http://testserver/ru/news/uzbekistan-mozhet/" in sitemap_locations(content)
    link = "xhtml:link"
    assert elements(
        content, link, hreflang="ru", href="http://testserver/ru/news/uzbekistan-mozhet/"
    )
    assert elements(
        content, link, hreflang="x-default", href="http://testserver/news/uzbekistan-member/"
    )
    assert "/kk/news/" not in content


def test_catalogues_are_complete_and_compiled():
    for language in ("ru", "kk"):
        po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
        entries = po.split("\n\n")[1:]
        untranslated = [e for e in entries if 'msgstr ""' in e and e.rstrip().endswith('msgstr ""')]
        assert not untranslated, untranslated[:3]
        assert "#, fuzzy" not in po
        mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
        assert mo.exists() and mo.stat().st_size > 1000


class UrlAttributes(HTMLParser):
    """Every href, src, action and content attribute of a page, with its tag."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, dict(attrs), name, value or "") for name, value in attrs
                       if name in ("href", "src", "action", "content")]  # fmt: skip


def get_raw(client, url):
    """GET ``url`` with its path as a server passes it on: the test client would read
    ``//evil.example/x/`` as a host and a path, as a browser does, but a crafted request
    line (or a proxy) can hand Django exactly that path."""
    path, _, query = url.partition("?")
    return client.get(path, PATH_INFO=unquote(path), QUERY_STRING=query)


def url_attributes(response):
    parser = UrlAttributes()
    parser.feed(response.content.decode())
    return parser.found


HOSTILE_PATHS = [
    "//evil.example/x/",
    "//evil.example/",
    "//evil.example/who-we-are/about/",
    "///evil.example/x/",
    "/ru//evil.example/x/",
    "/kk//evil.example/who-we-are/",
    "/ru/%2F%2Fevil.example/x/",
    "/news/nope/?next=//evil.example/",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_404_builds_no_link_from_the_requested_path(client, site, path):
    response = get_raw(client, path)
    assert response.status_code == 404
    assert response.wsgi_request.path_info == unquote(path.partition("?")[0])
    found = url_attributes(response)
    assert not [value for *_rest, value in found if "evil.example" in value]
    # There is no page here: nothing to call canonical, no language versions of it,
    # no address to share; the switcher leads to each language's home page.
    head_links = [attrs for tag, attrs, *_ in found if tag == "link"]
    assert not [a for a in head_links if a.get("rel") == "canonical" or "hreflang" in a]
    assert not [a for tag, a, *_ in found if a.get("property") == "og:url"]
    switcher = [a["href"] for tag, a, *_ in found if tag == "a" and a.get("hreflang")]
    assert switcher == ["/", "/ru/", "/kk/"]


@pytest.mark.parametrize("path", ["//who-we-are/about/", "/ru//who-we-are/about/", "//news/"])
def test_absolute_links_are_on_this_site_whatever_the_path(client, site, path):
    """Extra slashes that still reach a page (or a 404) never make a link to another
    host: ``//who-we-are/about/`` is not http://who-we-are/about/."""
    for tag, _attrs, _name, value in url_attributes(get_raw(client, path)):
        if re.match(r"(\w+:)?//|/\\", value):
            assert value.startswith("http://testserver/"), (tag, value)


@pytest.mark.parametrize(
    ("lang", "count", "pages"),
    [("en", "12,345 news items", "Page 1,234 of 1,235"),
     ("ru", "12\xa0345", "1\xa0234 из 1\xa0235"),
     ("kk", "12\xa0345", "1\xa0235")],
)  # fmt: skip
def test_large_counts_are_grouped_as_each_language_writes_them(lang, count, pages):
    """A count (results, a page total, the archive's) of thousands is written as
    readers of the language write it (12,345 in English; 12 345 in Russian and
    Kazakh), never 12345; a year stays 2026."""
    page = Paginator(range(12_345), 10).page(1_234)
    with translation.override(lang):
        counted = render_to_string("news/includes/results.html", {"paginator": page.paginator})
        paged = render_to_string(
            "includes/pagination.html",
            {"is_paginated": True, "page_obj": page, "page_range": [1_233, 1_234, 1_235]},
            request=RequestFactory().get("/news/"),
        )
        link = {"href": "/news/?year=2026"}
        archive = render_to_string(
            "news/includes/archive.html",
            {"archive": [{"year": 2026, "count": 4453, "link": link, "months": []}]},
        )
    assert count in counted and "12345" not in counted
    assert pages in paged and not re.search(r">\s*123[345]<", paged)  # nor the links
    assert "page=1235" in paged  # a link is a number, never grouped
    group = count[2]  # the language's separator
    assert f"(4{group}453)" in archive and "2026" in archive  # a year is never grouped
