"""The publications library: PDFs uploaded in the admin, checked there, read by the
worker (text for search, a cover), listed with facet counts, downloaded."""

import re
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kernel.cache import bump_generation
from kernel.models import DraftChange, ReviewEvent
from news.models import Country, Topic
from publications.models import Publication, PublicationFile

from .pdfs import (
    encrypted_pdf,
    make_pdf,
    pdf_with_javascript,
    pdf_with_launch_action,
    png_named_pdf,
    truncated_pdf,
)
from .support import form_values, media_files, yesterday

pytestmark = pytest.mark.django_db
ADD = "/admin/publications/publication/add/"

ENGLISH_TEXT = (
    "Remittances and the labour market in Central Asia.\n"
    "Seasonal workers from the Fergana valley send home most of their earnings."
)
RUSSIAN_TEXT = (
    "Денежные переводы и рынок труда в Центральной Азии.\n"
    "Сезонные работники из Ферганской долины отправляют домой большую часть заработка."
)


def work():
    """The worker, once: every queued task (reading files) and the periodic ones."""
    call_command("run_worker", "--once")


def pdf_upload(data=None, name="report.pdf"):
    return SimpleUploadedFile(name, data or make_pdf(ENGLISH_TEXT), "application/pdf")


def publication_form(files=(), **overrides):
    """What the publication add form posts; ``files``: (language, upload) pairs."""
    data = {
        "title_en": "Remittances in Central Asia 2024",
        "slug_en": "remittances-in-central-asia-2024",
        "kind": "report",
        "status": "draft",
        "published_at_0": "2024-05-02",
        "published_at_1": "10:00:00",
        "summary_en": "How money sent home shapes households in the region.",
        "authors_en": "IOM Kazakhstan",
        "isbn": "",
        "document_number": "",
        "cover_alt_en": "",
        "cover_credit": "",
        "seo_title_en": "",
        "seo_description_en": "",
        "files-TOTAL_FORMS": str(max(1, len(files))),
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "3",
        "files-0-language": "",
    }
    for index, (language, upload) in enumerate(files):
        data[f"files-{index}-language"] = language
        data[f"files-{index}-file"] = upload
    data.update(overrides)
    return data


def make_publication(files=(("en", ENGLISH_TEXT),), *, read=True, **fields):
    """A published publication with a PDF per (language, text), read by the worker."""
    n = Publication.objects.count() + 1
    fields.setdefault("title", f"Publication {n}")
    fields.setdefault("slug", f"publication-{n}")
    fields.setdefault("status", Publication.Status.PUBLISHED)
    fields.setdefault("published_at", yesterday())
    fields.setdefault("summary", "A summary.")
    publication = Publication.objects.create(**fields)
    for language, text in files:
        stored = PublicationFile(publication=publication, language=language)
        stored.file.save("x.pdf", ContentFile(make_pdf(text)), save=False)
        stored.save()
    if read:
        work()
    publication.refresh_from_db()
    return publication


def stored_files():
    """Every file stored: public media, publications' private files, kept uploads."""
    private = [settings.PUBLICATION_FILES_ROOT, settings.KEPT_UPLOADS_ROOT]
    found = {path for root in private for path in Path(root).rglob("*") if path.is_file()}
    return media_files() | {str(path) for path in found}


def errors_of(response):
    return [
        m.strip()
        for m in re.findall(
            r'class="errorlist[^"]*"[^>]*>\s*<li>([^<]+)', response.content.decode()
        )
    ]


