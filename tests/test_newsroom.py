"""Topics, types, country pages, related news, share links, meta tags and JSON-LD."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission

from news.models import NewsItem, Topic

from .support import parse, png_upload, tomorrow

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Almaty")


def at(year, month, day=15):
    return datetime(year, month, day, 12, 0, tzinfo=TZ)


@pytest.fixture
def topics(db):
    return {
        "ct": Topic.objects.create(name="Counter trafficking", slug="counter-trafficking"),
        "lm": Topic.objects.create(name="Labour mobility", slug="labour-mobility"),
    }


@pytest.fixture
def newsroom(make_country, make_news, topics):
    uz = make_country("Uzbekistan", "UZ")
    kz = make_country("Kazakhstan", "KZ")
    items = {
        "a": make_news(
            "Alpha release",
            countries=[uz],
            published_at=at(2018, 4),
            kind="press-release",
            scope="local",
        ),
        "b": make_news(
            "Bravo story", countries=[kz], published_at=at(2019, 5), kind="story", scope="local"
        ),
        "c": make_news(
            "Charlie global",
            countries=[uz, kz],
            published_at=at(2020, 6),
            kind="press-release",
            scope="global",
        ),
        "draft": make_news("Draft on trafficking", countries=[uz], status="draft"),
    }
    items["a"].topics.set([topics["ct"]])
    items["b"].topics.set([topics["lm"]])
    items["c"].topics.set([topics["ct"], topics["lm"]])
    items["draft"].topics.set([topics["ct"]])
    return {"uz": uz, "kz": kz, **items}


def titles(response):
    return [item.title for item in response.context["object_list"]]


class TestFilters:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("topic=counter-trafficking", ["Charlie global", "Alpha release"]),
            ("topic=labour-mobility", ["Charlie global", "Bravo story"]),
            ("type=story", ["Bravo story"]),
            ("type=press-release", ["Charlie global", "Alpha release"]),
            ("scope=global", ["Charlie global"]),
            ("scope=local", ["Bravo story", "Alpha release"]),
            ("topic=counter-trafficking&country=uzbekistan&year=2018", ["Alpha release"]),
            ("topic=labour-mobility&type=press-release&scope=global", ["Charlie global"]),
            ("topic=labour-mobility&country=kazakhstan&month=5", ["Bravo story"]),
        ],
    )
    def test_topic_type_scope_alone_and_combined(self, client, newsroom, query, expected):
        response = client.get(f"/news/?{query}")
        assert response.status_code == 200
        assert titles(response) == expected

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("topic=astrology", "There is no topic"),
            ("type=rumour", "There is no type of news"),
            ("scope=planetary", "global"),
        ],
    )
    def test_unknown_topic_type_or_scope_is_404_with_reason(self, client, newsroom, query, message):
        response = client.get(f"/news/?{query}")
        assert response.status_code == 404
        assert message in response.content.decode()

    def test_type_and_scope_shown_above_the_title_and_topics_linked(self, client, newsroom):
        content = client.get("/news/").content.decode()
        assert "Press release — Global" in content
        assert "Story — Local" in content
        assert 'href="/news/?topic=counter-trafficking"' in content
        detail = client.get(newsroom["c"].get_absolute_url()).content.decode()
        assert (
            'href="/news/?type=press-release">Press release</a> — '
            '<a href="/news/?scope=global">Global' in detail
        )
        assert 'href="/news/?topic=labour-mobility"' in detail


class TestCountryPage:
    def test_country_news_topics_and_contacts(self, client, newsroom, make_contact):
        contact = make_contact("Uz Press Officer", emails=["uz@example.org"])
        newsroom["uz"].contacts.add(contact)
        response = client.get("/news/country/uzbekistan/")
        assert response.status_code == 200
        assert titles(response) == ["Charlie global", "Alpha release"]
        content = response.content.decode()
        assert "Uz Press Officer" in content and 'href="mailto:uz@example.org"' in content
        topic_counts = {t.slug: t.count for t in response.context["country_topics"]}
        assert topic_counts == {"counter-trafficking": 2, "labour-mobility": 1}
        assert 'href="/news/country/uzbekistan/feed/"' in content

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
        assert 'href="/contacts/"' in content

    def test_country_page_query_count(
        self, client, newsroom, make_news, make_contact, django_assert_num_queries
    ):
        for i in range(15):
            make_news(countries=[newsroom["uz"]], published_at=at(2021, i % 12 + 1))
        for _ in range(3):
            newsroom["uz"].contacts.add(make_contact())
        with django_assert_num_queries(11):
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
        with django_assert_num_queries(8):
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
            image=png_upload(),
            image_alt="A map",
        )
        item.topics.set([topics["ct"]])
        page = parse(client.get(item.get_absolute_url()))
        assert page.meta["description"] == "The Government is ready to consider joining IOM."
        assert page.meta["og:type"] == "article"
        assert page.meta["og:title"] == "Uzbekistan may become a member to IOM"
        assert page.meta["og:url"] == f"http://testserver{item.get_absolute_url()}"
        assert page.meta["og:image"].startswith("http://testserver/media/news/")
        assert page.meta["twitter:card"] == "summary_large_image"
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == [f"http://testserver{item.get_absolute_url()}"]
        (ld,) = page.json_ld
        assert ld["@type"] == "NewsArticle"
        assert ld["headline"] == "Uzbekistan may become a member to IOM"
        assert ld["datePublished"].startswith("2018-04-02T12:00:00")
        assert ld["image"][0].startswith("http://testserver/media/news/")
        assert ld["keywords"] == ["Counter trafficking"]
        assert ld["publisher"]["name"] == "IOM Central Asia"

    def test_seo_fields_override_title_and_description(self, client, make_news):
        item = make_news(
            "Long official title", seo_title="Short title", seo_description="Custom summary."
        )
        response = client.get(item.get_absolute_url())
        assert "<title>Short title | IOM Central Asia</title>" in response.content.decode()
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
        scripts = re.findall(r"<script[^>]*>", content)
        assert scripts == ['<script type="application/ld+json">']

    def test_feed_alternates_on_every_page(self, client, newsroom):
        for url in ["/", "/news/", "/contacts/", newsroom["a"].get_absolute_url()]:
            types = {link.get("type") for link in parse(client.get(url)).links}
            assert {"application/rss+xml", "application/atom+xml"} <= types, url

    def test_search_form_in_every_header(self, client, newsroom):
        for url in ["/", "/news/", "/contacts/"]:
            assert 'action="/search/"' in client.get(url).content.decode()


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
