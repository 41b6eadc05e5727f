"""Helpers the test modules share (factories for admin form data, time helpers,
HTML parsing, running manage.py with production settings). Not a test module; the
fixtures are in conftest.py."""

import email
import io
import json
import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from PIL import Image

from kernel.languages import editable_translated_fields
from news.models import NewsItem
from pages.models import Page

ROOT = Path(__file__).resolve().parent.parent


def now():
    return timezone.now()


def yesterday():
    return timezone.now() - timedelta(days=1)


def tomorrow():
    return timezone.now() + timedelta(days=1)


@contextmanager
def compiled_sql():
    """The SQL the ORM compiles meanwhile: a list, filled as it goes (what
    kernel.prepared runs again is not compiled again)."""
    compiled = []
    as_sql = SQLCompiler.as_sql

    def spy(self, *args, **kwargs):
        sql, params = as_sql(self, *args, **kwargs)
        compiled.append(sql)
        return sql, params

    with mock.patch.object(SQLCompiler, "as_sql", spy):
        yield compiled


def database_down():
    """Every query fails while this lasts, as when the database server is unreachable."""
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    )


def png_upload(name="photo.png", size=(40, 30), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 51, 160)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def media_files():
    """The files under MEDIA_ROOT now (what uploads and renditions have left there)."""
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def in_english(data, model):
    """The admin form names English text fields title_en, slug_en, ..."""
    translated = editable_translated_fields(model)
    return {f"{key}_en" if key in translated else key: value for key, value in data.items()}


NEWS_FORM = {
    "title": "Labour mobility forum in Tashkent",
    "slug": "labour-mobility-forum-in-tashkent",
    "dateline": "Tashkent, Uzbekistan",
    "kind": "press-release",
    "scope": "local",
    "seo_title": "",
    "seo_description": "",
    "status": "published",
    "published_at_0": "2024-05-02",
    "published_at_1": "10:00:00",
    "lead": "Partners met to discuss safe labour migration.",
    "body": "<p>Body of the release.</p><script>alert('x')</script>",
    "image_alt": "",
    "image_caption": "",
    "image_credit": "",
    "newsitemcontact_set-TOTAL_FORMS": "1",
    "newsitemcontact_set-INITIAL_FORMS": "0",
    "newsitemcontact_set-MIN_NUM_FORMS": "0",
    "newsitemcontact_set-MAX_NUM_FORMS": "1000",
    "newsitemcontact_set-0-contact": "",
    "newsitemcontact_set-0-sort_order": "0",
}
PAGE_FORM = {
    "title": "About",
    "slug": "about",
    "status": "draft",
    "published_at_0": "2020-01-01",
    "published_at_1": "00:00:00",
    "menu_order": "0",
    "intro": "",
    "body": "",
    "seo_title": "",
    "seo_description": "",
    "hero_image_alt": "",
}


def news_form(**overrides):
    """What the news add form posts, with the editor's typing in ``overrides``."""
    return in_english({**NEWS_FORM, **overrides}, NewsItem)


def page_form(**overrides):
    """What the page add form posts, with the editor's typing in ``overrides``."""
    return in_english({**PAGE_FORM, **overrides}, Page)


def contact_form(contact=None, **overrides):
    """What the contact form posts; for ``contact``, its stored name, slug and e-mail
    (as the change form shows them), with the editor's typing in ``overrides``."""
    data = {
        "name_en": "Ms. Aliya Serikbayeva",
        "slug": "aliya-serikbayeva",
        "job_title_en": "Media Officer",
        "office_en": "IOM Central Asia",
        "phone": "",
        "sort_order": "0",
        "emails-TOTAL_FORMS": "1",
        "emails-INITIAL_FORMS": "0",
        "emails-MIN_NUM_FORMS": "1",
        "emails-MAX_NUM_FORMS": "1000",
        "emails-0-email": "aserikbayeva@iom.int",
        "emails-0-sort_order": "0",
    }
    if contact is not None:
        contact.refresh_from_db()
        data["edit_token"] = contact.updated_at.isoformat()
        email = contact.emails.get()
        data.update({
            "name_en": contact.name_en, "slug": contact.slug, "emails-INITIAL_FORMS": "1",
            "emails-0-id": str(email.pk), "emails-0-contact": str(contact.pk),
            "emails-0-email": email.email,
        })  # fmt: skip
    data.update(overrides)
    return data


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = {}, [], []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False


def parse(response):
    """The head of a page (a response, or its HTML)."""
    parser = HeadParser()
    parser.feed(response if isinstance(response, str) else response.content.decode())
    return parser


def page_html(client, url):
    """The HTML of the page at ``url``, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


GOOD_KEY = "k" * 20 + "-production-test-key-0123456789-abcdefghijklmnop"


def manage(*args, **env):
    environ = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environ.update(DJANGO_SETTINGS_MODULE="iomsite.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


TZ = ZoneInfo("Asia/Almaty")


def at(year, month, day=15):
    """Noon in the office's time zone on that day."""
    return datetime(year, month, day, 12, 0, tzinfo=TZ)


