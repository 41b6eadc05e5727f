"""Site search: PostgreSQL full-text ranking, and the SQLite fallback."""

from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernel import search as site_search
from news.models import NewsItem
from pages.models import Page

from .support import compiled_sql, elements, tomorrow

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite fallback only")


@pytest.fixture
def corpus(make_news, make_page):
    return {
        "body": make_news(
            "Regional meeting",
            lead="Partners met.",
            body="<p>The talks covered trafficking in persons.</p>",
        ),
        "title": make_news("Trafficking survivors get support", lead="A new shelter opened."),
        "lead": make_news("Shelter news", lead="Trafficking prevention in schools."),
        "draft": make_news("Trafficking draft", status=NewsItem.Status.DRAFT),
        "scheduled": make_news("Trafficking embargo", published_at=tomorrow()),
        "page": make_page(
            "Counter trafficking", slug="counter-trafficking", intro="How IOM helps survivors."
        ),
    }


def results(response):
    return [item.title for item in response.context["news_results"]]


def test_title_match_outranks_lead_outranks_body(client, corpus):
    response = client.get("/search/", {"q": "trafficking"})
    assert response.status_code == 200
    assert results(response) == [
        "Trafficking survivors get support",
        "Shelter news",
        "Regional meeting",
    ]
    assert [page.title for page in response.context["page_results"]] == ["Counter trafficking"]


def test_drafts_and_scheduled_never_found(client, corpus):
    content = client.get("/search/", {"q": "trafficking"}).content.decode()
    assert "Trafficking draft" not in content and "Trafficking embargo" not in content


def test_snippets_highlight_the_words(client, corpus):
    content = client.get("/search/", {"q": "trafficking"}).content.decode()
    snippets = elements(content, "p", class_="news-card__lead")
    (snippet,) = [p for p in snippets if "trafficking in persons" in p["text"]]
    assert elements(snippet, "mark", text="trafficking")


def test_all_words_must_match(client, corpus):
    assert results(client.get("/search/", {"q": "trafficking schools"})) == ["Shelter news"]


def test_no_results_explained(client, corpus):
    content = client.get("/search/", {"q": "zebra"}).content.decode()
    assert "No news matches “zebra”" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type one or more words"),
        ("   ", "Type one or more words"),
        ("?!%&*()", "contains no letters or digits"),
        ("'\"<>;--", "contains no letters or digits"),
    ],
)
def test_empty_or_punctuation_only_queries_are_explained(client, corpus, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_very_long_query_is_cut_and_said_so(client, corpus):
    response = client.get("/search/", {"q": "trafficking " * 100})
    assert response.status_code == 200
    assert "only its first 200 characters" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "a & b",
        "!!!trafficking",
        "trafficking | (",
        "-trafficking",
        '"trafficking',
        "or",
        "\x00",
        "🙂 trafficking",
        "' OR 1=1 --",
    ],
)
def test_odd_queries_never_fail(client, corpus, query):
    assert client.get("/search/", {"q": query}).status_code == 200


def test_search_is_paginated_with_fixed_queries(client, make_news, django_assert_num_queries):
    for i in range(25):
        make_news(f"Labour story {i}", lead="About labour migration.")
    # (news, their countries and topics, pages, publications, and the reference data)
    with django_assert_num_queries(8):
        response = client.get("/search/", {"q": "labour"})
    assert len(results(response)) == 10
    assert elements(response, "a", href="?q=labour&page=2")
    assert len(results(client.get("/search/", {"q": "labour", "page": "3"}))) == 5
    # Pages that do not exist redirect to the nearest real one (one cached copy each).
    for asked, real in (("x", 1), ("99", 3), ("-2", 3)):
        response = client.get("/search/", {"q": "labour", "page": asked})
        assert response.status_code == 302
        path, _, query = response["Location"].partition("?")
        assert path == "/search/" and parse_qs(query) == {"q": ["labour"], "page": [str(real)]}


@on_postgres
def test_postgres_uses_stemming_and_the_stored_vector(client, corpus):
    NewsItem.objects.filter(pk=corpus["title"].pk).update(title="Renamed without the word")
    # The vector was stored on save, so the stale title still matches until the next save...
    assert "Renamed without the word" in results(client.get("/search/", {"q": "survivors"}))
    corpus["title"].refresh_from_db()
    corpus["title"].lead = "Nothing relevant."
    corpus["title"].save()
    assert "Renamed without the word" not in results(client.get("/search/", {"q": "survivors"}))
    # ... and stemming finds "meetings" for "meeting".
    assert results(client.get("/search/", {"q": "meetings"})) == ["Regional meeting"]


@on_sqlite
def test_sqlite_fallback_matches_substrings_case_insensitively(client, corpus):
    assert (
        results(client.get("/search/", {"q": "TRAFFICK"}))[0] == "Trafficking survivors get support"
    )


HIDDEN_SECTIONS = {
    "draft": lambda: {"status": Page.Status.DRAFT},
    "scheduled": lambda: {"published_at": tomorrow()},
}


