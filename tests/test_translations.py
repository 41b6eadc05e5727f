"""Content in English, Russian and Kazakh: per-language text, slugs, paths, fallbacks."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection

from news.models import NewsItem
from pages.models import Page

from .support import elements, news_form, offices, page_form, page_html, parse, png_upload

pytestmark = pytest.mark.django_db

RU_TITLE = "Узбекистан может стать членом МОМ"


@pytest.fixture
def release(make_country, make_news):
    uz = make_country("Uzbekistan", "UZ", name_ru="Узбекистан", name_kk="Өзбекстан")
    return make_news(
        "Uzbekistan may become a member to IOM",
        slug="uzbekistan-member",
        countries=[uz],
        lead="Lead in English.",
        body="<p>Body in English about labour migrants.</p>",
        title_ru=RU_TITLE,
        slug_ru="uzbekistan-mozhet-stat-chlenom",
        lead_ru="Вводка на русском.",
        body_ru="<p>Текст на русском о трудовых мигрантах.</p>",
    )


@pytest.fixture
def tree(make_page):
    root = make_page("Who We Are", slug="who-we-are", title_ru="Кто мы", slug_ru="kto-my")
    about = make_page(
        "About", slug="about", parent=root, title_ru="О нас", slug_ru="o-nas", intro_ru="Об офисе."
    )
    history = make_page("History", slug="history", parent=about)  # not translated
    return {"root": root, "about": about, "history": history}


class TestNewsItemVersions:
    def test_russian_version_is_wholly_russian(self, client, release):
        content = page_html(client, "/ru/news/uzbekistan-mozhet-stat-chlenom/")
        assert elements(content, "h1", text=RU_TITLE, lang=None)
        assert "Вводка на русском." in content
        assert "Текст на русском" in content
        assert "Body in English" not in content
        assert not elements(content, None, class_="untranslated-note")
        assert elements(content, "span", text="Узбекистан")  # the country tag, translated
        assert [data["inLanguage"] for data in parse(content).json_ld] == ["ru"]

    def test_english_version_is_unchanged(self, client, release):
        content = client.get("/news/uzbekistan-member/").content.decode()
        assert elements(content, "h1", text="Uzbekistan may become a member to IOM")
        assert "Текст на русском" not in content

    def test_untranslated_language_falls_back_with_note(self, client, release):
        content = client.get("/kk/news/uzbekistan-member/").content.decode()
        assert elements(content, "h1", lang="en", text="Uzbekistan may become a member to IOM")
        assert elements(content, "div", class_="rich-text", lang="en")
        (note,) = elements(content, "p", class_="untranslated-note")
        assert "ағылшын" in note["text"]  # the note in Kazakh
        assert elements(content, "span", text="Өзбекстан")  # the country name is translated
        # JSON-LD says which language it is in.
        assert [data["inLanguage"] for data in parse(content).json_ld] == ["en"]

    def test_partial_translation_marks_the_english_parts(self, client, make_news):
        make_news("Title", slug="partial", title_ru="Заголовок", slug_ru="chastichno",
                  lead="Only in English.", body="<p>English body.</p>")  # fmt: skip
        content = client.get("/ru/news/chastichno/").content.decode()
        assert elements(content, "h1", text="Заголовок")
        assert elements(content, "p", class_="article__lead", lang="en", text="Only in English.")
        assert "Parts" not in content
        assert "Часть этого текста" in content

    def test_image_description_marked_when_shown_in_english(self, client, make_news, settings,
                                                            tmp_path):  # fmt: skip
        settings.MEDIA_ROOT = tmp_path
        make_news(slug="pictured", image=png_upload(), image_alt="A market in Tashkent",
                  title_ru="С фото", slug_ru="s-foto")  # fmt: skip
        content = client.get("/ru/news/s-foto/").content.decode()
        assert elements(content, "img", alt="A market in Tashkent", lang="en")
        (main,) = elements(client.get("/news/pictured/"), "main")
        assert elements(main, "img", alt="A market in Tashkent")
        assert not elements(main, None, lang="en")

    @pytest.mark.parametrize("path", ["/ru/news/nope/", "/kk/news/uzbekistan/", "/news/o-nas/"])
    def test_unknown_slug_is_404(self, client, release, path):
        assert client.get(path).status_code == 404

    def test_drafts_are_not_found_in_any_language(self, client, release):
        NewsItem.objects.filter(pk=release.pk).update(status="draft")
        for path in ["/ru/news/uzbekistan-mozhet-stat-chlenom/", "/news/uzbekistan-member/"]:
            assert client.get(path).status_code == 404

    def test_switcher_hreflang_and_canonical_follow_the_slugs(self, client, release):
        page = parse(client.get("/ru/news/uzbekistan-mozhet-stat-chlenom/"))
        alternates = {link["hreflang"]: link["href"] for link in page.links if "hreflang" in link}
        assert alternates == {
            "en": "http://testserver/news/uzbekistan-member/",
            "x-default": "http://testserver/news/uzbekistan-member/",
            "ru": "http://testserver/ru/news/uzbekistan-mozhet-stat-chlenom/",
        }
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == ["http://testserver/ru/news/uzbekistan-mozhet-stat-chlenom/"]
        content = client.get("/news/uzbekistan-member/").content.decode()
        assert elements(
            content, "a", href="/ru/news/uzbekistan-mozhet-stat-chlenom/", hreflang="ru"
        )
        assert elements(content, "a", href="/kk/news/uzbekistan-member/", hreflang="kk")

    def test_lists_show_each_item_in_the_readers_language(self, client, release, make_news):
        make_news("Only English", slug="only-english")
        content = client.get("/ru/news/").content.decode()
        assert elements(
            content, "a", href="/ru/news/uzbekistan-mozhet-stat-chlenom/", text=RU_TITLE
        )
        (card,) = elements(content, "h2", class_="news-card__title", text="Only English")
        assert card["attrs"]["lang"] == "en"
        assert elements(content, "a", href="/ru/news/only-english/", text="Only English")
        home = client.get("/ru/").content.decode()
        assert RU_TITLE in home

    def test_feed_in_russian(self, client, release):
        channel = ET.fromstring(client.get("/ru/news/feed/").content).find("channel")
        item = channel.find("item")
        assert item.findtext("title") == RU_TITLE
        assert item.findtext("link").endswith("/ru/news/uzbekistan-mozhet-stat-chlenom/")
        assert item.findtext("description") == "Вводка на русском."
        english = ET.fromstring(client.get("/news/feed/").content).find("channel")
        assert english.find("item").findtext("title") == "Uzbekistan may become a member to IOM"

    def test_rich_text_is_sanitised_in_every_language(self, make_news):
        item = make_news(body_ru="<p>Да</p><script>alert(1)</script>",
                         body_kk='<p onclick="x()">Иә</p>')  # fmt: skip
        item.refresh_from_db()
        assert item.body_ru == "<p>Да</p>"
        assert item.body_kk == "<p>Иә</p>"

    def test_a_slug_may_not_take_another_items_address_in_another_language(
        self, editor_client, release, make_news
    ):
        make_news("Survey", slug="survey")
        data = news_form(title_ru="Опрос", slug_ru="survey")
        response = editor_client.post("/admin/news/newsitem/add/", data)
        assert response.status_code == 200
        assert "slug_ru" in response.context["adminform"].form.errors
        # The English slug may not be another item's Russian one either.
        response = editor_client.post(
            "/admin/news/newsitem/add/", news_form(slug="uzbekistan-mozhet-stat-chlenom")
        )
        assert "slug_en" in response.context["adminform"].form.errors


class TestPageVersions:
    def test_each_language_has_its_own_path(self, client, tree):
        content = client.get("/ru/kto-my/o-nas/").content.decode()
        assert elements(content, "h1", text="О нас")
        assert elements(content, "a", href="/ru/kto-my/", text="Кто мы")  # breadcrumbs
        # The untranslated child keeps its English slug under the Russian path.
        assert client.get("/ru/kto-my/o-nas/history/").status_code == 200
        assert client.get("/who-we-are/about/history/").status_code == 200

    def test_mixed_or_unknown_paths_are_404(self, client, tree):
        assert client.get("/ru/kto-my/about/").status_code == 404
        assert client.get("/ru/kto-my/nope/").status_code == 404

    def test_renaming_a_slug_moves_the_descendants_in_that_language(self, client, tree):
        root = tree["root"]
        root.slug_ru = "o-mom"
        root.save()
        assert client.get("/ru/o-mom/o-nas/history/").status_code == 200
        moved = client.get("/ru/kto-my/o-nas/")  # the old Russian address of a sub-page
        assert moved.status_code == 301 and moved["Location"] == "/ru/o-mom/o-nas/"
        assert client.get("/who-we-are/about/history/").status_code == 200
        tree["history"].refresh_from_db()
        assert tree["history"].path_ru == "o-mom/o-nas/history"
        assert tree["history"].path_kk == "who-we-are/about/history"

    def test_saving_only_some_fields_keeps_paths_and_english_copy_in_step(self, client, tree):
        history = tree["history"]
        history.slug_ru, history.title_en = "istoriya", "Our history"
        history.save(update_fields=["slug_ru", "title_en"])  # as update_or_create() does
        history.refresh_from_db()
        assert history.path_ru == "kto-my/o-nas/istoriya"
        assert Page.objects.filter(pk=history.pk, title="Our history").exists()
        assert client.get("/ru/kto-my/o-nas/istoriya/").status_code == 200

    def test_menu_in_the_readers_language(self, client, tree):
        (menu,) = elements(client.get("/ru/"), "nav", class_="main-nav")
        assert elements(menu, "a", href="/ru/kto-my/", lang=None, text="Кто мы")
        tree["root"].title_ru = tree["root"].slug_ru = None
        tree["root"].save()
        (menu,) = elements(client.get("/ru/"), "nav", class_="main-nav")
        assert elements(menu, "a", href="/ru/who-we-are/", lang="en", text="Who We Are")

    def test_translated_slug_may_not_take_a_reserved_word(self, tree):
        from django.core.exceptions import ValidationError

        page = Page(title="X", slug="x", title_ru="Новости", slug_ru="news")
        with pytest.raises(ValidationError) as excinfo:
            page.full_clean()
        assert "slug_ru" in excinfo.value.message_dict

    def test_translated_path_must_be_free(self, tree):
        from django.core.exceptions import ValidationError

        page = Page(title="Other", slug="other", title_ru="Кто мы", slug_ru="kto-my")
        with pytest.raises(ValidationError) as excinfo:
            page.full_clean()
        assert "/ru/kto-my/" in str(excinfo.value.message_dict["slug_ru"])

    def test_titles_and_descriptions_in_the_readers_language(self, client, make_page):
        make_page("About", slug="about", seo_title="About IOM Central Asia",
                  seo_description="English description.", title_ru="О нас", slug_ru="o-nas",
                  intro_ru="Кратко о нас.")  # fmt: skip
        response = client.get("/ru/o-nas/")
        (title,) = elements(response, "title")
        assert title["text"].startswith("О нас |")
        assert parse(response).meta["description"] == "Кратко о нас."
        response = client.get("/about/")
        (title,) = elements(response, "title")
        assert title["text"].startswith("About IOM Central Asia |")
        assert parse(response).meta["description"] == "English description."

    def test_canonical_and_alternates_leave_out_the_query(self, client, tree):
        page = parse(client.get("/ru/kto-my/?fbclid=abc"))
        hrefs = [link["href"] for link in page.links if "hreflang" in link or
                 link.get("rel") == "canonical"]  # fmt: skip
        assert hrefs and not [href for href in hrefs if "?" in href]
        content = client.get("/ru/kto-my/?fbclid=abc").content.decode()
        assert elements(content, "a", href="/kk/who-we-are/", hreflang="kk")  # the switcher

    def test_no_redirect_into_a_hidden_section(self, client, tree):
        Page.objects.filter(pk=tree["root"].pk).update(status="draft")
        assert client.get("/ru/who-we-are/about/").status_code == 404
        assert client.get("/ru/kto-my/o-nas/").status_code == 404


@pytest.mark.parametrize(
    ("path", "target"),
    [
        # A release's slug in another language.
        ("/ru/news/uzbekistan-member/", "/ru/news/uzbekistan-mozhet-stat-chlenom/"),
        ("/news/uzbekistan-mozhet-stat-chlenom/", "/news/uzbekistan-member/"),
        ("/kk/news/uzbekistan-mozhet-stat-chlenom/", "/kk/news/uzbekistan-member/"),
        # Tracking parameters no page reads are dropped (the page cache's key).
        ("/ru/news/uzbekistan-member/?utm=x", "/ru/news/uzbekistan-mozhet-stat-chlenom/"),
        # A page's path in another language.
        ("/ru/who-we-are/about/", "/ru/kto-my/o-nas/"),
        ("/kto-my/o-nas/", "/who-we-are/about/"),
        ("/kk/kto-my/", "/kk/who-we-are/"),
    ],
)
def test_an_address_in_another_language_redirects_to_the_readers_one(
    client, release, tree, path, target
):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


class TestSearchInTheReadersLanguage:
    def test_russian_words_found_on_the_russian_site_only(self, client, release):
        russian = client.get("/ru/search/?q=русском").content.decode()
        assert RU_TITLE in russian
        english = client.get("/search/?q=русском").content.decode()
        assert "No news matches" in english

    def test_untranslated_items_found_in_english_from_every_language(self, client, make_news):
        make_news("Glacier melt study", slug="glacier")
        for prefix in ("", "/ru", "/kk"):
            content = client.get(f"{prefix}/search/?q=glacier").content.decode()
            assert "Glacier melt study" in content, prefix

    def test_pages_found_by_their_translated_title(self, client, tree):
        # ("нас" itself is a Russian stop word: PostgreSQL's search leaves it out.)
        content = client.get("/ru/search/?q=офис").content.decode()
        (results,) = elements(content, "section", aria_labelledby="pages-heading")  # not the menu
        assert elements(results, "a", href="/ru/kto-my/o-nas/", lang=None, text="О нас")
        assert not elements(client.get("/search/?q=офис"), None, id="pages-heading")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_russian_search_uses_russian_stemming(client, release):
    # "мигрант" (a different form of мигрантах) matches through the Russian stemmer.
    content = client.get("/ru/search/?q=мигрант").content.decode()
    assert RU_TITLE in content
    # Kazakh has no stemmer: words match as prefixes ("мигрант" finds "мигранттар").
    kazakh = client.get("/kk/search/?q=labour").content.decode()
    assert "Uzbekistan may become a member" in kazakh
    release.title_kk, release.slug_kk = "Ташкентте кездесу", "tashkentte"
    release.body_kk = "<p>Мигранттардың құқықтары.</p>"
    release.save()
    kazakh = client.get("/kk/search/?q=Ташкент+мигрант").content.decode()
    assert "Ташкентте кездесу" in kazakh


class TestAdmin:
    def test_sections_per_language_say_which_translations_exist(self, editor_client, release):
        content = editor_client.get(f"/admin/news/newsitem/{release.pk}/change/").content.decode()
        assert "Russian — translated" in content
        assert "Kazakh — not translated yet" in content
        assert elements(content, "input", name="title_ru")
        assert elements(content, "textarea", name="body_kk")
        assert RU_TITLE in content

    def test_list_column_and_missing_translation_filter(self, editor_client, release, make_news):
        make_news("Not translated", slug="not-translated")
        content = editor_client.get("/admin/news/newsitem/").content.decode()
        assert elements(content, "span", class_="translation-mark--missing")
        (russian,) = elements(content, "span", class_="translation-mark--done")
        assert russian["text"].startswith("RU ✓")
        assert elements(russian, "span", aria_hidden="true", text="✓")
        missing = editor_client.get("/admin/news/newsitem/?translation=missing-ru")
        assert [item.slug for item in missing.context["cl"].result_list] == ["not-translated"]
        done = editor_client.get("/admin/news/newsitem/?translation=has-ru")
        assert [item.pk for item in done.context["cl"].result_list] == [release.pk]

    def test_adding_a_translation(self, editor_client, client):
        data = news_form(title_ru="Форум по трудовой мобильности", slug_ru="forum-ru",
                         lead_ru="Партнёры встретились.", body_ru="<p>Текст.</p>")  # fmt: skip
        response = editor_client.post("/admin/news/newsitem/add/", data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        item = NewsItem.objects.get()
        assert (item.title_en, item.title_ru) == (
            "Labour mobility forum in Tashkent",
            "Форум по трудовой мобильности",
        )
        assert item.slug_kk is None  # empty translations are NULL: many items may lack one
        editor_client.logout()
        assert "Партнёры встретились." in client.get("/ru/news/forum-ru/").content.decode()

    def test_history_names_the_language_changed(self, editor_client, release):
        from django.contrib.admin.models import LogEntry

        url = f"/admin/news/newsitem/{release.pk}/change/"
        data = news_form(title=release.title_en, slug=release.slug_en,
                         title_ru="Новый заголовок", slug_ru=release.slug_ru)  # fmt: skip
        data["edit_token"] = editor_client.get(url).context["adminform"].form["edit_token"].value()
        assert editor_client.post(url, data).status_code == 302
        message = LogEntry.objects.latest("action_time").get_change_message()
        assert "Title (Russian)" in message

    def test_begun_translation_without_title_is_a_form_error_keeping_the_text(self, editor_client):
        data = news_form(lead_kk="Серіктестер кездесті.")
        response = editor_client.post("/admin/news/newsitem/add/", data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "title_kk" in errors and "slug_kk" in errors
        assert "Серіктестер кездесті." in response.content.decode()
        assert not NewsItem.objects.exists()

    def test_page_translation_in_the_admin(self, editor_client, client):
        data = page_form(status="published", title_ru="О МОМ", slug_ru="o-mom")
        response = editor_client.post("/admin/pages/page/add/", data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        editor_client.logout()
        assert elements(client.get("/ru/o-mom/"), "h1", lang=None, text="О МОМ")

    def test_admin_in_russian_keeps_the_english_columns(self, editor_client, release):
        """An editor whose admin is in Russian still edits each column explicitly."""
        url = f"/admin/news/newsitem/{release.pk}/change/"
        data = news_form(title="Changed English title", slug="uzbekistan-member",
                         title_ru=RU_TITLE, slug_ru="uzbekistan-mozhet-stat-chlenom")  # fmt: skip
        data["edit_token"] = editor_client.get(url).context["adminform"].form["edit_token"].value()
        response = editor_client.post(url, data, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 302
        release.refresh_from_db()
        assert release.title_en == "Changed English title"
        assert release.title_ru == RU_TITLE
        assert NewsItem.objects.filter(title="Changed English title").exists()

    def test_duplicate_finds_an_address_free_in_every_language(self, editor_client, make_page):
        parent = make_page("Parent", slug="parent")
        make_page("Sibling", slug="team-copy", parent=parent)  # its Russian path: .../team-copy
        original = make_page("Team", slug="team", parent=parent, title_ru="Команда",
                             slug_ru="team")  # fmt: skip
        response = editor_client.post(
            "/admin/pages/page/",
            {"action": "duplicate_as_draft", "_selected_action": [original.pk]},
        )
        assert response.status_code == 302
        copy = Page.objects.get(title_en="Copy of Team")
        assert (copy.slug_en, copy.slug_ru) == ("team-copy-2", "team-copy-2")
        assert copy.title_ru == "Копия: Команда"


class TestContacts:
    def test_contact_cards_in_the_readers_language(self, client, make_contact):
        make_contact("Mr. Sanjarbek Toshbaev", job_title="Country Manager for Uzbekistan",
                     office="IOM Central Asia", name_ru="г-н Санжарбек Тошбаев",
                     job_title_ru="Страновой менеджер МОМ по Узбекистану",
                     office_ru="МОМ в Центральной Азии")  # fmt: skip
        make_contact("Ms. Dana Seitkali", job_title="Public Information Officer",
                     office="IOM Kazakhstan")  # fmt: skip
        content = client.get("/ru/contacts/").content.decode()
        name, role = "contact-card__name", "Страновой менеджер МОМ по Узбекистану"
        assert elements(content, "p", class_=name, lang=None, text="г-н Санжарбек Тошбаев")
        assert elements(content, "span", lang=None, text=role)
        assert elements(content, "h2", text="МОМ в Центральной Азии")
        # Not translated: English, marked so.
        assert elements(content, "p", class_=name, lang="en", text="Ms. Dana Seitkali")
        assert elements(content, "h2", lang="en", text="IOM Kazakhstan")
        english = client.get("/contacts/").content.decode()
        assert "Country Manager for Uzbekistan" in english and "г-н" not in english


class TestCountryAndTopicNames:
    def test_names_are_required_in_every_language(self, editor_client):
        data = {"name_en": "Mongolia", "slug": "mongolia", "iso_code": "MN", "name_ru": ""}
        response = editor_client.post("/admin/news/country/add/", data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "name_ru" in errors and "name_kk" in errors
        content = response.content.decode()
        assert "Needed in Russian too" in content
        data |= {"name_ru": "Монголия", "name_kk": "Моңғолия"}
        assert editor_client.post("/admin/news/country/add/", data).status_code == 302

    def test_topic_description_stays_optional(self, editor_client):
        data = {"name_en": "Youth", "slug": "youth", "name_ru": "Молодёжь", "name_kk": "Жастар",
                "description_en": "", "description_ru": "", "description_kk": ""}  # fmt: skip
        assert editor_client.post("/admin/news/topic/add/", data).status_code == 302

    def test_country_lists_sorted_in_each_language(self, client, make_country):
        make_country("Kazakhstan", "KZ", name_kk="Қазақстан")
        make_country("Turkmenistan", "TM", name_kk="Түрікменстан")
        make_country("Tajikistan", "TJ", name_kk="Тәжікстан")
        client.get("/kk/news/")  # fills the cache first, in Kazakh order
        content = client.get("/news/").content.decode()
        options = [option["text"] for option in elements(content, "option")]
        names = ("Kazakhstan (0)", "Tajikistan (0)", "Turkmenistan (0)")  # no news: counts 0
        positions = [options.index(name) for name in names]
        assert positions == sorted(positions)

    def test_untranslated_country_marked_on_its_page(self, client, make_country, make_news):
        mongolia = make_country("Mongolia", "MN")
        make_news(countries=[mongolia])
        content = client.get("/ru/news/country/mongolia/").content.decode()
        (heading,) = elements(content, "h1")
        assert heading["text"].startswith("Mongolia")
        assert elements(heading, "span", lang="en", text="Mongolia")
        assert elements(content, "span", aria_current="page", lang="en", text="Mongolia")


def test_one_office_is_one_group_whoever_has_it_translated(client, make_contact):
    make_contact("A", office="IOM Central Asia", sort_order=1)
    make_contact("B", office="IOM Central Asia", office_ru="МОМ в Центральной Азии", sort_order=2)
    make_contact("C", office="IOM Kazakhstan")
    assert offices(client.get("/ru/contacts/")) == {
        "МОМ в Центральной Азии": ["A", "B"],
        "IOM Kazakhstan": ["C"],
    }


def test_feed_entries_keep_their_id_when_translated(client, make_news):
    item = make_news("Dashboard", slug="dashboard")

    def guid():
        channel = ET.fromstring(client.get("/ru/news/feed/").content).find("channel")
        return channel.find("item").find("guid")

    before = guid()
    assert before.get("isPermaLink") == "false"
    item.title_ru, item.slug_ru = "Панель данных", "panel-dannyh"
    item.save()
    assert guid().text == before.text
    atom = client.get("/kk/news/feed/atom/").content.decode()
    assert f"tag:iom.int,2018:central-asia/news/{item.pk}/kk" in atom


def test_search_excerpt_marked_in_the_language_it_is_in(client, make_news):
    make_news("Namangan", slug="namangan", title_ru="Наманган", slug_ru="namangan-ru",
              lead="Women open businesses.", lead_ru="Женщины открывают бизнес.",
              body="<p>Mentors help them.</p>")  # fmt: skip
    lead = "news-card__lead"
    content = client.get("/ru/search/?q=mentors").content.decode()
    (excerpt,) = elements(content, "p", class_=lead, lang="en", text="Mentors help them.")
    assert elements(excerpt, "mark", text="Mentors")
    content = client.get("/ru/search/?q=бизнес").content.decode()
    (excerpt,) = elements(content, "p", class_=lead, lang=None, text="Женщины открывают бизнес.")
    assert elements(excerpt, "mark", text="бизнес")


def test_robots_keep_every_languages_search_out(client):
    content = client.get("/robots.txt").content.decode()
    for path in ("/search/", "/ru/search/", "/kk/search/"):
        assert f"Disallow: {path}\n" in content


def test_subpage_heading_does_not_put_an_english_title_in_a_russian_sentence(client, tree):
    content = client.get("/ru/kto-my/o-nas/").content.decode()
    assert elements(content, "h2", id="subpages-heading", text="В разделе «О нас»")
    tree["about"].title_ru = tree["about"].slug_ru = tree["about"].intro_ru = None
    tree["about"].save()
    response = client.get("/ru/kto-my/about/")
    assert response.status_code == 200
    assert elements(response, "h2", id="subpages-heading", text="В этом разделе")


def test_a_contact_with_a_translated_name_counts_as_translated(editor_client, make_contact):
    make_contact("Ms. Dana Seitkali", slug="dana", name_ru="г-жа Дана Сейткали")
    make_contact("Mr. Nobody", slug="nobody")
    response = editor_client.get("/admin/contacts/contact/?translation=has-ru")
    assert [c.slug for c in response.context["cl"].result_list] == ["dana"]
