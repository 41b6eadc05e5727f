"""manage.py import_news: releases from feeds (RSS 2.0, Atom; files and addresses) and
from text pages saved from the old site, the shared seed page itself included."""

import functools
import io
import os
import threading
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation

from alerts.models import Mailing
from contacts.models import Contact
from kernel.models import Redirect
from news.models import Boilerplate, NewsItem

from .support import ROOT, png_upload

pytestmark = pytest.mark.django_db

# The shared seed page, beside the checkout (or where SEED_FILE says): a page saved
# from the office's current site. Not copied into the repository (its text is the
# office's); the test that reads it says so when it is not there.
SEED_NAME = Path("shared", "seed", "iom-central-asia-press-release.txt")
SEED = next(
    (
        path
        for path in (
            Path(os.environ.get("SEED_FILE", "/nonexistent")),
            ROOT.parent / SEED_NAME,
            Path("/work") / SEED_NAME,
        )
        if path.is_file()
    ),
    None,
)
OLD = "https://old.iom.example"


def run(*args):
    out = io.StringIO()
    call_command("import_news", *map(str, args), stdout=out)
    return out.getvalue()


def rss(*items):
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>IOM Central Asia</title><link>{OLD}/</link>{''.join(items)}</channel></rss>"
    )


def rss_item(title, day="Mon, 02 Apr 2018 10:00:00 +0500", path="/news/one", text="First."):
    title = f"<title>{title}</title>" if title else ""
    return (
        f"<item>{title}<link>{OLD}{path}</link><pubDate>{day}</pubDate>"
        f"<description><![CDATA[<p>Almaty, Kazakhstan - {text}</p><p>More "
        "<script>alert(1)</script>text.</p><p>Established in 1951, IOM is the leading "
        "organization.</p>]]></description></item>"
    )


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Old site</title><id>urn:x</id>
<updated>2019-05-07T00:00:00Z</updated>
<entry><title>Border management training</title><id>urn:1</id>
  <link href="https://old.iom.example/en/news/border.html"/>
  <published>2019-05-06T08:00:00+06:00</published>
  <summary>Officers trained in Osh.</summary>
  <content type="html"><![CDATA[<p>Officers trained in Osh.</p><p>Details.</p>]]></content>
</entry>
<entry><id>urn:2</id><link href="https://old.iom.example/en/news/untitled.html"/>
  <published>2019-05-06T08:00:00+06:00</published><summary>No title.</summary></entry>
