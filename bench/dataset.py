"""Build a large dataset fast (bulk inserts, one UPDATE for the search vectors).

Used by bench/run.py; small sizes are exercised by the test suite so it keeps working.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from contacts.models import Contact, ContactEmail
from kernel.search import SEARCH_CONFIGS
from news.models import Boilerplate, Country, NewsItem, NewsItemContact, Topic
from pages.models import Page

COUNTRIES = [("Kazakhstan", "KZ"), ("Kyrgyzstan", "KG"), ("Tajikistan", "TJ"),
             ("Turkmenistan", "TM"), ("Uzbekistan", "UZ")]  # fmt: skip
WORDS = (
    "migration labour mobility border health data climate return trafficking youth "
    "remittances diaspora survey training partners ministry community project region "
    "assistance protection employment education women children glacier flood dialogue"
).split()
BATCH = 5000


def _vocabulary():
    """A few thousand made-up words plus the real ones, with a Zipf-like spread, so
    that a search for two words is as selective as in a real archive."""
    syllables = "ka ri to ma nu se lo vi da pe su go an el ir ob ta zu".split()
    made_up = sorted({a + b + c for a in syllables for b in syllables for c in syllables})
    words = made_up[:200] + WORDS + made_up[200:4000]  # real words: mid-frequency
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank
        cumulative.append(total)
    return words, cumulative


VOCABULARY, CUMULATIVE = _vocabulary()


def _sentence(rng, n):
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=n)).capitalize() + "."


def build(news_count, **options):
    """Replace all content with a generated dataset of the given size.

    Runs in English: ``NewsItem(title=...)`` fills the active language's column."""
    with translation.override(settings.LANGUAGE_CODE):
        counts = _build(news_count, **options)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # the test suite
                cursor.execute("ANALYZE")
            else:
                # The bulk UPDATE of the search vectors left a dead copy of every row
                # (and its index entries); a live site updates rows one at a time and
                # autovacuum keeps up. Compact, so the benchmark sees that steady state.
                cursor.execute("VACUUM FULL ANALYZE news_newsitem")
                cursor.execute("VACUUM FULL ANALYZE pages_page")
                cursor.execute("ANALYZE")
    return counts


def search_vectors_sql(second):
    """SET clause filling every language's vectors in one pass (one row version)."""

    def text(name, code, config):
        """The column a reader of ``code`` sees, English when empty."""
        value = f"coalesce(nullif({name}_{code}, ''), {name}_en, '')"
        if name == "body":
            value = f"regexp_replace({value}, '<[^>]+>', ' ', 'g')"
        return f"to_tsvector('{config}', {value})"

    assignments = []
    for code, config in SEARCH_CONFIGS.items():
        rank = (
            f"setweight({text('title', code, config)}, 'A') || "
            f"setweight({text(second, code, config)}, 'B')"
        )
        assignments.append(f"search_rank_vector_{code} = {rank}")
        assignments.append(
            f"search_vector_{code} = {rank} || setweight({text('body', code, config)}, 'C')"
        )
    return ", ".join(assignments)


