"""What a search engine finds by following links: a bounded breadth-first crawl of
the demo site from the home page, as a crawler sees it (robots.txt obeyed, every
same-site link followed, rel=nofollow or not), counting the pages it may index.

Filter combinations are endless; the pages worth indexing are not. The indexable
pages (HTML answered 200 without a robots "noindex", each counted as the canonical
address it names) must stay within a small multiple of the sitemap's URLs however
the filters combine, and so must the crawl."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LIMIT = 2000  # requests: the bound of a crawl that would never end
# A crawler of the public site does not fetch these: files, feeds, the admin.
NOT_PAGES = re.compile(r"^/(static|media|admin)/|/feed/|\.(xml|pdf|txt|ico|svg|png|jpe?g|webp)$")


class Links(HTMLParser):
    """The ``href`` of every ``<a>``, the page's robots meta tag and canonical link."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.robots, self.canonical = [], "", None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "meta" and (attrs.get("name") or "").lower() == "robots":
            self.robots += (attrs.get("content") or "").lower()
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")


def local(url):
    """``url``'s path and query."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def robots_rules(text):
    """A matcher of the paths robots.txt keeps every crawler from, its ``*`` and a
    final ``$`` read as search engines read them (urllib.robotparser reads neither)."""
    rules = []
    for line in text.splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() == "disallow" and value.strip():
            pattern = re.escape(value.strip()).replace(r"\*", ".*")
            rules.append(re.compile(pattern[:-2] + "$" if pattern.endswith(r"\$") else pattern))
    return lambda url: not any(rule.match(url) for rule in rules)


def is_noindex(response, robots_meta):
    return "noindex" in robots_meta or "noindex" in response.get("X-Robots-Tag", "").lower()


def sitemap_urls(client):
    """The page URLs of /sitemap.xml's sections (every page of every section)."""
    index = client.get("/sitemap.xml").content.decode()
    urls, sections = set(), deque(re.findall(r"<sitemap><loc>([^<]+)</loc>", index))
    while sections:
        section = urlsplit(sections.popleft())
        content = client.get(section.path, query_params=dict([section.query.split("=")])
                             if section.query else None).content.decode()  # fmt: skip
        urls.update(re.findall(r"<url><loc>([^<]+)</loc>", content))
    return {local(url) for url in urls}


def crawl(client, start="/", limit=3000):
    """Breadth-first from ``start``: {url: (status, canonical)} of what was fetched
    (``canonical``: the address to index for an HTML page without "noindex", its
    own where it names none; else None), and whether the crawl ran out of links
    before ``limit`` requests."""
    allowed = robots_rules(client.get("/robots.txt").content.decode())
    seen, queue, fetched = {start}, deque([start]), {}
    while queue and len(fetched) < limit:
        url = queue.popleft()
        response = client.get(url)
        targets = []
        if response.status_code in (301, 302, 307, 308):
            targets.append(response["Location"])
            fetched[url] = (response.status_code, None)
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            parser = Links()
            parser.feed(response.content.decode())
            targets += parser.hrefs
            index = not is_noindex(response, parser.robots)
            fetched[url] = (200, (local(parser.canonical) if parser.canonical else url) if index
                            else None)  # fmt: skip
        else:
            fetched[url] = (response.status_code, None)
        for href in targets:
            target = urlsplit(urldefrag(urljoin(url, href))[0])
            if target.scheme not in ("", "http") or target.netloc not in ("", "testserver"):
                continue
            found = target.path + (f"?{target.query}" if target.query else "")
            if NOT_PAGES.search(target.path) or not allowed(found):
                continue
            if found not in seen:
                seen.add(found)
                queue.append(found)
    return fetched, not queue


def indexed(fetched):
    """What a search engine indexes of the pages fetched: the canonical addresses of
    the pages that may be indexed (a page naming another as canonical is folded
    into it: an untranslated release under /ru/, a filter's tracking parameters)."""
    return {canonical for status, canonical in fetched.values() if canonical}


def test_a_crawl_of_the_demo_site_finds_few_pages_to_index_beyond_the_sitemap(client):
    call_command("load_demo", verbosity=0)
    in_sitemap = sitemap_urls(client)
    fetched, finished = crawl(client, limit=LIMIT)
    indexable = indexed(fetched)
    print(f"sitemap {len(in_sitemap)}, fetched {len(fetched)} (finished: {finished}), "
          f"indexable {len(indexable)}")  # fmt: skip
    assert len(in_sitemap) > 50
    # The crawl ends, after a few pages per page of content (the filters' first
    # pages, the rest of their combinations kept out by robots.txt).
    assert finished
    assert len(fetched) <= 10 * len(in_sitemap)
    assert in_sitemap <= indexable  # the crawl finds what the sitemap lists
    # A canonical names a page that may be indexed, never one that asks not to be.
    assert all(fetched[url][1] == url for url in indexable if url in fetched)
    assert len(indexable) <= 5 * len(in_sitemap)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/news/", True),
        ("/news/?page=3", True),
        ("/news/?year=2019", True),
        ("/kk/news/country/kazakhstan/?topic=health", True),
        ("/publications/?type=report", True),
        ("/news/some-release/?utm_source=a&utm_medium=b", True),
        ("/news/?year=2019&month=4", False),
        ("/news/?country=kazakhstan&page=2", False),
        ("/ru/news/country/kazakhstan/?topic=health&year=2019", False),
        ("/publications/?country=kazakhstan&type=report", False),
        ("/search/?q=migration", False),
    ],
)
def test_robots_txt_keeps_crawlers_out_of_filter_combinations(client, db, url, allowed):
    assert robots_rules(client.get("/robots.txt").content.decode())(url) is allowed
