import pytest

from pages.models import Page

from .support import elements, offices, page_html, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(make_page):
    who = make_page("Who We Are", slug="who-we-are", menu_order=1, intro="Since 1951.")
    about = make_page("About", slug="about", parent=who, menu_order=1, body="<p>About body</p>")
    make_page("IOM Global", slug="iom-global", parent=who, menu_order=2)
    work = make_page("Our Work", slug="our-work", menu_order=2, intro="The 2030 Agenda.")
    make_page("2030 Agenda", slug="2030-agenda", parent=work)
    make_page("Hidden from menu", slug="hidden", parent=work, show_in_menu=False)
    make_page("Draft child", slug="draft-child", parent=work, status=Page.Status.DRAFT)
    return {"who": who, "about": about, "work": work}


class TestPageDetail:
    def test_nested_url_with_breadcrumbs(self, client, tree):
        content = page_html(client, "/who-we-are/about/")
        assert elements(content, "h1", text="About")
        assert elements(content, "p", text="About body")
        (crumbs,) = elements(content, "nav", aria_label="Breadcrumbs")
        assert [link["attrs"]["href"] for link in elements(crumbs, "a")] == ["/", "/who-we-are/"]
        assert elements(crumbs, "span", aria_current="page", text="About")

    def test_section_page_lists_its_published_children(self, client, tree):
        content = client.get("/our-work/").content.decode()
        assert elements(content, "a", href="/our-work/2030-agenda/")
        assert elements(content, "a", href="/our-work/hidden/")  # not in the menu, still a sub-page
        assert "Draft child" not in content

    @pytest.mark.parametrize(
        "path",
        [
            "/who-we-are/nope/",
            "/nope/",
            "/about/",
            "/who-we-are/about/extra/",
            "/our-work/draft-child/",
        ],
    )
    def test_unknown_or_unpublished_paths_are_404(self, client, tree, path):
        assert client.get(path).status_code == 404

    def test_child_of_a_draft_page_is_not_public(self, client, tree):
        tree["who"].status = Page.Status.DRAFT
        tree["who"].save()
        assert client.get("/who-we-are/about/").status_code == 404

    def test_scheduled_page_is_not_public(self, client, make_page):
        make_page(slug="soon", published_at=tomorrow())
        assert client.get("/soon/").status_code == 404

    def test_staff_preview_of_a_draft_page(self, editor_client, make_page):
        make_page("Work in progress", slug="wip", status=Page.Status.DRAFT)
        response = editor_client.get("/wip/")
        assert response.status_code == 200
        assert "Preview — not published" in response.content.decode()
        assert "no-cache" in response["Cache-Control"]

    def test_staff_preview_of_a_draft_section_lists_its_published_children(
        self, editor_client, make_page
    ):
        section = make_page("Work in progress", slug="wip", status=Page.Status.DRAFT)
        make_page("Ready child", slug="ready", parent=section)
        make_page("Unready child", slug="unready", parent=section, status=Page.Status.DRAFT)
        content = editor_client.get("/wip/").content.decode()
        assert elements(content, "a", href="/wip/ready/")
        assert "Unready child" not in content

    def test_seo_fields_fill_title_and_description(self, client, make_page):
        make_page(
            "Data",
            slug="data",
            seo_title="Migration data for Central Asia",
            seo_description="Reports and figures.",
        )
        content = client.get("/data/").content.decode()
        assert elements(content, "title", text="Migration data for Central Asia | IOM Central Asia")
        assert elements(content, "meta", name="description", content="Reports and figures.")

    def test_page_query_count_is_fixed(self, client, make_page, django_assert_num_queries):
        parent = make_page(slug="section")
        for i in range(20):
            make_page(slug=f"child-{i}", parent=parent)
        with django_assert_num_queries(4):
            response = client.get("/section/")
        hrefs = [link["attrs"].get("href", "") for link in elements(response, "a")]
        assert len([href for href in hrefs if href.startswith("/section/child-")]) >= 20


