"""Releases brought in from the office's old site (``manage.py import_news``).

Two kinds of source, each a file or an http(s) address:

- an RSS 2.0 or Atom feed (any dialect feedparser reads): one release per entry;
- a plain-text page saved from the old site: menu lines, then the release's title,
  its "City, Country - " dateline and paragraphs, the "About IOM" paragraph, "***"
  and the "Inquiries:" block (name, job title, office; e-mail addresses).

Each release becomes a news item (a draft, or published with ``publish``) with its
original date; the dateline's country tags it, the "About IOM" paragraph becomes the
boilerplate, the people under "Inquiries" are matched to media contacts (by e-mail
address, then name) or added (inactive unless publishing). The entry's old address
(its link) is recorded as an imported redirect to the item: that is also how a later
run finds the item again; a release without an address is found by the slug of its
title. Running again duplicates nothing: an unchanged source is skipped, a changed
one updates a draft, and a published item is never overwritten (reported instead).
Each import is saved as a revision whose comment carries a fingerprint of the source,
so a draft an editor changed since is only touched when the source itself changed.

Pictures are fetched only from sources given as addresses (an enclosure, media
content, or the first <img> of the text), capped and checked like uploads. Nothing
imported is announced to subscribers (``kernel.announcing.quietly``).
"""

import hashlib
import io
import ipaddress
import re
import socket
import urllib.error
import urllib.request
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXException
from zoneinfo import ZoneInfo

import feedparser
import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.text import Truncator, slugify
from reversion.models import Version

from contacts.models import Contact, ContactEmail
from kernel.announcing import quietly
from kernel.images import validate_image
from kernel.languages import LANGUAGE_CODES
from kernel.models import Redirect
from kernel.redirects import clean_old_path, point
from kernel.richtext import plain_text, same_html
from news.models import Boilerplate, Country, NewsItem, NewsItemContact

FETCH_TIMEOUT = 20  # seconds, for a feed or a picture
FEED_MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "iomsite-import_news/1.0"
ABOUT_TITLE = "About IOM"