def titles(response):
    """The titles of a news list page, in order."""
    return [item.title for item in response.context["object_list"]]


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}  # fmt: skip


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.open = [], []

    def handle_starttag(self, tag, attrs):
        element = {
            "tag": tag,
            "attrs": {name: value or "" for name, value in attrs},
            "text": "",
            "inside": [],
        }
        for parent in self.open:
            parent["inside"].append(element)
        self.found.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index]["tag"] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data


def elements(html, tag, text=None, **attrs):
    """The ``<tag>`` elements (any tag for ``None``) of ``html`` that have the attributes
    ``attrs`` (``aria_current`` for ``aria-current``, ``class_`` for one of the classes,
    ``None`` for an attribute the element must not have) and, if given, exactly the
    ``text`` (white space folded): HTML-aware, so attribute order, quoting and entities
    do not matter. Each is ``{"tag", "attrs", "text", "inside"}``; ``html`` is a page, a
    response, or an element found before (then it and the elements inside it)."""
    if isinstance(html, dict):
        found = [html, *html["inside"]]
    else:
        if not isinstance(html, str):
            html = html.content.decode()
        parser = _Elements()
        parser.feed(html)
        found = parser.found
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}

    def matches(element):
        if tag is not None and element["tag"] != tag:
            return False
        for name, value in wanted.items():
            actual = element["attrs"].get(name)
            if name == "class" and value is not None:
                if value not in (actual or "").split():
                    return False
            elif actual != value:
                return False
        return text is None or " ".join(element["text"].split()) == text

    return [element for element in found if matches(element)]


def offices(html):
    """The offices of the media contacts page, in order: {heading: [contact names]}."""
    return {
        heading["text"]: [
            name["text"] for name in elements(office, "p", class_="contact-card__name")
        ]
        for office in elements(html, "section", class_="office")
        for heading in elements(office, "h2")
    }


def submit(client, url, data):
    """POST an admin form (a change form, a version's restore or recover form) as a
    browser would: with the edit token the form carried when it was opened."""
    opened = client.get(url)
    if opened.status_code == 200:
        (token,) = elements(opened, "input", name="edit_token")  # as rendered, in the form
        data = {**data, "edit_token": token["attrs"].get("value", "")}
    return client.post(url, data)


class Inbox:
    """An aiosmtpd handler keeping what it receives: [(recipients, message)]."""

    def __init__(self):
        self.messages = []
        self.refusals = {}  # address -> the server's answer to it ("550 5.1.1 No such user")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # the name aiosmtpd calls
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self, address):
        """The messages ``address`` received."""
        return [message for to, message in self.messages if address in to]

    def subjects_to(self, address):
        return [message["Subject"] for to, message in self.messages if address in to]


def free_port():
    """A TCP port nothing listens on (for a server to start on, or to find closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def choose_autocomplete(page, select_id, text):
    """Pick ``text`` in a select2 autocomplete widget of the admin (a browser test's
    Playwright page)."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text[:4])
    page.click(f".select2-results__option:has-text('{text}')")


class _FormValues(HTMLParser):
    """What a browser posts from an admin form (change form or changelist)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = []  # (name, value)
        self.in_form = False
        self.select = None
        self.select_multiple = False
        self.select_selected = []
        self.option = None
        self.textarea = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and (
            a.get("id", "").endswith("_form") or a.get("id") == "changelist-form"
        ):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input":
            t = a.get("type", "text").lower()
            name = a.get("name")
            if not name or t in ("submit", "button", "file", "image", "reset"):
                return
            if t in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if t in ("checkbox", "radio") else "")))
        elif tag == "select":
            self.select = a.get("name")
            self.select_multiple = "multiple" in a
            self.select_selected = []
            self.first_option = None
        elif tag == "option" and self.select:
            v = a.get("value")
            self.option = v
            if self.first_option is None:
                self.first_option = v
            if "selected" in a:
                self.select_selected.append(v)
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        if tag == "select" and self.select:
            vals = self.select_selected
            if not vals and not self.select_multiple and self.first_option is not None:
                vals = [self.first_option]
            for v in vals:
                self.data.append((self.select, v if v is not None else ""))
            self.select = None
        if tag == "textarea" and self.textarea:
            self.data.append((self.textarea, self.text.lstrip("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def form_values(response):
    """The values an admin page's form holds, as a browser would post them (without
    its buttons and files): ``{name: value or [values]}``."""
    html = response.content.decode() if not isinstance(response, str) else response
    p = _FormValues()
    p.feed(html)
    out = {}
    for k, v in p.data:
        if k in out:
            if isinstance(out[k], list):
                out[k].append(v)
            else:
                out[k] = [out[k], v]
        else:
            out[k] = v
    return out