class TestMenu:
    def test_menu_is_built_from_the_tree(self, client, tree):
        (nav,) = elements(client.get("/"), "nav", aria_label="Main")
        hrefs = [link["attrs"]["href"] for link in elements(nav, "a")]
        for href in [
            "/who-we-are/",
            "/who-we-are/about/",
            "/who-we-are/iom-global/",
            "/our-work/",
            "/our-work/2030-agenda/",
            "/news/",
            "/contacts/",
        ]:
            assert href in hrefs, href
        assert nav["text"].index("Who We Are") < nav["text"].index("Our Work")
        assert "Hidden from menu" not in nav["text"] and "/our-work/hidden/" not in hrefs
        assert "Draft child" not in nav["text"] and "/our-work/draft-child/" not in hrefs

    def test_sections_not_yet_public_hide_their_children(self, client, tree, make_page):
        soon = make_page("Coming soon", slug="soon", published_at=tomorrow())
        make_page("Soon child", slug="soon-child", parent=soon)
        tree["work"].status = Page.Status.DRAFT
        tree["work"].save()
        content = client.get("/").content.decode()
        for text in ("Coming soon", "Soon child", "Our Work", "2030 Agenda"):
            assert text not in content, text
        assert elements(content, "a", href="/who-we-are/about/")

    def test_current_page_is_marked(self, client, tree):
        content = client.get("/who-we-are/about/").content.decode()
        assert elements(content, "a", href="/who-we-are/about/", aria_current="page")


class TestHome:
    def test_introduction_sections_and_latest_news(self, client, tree, make_news):
        for i in range(8):
            make_news(f"Story {i}")
        make_news("Unreleased", published_at=tomorrow())
        response = client.get("/")
        assert response.status_code == 200
        content = response.content.decode()
        assert "IOM in Kazakhstan and Central Asia" in content
        assert "Since 1951." in content and "The 2030 Agenda." in content
        assert len(response.context["latest_news"]) == 6
        assert "Unreleased" not in content

    def test_home_without_content_explains(self, client, db):
        content = client.get("/").content.decode()
        assert "No news has been published yet." in content

    def test_home_query_count_is_fixed(
        self, client, tree, make_news, make_country, django_assert_num_queries
    ):
        country = make_country()
        for _i in range(30):
            make_news(countries=[country])
        # The first request after a change: the latest news' ids, then their cards';
        # the media contacts (the office's structured data).
        with django_assert_num_queries(8):
            assert client.get("/").status_code == 200


class TestContacts:
    def test_active_contacts_grouped_by_office(self, client, make_contact):
        make_contact(
            "Ann Central",
            office="IOM Central Asia",
            job_title="Country Manager",
            emails=["ann@example.org", "office@example.org"],
            phone="+7 7172 000000",
        )
        make_contact("Bek Kyrgyz", office="IOM Kyrgyzstan")
        make_contact("Old Timer", office="IOM Kyrgyzstan", is_active=False)
        content = client.get("/contacts/").content.decode()
        assert offices(content) == {
            "IOM Central Asia": ["Ann Central"],
            "IOM Kyrgyzstan": ["Bek Kyrgyz"],
        }
        assert elements(content, "a", href="mailto:ann@example.org")
        assert elements(content, "a", href="mailto:office@example.org")
        assert elements(content, "a", href="tel:+77172000000")
        assert "Old Timer" not in content

    def test_no_contacts_explained(self, client, db):
        assert "No media contacts are listed" in client.get("/contacts/").content.decode()

    def test_contacts_query_count_is_fixed(self, client, make_contact, django_assert_num_queries):
        for i in range(15):
            make_contact(office=f"Office {i % 3}", emails=["a@example.org", "b@example.org"])
        with django_assert_num_queries(4):
            assert client.get("/contacts/").status_code == 200


class TestHostileInput:
    @pytest.mark.parametrize("url", ["/", "/news/", "/contacts/", "/who-we-are/", "/news/x/"])
    @pytest.mark.parametrize(
        "query",
        [
            "page=%00",
            "country[]=1",
            "year=1e400",
            "q=%27%22%3E%3Cscript%3E",
            "month=-0",
            "country=%F0%9F%98%80",
            "country=%00",
            "year=%00",
            "month=%00",
            "page=" + "9" * 400,
            "p=" + "9" * 5000,  # longer than Python turns into a number
            "year=0x10&month=0b1",
            "&&&=&=",
        ],
    )
    def test_no_query_string_causes_a_server_error(self, client, tree, make_news, url, query):
        make_news(slug="x")
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 302, 404)  # 302: to a page that exists

    @pytest.mark.parametrize(
        "path",
        [
            "/%E2%80%8B/",
            "/" + "a/" * 300,
            "/..%2F..%2Fetc/passwd/",
            "/news/%00/",
            "/who-we-are/%F0%9F%98%80/",
        ],
    )
    def test_odd_paths_are_404_not_500(self, client, tree, path):
        assert client.get(path).status_code == 404
