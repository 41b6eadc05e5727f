import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from news.models import NewsItem

from .support import png_upload, tomorrow

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Almaty")
NEWS = "/news/"


def at(year, month, day=15):
    return datetime(year, month, day, 12, 0, tzinfo=TZ)


@pytest.fixture
def newsroom(make_country, make_news):
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


def titles(response):
    return [item.title for item in response.context["object_list"]]


class TestNewsList:
    def test_published_news_newest_first(self, client, newsroom):
        response = client.get(NEWS)
        assert response.status_code == 200
        assert titles(response) == ["Regional dialogue", "Almaty forum", "Tashkent talks"]
        assert b"Secret draft" not in response.content
        assert b"Future release" not in response.content

    def test_entry_shows_date_dateline_countries_and_lead(self, client, newsroom):
        content = client.get(NEWS).content.decode()
        assert "15 April 2018" in content
        assert "Tashkent, Uzbekistan" in content
        assert newsroom["uz_2018"].lead in content
        assert 'href="/news/country/uzbekistan/"' in content

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("country=uzbekistan", ["Regional dialogue", "Tashkent talks"]),
            ("country=kazakhstan", ["Regional dialogue", "Almaty forum"]),
            ("year=2018", ["Almaty forum", "Tashkent talks"]),
            ("month=4", ["Regional dialogue", "Tashkent talks"]),
            ("year=2018&month=4", ["Tashkent talks"]),
            ("country=kazakhstan&year=2018", ["Almaty forum"]),
            ("country=kazakhstan&year=2019&month=4", ["Regional dialogue"]),
        ],
    )
    def test_filters_alone_and_combined(self, client, newsroom, query, expected):
        response = client.get(f"{NEWS}?{query}")
        assert response.status_code == 200
        assert titles(response) == expected

    def test_filtered_heading_names_the_filters(self, client, newsroom):
        content = client.get(f"{NEWS}?country=uzbekistan&year=2018&month=4").content.decode()
        assert "Uzbekistan · April · 2018" in content

    def test_valid_filter_without_results_is_explained(self, client, newsroom):
        response = client.get(f"{NEWS}?country=uzbekistan&year=2020")
        assert response.status_code == 200
        content = response.content.decode()
        assert "No news has been published for" in content
        assert "Show all news" in content

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("country=atlantis", "There is no country"),
            ("year=abc", "The year must be a number"),
            ("year=99999999999999999999", "between 1900 and 2999"),
            ("month=13", "The month must be a number from 1 to 12"),
            ("month=april", "The month must be a number from 1 to 12"),
        ],
    )
    def test_bad_filter_values_answer_404_with_a_reason(self, client, newsroom, query, message):
        response = client.get(f"{NEWS}?{query}")
        assert response.status_code == 404
        assert message in response.content.decode()

    def test_archive_counts_by_year_and_month(self, client, newsroom):
        archive = client.get(NEWS).context["archive"]
        assert [(y["year"], y["count"]) for y in archive] == [(2019, 1), (2018, 2)]
        assert [(m["month"], m["count"]) for m in archive[1]["months"]] == [(6, 1), (4, 1)]

    def test_archive_follows_the_country_filter(self, client, newsroom):
        response = client.get(f"{NEWS}?country=kazakhstan")
        archive = response.context["archive"]
        assert [(y["year"], y["count"]) for y in archive] == [(2019, 1), (2018, 1)]
        assert "?country=kazakhstan&amp;year=2018" in response.content.decode()


