"""Queries compiled once per process (kernel.prepared): each run answers for its own
values, exactly as the ORM would, on PostgreSQL (prepared) and SQLite (not)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count

from kernel.prepared import prepared_objects, prepared_rows
from news.models import NewsItem
from pages.models import Page

from .support import compiled_sql, now, tomorrow

pytestmark = pytest.mark.django_db


def titles(found):
    return sorted(item.title for item in found)


def test_each_run_sees_its_own_time(make_news):
    """A scheduled release is found once the time given has come (not the time of
    the run that compiled the query)."""
    make_news("Out already")
    make_news("Embargoed", published_at=tomorrow())

    def build(at):
        return NewsItem.objects.published(at)

    assert titles(prepared_objects(("published-at",), build, at=now())) == ["Out already"]
    later = tomorrow() + timedelta(hours=1)
    found = prepared_objects(("published-at",), build, at=later)
    assert titles(found) == ["Embargoed", "Out already"]


def test_each_run_sees_its_own_ids_however_many(make_news):
    items = [make_news(f"Item {n}") for n in range(4)]

    def build(at, ids):
        return NewsItem.objects.published(at).filter(pk__in=ids)

    for chosen in (items[:1], items[1:3], items[:4], items[2:4]):
        found = prepared_objects(("by-id",), build, at=now(), ids=[i.pk for i in chosen])
        assert titles(found) == titles(chosen)
    assert prepared_objects(("by-id",), build, at=now(), ids=[]) == []


def test_a_value_written_into_a_pattern_is_not_reused_stale(make_news):
    """A LIKE pattern wraps the words it looks for: such a query is built anew for
    each value rather than run with the first one's pattern."""
    make_news("Labour migration")
    make_news("Health clinic")

    def build(text):
        return NewsItem.objects.filter(title__icontains=text)

    assert titles(prepared_objects(("pattern",), build, text="labour")) == ["Labour migration"]
    assert titles(prepared_objects(("pattern",), build, text="HEALTH")) == ["Health clinic"]


def test_a_value_the_query_turns_into_others_is_not_reused_stale(make_news):
    """A number written into a title, a year that becomes its first and last
    moment: such queries are built anew for each value."""
    make_news("Item 1", published_at=now().replace(year=2019))
    make_news("Item 2", published_at=now().replace(year=2018))

    def by_number(number):
        return NewsItem.objects.filter(title=f"Item {number}")

    assert titles(prepared_objects(("number",), by_number, number=1)) == ["Item 1"]
    assert titles(prepared_objects(("number",), by_number, number=2)) == ["Item 2"]

    def by_year(year):
        return NewsItem.objects.filter(published_at__year=year)

    assert titles(prepared_objects(("year",), by_year, year=2019)) == ["Item 1"]
    assert titles(prepared_objects(("year",), by_year, year=2018)) == ["Item 2"]


def test_a_query_that_takes_the_time_itself_is_not_reused_stale(make_news):
    """``published()`` without ``at`` reads the clock when it is built: a release
    that went online after the first run is found by the next."""

    def by_title(title):
        return NewsItem.objects.published().filter(title=title)

    assert prepared_objects(("clock",), by_title, title="Just out") == []
    make_news("Just out", published_at=now())
    assert titles(prepared_objects(("clock",), by_title, title="Just out")) == ["Just out"]


def test_rows_are_named_as_asked(make_page):
    parent = make_page("Parent")
    make_page("Child", parent=parent)
    make_page("Hidden child", parent=parent, published_at=tomorrow())

    def counted(at):
        return (
            Page.objects.published(at)
            .filter(parent__isnull=False)
            .raw_values("parent_id")
            .annotate(children=Count("pk"))
            .order_by()
        )

    assert prepared_rows(("children",), counted, at=now()) == [
        {"parent_id": parent.pk, "children": 1}
    ]
    assert prepared_rows(("children",), counted, at=tomorrow() + timedelta(hours=1)) == [
        {"parent_id": parent.pk, "children": 2}
    ]


def test_prefetches_are_kept(make_news, make_country, django_assert_num_queries):
    make_news("Almaty office opens", countries=[make_country("Kazakhstan")])

    def listed(at):
        return NewsItem.objects.published(at).for_list()

    prepared_objects(("listed",), listed, at=now())  # compiled
    with django_assert_num_queries(1 + len(NewsItem.list_lookups())):
        (item,) = prepared_objects(("listed",), listed, at=now())
        assert [country.name for country in item.country_list] == ["Kazakhstan"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_news_list_runs_its_page_query_without_compiling_it_again(
    client, make_news, make_country
):
    """After the first visit, an uncached list page (here a country's, page 2)
    compiles no query of its own: it runs the one compiled for that filter and page
    with the country asked for."""
    kz, uz = make_country("Kazakhstan"), make_country("Uzbekistan")
    for n in range(12):
        make_news(f"Astana {n}", countries=[kz])
        make_news(f"Tashkent {n}", countries=[uz])
    for page in (1, 2, 3):  # every card rendered and kept
        client.get("/news/", {"page": page})
    client.get("/news/", {"country": "uzbekistan"})  # its archive and filters kept
    client.get("/news/", {"country": "kazakhstan", "page": 2})  # the query compiled
    with compiled_sql() as compiled:
        response = client.get("/news/", {"country": "uzbekistan", "page": 2})
    shown = list(response.context["cards"])
    assert len(shown) == 2 and all("Tashkent" in card for card in shown)
    assert not [sql for sql in compiled if ' FROM "news_newsitem" ' in sql]
