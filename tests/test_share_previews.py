"""What a social network or a search engine reads in a page's head: a share preview
(Open Graph and Twitter card tags) of every public page, in every language, with the
page's own title, description and a large image; structured data (JSON-LD) per page
type; one address for the page (og:url is the canonical address)."""

import io
import json
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from news.models import NewsItem
from news.views import NewsListView
from publications.models import Publication

from .support import at, elements, parse, png_upload, yesterday

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
HOST = "http://testserver"


@pytest.fixture
def site(make_country, make_news, make_page, make_contact):
    """One of each public page type: menu pages, releases with and without a photo
    (one translated into Russian), a country, a media contact, a publication."""
    uz = make_country("Uzbekistan", "UZ", slug="uzbekistan")
    contact = make_contact(
        "Aida Bekova",
        emails=("abekova@iom.int", "press@iom.int"),
        job_title="Communications Officer",
        office="IOM Kazakhstan",
        phone="+7 7172 123456",
    )
    photo = make_news(
        "Migrant workers return to Samarkand",
        slug="workers-return",
        countries=[uz],
        contacts=[contact],
        published_at=at(2024, 3),
        lead="Hundreds came home for the spring.",
        image=png_upload(size=(1600, 900)),
        image_alt="Workers at the station",
    )
    plain = make_news(
        "Dialogue on labour mobility",
        slug="labour-dialogue",
        countries=[uz],
        published_at=at(2024, 2),
        lead="Partners met in Tashkent.",
    )
    translated = make_news(
        "Forum in Almaty",
        slug="almaty-forum",
        title_ru="Форум в Алматы",
        slug_ru="forum-v-almaty",
        lead_ru="Партнёры встретились в Алматы.",
        published_at=at(2024, 1),
        lead="Partners met in Almaty.",
    )
    who = make_page("Who we are", slug="who-we-are", intro="IOM since 1951.")
    about = make_page("About IOM", slug="about", parent=who, intro="The UN Migration agency.")
    report = Publication.objects.create(
        title="Remittances in Central Asia",
        slug="remittances",
        status=Publication.Status.PUBLISHED,
        published_at=yesterday(),
        summary="How money sent home shapes households.",
    )
    return {
        "uz": uz,
        "contact": contact,
        "photo": photo,
        "plain": plain,
        "translated": translated,
        "who": who,
        "about": about,
        "report": report,
    }


def in_language(language, path):
    return path if language == "en" else f"/{language}{path}"


def page_urls(site, language):
    """{page type: address} in ``language``."""
    with translation.override(language):
        urls = {
            name: site[name].get_absolute_url()
            for name in ("photo", "plain", "who", "about", "report")
        }
    return {
        "home": in_language(language, "/"),
        "news": in_language(language, "/news/"),
        "country": in_language(language, "/news/country/uzbekistan/"),
        "release-with-photo": urls["photo"],
        "release": urls["plain"],
        "menu-page": urls["who"],
        "sub-page": urls["about"],
        "contacts": in_language(language, "/contacts/"),
        "publications": in_language(language, "/publications/"),
        "publication": urls["report"],
        "search": in_language(language, "/search/?q=migration"),
    }


JSON_LD_TYPES = {
    "home": ["Organization"],
    "news": ["CollectionPage"],
    "country": ["CollectionPage"],
    "release-with-photo": ["NewsArticle"],
    "release": ["NewsArticle"],
    "menu-page": ["BreadcrumbList"],
    "sub-page": ["BreadcrumbList"],
    "contacts": ["Organization"],
    "publications": ["CollectionPage"],
    "publication": ["Report"],
    "search": [],
}
PAGE_TYPES = list(JSON_LD_TYPES)


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = parse(response)
    (title,) = elements(response, "title")
    page.title = " ".join(title["text"].split())
    return page


def canonical(page):
    (link,) = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    return link


def site_name(language):
    with translation.override(language):
        return gettext("IOM Central Asia")


@pytest.fixture
def static_files(settings):
    """Static files served as in production (WhiteNoise), from the project's folders
    rather than collected ones (no collectstatic in tests)."""
    settings.WHITENOISE_USE_FINDERS = True


