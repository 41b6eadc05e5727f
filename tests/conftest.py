"""Shared fixtures: small factories and time helpers for scheduling."""

from itertools import count

import pytest
from django.conf import settings
from django.test import Client

from contacts.models import Contact, ContactEmail
from news.models import Boilerplate, Country, NewsItem, NewsItemContact, Topic
from pages.models import Page

from .support import Inbox, at, free_port, png_upload, tomorrow, yesterday  # noqa: F401

_serial = count(1)


@pytest.fixture
def make_country(db):
    def make(name=None, iso_code=None, slug=None, **fields):
        n = next(_serial)
        name = name or f"Country {n}"
        return Country.objects.create(
            name=name,
            slug=slug or name.lower().replace(" ", "-"),
            iso_code=iso_code or f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}",
            **fields,
        )

    return make


def numbered(fields, prefix, **defaults):
    """The next serial number; ``fields`` get a unique slug made from it, and
    ``defaults``, wherever the test does not name them itself."""
    n = next(_serial)
    for name, value in {"slug": f"{prefix}-{n}", **defaults}.items():
        fields.setdefault(name, value)
    return n


def create_in_order(model, field, values, **parent):
    """One ``model`` row for each of ``values`` (in ``field``), numbered as listed."""
    for order, value in enumerate(values):
        model.objects.create(sort_order=order, **{field: value}, **parent)


@pytest.fixture
def make_contact(db):
    def make(name=None, emails=("press@example.org",), **fields):
        n = numbered(fields, "contact")
        contact = Contact.objects.create(name=name or f"Contact {n}", **fields)
        create_in_order(ContactEmail, "email", emails, contact=contact)
        return contact

    return make


@pytest.fixture
def make_news(db):
    def make(title=None, countries=(), contacts=(), **fields):
        n = numbered(fields, "news", status=NewsItem.Status.PUBLISHED, published_at=yesterday())
        fields.setdefault("lead", f"Lead of item {n}.")
        item = NewsItem.objects.create(title=title or f"News item {n}", **fields)
        item.countries.set(countries)
        create_in_order(NewsItemContact, "contact", contacts, news_item=item)
        return item

    return make


@pytest.fixture
def make_page(db):
    def make(title=None, parent=None, **fields):
        n = numbered(fields, "page", status=Page.Status.PUBLISHED, published_at=yesterday())
        return Page.objects.create(title=title or f"Page {n}", parent=parent, **fields)

    return make


@pytest.fixture
def boilerplate(db):
    return Boilerplate.objects.create(
        title="About IOM", body="<p>IOM is the UN Migration agency.</p>"
    )


@pytest.fixture
def editor(db, django_user_model):
    """A superuser who edits content in the admin."""
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-editor")


@pytest.fixture
def make_staff(django_user_model):
    """A staff member in one of the roles ("Editor", "Publisher")."""

    def make(role, username=None):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create_user(
            username or role.lower(), password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def as_editor(make_staff):
    """The browser of an Editor, "aigerim"."""
    browser = Client()
    browser.force_login(make_staff("Editor", "aigerim"))
    return browser


@pytest.fixture
def as_publisher(make_staff):
    """The browser of a Publisher, "dana"."""
    browser = Client()
    browser.force_login(make_staff("Publisher", "dana"))
    return browser


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache (pages, menus, content generation)."""
    from django.core.cache import cache

    from kernel.cache import forget_generation

    cache.clear()
    forget_generation()  # each test's database starts from the same generation again
    yield
    cache.clear()
    forget_generation()


@pytest.fixture(autouse=True)
def english_first():
    """Each test starts in English, as a request to /ru/ leaves Russian active in the
    thread, and ``NewsItem(title=...)`` writes the active language's column."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def archive(make_country, make_news):
    """Releases in 2018 and 2019 from Uzbekistan and Kazakhstan, a draft, a scheduled one."""
    uz = make_country("Uzbekistan", "UZ")
    kz = make_country("Kazakhstan", "KZ")
    return {
        "uz": uz,
        "kz": kz,
        "uz_2018": make_news(
            "Tashkent talks",
            countries=[uz],
            published_at=at(2018, 4),
            dateline="Tashkent, Uzbekistan",
        ),
        "kz_2018": make_news("Almaty forum", countries=[kz], published_at=at(2018, 6)),
        "both_2019": make_news("Regional dialogue", countries=[uz, kz], published_at=at(2019, 4)),
        "draft": make_news("Secret draft", countries=[uz], status=NewsItem.Status.DRAFT),
        "scheduled": make_news("Future release", countries=[uz], published_at=tomorrow()),
    }


@pytest.fixture
def topics(db):
    return {
        "ct": Topic.objects.create(name="Counter trafficking", slug="counter-trafficking"),
        "lm": Topic.objects.create(name="Labour mobility", slug="labour-mobility"),
    }


@pytest.fixture
def newsroom(make_country, make_news, topics):
    """Three releases of different types, scopes, countries and topics, and a draft."""
    uz = make_country("Uzbekistan", "UZ")
    kz = make_country("Kazakhstan", "KZ")
    items = {
        "a": make_news(
            "Alpha release",
            countries=[uz],
            published_at=at(2018, 4),
            kind="press-release",
            scope="local",
        ),
        "b": make_news(
            "Bravo story", countries=[kz], published_at=at(2019, 5), kind="story", scope="local"
        ),
        "c": make_news(
            "Charlie global",
            countries=[uz, kz],
            published_at=at(2020, 6),
            kind="press-release",
            scope="global",
        ),
        "draft": make_news("Draft on trafficking", countries=[uz], status="draft"),
    }
    items["a"].topics.set([topics["ct"]])
    items["b"].topics.set([topics["lm"]])
    items["c"].topics.set([topics["ct"], topics["lm"]])
    items["draft"].topics.set([topics["ct"]])
    return {"uz": uz, "kz": kz, **items}


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that the mail settings point to;
    its Inbox is what it received."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()