@pytest.mark.parametrize("prefix", ["", "/ru"])
@pytest.mark.parametrize("hidden", HIDDEN_SECTIONS)
def test_pages_under_a_hidden_section_are_never_found(client, make_page, prefix, hidden):
    """A published page whose parent (or grandparent) is a draft or scheduled is not
    public: its address is a 404, so search must not show its title, link or intro."""
    section = make_page("Secret section", slug="secret", **HIDDEN_SECTIONS[hidden]())
    child = make_page("Zanzibar office", slug="office", parent=section, intro="Zanzibar plans.",
                      title_ru="Занзибар офис", slug_ru="ofis",
                      intro_ru="Zanzibar планы.")  # fmt: skip
    make_page("Zanzibar desk", slug="desk", parent=child, intro="Zanzibar desk.")
    # A public page with the same words, so the search itself does find pages.
    make_page("Zanzibar shown", slug="shown", parent=make_page(slug="open"), intro="Zanzibar.")
    assert client.get(prefix + "/secret/office/").status_code == 404
    response = client.get(prefix + "/search/", {"q": "Zanzibar"})
    assert [page.title for page in response.context["page_results"]] == ["Zanzibar shown"]
    content = response.content.decode()
    assert "/secret/" not in content and "Zanzibar plans" not in content


@on_postgres
def test_searches_after_the_first_run_without_compiling_their_queries(client, corpus):
    """The news ranking, its rows, the pages and the publications searched: their SQL
    is compiled by the first search (kernel.prepared), and each later one runs it
    with its own words and time, finding what the ORM finds."""
    client.get("/search/", {"q": "meeting"})
    with compiled_sql() as compiled, CaptureQueriesContext(connection) as ran:
        response = client.get("/search/", {"q": "survivors"})
    assert results(response) == ["Trafficking survivors get support"]
    assert [page.title for page in response.context["page_results"]] == ["Counter trafficking"]
    searched = [query["sql"] for query in ran.captured_queries if "tsquery" in query["sql"]]
    assert len(searched) == 3  # news ranked, pages, publications (news rows by id)
    # (A card not shown before is rendered: its countries and topics are queried.)
    assert not [sql for sql in compiled if "tsquery" in sql or ' FROM "news_newsitem" ' in sql]


@pytest.fixture
def labour_health(make_news):
    """12 items with both words in their title, one with "labour" alone there, 12 with
    both only in their body: 25 matches of "labour health"."""
    titled = [make_news(f"Labour health {i}") for i in range(12)]
    partly = make_news("Labour story", body="<p>On health.</p>")
    body = [make_news(f"Story {i}", body="<p>Labour and health.</p>") for i in range(12)]
    return titled, partly, body


def test_every_page_of_results_follows_one_order(client, labour_health):
    """Whichever way a page is found (a first page of title matches, the page where
    they end, a later one), the pages together list every match once."""
    listed = []
    for page in (1, 2, 3):
        response = client.get("/search/", {"q": "labour health", "page": page})
        assert response.context["paginator"].count == 25
        listed += results(response)
    assert len(listed) == len(set(listed)) == 25
    if connection.vendor == "postgresql":
        titled, _partly, _body = labour_health  # whole query in the title: first
        assert set(listed[:12]) == {item.title for item in titled}


@on_postgres
def test_a_first_page_of_title_and_lead_matches_ranks_only_those(client, labour_health):
    """Ranking reads each ranked match's title and lead: when matches in titles and
    leads fill the first page, only those are ranked (an index finds them), and the
    other matches are counted; a later page ranks every match. One query either way."""

    def ranked_rows(page):
        """How many rows the ranking query of ``page`` sorted, as PostgreSQL ran it."""
        with CaptureQueriesContext(connection) as ran:
            response = client.get("/search/", {"q": "labour health", "page": page})
        assert response.context["paginator"].count == 25
        (ranking,) = [q["sql"] for q in ran.captured_queries if "ts_rank" in q["sql"]
                      and '"news_newsitem"' in q["sql"]]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + ranking)
            (plan,) = cursor.fetchone()[0]
        sorted_rows, nodes = [], [plan["Plan"]]
        while nodes:
            node = nodes.pop()
            nodes += node.get("Plans", [])
            if node["Node Type"] == "Sort" and node["Actual Loops"]:
                sorted_rows.append(sum(child["Actual Rows"] for child in node["Plans"]))
        return max(sorted_rows)

    assert ranked_rows(1) == 12
    assert ranked_rows(2) == 25


@on_postgres
def test_a_word_excluded_is_looked_for_in_the_whole_text(client, make_news):
    """A first page of title matches is found among titles and leads, but a word the
    query excludes ("-health", PostgreSQL's web search syntax) rules an item out
    wherever it is, its body too."""
    for i in range(11):
        make_news(f"Labour report {i}")
    make_news("Labour survey", body="<p>Its health chapter.</p>")
    listed = results(client.get("/search/", {"q": "labour -health"}))
    assert len(listed) == 10 and "Labour survey" not in listed
    listed += results(client.get("/search/", {"q": "labour -health", "page": 2}))
    assert len(listed) == 11 and "Labour survey" not in listed


def test_a_very_large_result_is_counted_up_to_a_limit(client, labour_health, monkeypatch):
    """Past the limit, the count says "more than" and the pages list the most relevant
    matches up to it; counting stops there, whatever the size of the archive."""
    monkeypatch.setattr(site_search, "COUNT_LIMIT", 20)
    response = client.get("/search/", {"q": "labour health"})
    assert response.context["paginator"].num_pages == 2
    content = response.content.decode()
    assert "More than 20 news items match “labour health”" in content
    assert len(results(client.get("/search/", {"q": "labour health", "page": 2}))) == 10
    response = client.get("/search/", {"q": "labour health", "page": 3})
    assert response.status_code == 302
    assert parse_qs(response["Location"].partition("?")[2])["page"] == ["2"]
    content = client.get("/ru/search/", {"q": "labour health"}).content.decode()
    assert "найдено больше 20 новостей" in content
    # Under the limit, the exact count.
    content = client.get("/search/", {"q": "story"}).content.decode()
    assert "13 news items match “story”" in content
