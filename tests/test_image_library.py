"""Issue 13, "images staff can reuse": an image library with descriptions, credits
and a focal point; news items and pages choose from it; renditions are made once."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kernel.models import LibraryImage
from news.models import NewsItem
from pages.models import Page

from .support import elements, media_files, news_form, page_form, png_upload, submit

pytestmark = pytest.mark.django_db
LIBRARY = "/admin/kernel/libraryimage"


def two_halves(name="halves.png", size=(800, 800)):
    """A square picture, red above and blue below: a crop shows which half it kept."""
    picture = Image.new("RGB", size, (200, 0, 0))
    picture.paste((0, 0, 200), (0, size[1] // 2, size[0], size[1]))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def card_colour(image):
    """The colour in the middle of a library image's list crop."""
    with default_storage.open(image.renditions["card"]["src"]) as handle:
        crop = Image.open(handle).convert("RGB")
        return crop.getpixel((crop.width // 2, crop.height // 2))


def library_form(**overrides):
    return {
        "title": "Delegates in Tashkent",
        "alt_en": "Delegates around a table",
        "caption_en": "",
        "credit": "© IOM 2018",
        "focal_x": "",
        "focal_y": "",
        **overrides,
    }


def test_an_editor_uploads_once_and_lists_crop_around_the_focal_point(as_editor):
    response = as_editor.post(f"{LIBRARY}/add/", library_form(file=two_halves()))
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = LibraryImage.objects.get()
    assert image.created_by.username == "aigerim"
    red, blue = (200, 0, 0), (0, 0, 200)
    url = f"{LIBRARY}/{image.pk}/change/"
    for focal_y, expected in (("0.1", red), ("0.9", blue)):
        data = library_form(focal_x="0.5", focal_y=focal_y)
        assert as_editor.post(url, data).status_code == 302
        image.refresh_from_db()
        colour = card_colour(image)
        assert max(abs(a - b) for a, b in zip(colour, expected, strict=True)) < 40, colour


def test_half_a_focal_point_is_refused(as_editor):
    response = as_editor.post(f"{LIBRARY}/add/", library_form(file=two_halves(), focal_x="0.3"))
    assert response.status_code == 200
    assert "Give both coordinates" in response.content.decode()
    assert not LibraryImage.objects.exists()


def test_a_release_chooses_an_image_and_nothing_is_made_again(as_editor, client):
    as_editor.post(f"{LIBRARY}/add/", library_form(file=png_upload(size=(900, 600))))
    image = LibraryImage.objects.get()
    files = media_files()
    data = news_form(image_from_library=str(image.pk), image_alt="", status="draft")
    response = as_editor.post("/admin/news/newsitem/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = NewsItem.objects.get()
    assert item.image.name == image.file.name
    assert item.image_renditions == image.renditions
    assert item.image_alt == "Delegates around a table"  # the library's words
    assert item.image_credit == "© IOM 2018"
    assert media_files() == files  # no file written: the renditions are the library's
    preview = as_editor.get(item.get_absolute_url()).content.decode()
    assert elements(preview, "img", alt="Delegates around a table")


def test_a_photo_uploaded_with_a_release_goes_into_the_library(as_editor, make_page):
    data = news_form(
        image=png_upload("forum.png", size=(600, 400)), image_alt="The forum", status="draft"
    )
    assert as_editor.post("/admin/news/newsitem/add/", data).status_code == 302
    item = NewsItem.objects.get()
    image = item.image_from_library
    assert image is not None and item.image.name == image.file.name
    assert image.alt_en == "The forum" and image.title == item.title
    # A page then takes the same picture from the library.
    response = as_editor.post(
        "/admin/pages/page/add/", page_form(hero_image_from_library=str(image.pk))
    )
    assert response.status_code == 302
    assert Page.objects.get().hero_image.name == image.file.name
    listing = as_editor.get(f"{LIBRARY}/").content.decode()
    (count,) = elements(listing, "td", class_="field-used_by")
    assert count["text"] == "2"


def test_emptying_the_choice_removes_the_picture(as_publisher, make_news):
    item = make_news(image=png_upload(), image_alt="x")  # into the library when saved
    assert item.image_from_library is not None
    url = f"/admin/news/newsitem/{item.pk}/change/"
    data = news_form(
        title=item.title, slug=item.slug, lead=item.lead, image_from_library="", image_alt=""
    )
    assert submit(as_publisher, url, data).status_code == 302
    item.refresh_from_db()
    assert not item.image and item.image_from_library is None


def test_the_library_is_searched_and_an_image_in_use_is_kept(as_publisher, make_news):
    first = make_news(image=png_upload("a.png"), image_alt="Migrants at the border")
    make_news(image=png_upload("b.png"), image_alt="A training session", image_credit="UNDP")
    found = as_publisher.get(f"{LIBRARY}/?q=border").content.decode()
    assert [link["text"] for link in elements(found, "td", class_="field-title")] == [first.title]
    by_credit = as_publisher.get(f"{LIBRARY}/?q=UNDP").content.decode()
    assert len(elements(by_credit, "td", class_="field-title")) == 1
    image = first.image_from_library
    response = as_publisher.post(f"{LIBRARY}/{image.pk}/delete/", {"post": "yes"})
    assert LibraryImage.objects.filter(pk=image.pk).exists()  # in use: protected
    assert response.status_code == 200


def test_an_image_shown_online_is_a_publisher_s_to_change(as_editor, as_publisher, make_news):
    live = make_news(image=png_upload(), image_alt="x")
    url = f"{LIBRARY}/{live.image_from_library.pk}/change/"
    form = as_editor.get(url)
    assert form.status_code == 200
    assert not elements(form.content.decode(), "input", name="_save")  # view only
    assert as_editor.post(url, library_form(focal_x="0.1", focal_y="0.1")).status_code == 403
    assert as_publisher.post(url, library_form(focal_x="0.1", focal_y="0.1")).status_code == 302
    live.refresh_from_db()
    assert live.image_renditions["focal"] == [0.1, 0.1]  # the release shows the new crop


def test_existing_pictures_were_moved_into_the_library(make_news, make_page):
    """The data migrations, run again on items saved without the library."""
    import importlib

    from django.apps import apps

    item = make_news(image=png_upload("old.png"), image_alt="Old", image_caption="Before")
    NewsItem.objects.filter(pk=item.pk).update(image_from_library=None)
    LibraryImage.objects.all().delete()
    page = make_page(hero_image=item.image.name, hero_image_alt="Old")
    Page.objects.filter(pk=page.pk).update(hero_image_from_library=None)
    LibraryImage.objects.all().delete()
    for app in ("news", "pages"):
        module = importlib.import_module(f"{app}.migrations.0010_images_into_the_library")
        module.forwards(apps, None)
    (image,) = LibraryImage.objects.all()  # one per file, shared by both
    item.refresh_from_db()
    page.refresh_from_db()
    assert item.image_from_library == image == page.hero_image_from_library
    assert (image.alt_en, image.caption_en) == ("Old", "Before")


def test_the_chooser_shows_the_chosen_picture(as_editor, make_news, client):
    item = make_news(image=png_upload(size=(900, 600)), image_alt="x", status="draft")
    form = as_editor.get(f"/admin/news/newsitem/{item.pk}/change/").content.decode()
    (select,) = elements(form, "select", name="image_from_library")
    template = select["attrs"]["data-thumbnail-url"]
    url = template.replace("{id}", str(item.image_from_library.pk))
    thumbnail = as_editor.get(url)
    assert thumbnail.status_code == 302 and "/renditions/" in thumbnail["Location"]
    assert as_editor.get(template.replace("{id}", "999999")).status_code == 404
    assert client.get(url).status_code == 302 and "/login/" in client.get(url)["Location"]


def test_news_cards_show_the_crop_around_the_focal_point(make_news, client):
    item = make_news(image=png_upload(size=(900, 900)), image_alt="A square picture")
    card = item.image_renditions["card"]
    listing = client.get("/news/").content.decode()
    (cards,) = [elements(a, "img") for a in elements(listing, "div", class_="news-card__image")]
    assert cards[0]["attrs"]["src"].endswith(card["src"])
    assert (card["width"], card["height"]) == (800, 420)  # 40:21, from the square


def test_a_new_focal_point_makes_only_the_crop_again(as_publisher):
    """The sizes stay as they are (a failed save cannot take them away); the crop is
    new, under a name of its own."""
    from django.db import transaction

    as_publisher.post(f"{LIBRARY}/add/", library_form(file=two_halves()))
    image = LibraryImage.objects.get()
    sizes, crop = image.renditions["sources"], image.renditions["card"]["src"]
    before = media_files()
    with pytest.raises(RuntimeError), transaction.atomic():
        image.focal_x, image.focal_y = 0.5, 0.9
        image.save()
        assert image.renditions["sources"] == sizes
        assert image.renditions["card"]["src"] != crop
        raise RuntimeError("a later step of the same save failed")
    assert media_files() == before  # the new crop went, the old files stayed


def test_the_library_says_where_a_picture_is_used(as_publisher, make_news):
    item = make_news("Labour mobility forum", image=png_upload(), image_alt="x")
    page = as_publisher.get(f"{LIBRARY}/{item.image_from_library.pk}/change/").content.decode()
    (used,) = elements(page, "ul", class_="where-used")
    (link,) = elements(used, "a")
    assert link["attrs"]["href"] == f"/admin/news/newsitem/{item.pk}/change/"
    assert link["text"] == "Labour mobility forum"


def test_several_pictures_at_once_and_a_bad_one_stops_none(as_editor):
    bad = SimpleUploadedFile("notes.png", b"not a picture", content_type="image/png")
    data = {
        "files": [png_upload("tashkent_talks-2018.png"), png_upload("almaty.jpg"), bad],
        "credit": "© IOM 2024",
    }
    response = as_editor.post(f"{LIBRARY}/upload/", data, follow=True)
    titles = sorted(LibraryImage.objects.values_list("title", flat=True))
    assert titles == ["Almaty", "Tashkent talks 2018"]
    assert set(LibraryImage.objects.values_list("credit", flat=True)) == {"© IOM 2024"}
    page = response.content.decode()
    assert "2 pictures added to the library" in page
    assert "Not added: notes.png" in page
    # The list shows those that still need a description.
    assert response.redirect_chain[-1][0].endswith("?described=no")
    assert len(elements(page, "td", class_="field-title")) == 2
    nothing = as_editor.post(f"{LIBRARY}/upload/", {"credit": ""})
    assert nothing.status_code == 200 and "Choose at least one picture." in nothing.content.decode()
