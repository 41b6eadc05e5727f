"""RSS and Atom feeds, parsed with the standard library's XML parser."""

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import unescape

import pytest

from news.models import NewsItem, Topic

from .support import TZ, tomorrow

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_data(make_country, make_news):
    uz = make_country("Uzbekistan", "UZ")
    kz = make_country("Kazakhstan", "KZ")
    topic = Topic.objects.create(name="Labour mobility", slug="labour-mobility")
    releases = [  # title, slug, country, lead, published at (local time)
        ("Old UZ item", "old-uz", uz, "Lead of the old item.", (2018, 4, 2, 10, 0)),
        ("New KZ item", "new-kz", kz, "Lead of the new item.", (2024, 5, 6, 9, 30)),
    ]
    old, new = (
        make_news(title, slug=slug, countries=[country], lead=lead,
                  published_at=datetime(*when, tzinfo=TZ))
        for title, slug, country, lead, when in releases
    )  # fmt: skip
    new.topics.set([topic])
    make_news("Draft item", countries=[uz, kz], status=NewsItem.Status.DRAFT).topics.set([topic])
    make_news("Scheduled item", countries=[uz, kz], published_at=tomorrow()).topics.set([topic])
    return {"old": old, "new": new}


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def test_site_rss_feed(client, feed_data):
    channel, items = rss_items(client, "/news/feed/")
    assert [item.findtext("title") for item in items] == ["New KZ item", "Old UZ item"]
    first = items[0]
    assert first.findtext("link") == "http://testserver/news/new-kz/"
    assert first.findtext("description") == "Lead of the new item."
    published = parsedate_to_datetime(first.findtext("pubDate"))
    assert published == datetime(2024, 5, 6, 9, 30, tzinfo=TZ)
    assert {c.text for c in first.findall("category")} == {"Kazakhstan", "Labour mobility"}
    assert channel.findtext("link") == "http://testserver/news/"


def test_site_atom_feed(client, feed_data):
    response = client.get("/news/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["New KZ item", "Old UZ item"]
    assert entries[1].find(f"{ATOM}link").get("href") == "http://testserver/news/old-uz/"
    assert entries[1].findtext(f"{ATOM}published").startswith("2018-04-02T10:00:00+06:00")
    assert entries[1].findtext(f"{ATOM}summary") == "Lead of the old item."
    assert root.findtext(f"{ATOM}subtitle").startswith("Press releases and news from IOM")


def test_country_feeds(client, feed_data):
    _channel, items = rss_items(client, "/news/country/uzbekistan/feed/")
    assert [item.findtext("title") for item in items] == ["Old UZ item"]
    root = ET.fromstring(client.get("/news/country/kazakhstan/feed/atom/").content)
    assert root.findtext(f"{ATOM}subtitle") == "Press releases and news about Kazakhstan."
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["New KZ item"]


def test_topic_feeds(client, feed_data):
    channel, items = rss_items(client, "/news/topic/labour-mobility/feed/")
    assert [item.findtext("title") for item in items] == ["New KZ item"]
    assert "Labour mobility" in channel.findtext("title")
    assert client.get("/news/topic/labour-mobility/feed/atom/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/news/country/atlantis/feed/",
        "/news/country/atlantis/feed/atom/",
        "/news/topic/astrology/feed/",
        "/news/topic/astrology/feed/atom/",
    ],
)
def test_feeds_for_unknown_countries_or_topics_are_404(client, feed_data, url):
    assert client.get(url).status_code == 404


def test_feed_query_count_is_fixed(client, feed_data, make_news, django_assert_num_queries):
    for i in range(30):
        make_news(f"Bulk {i}")
    with django_assert_num_queries(4):
        _channel, items = rss_items(client, "/news/feed/")
    assert len(items) == 20


HOSTILE_LEAD = 'Aid <svg/onload=alert(1)> & "shelter" <b>now</b>'
HOSTILE_TITLE = "Tom & Jerry <i>meet</i>"


@pytest.mark.parametrize(
    "prefix", ["/news", "/news/country/uzbekistan", "/news/topic/labour-mobility"]
)
def test_leads_reach_feed_readers_as_text_not_markup(client, feed_data, make_news, prefix):
    """RSS descriptions and Atom summaries (type="html") are HTML to feed readers: the
    plain-text lead arrives escaped once, so readers show its characters."""
    item = make_news(HOSTILE_TITLE, lead=HOSTILE_LEAD, countries=feed_data["old"].countries.all())
    item.topics.set(Topic.objects.all())
    _channel, items = rss_items(client, f"{prefix}/feed/")
    description = items[0].findtext("description")
    assert "&lt;svg" in description and "<svg" not in description
    assert unescape(description) == HOSTILE_LEAD  # escaped once, not twice
    # Titles are plain text: as entered, which XML escaping alone keeps intact.
    assert items[0].findtext("title") == HOSTILE_TITLE

    root = ET.fromstring(client.get(f"{prefix}/feed/atom/").content)
    entry = root.find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "&lt;svg" in summary.text and "<svg" not in summary.text
    assert unescape(summary.text) == HOSTILE_LEAD
    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text" and title.text == HOSTILE_TITLE


@pytest.mark.parametrize(
    "url", ["/news/feed/", "/news/feed/atom/", "/news/country/uzbekistan/feed/"]
)
def test_control_characters_pasted_into_a_release_do_not_break_the_feeds(
    client, feed_data, make_news, url
):
    """A vertical tab or other control character (Word pastes carry them) is not
    allowed in XML 1.0: feeds leave it out instead of failing for every reader."""
    make_news(
        "Line one\x0bline two",
        lead="Lead\x01 with a control character.",
        countries=feed_data["old"].countries.all(),
    )
    response = client.get(url)
    assert response.status_code == 200
    ET.fromstring(response.content)  # well-formed
    assert b"Line oneline two" in response.content


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_entry_of_a_language_feed_says_which_language_it_is_in(client, make_news, language):
    """The office publishes in English first; a Russian or Kazakh feed lists every
    release, each marked with the language its text is in, so a reader (or its
    translation and speech tools) is never told English text is Russian."""
    make_news("Labour migration report", lead="English lead.")
    make_news("Border health week", lead="English lead.",
              **{f"title_{language}": "Неделя здоровья", f"lead_{language}": "Лид."})  # fmt: skip
    root = ET.fromstring(client.get(f"/{language}/news/feed/atom/").content)
    assert root.get(XML_LANG) == language
    entries = {e.findtext(f"{ATOM}title"): e.get(XML_LANG) for e in root.findall(f"{ATOM}entry")}
    assert entries == {"Неделя здоровья": None, "Labour migration report": "en"}  # None: inherits

    channel, items = rss_items(client, f"/{language}/news/feed/")
    assert channel.findtext("language") == language
    marks = {item.findtext("title"): item.findtext(f"{DC}language") for item in items}
    assert marks == {"Неделя здоровья": None, "Labour migration report": "en"}


def test_the_english_feed_marks_no_entry(client, feed_data):
    assert b"dc:language" not in client.get("/news/feed/").content
    assert b"xml:lang" not in client.get("/news/feed/atom/").content.split(b"<entry", 1)[1]
