"""Demo content: the office's page tree, countries, contacts and news.

Written by us from the facts of the office's current site (titles, names, dates,
places, e-mail addresses). Loading is idempotent: every record is keyed by its slug
(or ISO code) and updated in place, so running it twice changes nothing.
"""

import io
import json
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from contacts.models import Contact, ContactEmail
from demo import translations as demo_translations
from demo.publications import load_publications
from news.models import Boilerplate, Country, NewsItem, NewsItemContact, Topic
from pages.models import Page

TZ = ZoneInfo("Asia/Almaty")

# More invented news items and media contacts: data, so kept as data (see its "about").
DEMO_DATA = json.loads(Path(__file__).with_name("news.json").read_text(encoding="utf-8"))

DEMO_CREDIT = "Illustration: IOM Central Asia (demo image)"

COUNTRIES = [
    ("Kazakhstan", "kazakhstan", "KZ"),
    ("Kyrgyzstan", "kyrgyzstan", "KG"),
    ("Tajikistan", "tajikistan", "TJ"),
    ("Turkmenistan", "turkmenistan", "TM"),
    ("Uzbekistan", "uzbekistan", "UZ"),
]

# (slug, name, description)
TOPICS = [
    ("counter-trafficking", "Counter trafficking",
     "Preventing human trafficking and helping survivors recover and rebuild their lives."),
    ("labour-mobility", "Labour mobility",
     "Safe, fair and regular labour migration, and the rights of migrant workers."),
    ("migration-health", "Migration health",
     "Health care for migrants and their families, from tuberculosis to vaccination."),
    ("migration-and-development", "Migration and development",
     "Remittances, diaspora and returning migrants as partners in development."),
    ("border-management", "Border management",
     "Borders that are secure and open to legitimate travel and trade."),
    ("climate-and-environment", "Climate change and environment",
     "How glaciers, droughts and disasters shape mobility in Central Asia."),
    ("migration-data", "Migration data",
     "Surveys, statistics and research for evidence-based policies."),
    ("emergencies", "Emergency response",
     "Help for people displaced or affected by floods, earthquakes and other crises."),
]  # fmt: skip

# Which demo contact covers which country (the country pages list them).
COUNTRY_CONTACTS = {
    "UZ": ["sanjarbek-toshbaev"],
    "KG": ["aizada-temirbekova"],
    "TJ": ["farrukh-nazarov"],
    "KZ": ["dana-seitkali"],
}

# (slug, title, intro, body paragraphs, children)
PAGE_TREE = [
    (
        "who-we-are",
        "Who We Are",
        "IOM, the UN Migration agency, has worked for humane and orderly migration since "
        "1951. It has had an office in the Republic of Kazakhstan since 2002.",
        [
            "The International Organization for Migration belongs to the United Nations "
            "system. Its 175 member states and its presence in more than 100 countries make "
            "it the main intergovernmental organization working on migration.",
            "From Astana, the office in Kazakhstan also coordinates IOM's work across "
            "Central Asia, where IOM has been present since 1992.",
        ],
        [
            (
                "about",
                "About",
                "How the IOM office in Kazakhstan is organised and what it does in the region.",
                [
                    "The office works with governments, civil society and migrants themselves "
                    "on labour mobility, counter trafficking, migration health, border "
                    "management and migration data.",
                    "It supports the other IOM offices in Central Asia with shared expertise, "
                    "regional projects and information exchange.",
                ],
            ),
            (
                "iom-global",
                "IOM Global",
                "IOM's mandate, member states and worldwide presence.",
                [
                    "Founded in 1951, IOM joined the United Nations system in 2016. It advises "
                    "governments and supports migrants in emergencies and in everyday life.",
                ],
            ),
        ],
    ),
    (
        "our-work",
        "Our Work",
        "IOM helps achieve the 2030 Agenda through work that links humanitarian assistance "
        "with sustainable development.",
        [
            "Our programmes in Central Asia cover safe labour migration, assistance to victims "
            "of trafficking, migrants' health, integrated border management and the use of "
            "migration data in policy making.",
        ],
        [
            (
                "cross-cutting-global",
                "Cross-cutting (Global)",
                "Themes present in every IOM programme: gender, protection, environment and "
                "accountability to the people we serve.",
                [
                    "Every project is designed with attention to gender equality, the protection "
                    "of migrants' rights and the effects of climate change on mobility.",
                ],
            ),
            (
                "data-and-resources",
                "Data and Resources",
                "Reports, studies and migration data about Central Asia.",
                [
                    "We publish assessments, survey findings and country profiles so that "
                    "policy makers and researchers can work from reliable evidence.",
                    '<a href="/publications/">Browse the publications library</a>: '
                    '<a href="/publications/?type=report">reports</a>, '
                    '<a href="/publications/?type=study">studies</a>, '
                    '<a href="/publications/?type=factsheet">factsheets</a> and '
                    '<a href="/publications/?type=data-snapshot">data snapshots</a>, '
                    "as PDF files in English, Russian and Kazakh.",
                ],
            ),
            (
                "take-action",
                "Take Action",
                "Ways to support safe and orderly migration: partner with us, volunteer or "
                "join the team.",
                [
                    "Governments, companies, universities and individuals can partner with IOM. "
                    "Vacancies and internships are announced on IOM's global careers site.",
                ],
            ),
            (
                "2030-agenda",
                "2030 Agenda",
                "How migration contributes to the Sustainable Development Goals.",
                [
                    "Target 10.7 of the Sustainable Development Goals calls for orderly, safe, "
                    "regular and responsible migration. IOM helps the countries of Central Asia "
                    "include migration in their national development plans.",
                ],
            ),
        ],
    ),
]