class TestPagination:
    @pytest.fixture
    def many(self, make_news, settings):
        for day in range(1, 26):
            make_news(f"Item {day:02d}", published_at=at(2020, 1, day))

    def test_pages_of_ten(self, client, many):
        first = client.get(NEWS)
        assert len(first.context["object_list"]) == 10
        assert first.context["object_list"][0].title == "Item 25"
        assert 'href="?page=2"' in first.content.decode()
        third = client.get(f"{NEWS}?page=3")
        assert titles(third) == [f"Item {day:02d}" for day in range(5, 0, -1)]

    @pytest.mark.parametrize(
        ("page", "expected_number"),
        [
            ("abc", 1),
            ("", 1),
            ("0", 3),
            ("-1", 3),
            ("999", 3),
            ("1e5", 1),
            ("2.5", 1),
            ("99999999999999999999999", 3),
            ("last", 1),
        ],
    )
    def test_malformed_or_out_of_range_page_shows_a_real_page(
        self, client, many, page, expected_number
    ):
        response = client.get(NEWS, {"page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].number == expected_number

    def test_pagination_keeps_the_filters(self, client, many):
        content = client.get(f"{NEWS}?year=2020").content.decode()
        assert 'href="?year=2020&amp;page=2"' in content


class TestNewsDetail:
    def test_full_press_release(self, client, make_country, make_contact, make_news, boilerplate):
        uz = make_country("Uzbekistan", "UZ")
        contact = make_contact(
            "Mr. Sanjarbek Toshbaev",
            emails=["stoshbaev@iom.int", "iomastana@iom.int"],
            job_title="Country Manager for Uzbekistan",
            office="IOM Central Asia",
            phone="+998 71 000 00 00",
        )
        item = make_news(
            "Uzbekistan may become a member to IOM",
            slug="uzbekistan-may-become-a-member-to-iom",
            countries=[uz],
            contacts=[contact],
            dateline="Tashkent, Uzbekistan",
            published_at=at(2018, 4, 2),
            body="<p>The body text.</p>",
            boilerplate=boilerplate,
            image=png_upload(),
            image_alt="A map of Uzbekistan",
            image_caption="The visit to Tashkent.",
            image_credit="© IOM 2018",
        )
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        for text in [
            "<h1>Uzbekistan may become a member to IOM</h1>",
            "Tashkent, Uzbekistan",
            "2 April 2018",
            'href="/news/country/uzbekistan/"',
            'alt="A map of Uzbekistan"',
            "The visit to Tashkent.",
            "© IOM 2018",
            "<p>The body text.</p>",
            "About IOM",
            "IOM is the UN Migration agency.",
            "Inquiries",
            "Mr. Sanjarbek Toshbaev",
            "<span>Country Manager for Uzbekistan</span>, <span>IOM Central Asia</span>",
            'href="mailto:stoshbaev@iom.int"',
            'href="mailto:iomastana@iom.int"',
            'href="tel:+998710000000"',
        ]:
            assert text in content, text

    def test_contacts_in_their_order_and_inactive_hidden(self, client, make_contact, make_news):
        second = make_contact("Second Person")
        first = make_contact("First Person")
        gone = make_contact("Former Person", is_active=False)
        item = make_news(contacts=[first, second, gone])
        content = client.get(item.get_absolute_url()).content.decode()
        assert content.index("First Person") < content.index("Second Person")
        assert "Former Person" not in content

    def test_unknown_slug_is_404(self, client, db):
        assert client.get("/news/no-such-item/").status_code == 404

    @pytest.mark.parametrize("state", ["draft", "scheduled"])
    def test_unpublished_items_are_404_for_visitors(self, client, make_news, state):
        if state == "draft":
            item = make_news(status=NewsItem.Status.DRAFT)
        else:
            item = make_news(published_at=tomorrow())
        assert client.get(item.get_absolute_url()).status_code == 404

    def test_staff_preview_of_a_draft(self, editor_client, make_news):
        item = make_news("Draft for review", status=NewsItem.Status.DRAFT)
        response = editor_client.get(item.get_absolute_url())
        assert response.status_code == 200
        assert "Preview — not published" in response.content.decode()
        assert "no-cache" in response["Cache-Control"]

    def test_published_item_has_no_preview_banner_for_staff(self, editor_client, make_news):
        item = make_news()
        response = editor_client.get(item.get_absolute_url())
        assert "Preview — not published" not in response.content.decode()


class TestQueryCounts:
    def test_news_list_queries_do_not_grow(
        self, client, make_country, make_news, django_assert_num_queries
    ):
        countries = [make_country() for _ in range(5)]
        for day in range(1, 29):
            make_news(countries=countries, published_at=at(2020 + day % 5, day % 12 + 1, day))
        with django_assert_num_queries(8):
            response = client.get(NEWS)
        assert len(response.context["object_list"]) == 10
        with django_assert_num_queries(4):
            assert (
                client.get(f"{NEWS}?country={countries[0].slug}&year=2021&page=2").status_code
                == 200
            )

    def test_news_detail_queries_do_not_grow(
        self,
        client,
        make_country,
        make_contact,
        make_news,
        boilerplate,
        django_assert_num_queries,
    ):
        contacts = [
            make_contact(emails=[f"a{i}@example.org", f"b{i}@example.org"]) for i in range(6)
        ]
        countries = [make_country() for _ in range(5)]
        item = make_news(countries=countries, contacts=contacts, boilerplate=boilerplate)
        with django_assert_num_queries(8):
            response = client.get(reverse("news:detail", args=[item.slug]))
        assert len(re.findall(r'href="mailto:[ab]\d@example.org"', response.content.decode())) == 12
