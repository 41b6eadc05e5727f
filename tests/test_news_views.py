"""The newsroom as readers use it: the list and its filters, pagination, country
pages, a release with its related news, sharing and search-engine tags, previews,
and the number of queries each costs."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from news.models import NewsItem

from .support import at, elements, page_html, parse, png_upload, titles, tomorrow

pytestmark = pytest.mark.django_db
NEWS = "/news/"


class TestNewsList:
    def test_published_news_newest_first(self, client, archive):
        response = client.get(NEWS)
        assert response.status_code == 200
        assert titles(response) == ["Regional dialogue", "Almaty forum", "Tashkent talks"]
        assert b"Secret draft" not in response.content
        assert b"Future release" not in response.content

    def test_entry_shows_date_dateline_countries_and_lead(self, client, archive):
        content = client.get(NEWS).content.decode()
        assert "15 April 2018" in content
        assert "Tashkent, Uzbekistan" in content
        assert archive["uz_2018"].lead in content
        assert elements(content, "a", href="/news/country/uzbekistan/")

    @pytest.mark.parametrize(
        ("news", "query", "expected"),
        [
            ("archive", "country=uzbekistan", ["Regional dialogue", "Tashkent talks"]),
            ("archive", "country=kazakhstan", ["Regional dialogue", "Almaty forum"]),
            ("archive", "year=2018", ["Almaty forum", "Tashkent talks"]),
            ("archive", "month=4", ["Regional dialogue", "Tashkent talks"]),
            ("archive", "year=2018&month=4", ["Tashkent talks"]),
            ("archive", "country=kazakhstan&year=2018", ["Almaty forum"]),
            ("archive", "country=kazakhstan&year=2019&month=4", ["Regional dialogue"]),
            ("newsroom", "topic=counter-trafficking", ["Charlie global", "Alpha release"]),
            ("newsroom", "topic=labour-mobility", ["Charlie global", "Bravo story"]),
            ("newsroom", "type=story", ["Bravo story"]),
            ("newsroom", "type=press-release", ["Charlie global", "Alpha release"]),
            ("newsroom", "scope=global", ["Charlie global"]),
            ("newsroom", "scope=local", ["Bravo story", "Alpha release"]),
            ("newsroom", "topic=counter-trafficking&country=uzbekistan&year=2018",
             ["Alpha release"]),
            ("newsroom", "topic=labour-mobility&type=press-release&scope=global",
             ["Charlie global"]),
            ("newsroom", "topic=labour-mobility&country=kazakhstan&month=5", ["Bravo story"]),
        ],
    )  # fmt: skip
    def test_filters_alone_and_combined(self, client, request, news, query, expected):
        """Country, year and month (over the ``archive``), topic, type and scope (over
        the ``newsroom``): each alone and with the others."""
        request.getfixturevalue(news)
        response = client.get(f"{NEWS}?{query}")
        assert response.status_code == 200
        assert titles(response) == expected

    def test_filtered_heading_names_the_filters(self, client, archive):
        content = client.get(f"{NEWS}?country=uzbekistan&year=2018&month=4").content.decode()
        assert "Uzbekistan · April · 2018" in content

    def test_valid_filter_without_results_is_explained(self, client, archive):
        content = page_html(client, f"{NEWS}?country=uzbekistan&year=2020")
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
            ("topic=astrology", "There is no topic"),
            ("type=rumour", "There is no type of news"),
            ("scope=planetary", "global"),
        ],
    )
    def test_bad_filter_values_answer_404_with_a_reason(self, client, newsroom, query, message):
        response = client.get(f"{NEWS}?{query}")
        assert response.status_code == 404
        assert message in response.content.decode()

    def test_archive_counts_by_year_and_month(self, client, archive):
        archive = client.get(NEWS).context["archive"]
        assert [(y["year"], y["count"]) for y in archive] == [(2019, 1), (2018, 2)]
        assert [(m["month"], m["count"]) for m in archive[1]["months"]] == [(6, 1), (4, 1)]

    def test_archive_follows_the_country_filter(self, client, archive):
        response = client.get(f"{NEWS}?country=kazakhstan")
        archive = response.context["archive"]
        assert [(y["year"], y["count"]) for y in archive] == [(2019, 1), (2018, 1)]
        assert elements(response, "a", href="?country=kazakhstan&year=2018")


class TestPagination:
    @pytest.fixture
    def many(self, make_news, settings):
        for day in range(1, 26):
            make_news(f"Item {day:02d}", published_at=at(2020, 1, day))

    def test_pages_of_ten(self, client, many):
        first = client.get(NEWS)
        assert len(first.context["object_list"]) == 10
        assert first.context["object_list"][0].title == "Item 25"
        assert elements(first, "a", href="?page=2")
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
    def test_malformed_or_out_of_range_page_leads_to_a_real_page(
        self, client, many, page, expected_number
    ):
        response = client.get(NEWS, {"page": page})
        assert response.status_code == 302  # one address, and one cached copy, per page
        assert response["Location"] == f"{NEWS}?page={expected_number}"
        response = client.get(response["Location"])
        assert response.status_code == 200
        assert response.context["page_obj"].number == expected_number

    def test_pagination_keeps_the_filters(self, client, many):
        content = client.get(f"{NEWS}?year=2020").content.decode()
        assert elements(content, "a", href="?year=2020&page=2")


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
        content = page_html(client, item.get_absolute_url())
        for text in [
            "Tashkent, Uzbekistan",
            "2 April 2018",
            "The visit to Tashkent.",
            "© IOM 2018",
            "About IOM",
            "IOM is the UN Migration agency.",
            "Inquiries",
            "Mr. Sanjarbek Toshbaev",
        ]:
            assert text in content, text
        for tag, text, attrs in [
            ("h1", "Uzbekistan may become a member to IOM", {"lang": None}),
            ("a", None, {"href": "/news/country/uzbekistan/"}),
            ("img", None, {"alt": "A map of Uzbekistan"}),
            ("p", "The body text.", {}),
            ("a", None, {"href": "mailto:stoshbaev@iom.int"}),
            ("a", None, {"href": "mailto:iomastana@iom.int"}),
            ("a", None, {"href": "tel:+998710000000"}),
        ]:
            assert elements(content, tag, text, **attrs), (tag, text, attrs)
        (role,) = elements(content, "p", class_="contact-card__role")
        assert role["text"] == "Country Manager for Uzbekistan, IOM Central Asia"
        assert [span["text"] for span in elements(role, "span", lang=None)] == [
            "Country Manager for Uzbekistan",
            "IOM Central Asia",
        ]

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
        # The first request after a change: the list's ids, then its cards' items, the
        # filters' counts (archive, country, topic, type and scope).
        with django_assert_num_queries(12):
            response = client.get(NEWS)
        assert len(response.context["cards"]) == 10
        # Cards not shown yet: the page's ids, its items' (three), the filters' counts
        # (archive, country, topic, type and scope).
        with django_assert_num_queries(8):
            assert client.get(f"{NEWS}?country={countries[0].slug}&page=2").status_code == 200

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
        # ... and one for the publications that cite it (the publications app's list).
        with django_assert_num_queries(10):
            response = client.get(reverse("news:detail", args=[item.slug]))
        hrefs = [link["attrs"].get("href", "") for link in elements(response, "a")]
        assert len([h for h in hrefs if re.fullmatch(r"mailto:[ab]\d@example\.org", h)]) == 12


class TestFilters:
    def test_type_and_scope_shown_above_the_title_and_topics_linked(self, client, newsroom):
        content = client.get("/news/").content.decode()
        assert "Press release — Global" in content
        assert "Story — Local" in content
        assert elements(content, "a", href="/news/?topic=counter-trafficking")
        detail = client.get(newsroom["c"].get_absolute_url()).content.decode()
        (kind,) = elements(detail, "p", class_="article__kind")
        assert kind["text"] == "Press release — Global"
        assert elements(kind, "a", href="/news/?type=press-release", text="Press release")
        assert elements(kind, "a", href="/news/?scope=global", text="Global")
        assert elements(detail, "a", href="/news/?topic=labour-mobility")

    @staticmethod
    def drop_downs(content):
        """{select name: (its options' texts, the chosen option's value)}."""
        form = elements(content, "form", class_="filters")[0]
        found = {}
        for select in elements(form, "select"):
            options = elements(select, "option")
            chosen = [o["attrs"]["value"] for o in options if "selected" in o["attrs"]]
            found[select["attrs"]["name"]] = ([o["text"] for o in options], chosen)
        return found

    def test_the_filter_form_shows_the_choices_made(self, client, newsroom):
        content = client.get("/news/?topic=labour-mobility&type=story&year=2019").content
        drop_downs = self.drop_downs(content.decode())
        assert list(drop_downs) == ["country", "topic", "type", "scope", "year", "month"]
        # Each option counts what it gives with the other filters as they are.
        assert drop_downs["country"] == (["All countries", "Kazakhstan (1)", "Uzbekistan (0)"], [])
        assert drop_downs["topic"][1] == ["labour-mobility"]
        assert drop_downs["type"] == (
            ["All types", "Press release (0)", "News (0)", "Story (1)"],
            ["story"],
        )
        # Only the years with news under the other filters are offered.
        assert drop_downs["year"] == (["All years", "2019 (1)"], ["2019"])
        assert drop_downs["month"][0][:3] == ["Any month", "January (0)", "February (0)"]
        assert elements(content.decode(), "label", text="Topic", for_="filter-topic")

    def test_a_country_page_has_no_country_drop_down(self, client, newsroom):
        drop_downs = self.drop_downs(client.get("/news/country/uzbekistan/").content.decode())
        assert "country" not in drop_downs
        assert drop_downs["year"] == (["All years", "2020 (1)", "2018 (1)"], [])

    def test_an_untranslated_topic_name_is_marked_english(self, client, newsroom, topics):
        topics["lm"].name_ru = "Трудовая мобильность"
        topics["lm"].save()
        content = client.get("/ru/news/").content.decode()
        (select,) = elements(content, "select", name="topic")
        assert elements(select, "option", text="Трудовая мобильность (2)", lang=None)
        assert elements(select, "option", text="Counter trafficking (2)", lang="en")


class TestCountryPage:
    def test_country_news_topics_and_contacts(self, client, newsroom, make_contact):
        contact = make_contact("Uz Press Officer", emails=["uz@example.org"])
        newsroom["uz"].contacts.add(contact)
        response = client.get("/news/country/uzbekistan/")
        assert response.status_code == 200
        assert titles(response) == ["Charlie global", "Alpha release"]
        content = response.content.decode()
        assert "Uz Press Officer" in content
        assert elements(content, "a", href="mailto:uz@example.org")
        topic_counts = {t["topic"].slug: t["count"] for t in response.context["country_topics"]}
        assert topic_counts == {"counter-trafficking": 2, "labour-mobility": 1}
        assert elements(content, "a", href="/news/country/uzbekistan/feed/")

    def test_country_page_filters_combine(self, client, newsroom):
        response = client.get("/news/country/uzbekistan/?topic=labour-mobility")
        assert titles(response) == ["Charlie global"]

    def test_country_in_url_wins_over_query_string(self, client, newsroom):
        response = client.get("/news/country/uzbekistan/?country=kazakhstan")
        assert titles(response) == ["Charlie global", "Alpha release"]

    def test_unknown_country_page_is_404(self, client, newsroom):
        response = client.get("/news/country/atlantis/")
        assert response.status_code == 404
        assert "There is no country" in response.content.decode()

    def test_country_without_contacts_points_to_the_directory(self, client, newsroom):
        content = client.get("/news/country/kazakhstan/").content.decode()
        assert elements(content, "a", href="/contacts/")

    def test_country_page_query_count(
        self, client, newsroom, make_news, make_contact, django_assert_num_queries
    ):
        for i in range(15):
            make_news(countries=[newsroom["uz"]], published_at=at(2021, i % 12 + 1))
        for _ in range(3):
            newsroom["uz"].contacts.add(make_contact())
        with django_assert_num_queries(13):
            assert client.get("/news/country/uzbekistan/").status_code == 200


class TestRelatedNews:
    def test_related_share_a_country_or_topic_newest_first(
        self, client, newsroom, make_news, make_country
    ):
        elsewhere = make_news("Unrelated", countries=[make_country("Chile", "CL")])
        response = client.get(newsroom["a"].get_absolute_url())
        related = [item.title for item in response.context["related"]]
        assert related == ["Charlie global"]
        assert elsewhere.title not in related
        assert "Draft on trafficking" not in response.content.decode()

    def test_related_is_capped_and_costs_fixed_queries(
        self, client, newsroom, make_news, django_assert_num_queries
    ):
        for i in range(10):
            make_news(f"More {i}", countries=[newsroom["uz"]], published_at=at(2022, 1, i + 1))
        with django_assert_num_queries(9):
            response = client.get(newsroom["a"].get_absolute_url())
        related = [item.title for item in response.context["related"]]
        assert related == ["More 9", "More 8", "More 7", "More 6"]


class TestSeoAndSharing:
    def test_news_item_meta_og_twitter_and_json_ld(self, client, make_country, make_news, topics):
        uz = make_country("Uzbekistan", "UZ")
        item = make_news(
            "Uzbekistan may become a member to IOM",
            countries=[uz],
            published_at=at(2018, 4, 2),
            dateline="Tashkent, Uzbekistan",
            lead="The Government is ready to consider joining IOM.",
            image=png_upload(size=(1200, 800)),
            image_alt="A map",
        )
        item.topics.set([topics["ct"]])
        page = parse(client.get(item.get_absolute_url()))
        assert page.meta["description"] == "The Government is ready to consider joining IOM."
        assert page.meta["og:type"] == "article"
        assert page.meta["og:title"] == "Uzbekistan may become a member to IOM"
        assert page.meta["og:url"] == f"http://testserver{item.get_absolute_url()}"
        assert page.meta["og:image"].startswith("http://testserver/media/library/")
        assert page.meta["twitter:card"] == "summary_large_image"
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == [f"http://testserver{item.get_absolute_url()}"]
        (ld,) = page.json_ld
        assert ld["@type"] == "NewsArticle"
        assert ld["headline"] == "Uzbekistan may become a member to IOM"
        assert ld["datePublished"].startswith("2018-04-02T12:00:00")
        assert ld["image"][0].startswith("http://testserver/media/library/")
        assert ld["keywords"] == ["Counter trafficking"]
        assert ld["publisher"]["name"] == "IOM Central Asia"

    def test_seo_fields_override_title_and_description(self, client, make_news):
        item = make_news(
            "Long official title", seo_title="Short title", seo_description="Custom summary."
        )
        response = client.get(item.get_absolute_url())
        assert elements(response, "title", text="Short title | IOM Central Asia")
        page = parse(response)
        assert page.meta["description"] == "Custom summary."
        assert page.meta["og:title"] == "Short title"

    def test_json_ld_cannot_break_out_of_its_script(self, client, make_news):
        item = make_news("</script><script>alert(1)</script>")
        content = client.get(item.get_absolute_url()).content.decode()
        assert "</script><script>alert(1)" not in content
        assert len(parse(client.get(item.get_absolute_url())).json_ld) == 1

    def test_plain_share_links_and_no_third_party_scripts(self, client, make_news):
        item = make_news("Share me", slug="share-me")
        content = client.get(item.get_absolute_url()).content.decode()
        url = "http%3A%2F%2Ftestserver%2Fnews%2Fshare-me%2F"
        for prefix in [
            "mailto:?subject=Share%20me",
            "https://x.com/intent/post?",
            "https://www.facebook.com/sharer/sharer.php?u=" + url,
            "https://www.linkedin.com/sharing/share-offsite/?url=" + url,
            "https://t.me/share/url?url=" + url,
            "https://wa.me/?text=",
        ]:
            assert prefix in content, prefix
        scripts = [script["attrs"] for script in elements(content, "script")]
        assert scripts == [{"type": "application/ld+json"}]

    def test_feed_alternates_on_every_page(self, client, newsroom):
        for url in ["/", "/news/", "/contacts/", newsroom["a"].get_absolute_url()]:
            types = {link.get("type") for link in parse(client.get(url)).links}
            assert {"application/rss+xml", "application/atom+xml"} <= types, url

    def test_search_form_in_every_header(self, client, newsroom):
        for url in ["/", "/news/", "/contacts/"]:
            assert elements(client.get(url), "form", action="/search/"), url


class TestPreview:
    def test_scheduled_item_preview_for_staff_only(self, client, make_news, django_user_model):
        item = make_news("Embargoed release", published_at=tomorrow())
        assert client.get(item.get_absolute_url()).status_code == 404
        staff = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
        client.force_login(staff)
        assert client.get(item.get_absolute_url()).status_code == 404  # no change permission
        staff.user_permissions.add(Permission.objects.get(codename="change_newsitem"))
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200
        assert "Preview — not published" in response.content.decode()
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]

    def test_drafts_never_in_lists_for_staff_either(self, editor_client, make_news):
        make_news("Draft in progress", status=NewsItem.Status.DRAFT)
        assert "Draft in progress" not in editor_client.get("/news/").content.decode()