ABOUT_IOM = (
    "<p>IOM was set up in 1951 and is the leading intergovernmental organization on "
    "migration. It works closely with governments and with intergovernmental and "
    "non-governmental partners. With 169 member states, 8 observer states and offices "
    "in more than 100 countries, IOM promotes humane and orderly migration that "
    "benefits all, by giving advice and services to governments and migrants.</p>"
)

MAIN_CONTACT = {
    "slug": "sanjarbek-toshbaev",
    "name": "Mr. Sanjarbek Toshbaev",
    "job_title": "Country Manager for Uzbekistan",
    "office": "IOM Central Asia",
    "phone": "",
    "emails": ["stoshbaev@iom.int", "iomastana@iom.int"],
    "sort_order": 1,
}

UZBEKISTAN_RELEASE = {
    "slug": "uzbekistan-may-become-a-member-to-iom",
    "title": "Uzbekistan may become a member to IOM",
    "dateline": "Tashkent, Uzbekistan",
    "date": "2018-04-02",
    "countries": ["UZ"],
    "topics": ["counter-trafficking", "labour-mobility"],
    "kind": "press-release",
    "scope": "local",
    "contacts": ["sanjarbek-toshbaev"],
    "image": True,
    "image_alt": "Demo illustration: a blue banner with white lines and the words "
    "“Tashkent, Uzbekistan”",
    "image_caption": "IOM Director General William Lacy Swing visited Tashkent on 2 April 2018.",
    "lead": (
        "During a visit to Tashkent by IOM Director General William Lacy Swing, the "
        "Government of Uzbekistan said it is ready to consider joining IOM."
    ),
    "body": [
        "On Monday, 2 April 2018, Ambassador William Lacy Swing, Director General of IOM, "
        "held talks with senior officials in Tashkent. Uzbekistan confirmed that it is "
        "considering accession to the Organization.",
        "Prime Minister Abdulla Aripov spoke of the country's interest in closer and more "
        "effective cooperation with IOM. Viktor Mahmudov, Secretary of the Security "
        "Council under the President, said the visit opened new avenues for working "
        "together.",
        "With Aktam Khaitov, Minister of Employment and Labour Relations, the Director "
        "General discussed labour mobility and the protection of labour migrants' rights. "
        "The Office of the Prosecutor General and the Ministry of Internal Affairs "
        "described their joint counter-trafficking work with IOM.",
        "The Ministry of Foreign Affairs told IOM that full membership is under "
        "consideration. Both sides welcomed the roadmap for cooperation in 2017–2019, "
        "which covers counter trafficking and labour mobility.",
        "Since 2015 IOM has worked with the Office of the Prosecutor General, the "
        "Ministry of Employment and Labour Relations, the Ministry of Internal Affairs, "
        "the National Human Rights Centre and the National Rehabilitation Centre for "
        "victims of trafficking, as well as with Uzbek NGOs and consular services abroad, "
        "to help nationals of Uzbekistan who became victims of trafficking or vulnerable "
        "migrants.",
        "The Director General welcomed the Government's plans to make migration part of "
        "the country's social and economic development, and both sides agreed to give "
        "new momentum to their cooperation.",
    ],
}


def _aware(day):
    return datetime.combine(datetime.fromisoformat(day).date(), time(10, 0), tzinfo=TZ)


def _paragraphs(paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _demo_image(label, colour=(0, 51, 160)):
    """A simple generated banner, so the demo needs no binary files in the repo."""
    image = Image.new("RGB", (1200, 630), colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, 1200, 60):
        draw.line([(i, 630), (i + 300, 0)], fill=(255, 255, 255), width=1)
    draw.rectangle([(60, 470), (1140, 570)], fill=(255, 255, 255))
    draw.text((80, 500), label, fill=colour, font_size=48)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue())


def _columns(texts):
    """{"en": {"title": ...}, "ru": {...}} -> {"title_en": ..., "title_ru": ...}."""
    return {
        f"{name}_{code}": value for code, fields in texts.items() for name, value in fields.items()
    }


