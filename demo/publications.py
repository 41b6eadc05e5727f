"""Demo publications for the "Data and Resources" section: a handful of reports,
factsheets and data, each with PDF files made here (fpdf2, with Roboto for Cyrillic
and Kazakh letters), so the demo needs no binary files in the repository. The worker
reads them like any upload (text for search, a cover from page 1).

Written by us; the facts (countries, themes, the office) are the office's, the
figures are invented for the demo and say so in the files."""

import logging
from pathlib import Path

import font_roboto
from django.core.files.base import ContentFile
from fpdf import FPDF

from news.models import NewsItem
from publications.models import Publication, PublicationFile

logging.getLogger("fontTools").setLevel(logging.WARNING)
FONT_DIR = Path(font_roboto.__file__).parent / "files"
DEMO_NOTE = {
    "en": "Demo document: the figures in it are invented.",
    "ru": "Демонстрационный документ: цифры в нём вымышлены.",
    "kk": "Демонстрациялық құжат: ондағы сандар ойдан алынған.",
}

PUBLICATIONS = [
    {
        "slug": "labour-migration-central-asia-survey-2024",
        "kind": Publication.Kind.REPORT,
        "date": "2024-11-18",
        "countries": ["KZ", "KG", "UZ"],
        "topics": ["labour-mobility", "migration-data"],
        "authors": "IOM Central Asia with national statistics offices",
        "isbn": "978-92-9268-001-6",
        "related_news": [
            "demo-survey-of-labour-migrants-in-almaty-begins",
            "demo-pre-departure-orientation-for-workers-in-uzbekistan",
        ],
        "texts": {
            "en": {
                "title": "Labour migration from Central Asia: 2024 survey",
                "summary": "Who leaves, where they work and what they send home: a survey of "
                "households in Kazakhstan, Kyrgyzstan and Uzbekistan.",
            },
            "ru": {
                "title": "Трудовая миграция из Центральной Азии: опрос 2024 года",
                "slug": "trudovaya-migratsiya-opros-2024",
                "summary": "Кто уезжает, где работает и что отправляет домой: опрос "
                "домохозяйств в Казахстане, Кыргызстане и Узбекистане.",
            },
        },
        "pages": {
            "en": [
                "Labour migration from Central Asia: 2024 survey\n\nHouseholds in the Fergana "
                "valley, the Chui region and southern Kazakhstan answered questions about "
                "members working abroad, seasonal work in construction and agriculture, and "
                "pre-departure orientation.",
                "Remittances\n\nMost workers send money home every month through banks and "
                "money transfer operators; costs fell where mobile transfers are available.",
            ],
            "ru": [
                "Трудовая миграция из Центральной Азии: опрос 2024 года\n\nДомохозяйства "
                "Ферганской долины, Чуйской области и юга Казахстана ответили на вопросы о "
                "родственниках, работающих за рубежом, и о сезонной работе.",
                "Денежные переводы\n\nБольшинство работников ежемесячно отправляют деньги "
                "домой через банки и операторов денежных переводов.",
            ],
        },
    },
    {
        "slug": "counter-trafficking-factsheet-central-asia",
        "kind": Publication.Kind.FACTSHEET,
        "date": "2025-07-30",
        "countries": ["KZ", "KG", "TJ", "TM", "UZ"],
        "topics": ["counter-trafficking"],
        "authors": "IOM Central Asia",
        "texts": {
            "en": {
                "title": "Counter-trafficking in Central Asia: factsheet",
                "summary": "How IOM and its partners identify and assist survivors of "
                "trafficking, and where to call for help in each country.",
            },
            "ru": {
                "title": "Противодействие торговле людьми в Центральной Азии: справка",
                "slug": "protivodejstvie-torgovle-lyudmi-spravka",
                "summary": "Как МОМ и партнёры выявляют пострадавших от торговли людьми и "
                "помогают им, и куда звонить за помощью в каждой стране.",
            },
            "kk": {
                "title": "Орталық Азиядағы адам саудасына қарсы іс-қимыл: анықтама",
                "slug": "adam-saudasyna-qarsy-anyqtama",
                "summary": "ХКҰ мен серіктестер адам саудасынан зардап шеккендерді қалай "
                "анықтайды және оларға қалай көмектеседі.",
            },
        },
        "pages": {
            "en": [
                "Counter-trafficking in Central Asia\n\nHotlines in every country of the "
                "region take calls from people who were promised work abroad and deceived. "
                "Shelters offer medical care, legal aid and a safe return home."
            ],
            "ru": [
                "Противодействие торговле людьми\n\nГорячие линии во всех странах региона "
                "принимают звонки от людей, обманутых обещанием работы за рубежом."
            ],
            "kk": [
                "Адам саудасына қарсы іс-қимыл\n\nАймақтың әр елінде сенім телефондары "
                "шетелде жұмыс уәдесімен алданған адамдардың қоңырауларын қабылдайды."
            ],
        },
    },
    {
        "slug": "tuberculosis-care-along-the-migration-route",
        "kind": Publication.Kind.STUDY,
        "date": "2023-03-24",
        "countries": ["TJ", "UZ"],
        "topics": ["migration-health"],
        "related_news": ["demo-cross-border-continuity-of-tuberculosis-care"],
        "authors": "IOM Central Asia with national tuberculosis programmes",
        "document_number": "IOM-CA/HEALTH/2023/02",
        "texts": {
            "en": {
                "title": "Tuberculosis care along the migration route",
                "summary": "A study of how migrant workers find, pay for and complete "
                "tuberculosis treatment when they move between countries.",
            },
        },
        "pages": {
            "en": [
                "Tuberculosis care along the migration route\n\nMigrants who fall ill abroad "
                "often stop treatment when they return home. Cross-border referral between "
                "clinics in Dushanbe, Samarkand and Almaty kept patients on treatment.",
                "Recommendations\n\nShare patient records across borders with consent, and "
                "offer treatment free of charge whatever a migrant's status.",
            ],
        },
    },
    {
        "slug": "remittances-in-tajikistan-data-snapshot",
        "kind": Publication.Kind.DATA_SNAPSHOT,
        "date": "2025-02-12",
        "countries": ["TJ"],
        "topics": ["migration-and-development", "migration-data"],
        "related_news": ["demo-survey-tracks-fall-in-remittances-in-sughd"],
        "texts": {
            "en": {
                "title": "Remittances in Tajikistan: data snapshot",
                "summary": "Remittance flows, the cost of sending money and what households "
                "spend it on, in one page of charts and tables.",
            },
            "ru": {
                "title": "Денежные переводы в Таджикистан: сводка данных",
                "slug": "denezhnye-perevody-tadzhikistan-svodka",
                "summary": "Потоки переводов, стоимость отправки денег и на что их тратят "
                "домохозяйства: графики и таблицы на одной странице.",
            },
        },
        "pages": {
            "en": [
                "Remittances in Tajikistan\n\nHouseholds spend remittances on food, "
                "schooling, housing in Khatlon and Sughd, and on starting small businesses."
            ],
            "ru": [
                "Денежные переводы в Таджикистан\n\nДомохозяйства тратят переводы на еду, "
                "учёбу детей, жильё в Хатлоне и Согде и на открытие малого бизнеса."
            ],
        },
    },
    {
        "slug": "glaciers-and-mobility-in-kyrgyzstan",
        "kind": Publication.Kind.INFOSHEET,
        "date": "2026-04-22",
        "countries": ["KG"],
        "topics": ["climate-and-environment"],
        "texts": {
            "en": {
                "title": "Glaciers, water and mobility in Kyrgyzstan",
                "summary": "How shrinking glaciers and mudflows affect mountain villages, "
                "and what communities do to stay or move safely.",
            },
        },
        "pages": {
            "en": [
                "Glaciers, water and mobility in Kyrgyzstan\n\nIn the Naryn and Issyk-Kul "
                "regions, families plan for mudflows and dry summers; some move to towns for "
                "part of the year, others invest in irrigation."
            ],
        },
    },
]


