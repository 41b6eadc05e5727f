"""Faceted lists (the newsroom, a country's news, publications) as readers and search
engines meet them: each option's count is what it would show with the other filters
as they are, an option that would show nothing is no link, pages that do not exist
are not answered as if they did, and only the pages worth indexing ask to be indexed
(one filter at most), each naming itself, or the list, as canonical."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from publications.models import Publication

from .support import at, elements

pytestmark = pytest.mark.django_db
KZ = "/news/country/kazakhstan/"


def robots(response):
    return [meta["attrs"]["content"] for meta in elements(response, "meta", name="robots")]


def canonical(response):
    (link,) = elements(response, "link", rel="canonical")
    return link["attrs"]["href"]


def alternates(response):
    return {
        link["attrs"]["hreflang"]: link["attrs"]["href"]
        for link in elements(response, "link", rel="alternate")
        if link["attrs"].get("hreflang")
    }


def option(response, name, value):
    """The ``<option>`` of drop-down ``name`` with ``value``: (text, disabled, selected)."""
    (select,) = elements(response, "select", name=name)
    (found,) = [o for o in elements(select, "option") if o["attrs"].get("value") == str(value)]
    attrs = found["attrs"]
    return found["text"], "disabled" in attrs, "selected" in attrs


def aside(response):
    (found,) = elements(response, "aside")
    return found


class TestFacetCounts:
    """newsroom: a 2018 Uzbek press release on counter trafficking (local), a 2019
    Kazakh story on labour mobility (local), a 2020 global press release from both
    on both topics; and a draft."""

    def test_a_country_page_s_topics_count_the_year_chosen(self, client, newsroom):
        response = client.get(KZ, {"year": 2019})
        assert [card.title for card in response.context["object_list"]] == ["Bravo story"]
        topics = aside(response)
        (link,) = elements(topics, "a", text="Labour mobility")
        assert link["attrs"]["href"] == "?year=2019&topic=labour-mobility"
        assert "(1)" in topics["text"]
        # Counter trafficking is Kazakhstan's (2020), not 2019's: named, not a link.
        assert not elements(topics, "a", text="Counter trafficking")
        assert elements(topics, None, text="Counter trafficking")
        assert option(response, "topic", "labour-mobility") == ("Labour mobility (1)", False, False)
        assert option(response, "topic", "counter-trafficking") == (
            "Counter trafficking (0)",
            True,
            False,
        )

    def test_all_time_counts_without_filters(self, client, newsroom):
        topics = aside(client.get(KZ))
        assert elements(topics, "a", href="?topic=counter-trafficking", text="Counter trafficking")
        assert elements(topics, "a", href="?topic=labour-mobility", text="Labour mobility")
        assert re.search(r"Labour mobility\s*\(2\)", topics["text"])

    def test_each_drop_down_counts_with_the_other_filters(self, client, newsroom):
        response = client.get("/news/", {"country": "kazakhstan", "year": 2019})
        assert option(response, "country", "kazakhstan") == ("Kazakhstan (1)", False, True)
        assert option(response, "country", "uzbekistan") == ("Uzbekistan (0)", True, False)
        assert option(response, "topic", "labour-mobility") == ("Labour mobility (1)", False, False)
        assert option(response, "topic", "counter-trafficking")[1:] == (True, False)
        assert option(response, "type", "story") == ("Story (1)", False, False)
        assert option(response, "type", "press-release")[1:] == (True, False)
        assert option(response, "scope", "local")[0].endswith("(1)")
        assert option(response, "scope", "global")[1:] == (True, False)
        # The years are counted without the year chosen, with the country.
        assert option(response, "year", 2019) == ("2019 (1)", False, True)
        assert option(response, "year", 2020) == ("2020 (1)", False, False)
        assert option(response, "month", 5) == ("May (1)", False, False)
        assert option(response, "month", 6) == ("June (0)", True, False)

    def test_counts_change_with_the_filters_not_stale_from_another_choice(self, client, newsroom):
        """The filters are cached per choice: another choice is counted anew."""
        assert option(client.get("/news/", {"year": 2018}), "country", "uzbekistan")[0] == (
            "Uzbekistan (1)"
        )
        assert option(client.get("/news/", {"year": 2020}), "country", "uzbekistan")[0] == (
            "Uzbekistan (1)"
        )
        assert option(client.get("/news/"), "country", "uzbekistan")[0] == "Uzbekistan (2)"
        response = client.get("/news/", {"type": "story"})
        assert option(response, "country", "uzbekistan")[1:] == (True, False)

    def test_a_choice_that_shows_nothing_stays_visible_and_can_be_cleared(self, client, newsroom):
        response = client.get(KZ, {"year": 2019, "topic": "counter-trafficking"})
        assert response.status_code == 200
        assert "No news has been published for" in response.content.decode()
        topics = aside(response)
        assert not elements(topics, "a", text="Counter trafficking")
        assert elements(topics, None, text="Counter trafficking", aria_current="page")
        assert elements(topics, "a", href="?year=2019", text="All topics")
        # Chosen, so still selected (not disabled) in the form, which can be cleared.
        assert option(response, "topic", "counter-trafficking") == (
            "Counter trafficking (0)",
            False,
            True,
        )
        assert elements(response, "a", href=KZ, text="Clear filters")


class TestPagesThatDoNotExist:
    @pytest.fixture
    def many(self, make_country, make_news):
        kz = make_country("Kazakhstan", "KZ")
        for day in range(1, 26):
            make_news(f"Item {day:02d}", countries=[kz], published_at=at(2020, 1, day))

    @pytest.mark.parametrize("path", ["/news/", KZ, "/ru/news/", "/news/?year=2020"])
    def test_a_page_past_the_end_redirects_to_the_last(self, client, many, path):
        joiner = "&" if "?" in path else "?"
        response = client.get(f"{path}{joiner}page=99")
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == urlsplit(path).path
        assert parse_qs(location.query) == {**parse_qs(urlsplit(path).query), "page": ["3"]}

    def test_publications_past_the_end_redirect_too(self, client, db):
        for n in range(13):
            Publication.objects.create(
                title=f"Report {n}",
                slug=f"report-{n}",
                status="published",
                published_at=at(2020, 1),
            )
        response = client.get("/publications/?page=99")
        assert (response.status_code, response["Location"]) == (302, "/publications/?page=2")

    def test_an_empty_newsroom_answers_page_one(self, client, db):
        response = client.get("/news/")
        assert response.status_code == 200
        assert "No news has been published yet." in response.content.decode()
        assert robots(response) == []
        assert client.get("/news/?page=2")["Location"] == "/news/?page=1"

    def test_a_filter_that_matches_nothing_is_explained_and_not_indexed(self, client, newsroom):
        response = client.get("/news/", {"year": 1999})
        assert response.status_code == 200
        assert "No news has been published for" in response.content.decode()
        assert robots(response) == ["noindex, follow"]
        assert canonical(response) == "http://testserver/news/"


class TestWhatSearchEnginesIndex:
    def test_the_list_and_its_pages_are_indexed_each_its_own_canonical(self, client, newsroom):
        response = client.get("/news/", {"utm_source": "mail"})
        assert robots(response) == []
        assert canonical(response) == "http://testserver/news/"
        assert alternates(response)["ru"] == "http://testserver/ru/news/"

    @pytest.mark.parametrize(
        ("path", "query", "expected"),
        [
            (KZ, {"year": "02019"}, "?year=2019"),
            (KZ, {"topic": "labour-mobility"}, "?topic=labour-mobility"),
            ("/news/", {"topic": "counter-trafficking"}, "?topic=counter-trafficking"),
            ("/news/", {"country": "kazakhstan"}, "?country=kazakhstan"),
            ("/news/", {"type": "story", "utm_medium": "x"}, "?type=story"),
        ],
    )
    def test_one_filter_is_indexed_under_its_own_address(
        self, client, newsroom, path, query, expected
    ):
        response = client.get(path, query)
        assert robots(response) == []
        assert canonical(response) == f"http://testserver{path}{expected}"
        assert alternates(response)["kk"] == f"http://testserver/kk{path}{expected}"

    @pytest.mark.parametrize(
        ("path", "query"),
        [
            (KZ, {"year": 2019, "topic": "labour-mobility"}),
            (KZ, {"year": 2019, "month": 5}),
            ("/news/", {"country": "kazakhstan", "year": 2019}),
            ("/news/", {"topic": "labour-mobility", "type": "story", "scope": "local"}),
            ("/ru/news/", {"country": "kazakhstan", "year": 2019}),
        ],
    )
    def test_two_filters_or_more_are_not_indexed(self, client, newsroom, path, query):
        response = client.get(path, query)
        assert response.status_code == 200
        assert robots(response) == ["noindex, follow"]
        assert canonical(response) == f"http://testserver{path}"  # the list itself
        base = path.removeprefix("/ru")
        assert alternates(response) == {
            "en": f"http://testserver{base}",
            "x-default": f"http://testserver{base}",
            "ru": f"http://testserver/ru{base}",
            "kk": f"http://testserver/kk{base}",
        }

    def test_links_to_two_filters_are_nofollow(self, client, newsroom):
        page = aside(client.get(KZ))
        (year,) = elements(page, "a", href="?year=2019")
        assert "rel" not in year["attrs"]  # one filter: a page to index
        (month,) = elements(page, "a", href="?year=2019&month=5")
        assert month["attrs"]["rel"] == "nofollow"
        (topic,) = elements(page, "a", href="?topic=labour-mobility")
        assert "rel" not in topic["attrs"]
        page = aside(client.get(KZ, {"year": 2019}))
        (topic,) = elements(page, "a", text="Labour mobility")
        assert topic["attrs"]["rel"] == "nofollow"
        news = aside(client.get("/news/", {"topic": "labour-mobility"}))
        (year,) = elements(news, "a", href="?topic=labour-mobility&year=2019")
        assert year["attrs"]["rel"] == "nofollow"

    def test_the_pages_of_the_list_are_indexed_those_of_a_filter_are_not(
        self, client, make_country, make_news
    ):
        kz = make_country("Kazakhstan", "KZ")
        for day in range(1, 13):
            make_news(countries=[kz], published_at=at(2020, 1, day), kind="story")
        second = client.get("/news/", {"page": 2, "utm_source": "x"})
        assert robots(second) == []
        assert canonical(second) == "http://testserver/news/?page=2"
        assert alternates(second)["ru"] == "http://testserver/ru/news/?page=2"
        (newer,) = elements(second, "a", rel="prev")  # page 1 has one address
        assert newer["attrs"]["href"] == "/news/"
        # A filter's first page is indexed; its later pages repeat the list's.
        single = client.get("/news/", {"country": "kazakhstan"})
        assert robots(single) == []
        assert elements(single, "a", href="?country=kazakhstan&page=2", rel="next nofollow")
        second = client.get("/news/", {"page": 2, "country": "kazakhstan"})
        assert robots(second) == ["noindex, follow"]
        assert canonical(second) == "http://testserver/news/?country=kazakhstan"
        (newer,) = elements(second, "a", rel="prev")  # the filter's first page: followed
        assert newer["attrs"]["href"] == "?country=kazakhstan"
        # Two filters: no page of them is followed, in any language.
        deep = client.get("/news/", {"type": "story", "country": "kazakhstan"})
        next_page = "?country=kazakhstan&type=story&page=2"
        assert elements(deep, "a", href=next_page, rel="next nofollow")
        switcher = elements(deep, "a", hreflang="ru", lang="ru")
        assert switcher and switcher[0]["attrs"]["rel"] == "nofollow"
        second = client.get("/news/", {"page": 2, "type": "story", "country": "kazakhstan"})
        (newer,) = elements(second, "a", rel="prev nofollow")
        assert newer["attrs"]["href"] == "?country=kazakhstan&type=story"

    def test_publications_follow_the_same_rules(self, client, make_country):
        kz = make_country("Kazakhstan", "KZ")
        when = timezone.make_aware(timezone.datetime(2024, 3, 1))
        Publication.objects.create(
            title="Report", slug="report", status="published", published_at=when
        ).countries.set([kz])
        single = client.get("/publications/", {"country": "kazakhstan", "utm_source": "x"})
        assert robots(single) == []
        assert canonical(single) == "http://testserver/publications/?country=kazakhstan"
        deep = client.get("/publications/", {"country": "kazakhstan", "year": 2024})
        assert robots(deep) == ["noindex, follow"]
        assert canonical(deep) == "http://testserver/publications/"
        empty = client.get("/publications/", {"year": 2023})
        assert robots(empty) == ["noindex, follow"]