@transaction.atomic
def _build(news_count, *, pages=200, contacts=50, topics=20, years=20, seed=1):
    rng = random.Random(seed)
    rng_ru = random.Random(seed + 1)  # its own stream: the English text stays the same
    for model in (NewsItemContact, NewsItem, Boilerplate, ContactEmail, Contact, Topic, Country):
        model.objects.all().delete()
    for depth in sorted(set(Page.objects.values_list("depth", flat=True)), reverse=True):
        Page.objects.filter(depth=depth).delete()  # children first: parents are protected

    countries = Country.objects.bulk_create(
        Country(name=name, slug=slugify(name), iso_code=code) for name, code in COUNTRIES
    )
    topic_objs = Topic.objects.bulk_create(
        Topic(name=f"Topic {i:02d} {WORDS[i % len(WORDS)]}", slug=f"topic-{i:02d}")
        for i in range(topics)
    )
    contact_objs = Contact.objects.bulk_create(
        Contact(name=f"Contact {i}", slug=f"contact-{i}", job_title="Officer",
                office=f"IOM {COUNTRIES[i % 5][0]}")
        for i in range(contacts)
    )  # fmt: skip
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=c, email=f"contact{c.pk}@example.org") for c in contact_objs
    )
    for country in countries:
        country.contacts.set(rng.sample(contact_objs, 3))
    boilerplate = Boilerplate.objects.create(title="About IOM", body="<p>About IOM.</p>")

    now = timezone.now()
    sections = []
    per_section = max(1, pages // 10)
    for s in range(min(10, pages)):
        section = Page(
            title=f"Section {s}",
            slug=f"section-{s}",
            path=f"section-{s}",
            path_ru=f"section-{s}",
            path_kk=f"section-{s}",
            depth=1,
            status="published",
            published_at=now,
            menu_order=s,
            intro=_sentence(rng, 12),
        )
        sections.append(section)  # fmt: skip
    Page.objects.bulk_create(sections)
    children = [
        Page(title=f"Page {s}-{c}", slug=f"page-{c}", parent=section,
             path=f"{section.path_en}/page-{c}", path_ru=f"{section.path_en}/page-{c}",
             path_kk=f"{section.path_en}/page-{c}", depth=2, status="published", published_at=now,
             menu_order=c, show_in_menu=c < 5, intro=_sentence(rng, 12),
             body="".join(f"<p>{_sentence(rng, 40)}</p>" for _ in range(3)))
        for s, section in enumerate(sections)
        for c in range(per_section - 1)
    ]  # fmt: skip
    Page.objects.bulk_create(children, batch_size=BATCH)

    span = timedelta(days=365 * years)
    start = now - span
    country_links = NewsItem.countries.through
    topic_links = NewsItem.topics.through
    created = 0
    while created < news_count:
        size = min(BATCH, news_count - created)
        items = []
        for i in range(created, created + size):
            title = f"{_sentence(rng, 7)[:-1]} {i}"
            # A third of the archive has a Russian version (made-up words, as in English).
            russian = (
                {"title_ru": f"{_sentence(rng_ru, 7)[:-1]} {i}", "slug_ru": f"bench-ru-{i}",
                 "lead_ru": _sentence(rng_ru, 25)}
                if i % 3 == 0 else {}
            )  # fmt: skip
            items.append(
                NewsItem(
                    **russian,
                    title=title,
                    slug=f"bench-{i}",
                    dateline=f"{rng.choice(['Almaty', 'Bishkek', 'Dushanbe', 'Tashkent'])}",
                    published_at=start + span * rng.random(),
                    status="published" if rng.random() > 0.02 else "draft",
                    kind=rng.choice(["press-release", "news", "story"]),
                    scope=rng.choice(["local", "local", "global"]),
                    lead=_sentence(rng, 25),
                    body="".join(f"<p>{_sentence(rng, 60)}</p>" for _ in range(5)),
                    boilerplate=boilerplate,
                )
            )
        items = NewsItem.objects.bulk_create(items, batch_size=BATCH)
        country_links.objects.bulk_create(
            [
                country_links(newsitem_id=item.pk, country_id=country.pk)
                for item in items
                for country in rng.sample(countries, rng.choice([1, 1, 2]))
            ],
            batch_size=BATCH,
        )
        topic_links.objects.bulk_create(
            [
                topic_links(newsitem_id=item.pk, topic_id=topic.pk)
                for item in items
                for topic in rng.sample(topic_objs, rng.choice([1, 2]))
            ],
            batch_size=BATCH,
        )
        NewsItemContact.objects.bulk_create(
            [
                NewsItemContact(news_item_id=item.pk, contact=rng.choice(contact_objs))
                for item in items
            ],
            batch_size=BATCH,
        )
        created += size

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table, second in (("news_newsitem", "lead"), ("pages_page", "intro")):
                cursor.execute(f"UPDATE {table} SET {search_vectors_sql(second)}")
    from kernel.cache import bump_generation

    bump_generation()
    return {"news": NewsItem.objects.count(), "pages": Page.objects.count()}