class TestUpload:
    def test_an_editor_uploads_a_pdf_and_the_worker_reads_it(self, as_editor):
        response = as_editor.post(ADD, publication_form(files=[("en", pdf_upload())]))
        assert response.status_code == 302, errors_of(response)
        publication = Publication.objects.get()
        stored = publication.files.get()
        assert stored.state == PublicationFile.READING
        assert stored.pages == 1 and stored.size > 1000
        assert re.fullmatch(r"\d{4}/\d{2}/[0-9a-f]{20}\.pdf", stored.file.name)
        page = as_editor.get(f"/admin/publications/publication/{publication.pk}/change/")
        assert "Reading the file…" in page.content.decode()

        work()
        stored.refresh_from_db()
        assert stored.state == PublicationFile.READY
        assert "Fergana valley" in stored.text
        page = as_editor.get(f"/admin/publications/publication/{publication.pk}/change/")
        assert "Ready: 1 page" in page.content.decode()
        publication.refresh_from_db()
        assert publication.page_cover and publication.page_cover_renditions["sources"]
        assert "Fergana" in publication.document_text_en

    @pytest.mark.parametrize(
        ("data", "name", "code_words"),
        [
            (png_named_pdf(), "chart.pdf", "it is a PNG image"),
            (truncated_pdf(), "report.pdf", "ends too early"),
            (encrypted_pdf(), "report.pdf", "is encrypted"),
            (pdf_with_javascript(), "report.pdf", "contains JavaScript"),
            (pdf_with_launch_action(), "report.pdf", "launch action"),
        ],
        ids=["renamed image", "truncated", "encrypted", "javascript", "launch action"],
    )
    def test_a_bad_file_gets_its_own_error_and_nothing_is_stored(
        self, as_editor, data, name, code_words
    ):
        before = stored_files()
        form = publication_form(files=[("en", pdf_upload(data, name))])
        response = as_editor.post(ADD, form)
        assert response.status_code == 200
        errors = errors_of(response)
        assert len(errors) == 1 and code_words in errors[0], errors
        assert not Publication.objects.exists() and not PublicationFile.objects.exists()
        assert stored_files() == before
        # What the editor typed is still in the form.
        assert "Remittances in Central Asia 2024" in response.content.decode()

    def test_a_file_over_the_limit_is_refused(self, as_editor, settings):
        settings.PUBLICATION_MAX_BYTES = 4000
        data = make_pdf(ENGLISH_TEXT * 30)
        assert len(data) > 4000
        response = as_editor.post(ADD, publication_form(files=[("en", pdf_upload(data))]))
        errors = errors_of(response)
        assert len(errors) == 1 and "a PDF may be at most 3.9\xa0KB" in errors[0], errors
        assert not PublicationFile.objects.exists()

    def test_a_good_file_is_kept_when_another_field_is_wrong(self, as_editor):
        form = publication_form(files=[("en", pdf_upload())], title_en="")
        response = as_editor.post(ADD, form)
        assert response.status_code == 200
        page = response.content.decode()
        assert "report.pdf" in page and "files-0-file__kept" in page
        token = re.search(r'name="files-0-file__kept" value="([^"]+)"', page).group(1)
        fixed = publication_form(title_en="Remittances in Central Asia 2024")
        fixed.update({"files-0-language": "en", "files-0-file__kept": token})
        response = as_editor.post(ADD, fixed)
        assert response.status_code == 302, errors_of(response)
        assert PublicationFile.objects.get().pages == 1

    def test_an_editor_cannot_publish_a_publisher_can(self, as_editor, as_publisher):
        def form():
            return publication_form(files=[("en", pdf_upload())], status="published")

        response = as_editor.post(ADD, form())
        assert response.status_code == 200  # "Published" is not a choice for Editors
        assert not Publication.objects.exists()
        response = as_publisher.post(ADD, form())
        assert response.status_code == 302, errors_of(response)
        assert Publication.objects.get().is_published()


