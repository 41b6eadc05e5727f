from collections import Counter

import pytest
from django.core.management import call_command

from contacts.models import Contact, ContactEmail
from news.models import Country, NewsItem, NewsItemContact
from pages.models import Page
from publications.models import Publication, PublicationFile

from .support import elements

pytestmark = pytest.mark.django_db


def snapshot():
    counts = {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Country,
            Contact,
            ContactEmail,
            NewsItem,
            NewsItemContact,
            Publication,
            PublicationFile,
        )
    }
    texts = {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in [
            (Page, ("path_en", "path_ru", "path_kk", "title_ru", "body_en", "body_ru", "body_kk")),
            (NewsItem, ("slug_en", "slug_ru", "slug_kk", "body_en", "body_ru", "body_kk")),
        ]
    }
    return counts, texts


def test_loading_twice_duplicates_nothing(client):
    call_command("load_demo", verbosity=0)
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first
    assert client.get("/").status_code == 200


def test_demo_carries_the_seed_content(client):
    call_command("load_demo", verbosity=0)
    release = NewsItem.objects.published().get(slug="uzbekistan-may-become-a-member-to-iom")
    assert release.title == "Uzbekistan may become a member to IOM"
    assert release.dateline == "Tashkent, Uzbekistan"
    assert release.published_at.date().isoformat() == "2018-04-02"
    assert [c.iso_code for c in release.countries.all()] == ["UZ"]
    assert release.boilerplate.title == "About IOM"
    contact = release.contacts.get()
    assert contact.job_title == "Country Manager for Uzbekistan"
    assert contact.office == "IOM Central Asia"
    assert [e.email for e in contact.emails.all()] == ["stoshbaev@iom.int", "iomastana@iom.int"]

    detail = client.get(release.get_absolute_url()).content.decode()
    assert "Inquiries" in detail
    assert elements(detail, "a", href="mailto:iomastana@iom.int")


def test_demo_in_russian_and_kazakh(client):
    call_command("load_demo", verbosity=0)
    ru_home = client.get("/ru/").content.decode()
    assert elements(ru_home, "a", href="/ru/kto-my/", text="Кто мы")
    kk_home = client.get("/kk/").content.decode()
    assert elements(kk_home, "a", href="/kk/biz-kimbiz/", text="Біз кімбіз")
    for path in ["/ru/kto-my/o-nas/", "/kk/bizdin-jumysymyz/kun-tartibi-2030/"]:
        content = client.get(path).content.decode()
        assert not elements(content, None, class_="untranslated-note")
        (main,) = elements(content, "main")
        assert not elements(main, None, lang="en"), path  # nothing in it is in English
    release = client.get("/ru/news/uzbekistan-mozhet-stat-chlenom-mom/").content.decode()
    assert elements(release, "h1", text="Узбекистан может стать членом МОМ")
    assert "Ташкент" in release and "О МОМ" in release  # dateline and boilerplate
    kazakh = client.get("/kk/news/ozbekstan-hku-ga-mushe-boluy-mumkin/").content.decode()
    assert elements(kazakh, "h1", text="Өзбекстан ХКҰ-ға мүше болуы мүмкін")
    assert elements(kazakh, "span", text="Өзбекстан")  # the country tag


def test_demo_page_tree_and_menu(client):
    call_command("load_demo", verbosity=0)
    expected = {
        "who-we-are": "Who We Are",
        "who-we-are/about": "About",
        "who-we-are/iom-global": "IOM Global",
        "our-work": "Our Work",
        "our-work/cross-cutting-global": "Cross-cutting (Global)",
        "our-work/data-and-resources": "Data and Resources",
        "our-work/take-action": "Take Action",
        "our-work/2030-agenda": "2030 Agenda",
    }
    assert dict(Page.objects.published().values_list("path_en", "title_en")) == expected
    home = client.get("/").content.decode()
    for path in expected:
        assert elements(home, "a", href=f"/{path}/"), path


def test_enough_demo_news_for_pagination_filters_and_archives(client):
    call_command("load_demo", verbosity=0)
    published = NewsItem.objects.published()
    assert published.count() >= 31
    years = {item.published_at.year for item in published}
    assert len(years) >= 4
    per_country = Counter(code for code in published.values_list("countries__iso_code", flat=True))
    assert set(per_country) == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert Country.objects.count() == 5
    response = client.get("/news/?page=2")
    assert response.context["page_obj"].number == 2


def test_demo_admin_login_is_printed_and_works(client, settings, capsys):
    settings.DEBUG = True
    call_command("ensure_demo_admin", site_url="http://127.0.0.1:9000")
    out = capsys.readouterr().out
    assert "Admin:    http://127.0.0.1:9000/admin/" in out
    assert "Username: admin" in out and "Password: admin" in out
    call_command("ensure_demo_admin")  # again: same login, still works
    response = client.post("/admin/login/", {"username": "admin", "password": "admin"})
    assert response.status_code == 302


def test_demo_admin_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("ensure_demo_admin")


def test_the_data_and_resources_section_leads_to_readable_publications(client):
    call_command("load_demo", verbosity=0)
    call_command("run_worker", "--once")  # reads the demo PDFs, as `make run`'s worker does
    section = client.get("/our-work/data-and-resources/").content.decode()
    assert 'href="/publications/"' in section
    assert Publication.objects.published().count() >= 5
    assert not PublicationFile.objects.exclude(state=PublicationFile.READY).exists()
    listing = client.get("/publications/").content.decode()
    assert "Labour migration from Central Asia: 2024 survey" in listing
    # A word from inside a Russian demo PDF only.
    found = client.get("/ru/search/", {"q": "Чуйской"}).content.decode()
    assert "Трудовая миграция из Центральной Азии" in found
