"""PDF files: checked when uploaded (in the request), read later (in the worker).

``inspect`` is the check a form runs on an upload: a real PDF (its structure parsed,
not its name), within the size limit, not encrypted, not damaged or cut short, with
no JavaScript and no launch or other actions that run something. It answers in the
editor's words, one message per problem, and reads the page count.

``read_text`` and ``render_cover`` are the slow part (every page's text, a picture of
page 1); the worker runs them (publications.tasks).

pypdf parses the structure (every object, so an action hidden in a compressed object
stream or behind an escaped name is found); PDFium (pypdfium2, the engine of Chrome's
viewer) counts the pages, extracts the text and renders the cover.
"""

import io
import re
from typing import NamedTuple

import pypdf
import pypdfium2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Names that make a PDF run, send or open something (as dictionary keys or action
# types): refused wherever they appear. Links to web addresses (/URI) are fine.
JAVASCRIPT = {"/JS", "/JavaScript"}
LAUNCH = {"/Launch"}
ATTACHMENTS = {"/EmbeddedFiles", "/EmbeddedFile", "/GoToE"}
SENDS_DATA = {"/SubmitForm", "/ImportData"}
OTHER_ACTIVE = {"/RichMedia", "/RichMediaExecute", "/XFA", "/Rendition", "/GoToR"}
ACTIVE_NAMES = JAVASCRIPT | LAUNCH | ATTACHMENTS | SENDS_DATA | OTHER_ACTIVE
# The deepest nesting looked through: deeper is refused (a viewer follows it all).
MAX_DEPTH = 50
# PDF's own limit on a page's width and height (200 inches, in points).
MAX_PAGE_POINTS = 14_400
NAME_RE = re.compile(rb"/([^\s/<>\[\](){}%\x00]+)")
ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM_RE = re.compile(rb"stream\r?\n.*?endstream", re.S)
# Magic numbers of files people upload by mistake, for a message that says what it is.
LOOKS_LIKE = [
    (b"\x89PNG", gettext_lazy("PNG image")),
    (b"\xff\xd8\xff", gettext_lazy("JPEG image")),
    (b"GIF8", gettext_lazy("GIF image")),
    (b"RIFF", gettext_lazy("WebP image")),
    (b"PK\x03\x04", gettext_lazy("Word, Excel or ZIP file")),
    (b"\xd0\xcf\x11\xe0", gettext_lazy("Word or Excel file")),
    (b"{\\rtf", gettext_lazy("RTF document")),
]
# What search keeps of a file's text: enough for any report, well within
# PostgreSQL's 1 MB limit on a text search vector.
MAX_TEXT_CHARS = 300_000


class PdfInfo(NamedTuple):
    pages: int
    size: int


class PdfProblem(Exception):
    """A file the worker could not read; ``str()`` says why, in the editor's words."""


def _refuse(message, code):
    return ValidationError(message, code=code)


def _head_and_tail(upload):
    upload.seek(0)
    head = upload.read(1024)
    size = upload.size
    upload.seek(max(0, size - 2048))
    tail = upload.read()
    upload.seek(0)
    return head, tail


def _kind_of(head):
    for magic, name in LOOKS_LIKE:
        if head.startswith(magic):
            return name
    return None


def inspect(upload):
    """Check an uploaded file (a Django ``UploadedFile``); its page count and size.

    Raises ``ValidationError`` with a code per problem: ``too_large``, ``not_pdf``,
    ``encrypted``, ``damaged``, ``active_content``, ``no_pages``."""
    limit = settings.PUBLICATION_MAX_BYTES
    if upload.size > limit:
        raise _refuse(
            _("This file is %(size)s; a PDF may be at most %(limit)s. Make it smaller.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            "too_large",
        )
    head, tail = _head_and_tail(upload)
    if b"%PDF-" not in head:
        kind = _kind_of(head)
        if kind:
            message = _("This file is not a PDF: it is a %(kind)s. Upload the PDF file.") % {
                "kind": kind
            }
        else:
            message = _("This file is not a PDF. Upload a PDF file (it starts with “%PDF-”).")
        raise _refuse(message, "not_pdf")
    if b"%%EOF" not in tail:
        raise _refuse(
            _(
                "This PDF is incomplete: it ends too early (the upload or the copy was cut "
                "short). Save or export it again and upload the whole file."
            ),
            "damaged",
        )
    data = upload.read()
    upload.seek(0)
    damaged = _refuse(
        _("This PDF is damaged and cannot be read. Save or export it again and upload that."),
        "damaged",
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise damaged from exc
    if encrypted:
        raise _refuse(
            _(
                "This PDF is encrypted (protected with a password or against copying). "
                "Save a copy without protection and upload that: readers and search "
                "need to read it."
            ),
            "encrypted",
        )
    try:
        active = _active_content(reader, data)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise damaged from exc
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise damaged from exc
    try:
        pages = len(document)
        # What PDFium itself would run (it may read a malformed file otherwise).
        if pypdfium2.raw.FPDFDoc_GetJavaScriptActionCount(document.raw) > 0:
            active = _("JavaScript")
        sizes = [document.get_page_size(index) for index in range(pages)]
    finally:
        document.close()
    if active:
        raise _active_refusal(active)
    if pages < 1:
        raise _refuse(_("This PDF has no pages."), "no_pages")
    for width, height in sizes:
        if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
            raise _refuse(
                _(
                    "This PDF has a page of %(width)d × %(height)d points, beyond what PDF "
                    "allows (%(limit)d). Export it again at a normal page size."
                )
                % {"width": width, "height": height, "limit": MAX_PAGE_POINTS},
                "page_size",
            )
    return PdfInfo(pages=pages, size=upload.size)


def _active_refusal(what):
    return _refuse(
        _(
            "This PDF contains %(what)s, which could run on readers' computers. "
            "Export it again without scripts or actions (e.g. “Save as PDF”, or "
            "“Print to PDF”) and upload that."
        )
        % {"what": what},
        "active_content",
    )


def _object_ids(reader):
    for generation, objects in reader.xref.items():
        for number in objects:
            yield number, generation
    for number in reader.xref_objStm:
        yield number, 0


class _Unsure(ValueError):
    """A structure too deep or broken to look through: refused as damaged."""


def _describe(name):
    if name in JAVASCRIPT:
        return _("JavaScript")
    if name in LAUNCH:
        return _("a launch action (it can open programs)")
    if name in ATTACHMENTS:
        return _("attached files")
    if name in SENDS_DATA:
        return _("a form that sends data elsewhere")
    return _("an action that runs content")


def _names_in(raw):
    """Every name token in ``raw`` (#-escapes decoded), outside stream data."""
    for match in NAME_RE.finditer(STREAM_RE.sub(b" ", raw)):
        name = ESCAPE_RE.sub(lambda h: bytes([int(h.group(1), 16)]), match.group(1))
        yield "/" + name.decode("latin-1")


def _active_content(reader, data):
    """What in the file runs something ("JavaScript", "a launch action"), or "".

    Three looks, as a file may be read differently by different viewers: the name
    tokens of the file as bytes and of its object streams (whatever a parser makes
    of the dictionaries around them), every object as pypdf parses it, and (in
    ``inspect``) the scripts PDFium finds."""
    for name in _names_in(data):
        if name in ACTIVE_NAMES:
            return _describe(name)
    seen, objects = set(), [reader.trailer]
    for number, generation in _object_ids(reader):
        if (number, generation) in seen:
            continue
        seen.add((number, generation))
        try:
            objects.append(reader.get_object(IndirectObject(number, generation, reader)))
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            raise _Unsure(f"object {number} cannot be read") from exc
    for stream_number in {number for number, _index in reader.xref_objStm.values()}:
        stream = reader.get_object(stream_number)
        for name in _names_in(stream.get_data()):
            if name in ACTIVE_NAMES:
                return _describe(name)
    for each in objects:
        found = _active_in(each)
        if found:
            return found
    return ""


def _active_in(value, depth=0):
    """Look through a direct object (dictionaries and arrays inside it, not the
    objects it refers to: those are looked at in their own turn)."""
    if depth > MAX_DEPTH:
        raise _Unsure("nested too deeply")
    if isinstance(value, DictionaryObject):
        action = value.get("/S")
        if isinstance(action, IndirectObject):
            action = action.get_object()
        names = {str(key) for key in value}
        if isinstance(action, NameObject):
            names.add(str(action))
        found = names & ACTIVE_NAMES
        if found:
            return _describe(sorted(found)[0])
        children = value.values()
    elif isinstance(value, ArrayObject):
        children = value
    else:
        return ""
    for child in children:
        if not isinstance(child, IndirectObject):
            found = _active_in(child, depth + 1)
            if found:
                return found
    return ""


def _open(fieldfile):
    try:
        with fieldfile.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise PdfProblem(_("the file is missing from storage")) from exc
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise PdfProblem(_("the file is damaged")) from exc


def clean_text(text):
    """Text as search keeps it: no control characters (PostgreSQL refuses NUL), runs
    of blank space made one, at most ``MAX_TEXT_CHARS``."""
    text = "".join(ch if ch.isprintable() or ch in "\n" else " " for ch in text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARS]


def read_text(fieldfile):
    """(text of every page, page count) of a stored PDF; ``PdfProblem`` if unreadable."""
    document = _open(fieldfile)
    try:
        parts, total = [], 0
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                part = textpage.get_text_bounded()
            finally:
                textpage.close()
                page.close()
            parts.append(part)
            total += len(part)
            if total > MAX_TEXT_CHARS * 2:
                break
        return clean_text("\n".join(parts)), len(document)
    finally:
        document.close()


def render_cover(fieldfile, width=800):
    """Page 1 of a stored PDF as a PIL image ``width`` pixels wide."""
    document = _open(fieldfile)
    try:
        page = document[0]
        try:
            page_width, page_height = page.get_width() or 1, page.get_height() or 1
            # At most ``width`` wide and twice that high, whatever the page's shape.
            scale = min(width / page_width, 2 * width / page_height, 4)
            bitmap = page.render(scale=scale)
            return bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
