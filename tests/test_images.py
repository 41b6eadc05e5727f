"""Image uploads: checks, renditions made once, responsive markup."""

import io
import re
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from kernel import images

from .support import elements, media_files, news_form, page_form, png_upload

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
    (webp,) = elements(content, "source", type="image/webp")
    assert webp["attrs"]["srcset"].startswith("/media/library/")
    assert all(f"{width}w" in webp["attrs"]["srcset"] for width in (480, 1200, 1300))
    assert webp["attrs"]["sizes"] == "(min-width: 56em) 44rem, 100vw"
    assert elements(content, "img", alt="A field")


def test_lists_lazy_load_images(client, make_news):
    make_news(image=png_upload(), image_alt="x")
    content = client.get("/news/").content.decode()
    assert elements(content, "img", loading="lazy")


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


# Uploads to model image fields are re-encoded, named after their real format, and
# never left on disk by a save that does not commit.


def exif_jpeg(name="camera.jpg"):
    """A 40x30 JPEG from a camera held upright (EXIF orientation 6), with GPS."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import ImageCms

    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to display
    exif[0x010F] = "Canon"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (43.0, 15.0, 0.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG", exif=exif, icc_profile=icc)
    return SimpleUploadedFile(name, buffer.getvalue()), icc


def test_stored_name_comes_from_the_detected_format(make_news):
    from django.core.files.uploadedfile import SimpleUploadedFile

    polyglot = png_upload().read() + b"<script>alert(1)</script>"  # after the PNG's end
    item = make_news(image=SimpleUploadedFile("Évian Summit.html", polyglot), image_alt="x")
    directory, base = item.image.name.rsplit("/", 1)
    assert directory == timezone.now().strftime("library/%Y/%m")  # it went into the library
    assert re.fullmatch(r"evian-summit-[0-9a-f]{8}\.png", base)
    with default_storage.open(item.image.name) as handle:
        assert b"<script>" not in handle.read()
    assert item.image_renditions["source"] == item.image.name


def test_page_hero_image_is_named_after_its_format(make_page):
    page = make_page(hero_image=png_upload("hero.svg", image_format="WEBP"), hero_image_alt="x")
    assert re.search(r"/hero-[0-9a-f]{8}\.webp$", page.hero_image.name)
    assert page.hero_image_renditions["source"] == page.hero_image.name


def test_original_loses_gps_and_camera_exif_but_keeps_orientation_and_colour(make_news):
    upload, icc = exif_jpeg()
    item = make_news(image=upload, image_alt="x")
    with default_storage.open(item.image.name) as handle, Image.open(handle) as image:
        assert image.format == "JPEG"
        assert image.size == (30, 40)  # turned upright
        assert dict(image.getexif()) == {}
        assert image.info.get("icc_profile") == icc


def test_truncated_image_is_a_form_error(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    whole = png_upload(size=(300, 200), image_format="JPEG").read()
    before = media_files()
    response = editor_client.post(
        "/admin/news/newsitem/add/",
        news_form(image=SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]), image_alt="x"),
    )
    assert response.status_code == 200
    # Django's form names the error in its own words ("Upload a valid image...").
    assert "image" in response.context["adminform"].form.errors
    assert media_files() == before


def test_failed_save_leaves_no_files(make_news):
    from django.db import OperationalError, connection

    from news.models import NewsItem

    def database_gone(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{NewsItem._meta.db_table}"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    before = media_files()
    with connection.execute_wrapper(database_gone), pytest.raises(OperationalError):
        make_news(image=png_upload(size=(1000, 500)), image_alt="x")
    assert media_files() == before


def test_failed_renditions_update_leaves_no_files(make_news):
    from django.db import OperationalError
    from django.db.models import QuerySet

    before = media_files()
    with (
        mock.patch.object(QuerySet, "update", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        make_news(image=png_upload(size=(1000, 500)), image_alt="x")
    assert media_files() == before


def test_rolled_back_transaction_leaves_no_files(make_news):
    from django.db import transaction

    before = media_files()
    with pytest.raises(RuntimeError), transaction.atomic():
        item = make_news(image=png_upload(size=(1000, 500)), image_alt="x")
        assert len(media_files() - before) == 11  # original, six renditions, four crops
        raise RuntimeError("e.g. a later save in the same admin request failed")
    assert not default_storage.exists(item.image.name)
    assert media_files() == before


@pytest.mark.django_db(transaction=True)
def test_committed_save_keeps_its_files(make_news):
    import gc

    from django.db import transaction

    with transaction.atomic():
        item = make_news(image=png_upload(size=(1000, 500)), image_alt="x")
    make_news(image=png_upload(), image_alt="y")  # autocommit
    gc.collect()
    assert default_storage.exists(item.image.name)
    for _w, name in item.image_renditions["sources"]["image/webp"]:
        assert default_storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_committed_files_stay_when_another_commit_hook_fails(make_news):
    import gc

    from django.db import transaction

    def fail():
        raise RuntimeError("e.g. the cache is down")

    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(fail)
        item = make_news(image=png_upload(), image_alt="x")
    gc.collect()
    assert default_storage.exists(item.image.name)
