"""Issue 13 (4): a live preview of the unsaved form, in the public design, in each
language; nothing is saved by it."""

import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from kernel.models import ContentGeneration
from news.models import NewsItem
from pages.models import Page

from .support import elements, news_form, page_form

pytestmark = pytest.mark.django_db
NEWS_PREVIEW = "/admin/news/newsitem/live-preview/"


def preview(client, url=NEWS_PREVIEW, **data):
    return client.post(url, data)


def heading(response):
    (h1,) = elements(response.content.decode(), "h1")
    return h1["text"].strip()


def test_an_unsaved_release_is_shown_in_the_public_design_and_nothing_is_saved(
    as_editor, make_contact, make_country
):
    contact = make_contact("Mr. Sanjarbek Toshbaev", emails=["stoshbaev@iom.int"])
    uzbekistan = make_country("Uzbekistan", "UZ")
    generation = ContentGeneration.objects.values_list("token", flat=True).first()
    data = news_form(
        title="Uzbekistan may become a member of IOM",
        lead="The Government applied for membership.",
        countries=[uzbekistan.pk],
        **{"newsitemcontact_set-0-contact": contact.pk},
    )
    response = preview(as_editor, **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert heading(response) == "Uzbekistan may become a member of IOM"
    assert "The Government applied for membership." in html
    assert "Mr. Sanjarbek Toshbaev" in html  # the Inquiries block, from the inline
    assert elements(html, "a", class_="tag", href="/news/country/uzbekistan/")
    assert elements(html, "div", class_="preview-banner")
    (policy,) = elements(html, "meta", **{"http-equiv": "Content-Security-Policy"})
    assert "script-src 'self';" in policy["attrs"]["content"]
    assert "unsafe-inline" not in policy["attrs"]["content"]
    assert "no-store" in response["Cache-Control"]
    assert not NewsItem.objects.exists()
    assert not LogEntry.objects.exists() and not Version.objects.exists()
    assert ContentGeneration.objects.values_list("token", flat=True).first() == generation


def test_each_language_and_an_address_that_is_taken(as_editor, make_news):
    make_news(title="An older release", slug="labour-mobility-forum-in-tashkent")
    data = news_form(title_ru="Форум по трудовой миграции в Ташкенте", slug_ru="")
    russian = preview(as_editor, _preview_language="ru", **data)
    assert heading(russian) == "Форум по трудовой миграции в Ташкенте"
    (html,) = elements(russian.content.decode(), "html")
    assert html["attrs"]["lang"] == "ru"
    english = preview(as_editor, **data)  # its English address is the older one's
    assert heading(english) == "Labour mobility forum in Tashkent"


def test_an_editor_previews_changes_to_a_live_item_without_touching_it(
    as_editor, make_news, client
):
    live = make_news(title="Live release", slug="live-release", lead="What is online.")
    data = news_form(title="Live release", slug="live-release", lead="What I am typing.")
    response = preview(as_editor, _preview_of=str(live.pk), **data)
    assert "What I am typing." in response.content.decode()
    live.refresh_from_db()
    assert live.lead == "What is online."
    assert "What is online." in client.get(live.get_absolute_url()).content.decode()


def test_a_chosen_photo_has_its_place_and_pages_preview_too(as_editor, make_page):
    response = preview(as_editor, _preview_chosen="image", **news_form())
    images = elements(response.content.decode(), "img")
    assert [i for i in images if i["attrs"]["src"].endswith("/live-preview/image")]
    parent = make_page(title="Who we are", slug="who-we-are")
    page = preview(
        as_editor,
        "/admin/pages/page/live-preview/",
        **page_form(title="Our mandate", slug="our-mandate", parent=str(parent.pk)),
    )
    assert heading(page) == "Our mandate"
    assert not Page.objects.filter(slug="our-mandate").exists()


def test_who_may_preview(as_editor, make_news, client, django_user_model):
    assert as_editor.get(NEWS_PREVIEW).status_code == 405
    assert preview(as_editor, _preview_of="999999", **news_form()).status_code == 404
    assert preview(client, **news_form()).status_code == 302  # to the log-in page
    nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(nobody)
    assert preview(client, **news_form()).status_code == 403
