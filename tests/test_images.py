"""Image uploads: checks, renditions made once, responsive markup."""

from unittest import mock

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from iomsite import images

from .conftest import png_upload
from .test_admin import news_form, page_form

pytestmark = pytest.mark.django_db


def test_renditions_made_once_on_save_in_webp_and_jpeg(make_news):
    item = make_news(image=png_upload(size=(1000, 500)), image_alt="A field")
    renditions = item.image_renditions
    assert renditions["width"] == 1000 and renditions["height"] == 500
    assert [w for w, _ in renditions["sources"]["image/webp"]] == [480, 800, 1000]
    assert [w for w, _ in renditions["sources"]["image/jpeg"]] == [480, 800, 1000]
    for _w, name in renditions["sources"]["image/webp"]:
        with default_storage.open(name) as handle, Image.open(handle) as image:
            assert image.format == "WEBP"
    assert default_storage.exists(item.image.name)  # the original is kept
    with mock.patch.object(images, "make_renditions") as make:
        item.title = "Renamed"
        item.save()
    make.assert_not_called()  # not redone when the image did not change


def test_detail_page_serves_srcset_sizes_and_webp(client, make_news):
    item = make_news(image=png_upload(size=(1300, 700)), image_alt="A field")
    content = client.get(item.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="/media/news/' in content
    assert "480w" in content and "1200w" in content and "1300w" in content
    assert 'sizes="(min-width: 56em) 44rem, 100vw"' in content
    assert 'alt="A field"' in content


def test_lists_lazy_load_images(client, make_news):
    make_news(image=png_upload(), image_alt="x")
    content = client.get("/news/").content.decode()
    assert 'loading="lazy"' in content


def test_pixel_bomb_refused_in_the_admin_with_a_reason(editor_client, settings):
    settings.IMAGE_MAX_PIXELS = 1000
    response = editor_client.post(
        "/admin/news/newsitem/add/",
        news_form(image=png_upload(size=(100, 100)), image_alt="Big", lead="Kept lead."),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "too large to process" in content
    assert "Kept lead." in content


def test_oversized_upload_refused_in_the_admin(editor_client, settings):
    settings.IMAGE_MAX_BYTES = 20
    response = editor_client.post(
        "/admin/news/newsitem/add/", news_form(image=png_upload(), image_alt="x")
    )
    assert response.status_code == 200
    assert "images may be at most" in response.content.decode()


def test_page_image_needs_alt_text(editor_client):
    response = editor_client.post(
        "/admin/pages/page/add/",
        page_form(hero_image=png_upload(), hero_image_alt=""),
    )
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()


def test_pasted_word_markup_is_cleaned_on_save(make_news):
    word = (
        '<p class="MsoNormal" style="mso-margin-top-alt:auto"><span lang="EN-GB" '
        'style="font-family:Calibri">Text<o:p></o:p></span></p>'
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
    )
    item = make_news(body=word)
    item.refresh_from_db()
    assert item.body == "<p>Text</p>"