# "Tashkent, Uzbekistan - The text..." (hyphen, en or em dash; up to three places).
_PLACE = r"[^\W\d_][\w.'’()\- ]{0,40}?"
DATELINE_RE = re.compile(rf"^(?P<place>{_PLACE}(?:,\s*{_PLACE}){{1,2}})\s+[-–—]+\s+(?P<text>\S.*)$")
ABOUT_RE = re.compile(r"^\s*Established in 1951,\s*IOM\b", re.I)
SEPARATOR_RE = re.compile(r"^[*\-_=~#\s]{3,}$")
INQUIRIES_RE = re.compile(
    r"^(?:inquiries|enquiries|media contacts?|contacts?|for (?:more|further) information[^:]*)"
    r"\s*:\s*(?P<rest>.*)$",
    re.I,
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(
    r"\b(?:tel|phone|mobile|mob|cell)\.?\s*:?\s*(?P<number>\+?\d[\d ()\-]{5,}\d)", re.I
)
EMAIL_LABEL_RE = re.compile(r"\be-?mail\s*:?", re.I)
HONORIFIC_RE = re.compile(r"^(?:mr|mrs|ms|dr|prof)\.?\s+", re.I)

_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
MONTHS = {name: n for n, name in enumerate(_MONTH_NAMES, 1)}
MONTHS |= {name[:3]: n for name, n in MONTHS.items()} | {"sept": 9}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE_RES = [
    # 2 April 2018, 2nd of April, 2018
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b",
        re.I,
    ),
    # April 2, 2018
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    # 2018-04-02
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
FIRST_PARAGRAPH_RE = re.compile(r"^\s*<p\b[^>]*>(?P<inner>.*?)</p>", re.I | re.S)
PARAGRAPH_RE = re.compile(r"<p\b[^>]*>(?P<inner>.*?)</p>", re.I | re.S)
IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
ATTR_RE = re.compile(r"""\b(?P<name>src|alt)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.I)
SOURCE_MARK_RE = re.compile(r"\[source (?P<fingerprint>[0-9a-f]{16})\]")


class Skip(Exception):
    """A source or an entry that is not imported, and why."""

    def __init__(self, reason, label=""):
        super().__init__(reason)
        self.reason = reason
        self.label = label


@dataclass
class Skipped:
    label: str
    reason: str


@dataclass
class Person:
    """Someone named under "Inquiries"."""

    name: str
    job_title: str = ""
    office: str = ""
    emails: list = field(default_factory=list)
    phone: str = ""


@dataclass
class Release:
    """One release read from a source, before it is matched to the site's items."""

    label: str  # which source and entry, for the report
    title: str
    published_at: datetime
    dateline: str = ""
    lead: str = ""
    body: str = ""  # HTML
    about: str = ""  # the "About IOM" closing paragraph (plain text)
    people: list = field(default_factory=list)
    old_url: str = ""  # its address on the old site
    image_url: str = ""
    image_alt: str = ""

    def fingerprint(self):
        """Tells whether the source changed since the last import."""
        parts = [
            self.title, self.dateline, self.lead, self.body, self.about,
            self.published_at.isoformat(), self.image_url,
            *(f"{p.name}|{p.job_title}|{p.office}|{','.join(p.emails)}" for p in self.people),
        ]  # fmt: skip
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # Skipped

    def summary(self, dry_run=False):
        counts = (len(self.created), len(self.updated), len(self.skipped))
        if dry_run:
            head = "Dry run, nothing was saved. Would create {}, update {}, skip {}".format(*counts)
        else:
            head = "Created {}, updated {}, skipped {}".format(*counts)
        lines = [head + (":" if self.skipped else ".")]
        lines += [f"  - {skip.label}: {skip.reason}" for skip in self.skipped]
        return lines


# Reading sources ----------------------------------------------------------------------


def is_url(source):
    return urlsplit(source).scheme in ("http", "https")


def reachable(url, trusted_host=""):
    """Whether a picture may be fetched from ``url``: from the source's own host (the
    operator gave it), or from a public address; never from this machine or a private
    network (a feed names its pictures, the operator did not choose them)."""
    host = urlsplit(url).hostname or ""
    if host and host == trusted_host:
        return True
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(
        ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses
    )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address ``allowed`` accepts."""

    def __init__(self, allowed):
        self.allowed = allowed

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not self.allowed(newurl):
            raise urllib.error.URLError(f"redirected to an address not allowed: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url, limit, allowed=None):
    """(bytes, final address) of ``url``, at most ``limit`` bytes; Skip if not.
    ``allowed(address)``: whether ``url`` and each redirect may be fetched."""
    if not is_url(url):
        raise Skip(f"not an http(s) address: {url}")
    if allowed is not None and not allowed(url):
        raise Skip(f"{url} is not a public address")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    opener = urllib.request.build_opener(*([_CheckedRedirects(allowed)] if allowed else []))
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise Skip(f"{url} is larger than {filesizeformat(limit)}")
            data = response.read(limit + 1)
            final = response.geturl()
    except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts, bad addresses
        raise Skip(f"could not fetch {url}: {exc}") from exc
    if len(data) > limit:
        raise Skip(f"{url} is larger than {filesizeformat(limit)}")
    return data, final


def read_source(source):
    """(bytes, base address) of a file ("" as base) or an http(s) address."""
    if is_url(source):
        return fetch(source, FEED_MAX_BYTES)
    try:
        return Path(source).read_bytes(), ""
    except OSError as exc:
        raise Skip(f"cannot read the file: {exc.strerror or exc}") from exc


def parse_source(data, source, base=""):
    """The releases of a source (a Release or a Skipped for each entry); Skip for a
    source that cannot be read at all."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return parse_feed(data, source, base)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Skip("not a feed, and not UTF-8 text") from exc
    try:
        return [parse_text_page(text, source)]
    except Skip as skip:
        return [Skipped(skip.label or source, skip.reason)]


# Feeds --------------------------------------------------------------------------------


def parse_feed(data, source, base=""):
    headers = {"content-type": "application/xml"}
    if base:
        headers["content-location"] = base  # relative links resolve against it
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if parsed.bozo and isinstance(parsed.get("bozo_exception"), SAXException):
        raise Skip(f"malformed XML: {parsed.bozo_exception}")
    if not parsed.version:
        raise Skip("not an RSS or Atom feed")
    results = []
    for number, entry in enumerate(parsed.entries, 1):
        title = _entry_title(entry)
        label = f"{source}, entry {number}" + (f" “{title}”" if title else "")
        try:
            results.append(release_from_entry(entry, label, base))
        except Skip as skip:
            results.append(Skipped(label, skip.reason))
    return results


def _entry_title(entry):
    detail = entry.get("title_detail") or {}
    title = entry.get("title") or ""
    if "html" in detail.get("type", ""):
        title = plain_text(title)
    return " ".join(title.split())


def _entry_date(entry):
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        parsed = entry.get(f"{key}_parsed")
        if parsed is None:
            raise Skip(f"unknown date format: {raw!r}")
        return datetime(*parsed[:6], tzinfo=UTC)
    raise Skip("no date")


def _as_html(value, content_type):
    if "html" in (content_type or ""):
        return value or ""
    return paragraphs_html((value or "").splitlines())


def _entry_image(entry, html):
    """(address, description) of the entry's picture, or ("", "")."""
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/"):
            return link.get("href", ""), ""
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key, []):
            kind = media.get("medium") or media.get("type", "")
            if media.get("url") and (key == "media_thumbnail" or kind.startswith("image")):
                return media["url"], ""
    tag = IMG_RE.search(html or "")
    if tag:
        attrs = {m["name"].lower(): m["dq"] or m["sq"] or "" for m in ATTR_RE.finditer(tag[0])}
        if attrs.get("src"):
            return attrs["src"], plain_text(attrs.get("alt", ""))
    return "", ""


def release_from_entry(entry, label, base=""):
    title = _entry_title(entry)
    if not title:
        raise Skip("no title")
    published_at = _entry_date(entry)
    contents = entry.get("content") or []
    content = _as_html(contents[0].get("value"), contents[0].get("type")) if contents else ""
    summary_detail = entry.get("summary_detail") or {}
    summary = _as_html(entry.get("summary", ""), summary_detail.get("type", "text/html"))
    link = entry.get("link", "")
    body = content or summary
    image_url, image_alt = _entry_image(entry, body)
    lead = plain_text(summary) if content and summary else ""
    first = FIRST_PARAGRAPH_RE.match(body)
    if first and (not lead or same_text(plain_text(first["inner"]), lead)):
        lead, body = plain_text(first["inner"]), body[first.end() :]
    elif not lead:
        lead = Truncator(plain_text(body)).words(60)
    dateline, lead = split_dateline(lead)
    about = ""
    for paragraph in PARAGRAPH_RE.finditer(body):
        if ABOUT_RE.match(plain_text(paragraph["inner"])):
            about = plain_text(paragraph["inner"])
            body = body.replace(paragraph[0], "", 1)
            break
    return Release(
        label=label,
        title=title,
        published_at=published_at,
        dateline=dateline,
        lead=lead,
        body=body.strip(),
        about=about,
        old_url=urljoin(base, link) if link else "",
        image_url=urljoin(base or link, image_url) if image_url else "",
        image_alt=image_alt,
    )


# Text pages ---------------------------------------------------------------------------


def same_text(a, b):
    return " ".join(a.split()) == " ".join(b.split())


def split_dateline(text):
    """("Tashkent, Uzbekistan", the rest) of "Tashkent, Uzbekistan - The rest"."""
    match = DATELINE_RE.match(text or "")
    if not match:
        return "", text
    return ", ".join(part.strip() for part in match["place"].split(",")), match["text"]


def paragraphs_html(paragraphs):
    return "".join(f"<p>{escape(p.strip(), quote=False)}</p>" for p in paragraphs if p.strip())


def find_date(text):
    """The first date written in ``text`` (2 April 2018, April 2, 2018, 2018-04-02)."""
    found = []
    for pattern in DATE_RES:
        for match in pattern.finditer(text):
            month = match["month"]
            month = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
            try:
                day = datetime(int(match["year"]), month or 0, int(match["day"]))
            except ValueError:
                continue
            found.append((match.start(), day))
            break
    return min(found)[1] if found else None


def parse_text_page(text, source):
    """The release in a text page saved from the old site (see the module's doc)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    start = next((i for i, line in enumerate(lines) if DATELINE_RE.match(line)), None)
    if start is None:
        raise Skip("no title: no “City, Country - ” dateline line after a title line")
    title = next((line for line in reversed(lines[:start]) if line), "")
    if not re.search(r"[^\W\d_]", title) or SEPARATOR_RE.match(title):
        raise Skip("no title: the line before the dateline is not a title")
    label = f"{source} “{title}”"
    paragraphs, about, inquiries, in_inquiries = [], "", [], False
    for line in lines[start:]:
        if not line or SEPARATOR_RE.match(line):
            continue
        marker = INQUIRIES_RE.match(line)
        if marker:
            in_inquiries = True
            line = marker["rest"].strip()
            if not line:
                continue
        if in_inquiries:
            inquiries.append(line)
        elif ABOUT_RE.match(line):
            about = line
        else:
            paragraphs.append(line)
    dateline, first = split_dateline(paragraphs[0])
    day = find_date("\n".join(paragraphs))
    if day is None:
        raise Skip("no date found", label=label)
    return Release(
        label=label,
        title=title,
        published_at=day.replace(hour=12, tzinfo=ZoneInfo(settings.TIME_ZONE)),
        dateline=dateline,
        lead=first,
        body=paragraphs_html(paragraphs[1:]),  # the first one is the lead, shown above
        about=about,
        people=parse_people(inquiries),
    )


def parse_people(lines):
    """People of an "Inquiries" block: "Mr. Name, Job title, Office." lines, each
    followed (or ended) by its e-mail addresses and phone."""
    people = []
    for line in lines:
        emails = EMAIL_RE.findall(line)
        rest = EMAIL_RE.sub("", line)
        phone = PHONE_RE.search(rest)
        rest = PHONE_RE.sub("", rest)
        rest = EMAIL_LABEL_RE.sub("", rest).strip(" ,;:.")
        if re.search(r"[^\W\d_]{2}", rest):
            parts = [p.strip(" .") for p in rest.split(",") if p.strip(" .")]
            person = Person(name=parts[0][:200])
            if len(parts) >= 3:
                person.job_title, person.office = ", ".join(parts[1:-1]), parts[-1]
            elif len(parts) == 2 and "IOM" in parts[1]:
                person.office = parts[1]
            elif len(parts) == 2:
                person.job_title = parts[1]
            person.job_title, person.office = person.job_title[:200], person.office[:200]
            people.append(person)
        if people:
            known = {e.lower() for e in people[-1].emails}
            people[-1].emails += [e for e in dict.fromkeys(emails) if e.lower() not in known]
            if phone and not people[-1].phone:
                people[-1].phone = phone["number"].strip()[:50]
    return people


# Importing ----------------------------------------------------------------------------


def old_path(url):
    """The path of ``url`` as redirects keep it ("" when there is none to keep)."""
    try:
        path = clean_old_path(url) if url else ""
    except ValidationError:
        return ""
    return path if path != "/" and len(path) <= 500 else ""


def unique_slug(text, fallback):
    base = (slugify(text)[:240].strip("-")) or fallback
    slug, n = base, 2
    while NewsItem._base_manager.filter(
        Q(*(Q(**{f"slug_{code}": slug}) for code in LANGUAGE_CODES), _connector=Q.OR)
    ).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Importer:
    """Imports sources one after the other; ``say`` gets a line per thing done."""

    def __init__(self, *, publish=False, dry_run=False, say=print):
        self.publish = publish
        self.dry_run = dry_run
        self.say = say
        self.report = Report()
        self.notes = []
        self.content_type = None

    def run(self, sources):
        self.content_type = ContentType.objects.get_for_model(NewsItem, for_concrete_model=False)
        with quietly(), transaction.atomic() if self.dry_run else nullcontext():
            for source in sources:
                self.import_source(source)
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    def skip(self, label, reason):
        self.report.skipped.append(Skipped(label, reason))
        self.say(f"Skipped {label}: {reason}")

    def import_source(self, source):
        try:
            data, base = read_source(source)
            releases = parse_source(data, source, base)
        except Skip as skip:
            self.skip(source, skip.reason)
            return
        self.source_host = urlsplit(base).hostname or ""
        for release in releases:
            if isinstance(release, Skipped):
                self.skip(release.label, release.reason)
                continue
            self.notes = []
            try:
                with transaction.atomic():
                    self.import_release(release, url_source=bool(base))
            except Skip as skip:
                self.skip(release.label, skip.reason)

    # Finding what was imported before

    def find(self, release):
        """The item imported before from the same address, or with the same title's
        slug (unless that one came from another address: another release)."""
        path = old_path(release.old_url)
        if path:
            redirect = Redirect.objects.filter(  # an import's own, not the site's moves
                old_path=path,
                origin=Redirect.Origin.IMPORTED,
                content_type=self.content_type,
                object_id__isnull=False,
            ).first()
            if redirect:
                item = NewsItem._base_manager.filter(pk=redirect.object_id).first()
                if item is not None:
                    return item
        item = NewsItem._base_manager.filter(slug_en=slugify(release.title)).first()
        if item is not None and path:
            elsewhere = Redirect.objects.filter(
                origin=Redirect.Origin.IMPORTED, content_type=self.content_type, object_id=item.pk
            ).exclude(old_path=path)
            if elsewhere.exists():
                return None
        return item

    def imported_fingerprint(self, item):
        """The fingerprint of the source of the last import of ``item``, if known."""
        if not reversion.is_registered(NewsItem):
            return None
        comments = Version.objects.get_for_object(item).values_list("revision__comment", flat=True)
        for comment in comments[:20]:
            mark = SOURCE_MARK_RE.search(comment or "")
            if mark:
                return mark["fingerprint"]
        return None

    def differs(self, item, release):
        known = self.imported_fingerprint(item)
        if known is not None:
            return known != release.fingerprint()
        return not (
            item.title_en == release.title
            and (item.dateline_en or "") == release.dateline
            and (item.lead_en or "") == release.lead
            and same_html(item.body_en or "", release.body)
            and item.published_at == release.published_at
            and bool(item.boilerplate_id) == bool(release.about)
        )

    # Writing

    def note(self, text):
        """Said under the line about the release (dropped if it is skipped after all)."""
        self.notes.append(f"  {text}")

    def import_release(self, release, url_source):
        item = self.find(release)
        if item is None:
            item = NewsItem(
                status=NewsItem.Status.PUBLISHED if self.publish else NewsItem.Status.DRAFT,
                kind=NewsItem.Kind.PRESS_RELEASE,
                slug_en=unique_slug(release.title, f"release-{release.published_at:%Y-%m-%d}"),
            )
            action = "create"
        else:
            changed = self.differs(item, release)
            if item.status == NewsItem.Status.PUBLISHED:
                raise Skip("published: changes not applied" if changed else "unchanged")
            if not changed and not self.publish:
                raise Skip("unchanged")
            if self.publish:
                item.status = NewsItem.Status.PUBLISHED
            action = "update"
        self.fill(item, release, fetch_image=url_source and not item.image)
        try:
            item.full_clean()
        except ValidationError as exc:
            raise Skip("; ".join(exc.messages)) from exc
        with reversion.create_revision():
            item.save()
            self.relate(item, release)
            if reversion.is_registered(NewsItem):
                reversion.add_to_revision(item)
            reversion.set_comment(f"Imported from {release.label} [source {release.fingerprint()}]")
        self.record_address(item, release)
        verb = {"create": "Would create" if self.dry_run else "Created",
                "update": "Would update" if self.dry_run else "Updated"}[action]  # fmt: skip
        state = "published" if item.status == NewsItem.Status.PUBLISHED else "draft"
        self.say(f"{verb} “{item.title_en}” ({state}, {item.slug_en}) from {release.label}")
        for line in self.notes:
            self.say(line)
        (self.report.created if action == "create" else self.report.updated).append(release.label)

    def fill(self, item, release, fetch_image):
        with translation.override(settings.LANGUAGE_CODE):
            item.title = release.title
            item.dateline = release.dateline
            item.lead = release.lead
            item.body = release.body
        item.published_at = release.published_at
        item.boilerplate = self.boilerplate(release.about) if release.about else None
        if fetch_image and release.image_url and self.dry_run:
            self.note(f"Picture {release.image_url}: not fetched in a dry run.")
        elif fetch_image and release.image_url:
            upload = self.fetch_image(release.image_url)
            if upload is not None:
                item.image = upload
                item.image_alt_en = (release.image_alt or release.title)[:255]

    def fetch_image(self, url):
        try:
            data, final = fetch(
                url,
                settings.IMAGE_MAX_BYTES,
                allowed=lambda address: reachable(address, self.source_host),
            )
        except Skip as skip:
            self.note(f"Picture not imported: {skip.reason}")
            return None
        name = Path(urlsplit(final).path).name[-100:] or "image"
        upload = SimpleUploadedFile(name, data)
        try:
            validate_image(upload)
        except ValidationError as exc:
            self.note(f"Picture {url} not imported: {' '.join(exc.messages)}")
            return None
        return upload

    def boilerplate(self, about):
        found = Boilerplate.objects.filter(title_en__iexact=ABOUT_TITLE).first()
        if found is None:
            with translation.override(settings.LANGUAGE_CODE):
                found = Boilerplate.objects.create(title=ABOUT_TITLE, body=paragraphs_html([about]))
            self.note(f"New boilerplate text “{ABOUT_TITLE}”.")
        return found

    def relate(self, item, release):
        """Tags the dateline's country and names the contacts (adding, never removing:
        an editor may have added more)."""
        places = [p.strip() for p in release.dateline.split(",") if p.strip()]
        for place in reversed(places):
            country = Country.objects.filter(name_en__iexact=place).first()
            if country is not None:
                item.countries.add(country)
                break
        listed = set(
            NewsItemContact.objects.filter(news_item=item).values_list("contact", flat=True)
        )
        for person in release.people:
            contact = self.contact(person)
            if contact.pk not in listed:
                NewsItemContact.objects.create(
                    news_item=item, contact=contact, sort_order=len(listed)
                )
                listed.add(contact.pk)

    def contact(self, person):
        """The media contact for someone under "Inquiries": by e-mail address, then by
        name; else a new one (inactive unless publishing: a Publisher makes it public)."""
        found, created = None, False
        if person.emails:
            by_email = Q(*(Q(emails__email__iexact=e) for e in person.emails), _connector=Q.OR)
            found = Contact.objects.filter(by_email).order_by("-is_active", "pk").first()
        if found is None:
            found = Contact.objects.filter(name_en__iexact=person.name).first()
        if found is None:
            with translation.override(settings.LANGUAGE_CODE):
                found = Contact.objects.create(
                    name=person.name,
                    slug=self.contact_slug(person.name),
                    job_title=person.job_title,
                    office=person.office or "IOM",
                    phone=person.phone,
                    is_active=self.publish,
                )
            created = True
            state = "active" if self.publish else "inactive"
            self.note(f"New media contact: {found} ({state}).")
        if found.is_active and not created:
            return found  # a public contact is a Publisher's to change
        known = {e.lower() for e in found.emails.values_list("email", flat=True)}
        for order, email in enumerate(person.emails, len(known)):
            if email.lower() not in known:
                ContactEmail.objects.create(contact=found, email=email, sort_order=order)
                known.add(email.lower())
        return found

    @staticmethod
    def contact_slug(name):
        base = slugify(HONORIFIC_RE.sub("", name))[:190] or "contact"
        slug, n = base, 2
        while Contact.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def record_address(self, item, release):
        """The old address redirects to the item (unless it already leads elsewhere:
        staff's redirects are theirs)."""
        path = old_path(release.old_url)
        if not path:
            return
        with translation.override(settings.LANGUAGE_CODE):
            new = item.get_absolute_url()
        existing = Redirect.objects.filter(old_path=path).first()
        if existing is not None:
            ours = (existing.content_type_id, existing.object_id) == (self.content_type.pk, item.pk)
            if not ours:
                self.note(f"{path} already redirects to {existing.new_path or '410'}: kept.")
                return
            if existing.new_path == new and not existing.gone:
                return
        if path == new:
            return
        try:
            point(path, new, origin=Redirect.Origin.IMPORTED, item=(self.content_type, item.pk))
        except ValidationError as exc:
            self.note(f"No redirect from {path}: {' '.join(exc.messages)}")
