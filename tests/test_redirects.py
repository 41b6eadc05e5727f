"""Addresses never break: a changed address redirects (301, one hop, every language,
a page with its sub-pages), a deleted item's address says it is gone (410), and staff
add the old site's addresses one by one or from a CSV file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernel.models import Redirect
from publications.models import Publication

from .support import form_values, news_form, submit, yesterday

pytestmark = pytest.mark.django_db
NEWS = "/admin/news/newsitem"
REDIRECTS = "/admin/kernel/redirect"


def moved(client, old):
    """Where ``old`` leads now (a 301's Location), checking it is one hop to a page."""
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    target = response["Location"]
    assert client.get(target).status_code == 200, target
    return target


@pytest.fixture
def release(make_news):
    return make_news("Forum in Tashkent", slug="forum-in-tashkent", status="published")


class TestAnAddressThatChanges:
    def test_a_release_s_english_slug(self, client, release):
        release.slug = "labour-forum-in-tashkent"
        release.save()
        assert moved(client, "/news/forum-in-tashkent/") == "/news/labour-forum-in-tashkent/"
        # Untranslated, its Russian and Kazakh addresses use the English slug: they move too.
        assert moved(client, "/ru/news/forum-in-tashkent/") == "/ru/news/labour-forum-in-tashkent/"
        assert moved(client, "/kk/news/forum-in-tashkent/") == "/kk/news/labour-forum-in-tashkent/"

    def test_a_release_s_russian_slug(self, client, release):
        release.title_ru, release.slug_ru = "Форум в Ташкенте", "forum-v-tashkente"
        release.save()
        # A new translation is no move: the English-slug address under /ru/ already
        # redirects to the Russian one by itself.
        assert not Redirect.objects.filter(old_path__startswith="/ru/").exclude(
            new_path="/ru/news/forum-v-tashkente/"
        )
        release.slug_ru = "forum-trudovoj-migratsii"
        release.save()
        assert moved(client, "/ru/news/forum-v-tashkente/") == "/ru/news/forum-trudovoj-migratsii/"
        assert client.get("/news/forum-in-tashkent/").status_code == 200  # English unchanged

    def test_a_publication_s_slug(self, client):
        publication = Publication.objects.create(
            title="Survey", slug="survey-2024", status="published", published_at=yesterday()
        )
        publication.slug = "labour-survey-2024"
        publication.title_ru, publication.slug_ru = "Опрос", "opros-2024"
        publication.save()
        assert moved(client, "/publications/survey-2024/") == "/publications/labour-survey-2024/"
        publication.slug_ru = "opros-trudovoj-migratsii"
        publication.save()
        assert (
            moved(client, "/ru/publications/opros-2024/")
            == "/ru/publications/opros-trudovoj-migratsii/"
        )

    def test_a_page_moves_with_its_sub_pages_in_every_language(self, client, make_page):
        other = make_page("Our work", slug="our-work", status="published")
        section = make_page("Who we are", slug="who-we-are", status="published")
        about = make_page("About", slug="about", parent=section, status="published")
        make_page("History", slug="history", parent=about, status="published")
        section.slug = "about-iom"
        section.save()
        assert moved(client, "/who-we-are/") == "/about-iom/"
        assert moved(client, "/who-we-are/about/") == "/about-iom/about/"
        assert moved(client, "/who-we-are/about/history/") == "/about-iom/about/history/"
        assert moved(client, "/ru/who-we-are/about/history/") == "/ru/about-iom/about/history/"
        # Moved under another parent: the old addresses lead to the new ones directly.
        about.refresh_from_db()  # as the admin loads it
        about.parent = other
        about.save()
        assert moved(client, "/who-we-are/about/history/") == "/our-work/about/history/"
        assert moved(client, "/about-iom/about/") == "/our-work/about/"

    def test_chains_collapse_to_one_hop_and_the_query_is_kept(self, client, release):
        for slug in ("second", "third"):
            release.slug = slug
            release.save()
        assert moved(client, "/news/forum-in-tashkent/") == "/news/third/"
        response = client.get("/news/forum-in-tashkent/?page=2")  # (tracking ones are dropped)
        assert response["Location"] == "/news/third/?page=2"

    def test_back_at_an_old_address_it_is_live_again_and_nothing_loops(self, client, release):
        release.slug = "renamed"
        release.save()
        release.slug = "forum-in-tashkent"
        release.save()
        assert client.get("/news/forum-in-tashkent/").status_code == 200
        assert moved(client, "/news/renamed/") == "/news/forum-in-tashkent/"

    def test_drafts_leave_no_redirects(self, client, make_news):
        draft = make_news("Draft", slug="draft-one", status="draft")
        draft.slug = "draft-two"
        draft.save()
        assert not Redirect.objects.exists()

    def test_a_publisher_publishing_an_editor_s_new_slug(
        self, client, release, as_editor, as_publisher
    ):
        url = f"{NEWS}/{release.pk}/change/"
        fields = {n: getattr(release, n) for n in ("title", "lead", "dateline", "kind", "scope")}
        data = news_form(**fields, slug="renamed-by-an-editor")
        assert submit(as_editor, url, data).status_code == 302
        assert client.get("/news/forum-in-tashkent/").status_code == 200  # not public yet
        assert submit(as_publisher, url, form_values(as_publisher.get(url))).status_code == 302
        assert moved(client, "/news/forum-in-tashkent/") == "/news/renamed-by-an-editor/"


class TestGone:
    def test_a_deleted_release_is_gone_with_a_page_that_says_so(self, client, release):
        release.delete()
        for path in ("/news/forum-in-tashkent/", "/ru/news/forum-in-tashkent/"):
            response = client.get(path)
            assert response.status_code == 410
            assert "removed" in response.content.decode() or "удал" in response.content.decode()

    def test_what_led_to_a_deleted_item_says_gone_too(self, client, release):
        release.slug = "renamed"
        release.save()
        release.delete()
        assert client.get("/news/forum-in-tashkent/").status_code == 410

    def test_a_deleted_draft_was_never_there(self, client, make_news):
        make_news("Draft", slug="draft-one", status="draft").delete()
        assert client.get("/news/draft-one/").status_code == 404

    def test_a_deleted_page(self, client, make_page):
        make_page("Old", slug="old-page", status="published").delete()
        assert client.get("/old-page/").status_code == 410


def test_a_page_view_never_asks_for_redirects(client, release):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(release.get_absolute_url()).status_code == 200
    assert not [q for q in queries if "kernel_redirect" in q["sql"]]


class TestStaffRedirects:
    def test_a_publisher_adds_one_for_the_old_site(self, client, as_publisher, release):
        data = {
            "old_path": "https://www.iom.int/en/news/2018/forum.html",
            "new_path": "/news/forum-in-tashkent/",
        }
        assert as_publisher.post(f"{REDIRECTS}/add/", data).status_code == 302
        assert moved(client, "/en/news/2018/forum.html") == "/news/forum-in-tashkent/"

    def test_a_loop_is_refused_with_a_reason(self, as_publisher):
        as_publisher.post(f"{REDIRECTS}/add/", {"old_path": "/a/", "new_path": "/b/"})
        response = as_publisher.post(f"{REDIRECTS}/add/", {"old_path": "/b/", "new_path": "/a/"})
        assert response.status_code == 200
        assert "would lead back to itself" in response.content.decode()
        assert Redirect.objects.count() == 1

    def test_editors_see_them_but_do_not_change_them(self, as_editor):
        assert as_editor.get(f"{REDIRECTS}/").status_code == 200
        response = as_editor.post(f"{REDIRECTS}/add/", {"old_path": "/a/", "new_path": "/b/"})
        assert response.status_code == 403
        assert as_editor.get(f"{REDIRECTS}/import/").status_code == 403


def csv_upload(text):
    return SimpleUploadedFile("redirects.csv", text.encode(), "text/csv")


class TestCsvImport:
    def test_a_good_file_is_imported(self, client, as_publisher, release):
        text = (
            "old path,new path\n"
            "/en/news/2018/forum.html,/news/forum-in-tashkent/\n"
            "/en/news/2016/withdrawn.html,410\n"
        )
        response = as_publisher.post(f"{REDIRECTS}/import/", {"file": csv_upload(text)})
        assert response.status_code == 302
        assert moved(client, "/en/news/2018/forum.html") == "/news/forum-in-tashkent/"
        assert client.get("/en/news/2016/withdrawn.html").status_code == 410

    def test_bad_rows_are_reported_by_line_and_nothing_is_imported(self, as_publisher):
        text = (
            "old path,new path\n"
            "/one/,/news/\n"
            "no-slash,/news/\n"
            "/two/,javascript:alert(1)\n"
            "/three/,/four/\n"
            "/four/,/three/\n"
            "/one/,/contacts/\n"
            f"/long/,/{'x' * 1100}/\n"
            '"/a\nb/",/news/\n'
        )
        response = as_publisher.post(f"{REDIRECTS}/import/", {"file": csv_upload(text)})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Nothing was imported: 6 lines need fixing." in page
        assert "Line 3:" in page and "starting with /" in page
        assert "Line 4:" in page and "full http(s) address" in page
        assert "Line 6:" in page and "lead back to itself" in page
        assert "Line 7:" in page and "already on line 2" in page
        assert "Line 8:" in page and "at most 1000 characters" in page
        assert "Line 9:" in page and "one line" in page
        assert not Redirect.objects.exists()

    def test_a_file_that_is_not_text(self, as_publisher):
        upload = SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x00binary", "text/csv")
        response = as_publisher.post(f"{REDIRECTS}/import/", {"file": upload})
        assert "not UTF-8 text" in response.content.decode()


def test_pages_and_news_are_still_found_first(client, make_page):
    """A redirect never hides a live page: it is only asked where there is none."""
    make_page("About", slug="about", status="published")
    Redirect.objects.create(old_path="/about/", new_path="/contacts/")
    assert client.get("/about/").status_code == 200


def test_development_answers_as_production(client, settings, release):
    """`make run` (DEBUG) shows Django's own 404 page, not the site's handler: moved and
    gone addresses answer there too."""
    settings.DEBUG = True
    release.slug = "renamed"
    release.save()
    assert client.get("/news/forum-in-tashkent/").status_code == 301
    release.delete()
    assert client.get("/news/renamed/").status_code == 410