</feed>"""

TEXT_PAGE = """Menu
Who We Are
Migrant workers return home
Bishkek, Kyrgyzstan - IOM helped 200 migrant workers return home on 14 March 2021.
They were met at the airport.
***
Inquiries: Ms. Aida Example, Programme Officer, IOM Kyrgyzstan.
Email: aida@iom.int"""


@pytest.fixture
def sources(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.mark.skipif(SEED is None, reason=f"the shared seed page is not there: ../{SEED_NAME}")
def test_the_seed_page(make_country):
    uzbekistan = make_country("Uzbekistan", iso_code="UZ")
    out = run(SEED)

    item = NewsItem.objects.get()
    assert item.title == "Uzbekistan may become a member to IOM"
    assert item.dateline == "Tashkent, Uzbekistan"
    assert item.published_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date() == date(2018, 4, 2)
    assert item.status == NewsItem.Status.DRAFT
    assert item.lead.startswith("The Uzbek Government expressed")
    assert "Mr. Abdulla Aripov" in item.body and "Established in 1951" not in item.body
    assert "Who We Are" not in item.body + item.lead
    assert list(item.countries.all()) == [uzbekistan]
    assert item.boilerplate.title == "About IOM"
    assert "Established in 1951" in item.boilerplate.body
    [contact] = item.contacts.all()
    assert contact.name == "Mr. Sanjarbek Toshbaev"
    assert contact.job_title == "Country Manager for Uzbekistan"
    assert contact.office == "IOM Central Asia"
    assert [e.email for e in contact.emails.order_by("sort_order")] == [
        "stoshbaev@iom.int",
        "iomastana@iom.int",
    ]
    assert not contact.is_active  # a Publisher makes it public
    assert "Created 1, updated 0, skipped 0." in out

    out = run(SEED)  # again: nothing new
    assert "Created 0, updated 0, skipped 1:" in out and "unchanged" in out
    assert (NewsItem.objects.count(), Contact.objects.count()) == (1, 1)


def test_feeds_and_bad_input(sources, make_contact, make_country):
    kazakhstan = make_country("Kazakhstan", iso_code="KZ")
    about = Boilerplate.objects.create(title="About IOM", body="<p>Ours.</p>")
    known = make_contact(name="Aida E.", emails=("AIDA@iom.int",), is_active=True)
    feed = sources(
        "feed.xml",
        rss(
            rss_item("Forum on labour migration"),
            rss_item("Second release", day="Tue, 03 Apr 2018 09:00:00 GMT", path="/news/two"),
            rss_item("Bad date", day="sometime in spring", path="/news/three"),
        ),
    )
    atom = sources("atom.xml", ATOM)
    broken = sources("broken.xml", "<rss version='2.0'><channel><item><title>x</title>")
    page = sources("page.txt", TEXT_PAGE)
    undated = sources("undated.txt", TEXT_PAGE.replace("on 14 March 2021", ""))

    out = run(feed, atom, broken, page, undated)

    assert "Created 4, updated 0, skipped 4:" in out
    assert "“Bad date”: unknown date format: 'sometime in spring'" in out
    assert "atom.xml, entry 2: no title" in out
    assert f"{broken}: malformed XML" in out
    assert f"{undated} “Migrant workers return home”: no date found" in out

    forum = NewsItem.objects.get(title_en="Forum on labour migration")
    assert forum.dateline == "Almaty, Kazakhstan"
    assert forum.lead == "First."
    assert "<script>" not in forum.body and "More" in forum.body
    assert forum.boilerplate == about and "Established" not in forum.body
    assert list(forum.countries.all()) == [kazakhstan]
    assert str(forum.published_at.astimezone(ZoneInfo("UTC"))) == "2018-04-02 05:00:00+00:00"
    border = NewsItem.objects.get(title_en="Border management training")
    assert (border.lead, border.body) == ("Officers trained in Osh.", "<p>Details.</p>")
    assert Redirect.objects.get(old_path="/en/news/border.html").new_path == "/news/" + (
        f"{border.slug}/"
    )
    returns = NewsItem.objects.get(title_en="Migrant workers return home")
    assert list(returns.contacts.all()) == [known]  # found by e-mail address
    assert NewsItem.objects.filter(status=NewsItem.Status.PUBLISHED).count() == 0


def test_run_again_updates_drafts_never_published_items(sources):
    feed = sources("feed.xml", rss(rss_item("One"), rss_item("Two", path="/news/two")))
    run(feed)
    one, two = NewsItem.objects.get(title_en="One"), NewsItem.objects.get(title_en="Two")
    NewsItem.objects.filter(pk=two.pk).update(status=NewsItem.Status.PUBLISHED)

    with translation.override("en"):
        one.lead = "Edited by staff."
        one.save()
    assert "Created 0, updated 0, skipped 2:" in run(feed)  # the sources did not change
    assert NewsItem.objects.get(pk=one.pk).lead == "Edited by staff."

    feed.write_text(
        rss(rss_item("One", text="Changed."), rss_item("Two", path="/news/two", text="New."))
    )
    out = run(feed)
    assert "Created 0, updated 1, skipped 1:" in out
    assert "“Two”: published: changes not applied" in out
    assert NewsItem.objects.get(pk=one.pk).lead == "Changed."
    assert NewsItem.objects.get(pk=two.pk).lead == "First."
    assert NewsItem.objects.count() == 2


def test_dry_run_writes_nothing(sources):
    out = run(
        sources("page.txt", TEXT_PAGE), sources("feed.xml", rss(rss_item("One"))), "--dry-run"
    )
    assert "Would create “Migrant workers return home”" in out
    assert "Dry run, nothing was saved. Would create 2, update 0, skip 0." in out
    assert not NewsItem.objects.exists()
    assert not Contact.objects.exists() and not Boilerplate.objects.exists()
    assert not Redirect.objects.exists()


def test_publish_with_the_old_address_and_no_alerts(sources, client):
    recent = (timezone.now() - timedelta(hours=3)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    feed = sources("feed.xml", rss(rss_item("Recent release", day=recent, path="/news/r.html")))
    run(feed, sources("page.txt", TEXT_PAGE), "--publish")

    item = NewsItem.objects.get(title_en="Recent release")
    assert item.is_published()
    assert Contact.objects.get().is_active
    response = client.get("/news/r.html")
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    assert not Mailing.objects.filter(silent=False).exists()  # an import is not news


class Server:
    """A local web server for a folder, remembering the paths asked for."""

    def __init__(self, folder):
        self.requested = []
        outer = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requested.append(self.path)
                super().do_GET()

        handler = functools.partial(Handler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    running = Server(folder)
    yield running, folder
    running.close()


def test_pictures_only_from_addresses(server, sources):
    web, folder = server
    (folder / "photo.png").write_bytes(png_upload().read())
    (folder / "broken.jpg").write_bytes(b"not an image")
    feed = rss(
        rss_item("With photo").replace(
            "</description>", '</description><enclosure url="/photo.png" type="image/png"/>'
        ),
        rss_item("With broken photo", path="/news/two").replace(
            "<p>More", '<p><img src="/broken.jpg" alt="x">More'
        ),
    )
    (folder / "feed.xml").write_text(feed, encoding="utf-8")

    run(sources("feed.xml", feed))  # a file: no picture fetched
    assert web.requested == []
    assert not NewsItem.objects.get(title_en="With photo").image
    NewsItem.objects.all().delete()
    Redirect.objects.all().delete()

    out = run(f"{web.url}/feed.xml")
    assert "Created 2" in out
    assert "Picture" in out and "broken.jpg not imported" in out
    photo = NewsItem.objects.get(title_en="With photo")
    assert photo.image and photo.image_alt == "With photo"
    assert Path(photo.image.path).is_file()
    assert not NewsItem.objects.get(title_en="With broken photo").image
    assert set(web.requested) == {"/feed.xml", "/photo.png", "/broken.jpg"}