def make_pdf(pages, language, title):
    document = FPDF(format="A4")
    document.set_title(title)
    document.set_author("IOM Central Asia")
    document.add_font("Roboto", fname=str(FONT_DIR / "Roboto-Regular.ttf"))
    document.add_font("Roboto", style="B", fname=str(FONT_DIR / "Roboto-Bold.ttf"))
    for number, text in enumerate(pages, start=1):
        document.add_page()
        if number == 1:  # a cover band in IOM blue
            document.set_fill_color(0, 51, 160)
            document.rect(0, 0, 210, 70, style="F")
            document.set_text_color(255, 255, 255)
            document.set_font("Roboto", "B", size=22)
            document.set_xy(15, 20)
            document.multi_cell(180, 10, title)
            document.set_text_color(26, 26, 26)
            document.set_xy(15, 85)
        heading, _, body = text.partition("\n\n")
        if number > 1:
            document.set_font("Roboto", "B", size=16)
            document.multi_cell(0, 9, heading)
            document.ln(3)
        document.set_font("Roboto", size=12)
        document.multi_cell(0, 7, body)
        document.ln(6)
        document.set_font("Roboto", size=9)
        document.multi_cell(0, 5, DEMO_NOTE[language])
    return bytes(document.output())


def load_publications(countries, topics, aware):
    """Create or update the demo publications; a language's file is made once."""
    for data in PUBLICATIONS:
        columns = {
            f"{name}_{code}": value
            for code, fields in data["texts"].items()
            for name, value in fields.items()
        }
        publication, _created = Publication.objects.update_or_create(
            slug_en=data["slug"],
            defaults={
                **columns,
                "kind": data["kind"],
                "published_at": aware(data["date"]),
                "status": Publication.Status.PUBLISHED,
                "authors_en": data.get("authors", ""),
                "isbn": data.get("isbn", ""),
                "document_number": data.get("document_number", ""),
            },
        )
        publication.countries.set([countries[code] for code in data["countries"]])
        publication.topics.set([topics[slug] for slug in data["topics"]])
        publication.related_news.set(
            NewsItem.objects.filter(slug_en__in=data.get("related_news", []))
        )
        have = set(publication.files.values_list("language", flat=True))
        for language, pages in data["pages"].items():
            if language in have:
                continue
            title = data["texts"].get(language, data["texts"]["en"])["title"]
            stored = PublicationFile(publication=publication, language=language)
            stored.file.save("demo.pdf", ContentFile(make_pdf(pages, language, title)), save=False)
            stored.save()
    return Publication.objects.count()