def fetched(client, url):
    """The body of ``url`` (an absolute address of this site), which must answer 200."""
    assert url.startswith(f"{HOST}/"), url
    response = Client().get(urlsplit(url).path)  # its own: WhiteNoise set up anew
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_has_its_own_share_preview(client, site, page_type, language):
    page = head(client, page_urls(site, language)[page_type])
    meta, name = page.meta, site_name(language)
    # Its own title: the <title> without the site's name after it, never the name alone.
    assert meta["og:title"] not in ("", name)
    assert page.title in (meta["og:title"], f"{meta['og:title']} | {name}")
    assert meta["og:description"] == meta["description"] != ""
    assert meta["og:site_name"] == name
    assert meta["og:url"] == canonical(page)
    assert meta["og:image"].startswith(f"{HOST}/")
    assert meta["og:image:alt"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:title"] == meta["og:title"]
    assert meta["twitter:description"] == meta["og:description"]
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:image:alt"] == meta["og:image:alt"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_json_ld_types_per_page_type(client, site, page_type, language):
    page = head(client, page_urls(site, language)[page_type])
    assert [data["@type"] for data in page.json_ld] == JSON_LD_TYPES[page_type]
    for data in page.json_ld:
        assert data["@context"] == "https://schema.org"


def test_content_pages_share_their_own_title_and_summary(client, site):
    page = head(client, site["about"].get_absolute_url())
    assert page.meta["og:title"] == "About IOM"
    assert page.meta["og:description"] == "The UN Migration agency."
    page = head(client, site["plain"].get_absolute_url())
    assert page.meta["og:title"] == "Dialogue on labour mobility"
    assert page.meta["og:type"] == "article"
    page = head(client, "/news/country/uzbekistan/")
    assert page.meta["og:title"] == "IOM in Uzbekistan: news"
    with translation.override("ru"):
        url = site["translated"].get_absolute_url()
    page = head(client, url)
    assert page.meta["og:title"] == "Форум в Алматы"
    assert page.meta["og:description"] == "Партнёры встретились в Алматы."


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_without_an_image_share_the_site_picture(client, site, static_files, language):
    """A picture of the right size for large previews (1200 x 630), that resolves."""
    urls = page_urls(site, language)
    images = {head(client, urls[name]).meta["og:image"] for name in ("home", "release", "contacts")}
    (image,) = images
    page = head(client, urls["release"])
    assert page.meta["og:image:width"] == "1200"
    assert page.meta["og:image:height"] == "630"
    assert page.meta["og:image:type"] == "image/png"
    data = fetched(client, image)
    assert len(data) < 60_000
    with Image.open(io.BytesIO(data)) as picture:
        assert (picture.format, picture.size) == ("PNG", (1200, 630))


def test_the_site_picture_is_described_in_the_reader_language(client, site):
    alts = {language: head(client, in_language(language, "/")).meta["og:image:alt"]
            for language in LANGUAGES}  # fmt: skip
    assert len(set(alts.values())) == 3, alts


def test_a_release_with_a_photo_shares_its_photo_near_1200_wide(client, site):
    page = head(client, site["photo"].get_absolute_url())
    meta = page.meta
    assert meta["og:image"].startswith(f"{HOST}/media/")
    assert meta["og:image"].endswith("-1200w.jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "675")
    assert meta["og:image:alt"] == "Workers at the station"
    with Image.open(io.BytesIO(fetched(client, meta["og:image"]))) as picture:
        assert (picture.format, picture.size) == ("JPEG", (1200, 675))
    (article,) = page.json_ld
    assert article["image"][0].startswith(f"{HOST}/media/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_article_has_an_image_and_an_author_with_an_address(client, site, language):
    with translation.override(language):
        url, home = site["plain"].get_absolute_url(), f"{HOST}{in_language(language, '/')}"
    page = head(client, url)
    (article,) = page.json_ld
    assert article["image"] == [page.meta["og:image"]]
    assert article["author"]["@type"] == "Organization"
    assert article["author"]["url"] == home
    assert article["publisher"]["url"] == home
    assert article["publisher"]["logo"]["url"].startswith(f"{HOST}/static/")


@pytest.mark.parametrize("path", ["/", "/contacts/", "/ru/", "/kk/contacts/"])
def test_organization_names_the_media_contacts(client, site, make_contact, path):
    make_contact("Former officer", is_active=False)
    (organization,) = head(client, path).json_ld
    assert organization["name"]
    assert organization["url"] == HOST + path.replace("contacts/", "")
    assert organization["logo"]["url"].startswith(f"{HOST}/static/")
    assert organization["contactPoint"] == [
        {
            "@type": "ContactPoint",
            "contactType": "media relations",
            "name": "Aida Bekova",
            "description": "Communications Officer, IOM Kazakhstan",
            "email": "abekova@iom.int",
            "telephone": "+7 7172 123456",
        }
    ]


def test_a_page_has_its_breadcrumbs_as_structured_data(client, site):
    (crumbs,) = head(client, "/who-we-are/about/").json_ld
    assert crumbs["@type"] == "BreadcrumbList"
    assert [(c["position"], c["name"], c["item"]) for c in crumbs["itemListElement"]] == [
        (1, "Home", f"{HOST}/"),
        (2, "Who we are", f"{HOST}/who-we-are/"),
        (3, "About IOM", f"{HOST}/who-we-are/about/"),
    ]
    (crumbs,) = head(client, "/kk/who-we-are/about/").json_ld
    names = [crumb["name"] for crumb in crumbs["itemListElement"]]
    with translation.override("kk"):
        assert names == [gettext("Home"), "Who we are", "About IOM"]


@pytest.mark.parametrize(
    "path", ["/news/", "/news/country/uzbekistan/", "/ru/news/", "/news/?page=1"]
)
def test_news_lists_are_collections_of_their_items(client, site, path):
    page = head(client, path)
    (collection,) = page.json_ld
    assert collection["url"] == canonical(page)
    assert collection["name"] == page.meta["og:title"]
    listed = collection["mainEntity"]
    assert listed["@type"] == "ItemList"
    language = "ru" if path.startswith("/ru/") else "en"
    with translation.override(language):
        expected = [HOST + site[name].get_absolute_url() for name in ("photo", "plain")]
    if "country" not in path:
        with translation.override(language):
            expected.append(HOST + site["translated"].get_absolute_url())
    assert [(e["position"], e["url"]) for e in listed["itemListElement"]] == list(
        enumerate(expected, 1)
    )


def test_a_later_page_of_a_list_numbers_its_items_from_where_it_starts(client, site, monkeypatch):
    monkeypatch.setattr(NewsListView, "paginate_by", 2)
    page = head(client, "/news/?page=2")
    (collection,) = page.json_ld
    assert [e["position"] for e in collection["mainEntity"]["itemListElement"]] == [3]
    assert collection["url"] == canonical(page) == f"{HOST}/news/?page=2"


def test_the_publications_list_is_a_collection_of_publications(client, site):
    (collection,) = head(client, "/publications/").json_ld
    (entry,) = collection["mainEntity"]["itemListElement"]
    assert entry["url"] == f"{HOST}/publications/remittances/"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_an_untranslated_item_is_shared_at_its_canonical_english_address(client, site, language):
    for name in ("plain", "photo", "report"):
        with translation.override(language):
            url = site[name].get_absolute_url()
        assert url.startswith(f"/{language}/")
        page = head(client, url)
        with translation.override("en"):
            english = HOST + site[name].get_absolute_url()
        assert canonical(page) == page.meta["og:url"] == english
        (data,) = page.json_ld
        assert data["url" if name == "report" else "mainEntityOfPage"] == english


def test_a_translated_item_is_shared_at_its_own_address(client, site):
    with translation.override("ru"):
        url = site["translated"].get_absolute_url()
    page = head(client, url)
    assert canonical(page) == page.meta["og:url"] == f"{HOST}/ru/news/forum-v-almaty/"


@pytest.mark.parametrize(
    "path, address",
    [
        ("/news/?country=uzbekistan", "/news/?country=uzbekistan"),
        ("/publications/?type=report", "/publications/?type=report"),
        ("/news/?page=1", "/news/"),  # the cleaned address
    ],
)
def test_a_filtered_list_is_shared_at_its_canonical_address(client, site, path, address):
    page = head(client, path)
    assert page.meta["og:url"] == canonical(page) == HOST + address


def test_json_ld_of_a_release_keeps_its_scripts_closed(client, site):
    item = NewsItem.objects.get(pk=site["plain"].pk)
    item.title = "</script><script>alert(1)</script>"
    item.save()
    content = client.get(item.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in content
    for page_type in ("release", "home", "news"):
        scripts = elements(
            client.get(page_urls(site, "en")[page_type]), "script", type="application/ld+json"
        )
        for script in scripts:
            json.loads(script["text"])


def test_a_page_with_a_picture_shares_it(client, make_page):
    page = make_page(
        "Our work", slug="our-work", hero_image=png_upload(size=(2000, 1000)), hero_image_alt=""
    )
    meta = head(client, page.get_absolute_url()).meta
    assert meta["og:image"].startswith(f"{HOST}/media/")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "600")
    assert meta["og:image:alt"] == "Our work"  # no description of its own: the title
    assert meta["twitter:card"] == "summary_large_image"


def test_a_picture_too_small_for_a_large_card_gets_a_small_one(client, make_news):
    item = make_news("Small photo", image=png_upload(size=(200, 100)), image_alt="A map")
    meta = head(client, item.get_absolute_url()).meta
    assert meta["og:image:width"] == "200"
    assert meta["twitter:card"] == "summary"
