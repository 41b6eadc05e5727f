"""Writing in the admin without losing anything: the language sections follow the
English order, and a file chosen before a form error is kept (issue 13, 1 and 3)."""

import pytest

from kernel.models import DraftChange
from news.models import NewsItem
from pages.models import Page

from .support import elements, media_files, news_form, png_upload, submit

pytestmark = pytest.mark.django_db
ADD_NEWS = "/admin/news/newsitem/add/"


def field_names(fieldset):
    """The names of a fieldset's fields, in order (read-only ones too)."""
    names = []
    for line in fieldset:
        for field in line:
            bound = field.field
            names.append(bound["name"] if isinstance(bound, dict) else bound.name)
    return names


@pytest.mark.parametrize("url", [ADD_NEWS, "/admin/pages/page/add/"])
def test_every_language_section_follows_the_english_order(editor_client, url):
    admin_form = editor_client.get(url).context["adminform"]
    english = []
    sections = {}
    for fieldset in admin_form:
        names = field_names(fieldset)
        for code in ("ru", "kk"):
            if names and all(name.endswith(f"_{code}") for name in names):
                sections[code] = [name.removesuffix(f"_{code}") for name in names]
                break
        else:
            english += [name.removesuffix("_en") for name in names if name.endswith("_en")]
    assert sections["ru"] == sections["kk"]
    assert sections["ru"] == [name for name in english if name in sections["ru"]]
    assert sections["ru"][:2] == ["title", "slug"]


class TestAChosenFileSurvivesAFormError:
    def refused(self, client, **fields):
        data = news_form(slug="taken", image=png_upload("market.png"), **fields)
        response = client.post(ADD_NEWS, {**data, "image_alt_en": "A market in Tashkent"})
        assert response.status_code == 200
        assert "slug_en" in response.context["adminform"].form.errors
        return response

    def test_the_photo_is_kept_shown_and_saved_with_the_corrected_form(
        self, editor_client, make_news
    ):
        make_news(slug="taken")
        response = self.refused(editor_client)
        (kept,) = elements(response, "input", type="hidden", name="image__kept")
        assert "market.png" in " ".join(
            e["text"] for e in elements(response, None, class_="kept-upload")
        )
        data = news_form(slug="free-now", image_alt="A market in Tashkent")
        data["image__kept"] = kept["attrs"]["value"]
        assert editor_client.post(ADD_NEWS, data).status_code == 302
        item = NewsItem.objects.get(slug_en="free-now")
        assert item.image and item.image.name.endswith(".png")
        assert item.image.name in media_files()

    def test_a_kept_file_is_only_for_whoever_chose_it(self, editor_client, make_news, as_editor):
        make_news(slug="taken")
        (kept,) = elements(self.refused(editor_client), "input", name="image__kept")
        data = {**news_form(slug="other", status="draft"), "image__kept": kept["attrs"]["value"]}
        response = as_editor.post(ADD_NEWS, data, follow=True)
        assert not NewsItem.objects.get(slug_en="other").image  # saved, without the file
        assert elements(response, "li", class_="warning")

    def test_a_forged_token_is_ignored_with_a_message(self, editor_client):
        data = {**news_form(), "image__kept": "not-a-real-token"}
        response = editor_client.post(ADD_NEWS, data, follow=True)
        assert NewsItem.objects.get().image.name == ""  # saved, without a file
        (warning,) = elements(response, "li", class_="warning")
        assert "could not be found: choose it again" in warning["text"]


def test_a_page_s_photo_survives_a_form_error_too(editor_client, make_page):
    make_page("About", slug="about")
    data = {
        "title_en": "About",
        "slug_en": "about",
        "status": "draft",
        "published_at_0": "2020-01-01",
        "published_at_1": "00:00:00",
        "menu_order": "0",
        "hero_image": png_upload("team.png"),
        "hero_image_alt_en": "The team",
    }
    response = editor_client.post("/admin/pages/page/add/", data)
    assert response.status_code == 200
    (kept,) = elements(response, "input", name="hero_image__kept")
    data = {**data, "slug_en": "about-us", "hero_image__kept": kept["attrs"]["value"]}
    del data["hero_image"]
    assert editor_client.post("/admin/pages/page/add/", data).status_code == 302
    assert Page.objects.get(slug_en="about-us").hero_image


def test_words_for_a_missing_picture_get_a_warning(editor_client):
    data = news_form(image_alt="A market in Tashkent", image_caption="Market day.")
    response = editor_client.post(ADD_NEWS, {**data, "_save_draft": "1"}, follow=True)
    warnings = [m["text"].strip() for m in elements(response, "li", class_="warning")]
    assert warnings == [
        "There is a description or caption for the image, but no image: choose one, or empty them."
    ]
    assert NewsItem.objects.get().image_alt == "A market in Tashkent"  # saved all the same


class TestAnAddressInUse:
    def test_the_error_names_the_language_links_the_holder_and_offers_a_free_one(
        self, editor_client, make_news
    ):
        holder = make_news("Earlier release", slug="forum", slug_ru="forum-ru")
        data = news_form(slug="forum", title_ru="Форум", slug_ru="forum-ru")
        response = editor_client.post(ADD_NEWS, data)
        assert response.status_code == 200
        form = response.context["adminform"].form
        for column, language, free in (
            ("slug_en", "English", "forum-2"),
            ("slug_ru", "Russian", "forum-ru-2"),
        ):
            (message,) = form.errors[column]
            assert message.startswith(f"Web address ({language}): another news item has it already")
            assert f"“{free}” is free." in message
            (link,) = elements(message, "a")
            assert link["attrs"]["href"] == f"/admin/news/newsitem/{holder.pk}/change/"
            assert link["text"] == "Earlier release"
        (summary,) = elements(response, "div", class_="error-summary")
        anchors = [
            a["attrs"]["href"] for a in elements(summary, "a") if a["attrs"]["href"].startswith("#")
        ]
        assert anchors == ["#id_slug_en", "#id_slug_ru"]
        headings = [h["text"] for h in elements(response, "h2", class_="fieldset-heading")]
        assert any(h.startswith("Russian — translated") for h in headings)  # typed: open


def test_an_editor_s_photo_for_a_live_item_is_kept_into_its_draft_changes(as_editor, make_news):
    live = make_news("Live release", slug="live-release")
    url = f"/admin/news/newsitem/{live.pk}/change/"
    data = news_form(title="", slug="live-release", status="draft", image_alt="Delegates")
    refused = submit(as_editor, url, {**data, "image": png_upload("delegates.png")})
    assert refused.status_code == 200
    (kept,) = elements(refused, "input", name="image__kept")
    fixed = {**data, "title_en": "Live release", "image__kept": kept["attrs"]["value"]}
    assert submit(as_editor, url, fixed).status_code == 302
    live.refresh_from_db()
    assert not live.image  # the public keeps the live version
    stored = DraftChange.objects.for_object(live).get().version.field_dict["image"]
    assert str(stored).endswith(".png") and str(stored) in media_files()