class TestReadingAndSearch:
    def test_cyrillic_text_is_extracted_and_found_by_search(self, client):
        make_publication(files=[("en", ENGLISH_TEXT), ("ru", RUSSIAN_TEXT)])
        ru_file = PublicationFile.objects.get(language="ru")
        assert "Ферганской долины" in ru_file.text
        # Words only inside the PDFs, in each language.
        page = client.get("/search/", {"q": "Fergana"}).content.decode()
        assert "Publication 1" in page and "<mark>Fergana</mark>" in page
        page = client.get("/ru/search/", {"q": "Ферганской"}).content.decode()
        assert "Publication 1" in page

    def test_title_and_summary_matches_rank_above_words_in_the_file(self, client):
        make_publication(title="Annual overview", summary="Figures for the year.")
        make_publication(
            title="Fergana valley factsheet", summary="Nothing else.", files=[("en", "Tables.")]
        )
        page = client.get("/search/", {"q": "Fergana"}).content.decode()
        assert page.index("Fergana valley factsheet") < page.index("Annual overview")

    def test_a_file_the_worker_cannot_read_says_why(self, as_editor):
        publication = make_publication(read=False)
        stored = publication.files.get()
        stored.file.storage.delete(stored.file.name)
        work()
        stored.refresh_from_db()
        assert stored.state == PublicationFile.FAILED
        page = as_editor.get(f"/admin/publications/publication/{publication.pk}/change/")
        assert "Could not read: the file is missing from storage" in page.content.decode()

    def test_reading_twice_writes_nothing_new(self):
        from publications.tasks import read

        publication = make_publication()
        stored = publication.files.get()
        assert read(stored.pk) == "nothing to do"

    def test_drafts_are_not_found(self, client):
        make_publication(status=Publication.Status.DRAFT)
        assert "Publication 1" not in client.get("/search/", {"q": "Fergana"}).content.decode()


