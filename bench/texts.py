"""The benchmark's made-up content, in plain Python: words, sentences, pages and news.

No Django and nothing of the site is imported here, so that the Wagtail peer of
bench/wagtail.py (its own virtual environment, without our packages) builds the same
content as bench/dataset.py: ``generate(n, seed=...)`` draws every random number in
the order bench/dataset.py has always drawn them, so the same seed gives the same
titles, leads, bodies, dates, states and countries on both sides.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

COUNTRIES = [("Kazakhstan", "KZ"), ("Kyrgyzstan", "KG"), ("Tajikistan", "TJ"),
             ("Turkmenistan", "TM"), ("Uzbekistan", "UZ")]  # fmt: skip
DATELINES = ["Almaty", "Bishkek", "Dushanbe", "Tashkent"]
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


def sentence(rng, n):
    """``n`` words drawn from the vocabulary, capitalised, with a full stop."""
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=n)).capitalize() + "."


@dataclass
class Content:
    """What ``generate`` drew. Relations are indices: into COUNTRIES, and into the
    ``topics`` and ``contacts`` the caller creates (the Wagtail peer has neither, but
    they are drawn all the same, so that everything after them stays the same)."""

    country_contacts: list  # per country, the indices of its three contacts
    sections: list  # dicts: title, slug, intro
    children: list  # dicts: section (index), title, slug, menu_order, show_in_menu, intro, body
    news: object  # an iterator of lists (batches of BATCH) of dicts, see ``_news``


def generate(news_count, *, now, pages=200, contacts=50, topics=20, years=20, seed=1):
    """The whole dataset of ``news_count`` news items, published over ``years`` up to
    ``now`` (an aware datetime), and ``pages`` pages (10 sections and their children).

    Pages are drawn at once; news lazily, a batch at a time, so that 100,000 items
    never sit in memory together. Consume ``news`` only after the pages."""
    rng = random.Random(seed)
    rng_ru = random.Random(seed + 1)  # its own stream: the English text stays the same
    country_contacts = [rng.sample(range(contacts), 3) for _ in COUNTRIES]
    sections = [
        {"title": f"Section {s}", "slug": f"section-{s}", "intro": sentence(rng, 12)}
        for s in range(min(10, pages))
    ]
    per_section = max(1, pages // 10)
    children = [
        {"section": s, "title": f"Page {s}-{c}", "slug": f"page-{c}", "menu_order": c,
         "show_in_menu": c < 5, "intro": sentence(rng, 12),
         "body": "".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(3))}
        for s in range(len(sections))
        for c in range(per_section - 1)
    ]  # fmt: skip
    news = _news(rng, rng_ru, news_count, now=now, topics=topics, contacts=contacts, years=years)
    return Content(country_contacts, sections, children, news)


def _news(rng, rng_ru, news_count, *, now, topics, contacts, years):
    """Batches of news items: dicts with ``i`` (0..n-1), ``slug`` (bench-<i>), title,
    dateline, published_at, published (about 2% are drafts), kind, scope, lead, body
    (five paragraphs of 60 words), ``russian`` (title_ru, slug_ru, lead_ru for every
    third item, else None), ``countries`` (1 or 2 indices into COUNTRIES), ``topics``
    (1 or 2) and ``contact`` (one)."""
    span = timedelta(days=365 * years)
    start = now - span
    created = 0
    while created < news_count:
        size = min(BATCH, news_count - created)
        items = []
        for i in range(created, created + size):
            title = f"{sentence(rng, 7)[:-1]} {i}"
            # A third of the archive has a Russian version (made-up words, as in English).
            russian = (
                {"title_ru": f"{sentence(rng_ru, 7)[:-1]} {i}", "slug_ru": f"bench-ru-{i}",
                 "lead_ru": sentence(rng_ru, 25)}
                if i % 3 == 0 else None
            )  # fmt: skip
            items.append(
                {
                    "i": i,
                    "slug": f"bench-{i}",
                    "title": title,
                    "russian": russian,
                    "dateline": rng.choice(DATELINES),
                    "published_at": start + span * rng.random(),
                    "published": rng.random() > 0.02,
                    "kind": rng.choice(["press-release", "news", "story"]),
                    "scope": rng.choice(["local", "local", "global"]),
                    "lead": sentence(rng, 25),
                    "body": "".join(f"<p>{sentence(rng, 60)}</p>" for _ in range(5)),
                }
            )
        # Relations after the batch's texts, as bench/dataset.py has always drawn them.
        for item in items:
            item["countries"] = rng.sample(range(len(COUNTRIES)), rng.choice([1, 1, 2]))
        for item in items:
            item["topics"] = rng.sample(range(topics), rng.choice([1, 2]))
        for item in items:
            item["contact"] = rng.choice(range(contacts))
        yield items
        created += size
