"""The publications library in a real browser: an Editor uploads a PDF, the worker
reads it, a Publisher publishes it, and a visitor finds it by a word that is only in
the PDF and downloads it."""

import re

import pytest
from django.core.management import call_command

from publications.models import Publication, PublicationFile

from ..pdfs import make_pdf

pytestmark = [pytest.mark.django_db(transaction=True)]

TITLE = "Seasonal work on the roads of Zhetisu"
SLUG = "seasonal-work-on-the-roads-of-zhetisu"
PDF_ONLY_WORD = "caravanserai"  # in the file's text only: not in the title or summary


def test_editor_uploads_a_pdf_publisher_publishes_visitor_finds_and_downloads_it(
    live_server,
    new_page,
    staff_user,
    log_in,
    tmp_path,
    screenshot,
    axe_findings,
    requests_in_flight,
):
    base = live_server.url
    staff_user("edna", "Editor")
    staff_user("paul", "Publisher")
    upload = tmp_path / "zhetisu-report.pdf"
    upload.write_bytes(
        make_pdf(f"Seasonal workers rest at the old Zhetisu {PDF_ONLY_WORD} on their way north.")
    )

    # The Editor writes a draft with an English PDF.
    editor = new_page(width=1280)
    log_in(editor, base, "edna")
    editor.goto(f"{base}/admin/publications/publication/add/")
    editor.locator("#id_title_en").press_sequentially(TITLE)  # the slug fills in as one types
    assert editor.input_value("#id_slug_en") == SLUG
    editor.select_option("#id_kind", label="Report")
    assert [o.strip() for o in editor.locator("#id_status option").all_inner_texts()] == ["Draft"]
    editor.fill("#id_summary_en", "Where migrant workers stop on the road to Almaty.")
    editor.select_option("#id_files-0-language", label="English")
    editor.set_input_files("#id_files-0-file", str(upload))
    with editor.expect_navigation():
        editor.click("input[name=_save_draft]")
    editor.wait_for_selector(".messagelist .success")
    publication = Publication.objects.get()
    assert publication.status == Publication.Status.DRAFT and publication.slug == SLUG
    stored = publication.files.get()
    assert stored.language == "en" and stored.state == PublicationFile.READING
    assert "Reading the file…" in editor.locator(".file-state").inner_text()
    screenshot(editor, "admin-publication-saved-draft-1280")
    editor.set_viewport_size({"width": 390, "height": 844})
    screenshot(editor, "admin-publication-saved-draft-390")

    # The worker reads the file; the form says so. (It shares the in-memory database's
    # connection with the live server: only once no request is running.)
    requests_in_flight.wait_until_none()
    call_command("run_worker", "--once")
    stored.refresh_from_db()
    assert stored.state == PublicationFile.READY, stored.problem
    assert PDF_ONLY_WORD in stored.text
    editor.reload()
    assert re.fullmatch(r"Ready: 1 page, .+", editor.locator(".file-state").inner_text().strip())

    # The Publisher publishes it.
    publisher = new_page(width=1280)
    log_in(publisher, base, "paul")
    publisher.goto(f"{base}/admin/publications/publication/")
    publisher.click(f"#result_list a:has-text('{TITLE}')")
    publisher.wait_for_selector("input[name=_publish_now]")
    with publisher.expect_navigation():
        publisher.click("input[name=_publish_now]")
    publisher.wait_for_selector(".messagelist .success")
    publication.refresh_from_db()
    assert publication.is_published()

    # A visitor finds it by a word that is only in the PDF, and downloads it.
    visitor = new_page(width=1280, bypass_csp=True)  # axe-core is injected as a script
    visitor.goto(f"{base}/")
    visitor.fill("#site-search-q", PDF_ONLY_WORD)
    with visitor.expect_navigation():
        visitor.press("#site-search-q", "Enter")
    assert "/search/?q=" in visitor.url
    found = visitor.locator("section[aria-labelledby=publications-heading]")
    assert found.locator("h2").inner_text() == "Publications"
    found.locator(f"a:has-text('{TITLE}')").click()
    visitor.wait_for_url(f"{base}/publications/{SLUG}/")
    downloads = visitor.locator(".downloads__list li")
    assert downloads.count() == 1
    assert downloads.locator(".download__facts").inner_text().startswith("PDF, 1 page, ")
    with visitor.expect_download() as waiting:
        downloads.locator("a.download").click()
    download = waiting.value
    assert download.suggested_filename == f"{SLUG}-en.pdf"
    assert download.failure() is None
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"
    # The name comes from the server too, not only from the link's download attribute.
    href = downloads.locator("a.download").get_attribute("href")
    assert href == f"/publications/{SLUG}/en.pdf"
    served = visitor.request.get(f"{base}{href}")
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"] == f'attachment; filename="{SLUG}-en.pdf"'
    assert axe_findings(visitor) == []
    screenshot(visitor, "public-publication-1280")
    visitor.set_viewport_size({"width": 390, "height": 844})
    screenshot(visitor, "public-publication-390")

    visitor.goto(f"{base}/publications/")
    assert visitor.locator(f".publication-card a:has-text('{TITLE}')").count() == 1
    assert axe_findings(visitor) == []
    screenshot(visitor, "public-publications-390")
    visitor.set_viewport_size({"width": 1280, "height": 900})
    screenshot(visitor, "public-publications-1280")