class TestPublicPages:
    def test_the_detail_page_offers_each_language_and_a_citation(self, client):
        publication = make_publication(
            files=[("en", ENGLISH_TEXT), ("ru", RUSSIAN_TEXT + "\f" + "Вторая страница")],
            authors="IOM Kazakhstan",
            isbn="978-92-9268-000-9",
            published_at=timezone.make_aware(datetime(2024, 5, 2, 10)),
        )
        page = client.get(publication.get_absolute_url()).content.decode()
        assert "PDF, 1 page," in page
        assert 'href="/publications/publication-1/ru.pdf"' in page
        assert "IOM Kazakhstan (2024). Publication 1. Report. ISBN 978-92-9268-000-9." in page
        assert 'class="publication__cover"' in page  # drawn from page 1

    def test_download_headers(self, client):
        publication = make_publication()
        response = client.get("/publications/publication-1/en.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="publication-1-en.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "max-age=86400" in response["Cache-Control"]
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-") and len(body) == publication.files.get().size
        again = client.get(
            "/publications/publication-1/en.pdf", HTTP_IF_NONE_MATCH=response["ETag"]
        )
        assert again.status_code == 304

    def test_no_download_for_drafts_or_unknown_languages(self, client):
        make_publication(status=Publication.Status.DRAFT)
        assert client.get("/publications/publication-1/en.pdf").status_code == 404
        assert client.get("/publications/publication-1/").status_code == 404
        make_publication()
        assert client.get("/publications/publication-2/kk.pdf").status_code == 404
        assert client.get("/publications/publication-2/xx.pdf").status_code == 404

    def test_facet_counts_follow_the_other_filters(self, client, make_country):
        kz, uz = make_country("Kazakhstan", "KZ"), make_country("Uzbekistan", "UZ")
        for kind, countries, year in [
            ("report", [kz], 2023),
            ("report", [uz], 2024),
            ("factsheet", [kz], 2024),
        ]:
            when = timezone.make_aware(datetime(year, 3, 1))
            make_publication(read=False, kind=kind, published_at=when).countries.set(countries)
        page = client.get("/publications/", {"year": 2024}).content.decode()
        assert "2 publications" in page
        assert re.search(r'value="kazakhstan"[^>]*>Kazakhstan \(1\)', page)
        assert re.search(r'value="factsheet"[^>]*>Factsheet \(1\)', page)
        page = client.get("/publications/", {"country": "kazakhstan", "type": "report"})
        page = page.content.decode()
        assert "1 publication" in page
        assert re.search(r'value="2023"[^>]*>2023 \(1\)', page)
        assert 'value="2024"' not in page  # no year that leads nowhere
        assert re.search(r'value="uzbekistan"[^>]*>Uzbekistan \(1\)', page)  # another country
        page = client.get("/publications/", {"type": "factsheet"}).content.decode()
        assert re.search(r'value="uzbekistan" disabled>Uzbekistan \(0\)', page)

    def test_the_language_filter_means_a_file_in_that_language(self, client):
        make_publication(files=[("en", "One"), ("ru", "Один")])
        make_publication(files=[("en", "Two")])
        page = client.get("/publications/", {"language": "ru"}).content.decode()
        assert "1 publication" in page and "Publication 1" in page
        assert re.search(r'value="ru"[^>]*>Russian \(1\)', page)
        assert re.search(r'value="en"[^>]*>English \(2\)', page)

    @pytest.mark.parametrize("query", ["type=novel", "country=atlantis", "year=abc", "language=xx"])
    def test_a_bad_filter_is_a_404_that_says_so(self, client, query):
        response = client.get(f"/publications/?{query}")
        assert response.status_code == 404

    def test_releases_and_publications_list_each_other(self, client, make_news):
        release = make_news(title="Report launched", status="published")
        publication = make_publication()
        publication.related_news.add(release)
        page = client.get(release.get_absolute_url()).content.decode()
        assert "Related publications" in page and publication.get_absolute_url() in page
        page = client.get(publication.get_absolute_url()).content.decode()
        assert "Related news" in page and release.get_absolute_url() in page

    def test_feed_and_sitemap_include_publications(self, client):
        publication = make_publication()
        feed = client.get("/publications/feed/").content.decode()
        assert "Publication 1" in feed
        assert 'url="http://testserver/publications/publication-1/en.pdf"' in feed
        assert "Publication 1" in client.get("/publications/feed/atom/").content.decode()
        sitemap = client.get("/sitemap-publications.xml").content.decode()
        assert f"http://testserver{publication.get_absolute_url()}" in sitemap

    def test_the_russian_feed_marks_untranslated_publications_as_english(self, client):
        make_publication(title="Migration profile")
        make_publication(title="Labour study", title_ru="Исследование труда")
        feed = client.get("/ru/publications/feed/atom/").content.decode()
        assert '<entry xml:lang="en"><title>Migration profile</title>' in feed
        assert "<entry><title>Исследование труда</title>" in feed


class TestQueryCounts:
    """The library's pages run a fixed number of queries whatever the number of
    publications, files, countries and topics (page cache off; the reference data,
    country and topic lists and facet counts, cached per content generation): the
    first request after a change, and the next one (a publication's page is then
    found without a query)."""

    QUERIES = {
        "/publications/": (13, 4),
        "/publications/?page=2": (13, 4),
        "/publications/?type=report&country=country-a&language=ru": (13, 4),
        "/publications/<slug>/": (7, 1),
        "/ru/publications/": (13, 4),
        "/publications/feed/": (4, 4),
    }

    def build(self, count, make_country):
        countries = [make_country(f"Country {c}", slug=f"country-{c}") for c in "abc"]
        topics = [Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(3)]
        files = [
            PublicationFile(publication=None, language=code, file=f"publications/x-{code}.pdf")
            for code in ("en", "ru")
        ]
        for n in range(count):
            publication = Publication.objects.create(
                title=f"Report {n}",
                slug=f"report-{n}-{count}",
                status=Publication.Status.PUBLISHED,
                published_at=yesterday(),
                summary="Summary.",
            )
            publication.countries.set(countries)
            publication.topics.set(topics)
            for each in files:
                PublicationFile.objects.create(
                    publication=publication,
                    language=each.language,
                    file=each.file.name,
                    state=PublicationFile.READY,
                    pages=3,
                    size=1000,
                )
        return Publication.objects.published().first()

    def counts(self, client, detail):
        counts = {}
        for url in self.QUERIES:
            real = url.replace("<slug>", detail.slug)
            bump_generation()  # a change: nothing rendered is kept
            with CaptureQueriesContext(connection) as first:
                client.get(real)
            with CaptureQueriesContext(connection) as again:
                response = client.get(real)
            assert response.status_code == 200, url
            counts[url] = (len(first), len(again))
        return counts

    def test_fixed_whatever_the_data_size(self, client, settings, make_country):
        settings.PAGE_CACHE_SECONDS = 0
        detail = self.build(13, make_country)
        assert self.counts(client, detail) == self.QUERIES
        Publication.objects.all().delete()
        Country.objects.all().delete()
        Topic.objects.all().delete()
        detail = self.build(40, make_country)
        assert self.counts(client, detail) == self.QUERIES


class TestDraftChangesOfALivePublication:
    def test_an_editor_s_new_file_waits_for_a_publisher(self, as_editor, as_publisher, client):
        publication = make_publication()
        url = f"/admin/publications/publication/{publication.pk}/change/"
        data = form_values(as_editor.get(url))
        data.update(
            {
                "summary_en": "A new summary.",
                "files-1-language": "ru",
                "files-1-file": pdf_upload(make_pdf(RUSSIAN_TEXT), "ru.pdf"),
            }
        )
        response = as_editor.post(url, data)
        assert response.status_code == 302, errors_of(response)
        assert DraftChange.objects.for_object(publication).exists()
        work()
        # Nothing of it is public: no Russian file, summary or words from the file.
        assert not PublicationFile.objects.filter(language="ru").exists()
        page = client.get(publication.get_absolute_url()).content.decode()
        assert "ru.pdf" not in page and "A new summary." not in page
        assert client.get("/publications/publication-1/ru.pdf").status_code == 404
        assert (
            "Publication 1" not in client.get("/ru/search/", {"q": "Ферганской"}).content.decode()
        )

        # The Publisher publishes the changes; the worker reads the new file.
        response = as_publisher.post(url, form_values(as_publisher.get(url)))
        assert response.status_code == 302, errors_of(response)
        work()
        assert PublicationFile.objects.get(language="ru").state == PublicationFile.READY
        page = client.get(publication.get_absolute_url()).content.decode()
        assert "/publications/publication-1/ru.pdf" in page and "A new summary." in page
        assert "Publication 1" in client.get("/ru/search/", {"q": "Ферганской"}).content.decode()

    def test_an_editor_cannot_remove_a_live_file(self, as_editor, client):
        publication = make_publication()
        url = f"/admin/publications/publication/{publication.pk}/change/"
        data = form_values(as_editor.get(url))
        data["files-0-DELETE"] = "on"
        response = as_editor.post(url, data)
        assert response.status_code == 302, errors_of(response)
        assert publication.files.count() == 1
        assert client.get("/publications/publication-1/en.pdf").status_code == 200


class TestReviewAndHistory:
    def test_an_editor_submits_a_publication_for_review_and_a_publisher_publishes_it(
        self, as_editor, as_publisher, client
    ):
        data = publication_form(files=[("en", pdf_upload())])
        data.update({"_submit_review": "1", "review_message": "The Russian file follows."})
        assert as_editor.post(ADD, data).status_code == 302
        publication = Publication.objects.get()
        (step,) = ReviewEvent.objects.for_object(publication)
        assert step.action == "submitted" and step.message == "The Russian file follows."
        listing = as_publisher.get("/admin/publications/publication/?review=submitted")
        assert "Remittances in Central Asia 2024" in listing.content.decode()
        url = f"/admin/publications/publication/{publication.pk}/change/"
        form = form_values(as_publisher.get(url))
        form["status"] = "published"
        assert as_publisher.post(url, form).status_code == 302
        work()
        actions = ReviewEvent.objects.for_object(publication).values_list("action", flat=True)
        assert list(actions) == ["submitted", "published"]
        assert client.get(publication.get_absolute_url()).status_code == 200
        history = as_publisher.get(f"{url.removesuffix('change/')}history/").content.decode()
        assert "aigerim" in history and "dana" in history
