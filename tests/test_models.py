from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from news.models import NewsItem
from pages.models import Page

from .support import elements, png_upload, tomorrow, yesterday

pytestmark = pytest.mark.django_db


class TestPublishedQuerySet:
    def test_only_published_items_whose_time_has_come(self, make_news):
        live = make_news(title="Live")
        make_news(title="Draft", status=NewsItem.Status.DRAFT)
        make_news(title="Scheduled", published_at=tomorrow())
        assert list(NewsItem.objects.published()) == [live]

    def test_scheduled_item_appears_by_itself_when_its_time_comes(self, make_news):
        scheduled = make_news(published_at=tomorrow())
        assert not scheduled.is_published()
        assert scheduled.is_scheduled()
        later = timezone.now() + timedelta(days=2)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert list(NewsItem.objects.published()) == [scheduled]
            assert scheduled.is_published()

    def test_draft_with_past_time_is_not_published(self, make_news):
        draft = make_news(status=NewsItem.Status.DRAFT, published_at=yesterday())
        assert not draft.is_published()
        assert not NewsItem.objects.published().exists()

    def test_pages_share_the_rule(self, make_page):
        live = make_page()
        make_page(status=Page.Status.DRAFT)
        make_page(published_at=tomorrow())
        assert list(Page.objects.published()) == [live]

    @pytest.mark.parametrize(
        "hidden", [{"status": Page.Status.DRAFT}, {"published_at": tomorrow()}]
    )
    def test_a_page_is_public_only_when_all_its_ancestors_are(
        self, make_page, hidden, django_assert_num_queries
    ):
        section = make_page(slug="our-work")
        live = make_page(slug="agenda", parent=section)
        # "our_work" would match "our-work/..." in an unescaped LIKE; "our" is a prefix
        # of "our-work" without the slash: neither hides anything under "our-work".
        for slug in ("our_work", "our"):
            make_page(slug=slug, **hidden)
        hidden_section = make_page(slug="secret", **hidden)
        child = make_page(slug="child", parent=hidden_section)
        make_page(slug="grandchild", parent=child)
        with django_assert_num_queries(1):
            assert set(Page.objects.published()) == {section, live}
        # The staff preview of the hidden section lists the children that are
        # published in their own right.
        assert list(hidden_section.children.published_ignoring_ancestors()) == [child]

    def test_newest_first(self, make_news):
        old = make_news(published_at=yesterday() - timedelta(days=30))
        new = make_news(published_at=yesterday())
        assert list(NewsItem.objects.published()) == [new, old]
        assert NewsItem.objects.latest() == new


class TestSlugs:
    def test_news_slug_is_unique(self, make_news):
        make_news(slug="same")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_news(slug="same")

    def test_news_slug_uniqueness_is_a_form_error(self, make_news):
        make_news(slug="same")
        item = NewsItem(title="Other", slug="same", published_at=timezone.now())
        with pytest.raises(ValidationError) as excinfo:
            item.full_clean()
        assert "slug" in excinfo.value.message_dict

    def test_page_slug_unique_among_siblings_only(self, make_page):
        first = make_page(slug="who-we-are")
        second = make_page(slug="our-work")
        make_page(slug="about", parent=first)
        make_page(slug="about", parent=second)  # same slug, other parent: fine
        duplicate = Page(title="About again", slug="about", parent=first)
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "slug_en" in excinfo.value.message_dict

    @pytest.mark.parametrize("slug", ["news", "admin", "ru", "kk", "search"])
    def test_reserved_top_level_slug_refused(self, slug):
        page = Page(title="Taken", slug=slug)
        with pytest.raises(ValidationError) as excinfo:
            page.full_clean()
        assert "used by another part of the site" in str(excinfo.value)