def _page_texts(path, title, intro, body):
    texts = {"en": {"title": title, "intro": intro, "body": body}}
    texts |= demo_translations.PAGES.get(path, {})
    return {code: {**fields, "body": _paragraphs(fields["body"])} for code, fields in texts.items()}


def load_pages():
    for order, (slug, title, intro, body, children) in enumerate(PAGE_TREE, start=1):
        parent = _page(None, slug, _page_texts(slug, title, intro, body), order)
        for child_order, (child_slug, child_title, child_intro, child_body) in enumerate(
            children, start=1
        ):
            texts = _page_texts(f"{slug}/{child_slug}", child_title, child_intro, child_body)
            _page(parent, child_slug, texts, child_order)


def _page(parent, slug, texts, order):
    page, _created = Page.objects.update_or_create(
        parent=parent,
        slug_en=slug,
        defaults={
            **_columns(texts),
            "status": Page.Status.PUBLISHED,
            "published_at": _aware("2018-01-01"),
            "show_in_menu": True,
            "menu_order": order,
        },
    )
    return page


def load_contact(data):
    texts = {"en": {key: data[key] for key in ("name", "job_title", "office")}}
    texts |= demo_translations.CONTACTS.get(data["slug"], {})
    contact, _created = Contact.objects.update_or_create(
        slug=data["slug"],
        defaults={
            **_columns(texts),
            "phone": data["phone"],
            "sort_order": data["sort_order"],
            "is_active": True,
        },
    )
    for order, email in enumerate(data["emails"]):
        ContactEmail.objects.update_or_create(
            contact=contact, email=email, defaults={"sort_order": order}
        )
    return contact


NEWS_TEXT_FIELDS = ("title", "dateline", "lead", "body", "image_alt", "image_caption")


def load_news_item(data, boilerplate, countries, topics, contacts):
    texts = {"en": {name: data.get(name, "") for name in NEWS_TEXT_FIELDS}}
    texts |= demo_translations.NEWS.get(data["slug"], {})
    texts = {
        code: {**fields, "body": _paragraphs(fields["body"])} for code, fields in texts.items()
    }
    item, _created = NewsItem.objects.update_or_create(
        slug_en=data["slug"],
        defaults={
            **_columns(texts),
            "published_at": _aware(data["date"]),
            "status": NewsItem.Status.PUBLISHED,
            "kind": data.get("kind", NewsItem.Kind.NEWS),
            "scope": data.get("scope", NewsItem.Scope.LOCAL),
            "boilerplate": boilerplate,
            "image_credit": DEMO_CREDIT if data.get("image") else "",
        },
    )
    if data.get("image") and not item.image:
        item.image.save(f"{data['slug']}.jpg", _demo_image(data["dateline"]), save=True)
    item.countries.set([countries[code] for code in data["countries"]])
    item.topics.set([topics[slug] for slug in data.get("topics", [])])
    for order, slug in enumerate(data.get("contacts", [])):
        NewsItemContact.objects.update_or_create(
            news_item=item, contact=contacts[slug], defaults={"sort_order": order}
        )
    return item


@transaction.atomic
def load_demo():
    """Create or update all demo content; returns counts for the command's report."""
    load_pages()
    countries = {}
    for name, slug, code in COUNTRIES:
        names = {"en": name, **demo_translations.COUNTRY_NAMES[code]}
        countries[code], _created = Country.objects.update_or_create(
            iso_code=code,
            defaults={"slug": slug, **{f"name_{lang}": text for lang, text in names.items()}},
        )
    contacts = {data["slug"]: load_contact(data) for data in [MAIN_CONTACT, *DEMO_DATA["contacts"]]}
    for code, slugs in COUNTRY_CONTACTS.items():
        countries[code].contacts.set([contacts[slug] for slug in slugs if slug in contacts])
    topics = {}
    for slug, name, description in TOPICS:
        texts = {"en": (name, description), **demo_translations.TOPICS[slug]}
        topics[slug], _created = Topic.objects.update_or_create(
            slug=slug,
            defaults=_columns(
                {lang: {"name": n, "description": d} for lang, (n, d) in texts.items()}
            ),
        )
    boilerplate_texts = {"en": {"title": "About IOM", "body": ABOUT_IOM}} | {
        lang: {"title": title, "body": _paragraphs(body)}
        for lang, (title, body) in demo_translations.BOILERPLATE.items()
    }
    boilerplate, _created = Boilerplate.objects.update_or_create(
        title_en="About IOM", defaults=_columns(boilerplate_texts)
    )
    for data in [UZBEKISTAN_RELEASE, *DEMO_DATA["news"]]:
        load_news_item(data, boilerplate, countries, topics, contacts)
    publications = load_publications(countries, topics, _aware)
    return {
        "pages": Page.objects.count(),
        "countries": Country.objects.count(),
        "topics": Topic.objects.count(),
        "contacts": Contact.objects.count(),
        "news items": NewsItem.objects.count(),
        "publications": publications,
    }
