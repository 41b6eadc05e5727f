"""Site search: PostgreSQL full-text ranking, and the SQLite fallback."""

from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
