"""Issue 13 (8): each staff member works in the admin in the language they chose;
the public site keeps the language of its addresses."""

import pytest
from django.test import Client

from kernel.models import StaffPreference

from .support import elements

pytestmark = pytest.mark.django_db


def choose(client, language, review_notices="on"):
    data = {"admin_language": language}
    if review_notices:
        data["review_notices"] = review_notices
    return client.post("/admin/settings/", data, follow=True)


def user_links(response):
    (tools,) = elements(response.content.decode(), "div", id="user-tools")
    return tools["text"]


def test_an_editor_chooses_russian_for_the_admin(as_editor, as_publisher, make_news):
    make_news("Labour mobility forum", slug="labour-mobility-forum")
    english = as_editor.get("/admin/")
    assert "Log out" in user_links(english)

    saved = choose(as_editor, "ru")
    assert "Ваши настройки сохранены." in saved.content.decode()  # in the new language
    assert StaffPreference.objects.get(user__username="aigerim").admin_language == "ru"

    russian = as_editor.get("/admin/")
    assert russian["Content-Language"] == "ru"
    assert "Выйти" in user_links(russian)  # Django's own admin
    assert "Ваши настройки" in user_links(russian)  # ours
    newsroom = as_editor.get("/admin/news/newsitem/").content.decode()
    (column,) = [
        th
        for th in elements(newsroom, "th")
        if "column-last_edited" in th["attrs"].get("class", "")
    ]
    assert column["text"].strip() == "Последняя правка"
    # Someone else's admin, and the public site, are as they were.
    assert "Log out" in user_links(as_publisher.get("/admin/"))
    assert as_editor.get("/")["Content-Language"] == "en"
    assert as_editor.get("/kk/")["Content-Language"] == "kk"


def test_kazakh_and_back_to_english(as_editor):
    choose(as_editor, "kk")
    assert "Шығу" in user_links(as_editor.get("/admin/"))
    choose(as_editor, "en")
    # Whatever the browser asks for: the admin's language is the one chosen.
    english = as_editor.get("/admin/", headers={"accept-language": "ru"})
    assert "Log out" in user_links(english)


def test_the_choice_follows_the_person_across_sign_ins(make_staff):
    aigerim = make_staff("Editor", "aigerim")
    StaffPreference.objects.create(user=aigerim, admin_language="ru")
    dana = make_staff("Publisher", "dana")
    browser = Client()
    browser.force_login(aigerim)
    assert "Выйти" in user_links(browser.get("/admin/"))
    browser.force_login(dana)  # another person on the same browser
    assert "Log out" in user_links(browser.get("/admin/"))


def test_a_language_that_is_not_offered_is_refused(as_editor):
    response = choose(as_editor, "de")
    assert response.status_code == 200
    assert elements(response.content.decode(), "ul", class_="errorlist")
    assert not StaffPreference.objects.filter(admin_language="de").exists()


def test_django_s_own_admin_texts_are_kazakh_too(as_editor):
    """Django's admin lacks some Kazakh translations: the site supplies them."""
    choose(as_editor, "kk")
    assert "Соңғы әрекеттер" in as_editor.get("/admin/").content.decode()  # Recent actions
    refused = as_editor.post("/admin/news/newsitem/add/", {"title_en": ""})
    assert "Төмендегі қателерді түзетіңіз." in refused.content.decode()  # correct the errors
    calendar = as_editor.get("/admin/jsi18n/").content.decode()  # the date picker's words
    assert "\\u049a\\u0430\\u04a3\\u0442\\u0430\\u0440" in calendar  # Қаңтар, January
