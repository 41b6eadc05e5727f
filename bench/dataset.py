"""Build a large dataset fast (bulk inserts, one UPDATE for the search vectors).

Used by bench/run.py; small sizes are exercised by the test suite so it keeps working.
The content itself (texts, dates, states, relations) is drawn by bench/texts.py, in
plain Python, so that the Wagtail peer of bench/wagtail.py builds the same content.
"""

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from bench.texts import (  # noqa: F401 (VOCABULARY, CUMULATIVE: the names it had)
    BATCH,
    COUNTRIES,
    CUMULATIVE,
    VOCABULARY,
    WORDS,
    generate,
    sentence,
)
from contacts.models import Contact, ContactEmail
from kernel.search import SEARCH_CONFIGS
from news.models import Boilerplate, Country, NewsItem, NewsItemContact, Topic
from pages.models import Page

_sentence = sentence  # the name bench/publications.py uses


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
    now = timezone.now()
    content = generate(
        news_count, now=now, pages=pages, contacts=contacts, topics=topics, years=years, seed=seed
    )
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
    for country, chosen in zip(countries, content.country_contacts, strict=True):
        country.contacts.set([contact_objs[i] for i in chosen])
    boilerplate = Boilerplate.objects.create(title="About IOM", body="<p>About IOM.</p>")

    sections = [
        Page(title=section["title"], slug=section["slug"], path=section["slug"],
             path_ru=section["slug"], path_kk=section["slug"], depth=1, status="published",
             published_at=now, menu_order=s, intro=section["intro"])
        for s, section in enumerate(content.sections)
    ]  # fmt: skip
    Page.objects.bulk_create(sections)
    children = []
    for child in content.children:
        section = sections[child["section"]]
        path = f"{section.path_en}/{child['slug']}"
        children.append(
            Page(title=child["title"], slug=child["slug"], parent=section, path=path,
                 path_ru=path, path_kk=path, depth=2, status="published", published_at=now,
                 menu_order=child["menu_order"], show_in_menu=child["show_in_menu"],
                 intro=child["intro"], body=child["body"])
        )  # fmt: skip
    Page.objects.bulk_create(children, batch_size=BATCH)

    country_links = NewsItem.countries.through
    topic_links = NewsItem.topics.through
    for batch in content.news:
        items = NewsItem.objects.bulk_create(
            [
                NewsItem(
                    **(drawn["russian"] or {}),
                    title=drawn["title"],
                    slug=drawn["slug"],
                    dateline=drawn["dateline"],
                    published_at=drawn["published_at"],
                    status="published" if drawn["published"] else "draft",
                    kind=drawn["kind"],
                    scope=drawn["scope"],
                    lead=drawn["lead"],
                    body=drawn["body"],
                    boilerplate=boilerplate,
                )
                for drawn in batch
            ],
            batch_size=BATCH,
        )
        country_links.objects.bulk_create(
            [
                country_links(newsitem_id=item.pk, country_id=countries[c].pk)
                for item, drawn in zip(items, batch, strict=True)
                for c in drawn["countries"]
            ],
            batch_size=BATCH,
        )
        topic_links.objects.bulk_create(
            [
                topic_links(newsitem_id=item.pk, topic_id=topic_objs[t].pk)
                for item, drawn in zip(items, batch, strict=True)
                for t in drawn["topics"]
            ],
            batch_size=BATCH,
        )
        NewsItemContact.objects.bulk_create(
            [
                NewsItemContact(news_item_id=item.pk, contact=contact_objs[drawn["contact"]])
                for item, drawn in zip(items, batch, strict=True)
            ],
            batch_size=BATCH,
        )

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table, second in (("news_newsitem", "lead"), ("pages_page", "intro")):
                cursor.execute(f"UPDATE {table} SET {search_vectors_sql(second)}")
    from kernel.cache import bump_generation

    bump_generation()
    return {"news": NewsItem.objects.count(), "pages": Page.objects.count()}