class TestPageTree:
    def test_path_and_depth_follow_the_parent(self, make_page):
        root = make_page(slug="who-we-are")
        child = make_page(slug="about", parent=root)
        grandchild = make_page(slug="history", parent=child)
        assert grandchild.path == "who-we-are/about/history"
        assert grandchild.depth == 3
        assert grandchild.get_absolute_url() == "/who-we-are/about/history/"

    def test_renaming_a_page_moves_its_descendants(self, make_page):
        root = make_page(slug="who-we-are")
        child = make_page(slug="about", parent=root)
        grandchild = make_page(slug="history", parent=child)
        root.slug = "about-iom"
        root.save()
        grandchild.refresh_from_db()
        assert grandchild.path == "about-iom/about/history"

    def test_page_cannot_be_moved_under_its_own_descendant(self, make_page):
        root = make_page(slug="root")
        child = make_page(slug="child", parent=root)
        root.parent = child
        with pytest.raises(ValidationError) as excinfo:
            root.full_clean()
        assert "parent" in excinfo.value.message_dict


class TestSanitisation:
    @pytest.mark.parametrize(
        ("dirty", "forbidden"),
        [
            ("<p>Hi</p><script>alert(1)</script>", "<script"),
            ('<img src="x.png" onerror="alert(1)">', "onerror"),
            ('<a href="javascript:alert(1)">click</a>', "javascript:"),
            ('<p style="color:red" onclick="x()">text</p>', "onclick"),
            ("<iframe src='https://evil.example'></iframe>", "<iframe"),
            ('<svg onload="alert(1)"></svg>', "onload"),
        ],
    )
    def test_dangerous_markup_is_removed_on_save(self, make_news, make_page, dirty, forbidden):
        item = make_news(body=dirty)
        page = make_page(body=dirty)
        item.refresh_from_db()
        page.refresh_from_db()
        assert forbidden not in item.body
        assert forbidden not in page.body

    def test_press_release_markup_is_kept(self, make_news):
        html = (
            "<h2>Heading</h2><p><strong>Bold</strong> and <em>italic</em></p>"
            '<ul><li>one</li></ul><blockquote><p>Quote</p></blockquote><a href="https://iom.int">IOM</a>'
        )
        item = make_news(body=html)
        item.refresh_from_db()
        for tag, text in [
            ("h2", "Heading"),
            ("strong", "Bold"),
            ("li", "one"),
            ("blockquote", None),
        ]:
            assert elements(item.body, tag, text), tag
        assert elements(item.body, "a", href="https://iom.int")

    def test_boilerplate_is_sanitised(self, boilerplate):
        boilerplate.body = "<p>About</p><script>x</script>"
        boilerplate.save()
        assert boilerplate.body == "<p>About</p>"

    def test_bulk_inserts_updates_and_translations_are_sanitised_too(self, db):
        """Sanitising lives in the field, so every way of writing goes through it."""
        NewsItem.objects.bulk_create(
            [NewsItem(title="Bulk", slug="bulk", body="<p>ok</p><script>x()</script>")]
        )
        item = NewsItem.objects.get(slug="bulk")
        assert item.body == "<p>ok</p>"
        NewsItem.objects.filter(pk=item.pk).update(
            body_ru='<p onclick="x()">Текст</p><iframe src="https://evil.example"></iframe>'
        )
        item.refresh_from_db()
        assert item.body_ru == "<p>Текст</p>"


class TestImages:
    def test_image_requires_alt_text(self, make_news):
        item = make_news()
        item.image = png_upload()
        with pytest.raises(ValidationError) as excinfo:
            item.full_clean()
        assert "image_alt_en" in excinfo.value.message_dict

    def test_non_image_file_is_refused(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from kernel.images import validate_image

        with pytest.raises(ValidationError, match="not an image"):
            validate_image(SimpleUploadedFile("evil.png", b"<?php echo 1; ?>"))

    def test_decompression_bomb_is_refused(self, settings):
        from kernel.images import validate_image

        settings.IMAGE_MAX_PIXELS = 100
        with pytest.raises(ValidationError, match="too large"):
            validate_image(png_upload(size=(20, 20)))

    def test_oversized_file_is_refused(self, settings):
        from kernel.images import validate_image

        settings.IMAGE_MAX_BYTES = 10
        with pytest.raises(ValidationError, match="at most"):
            validate_image(png_upload())
