"""The page tree in the admin: every page indented in menu order, the main menu's
pages marked; Publishers move pages up and down (or drag them) among their siblings
and the public menu follows at once; the parent picker names pages by title and
address."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from kernel.models import DraftChange
from kernel.scheduling import publish_due_drafts
from pages.models import Page

from .support import elements, page_form, submit, tomorrow

pytestmark = pytest.mark.django_db
TREE = "/admin/pages/page/tree/"


@pytest.fixture
def site(make_page):
    """Two sections with sub-pages, in an order their numbers and titles decide."""
    who = make_page("Who We Are", slug="who-we-are", menu_order=1)
    work = make_page("Our Work", slug="our-work", menu_order=2)
    return {
        "who": who,
        "work": work,
        "contact": make_page("Contact", slug="contact", menu_order=2),  # before "Our Work"
        "about": make_page("About", slug="about", parent=who, menu_order=5),
        "team": make_page("Team", slug="team", parent=who, menu_order=1),
        "global": make_page("IOM Global", slug="iom-global", parent=who, menu_order=5),
        "agenda": make_page("2030 Agenda", slug="2030-agenda", parent=work),
    }


def tree_titles(response, parent=None):
    """The titles of one level of the tree (the top one, or under ``parent``), in order."""
    if parent is None:
        (level,) = elements(response, "ul", class_="page-tree--root")
    else:
        (level,) = elements(response, "ul", class_="page-tree", data_parent_id=str(parent.pk))
    return [elements(item, "a", class_="page-tree__title")[0]["text"] for item in _children(level)]


def _children(level):
    """The <li> directly in ``level`` (not those of the levels inside it)."""
    nested = [e for e in level["inside"] if e["tag"] == "ul"]
    deeper = {id(inner) for ul in nested for inner in ul["inside"]}
    return [e for e in level["inside"] if e["tag"] == "li" and id(e) not in deeper]


def row(response, page):
    """The row of ``page`` (not those of its sub-pages, below it)."""
    (item,) = elements(response, "li", id=f"page-{page.pk}")
    return elements(item, "div", class_="page-tree__row")[0]


def menu_sections(client):
    """The main menu's sections on the home page, in order."""
    (nav,) = elements(client.get("/"), "nav", aria_label="Main")
    sections = elements(nav, "li", class_="main-nav__item")
    return [elements(section, "a")[0]["text"].strip() for section in sections][:-2]  # news…


def sub_menu(client, section):
    (nav,) = elements(client.get("/"), "nav", aria_label="Main")
    for item in elements(nav, "li", class_="main-nav__item"):
        links = elements(item, "a")
        if links[0]["text"].strip() == section:
            return [link["text"].strip() for link in links[1:]]
    raise AssertionError(section)


def move(client, page, direction, shown=None):
    """Press "Move up" / "Move down" on ``page``'s row, as the tree shows it."""
    if shown is None:
        siblings = Page.objects.filter(parent_id=page.parent_id).order_by("menu_order", "title")
        shown = ",".join(str(pk) for pk in siblings.values_list("pk", flat=True))
    data = {"action": "move", "page": page.pk, "direction": direction, "shown": shown}
    return client.post(TREE, data, follow=True)


def messages_of(response):
    """The admin's messages at the top of the page."""
    return [
        " ".join(message["text"].split())
        for messages in elements(response, "ul", class_="messagelist")
        for message in elements(messages, "li")
    ]


def menu_orders(*pages):
    return [Page.objects.get(pk=page.pk).menu_order for page in pages]


class TestTheTree:
    def test_every_page_indented_in_menu_order(self, as_publisher, site):
        response = as_publisher.get(TREE)
        assert response.status_code == 200
        # Menu order, then title: the order of the main menu and of section pages.
        assert tree_titles(response) == ["Who We Are", "Contact", "Our Work"]
        assert tree_titles(response, site["who"]) == ["Team", "About", "IOM Global"]
        assert tree_titles(response, site["work"]) == ["2030 Agenda"]
        about = row(response, site["about"])
        assert elements(about, "a", href=f"/admin/pages/page/{site['about'].pk}/change/")
        assert elements(about, "span", text="/who-we-are/about/")

    def test_states_and_the_main_menu_are_marked(self, as_publisher, site, make_page):
        draft = make_page("Draft page", parent=site["work"], status=Page.Status.DRAFT)
        soon = make_page("Soon", published_at=tomorrow(), menu_order=9)
        hidden = make_page("Hidden", parent=site["work"], show_in_menu=False)
        deep = make_page("Deep", parent=site["about"])
        under_draft = make_page("Under a draft", parent=draft)
        off = make_page("Off the menu", show_in_menu=False)
        under_off = make_page("Under it", parent=off)
        response = as_publisher.get(TREE)
        text = {
            page: " ".join(row(response, page)["text"].split())
            for page in (site["about"], draft, soon, hidden, deep, under_draft, under_off)
        }
        assert "Published" in text[site["about"]] and "In the main menu" in text[site["about"]]
        assert "Draft" in text[draft] and "Not in the menu: not public" in text[draft]
        assert "Scheduled" in text[soon] and "Not in the menu: not public" in text[soon]
        assert "Not in the menu: “show in menu” is off" in text[hidden]
        assert "Not in the menu: the menu has two levels" in text[deep]
        assert "not public: a page above it is not" in text[under_draft]
        assert "Not in the menu: its section is not in the menu" in text[under_off]
        # The main menu as visitors see it, in order.
        (menu,) = elements(response, "section", class_="page-tree-menu")
        items = [" ".join(li["text"].split()) for li in elements(menu, "li")]
        assert items[0].startswith("Who We Are") and items[1:4] == ["Team", "About", "IOM Global"]
        assert items[4:] == ["Contact", "Our Work 2030 Agenda", "2030 Agenda"]
        assert "Soon" not in menu["text"] and "Hidden" not in menu["text"]

    def test_the_pages_list_links_to_the_tree(self, as_editor, site):
        response = as_editor.get("/admin/pages/page/")
        assert elements(response, "a", href=TREE, text="Page tree and menu order")

    def test_only_staff_see_it(self, client, site):
        response = client.get(TREE)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_the_number_of_queries_does_not_grow_with_the_pages(self, as_publisher, make_page):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert as_publisher.get(TREE).status_code == 200
            return len(captured)

        section = make_page("Section", slug="section")
        make_page("Child", parent=section)
        queries()  # content types and the like, read once per process
        few = queries()
        for n in range(30):
            parent = make_page(f"Section {n}", slug=f"section-{n}", status="draft")
            child = make_page(f"Child {n}", parent=parent, published_at=tomorrow())
            make_page(f"Grandchild {n}", parent=child, show_in_menu=False)
        assert queries() == few


class TestMovingAPage:
    def test_move_up_changes_the_public_menu_at_once(self, as_publisher, site, client, settings):
        settings.PAGE_CACHE_SECONDS = 600
        assert menu_sections(client) == ["Who We Are", "Contact", "Our Work"]
        assert client.get("/")["X-Cache"] == "hit"
        response = move(as_publisher, site["work"], "up")
        assert response.redirect_chain[-1][0] == f"{TREE}#page-{site['work'].pk}"
        assert "“Our Work” moved up. Visitors see the new order now." in messages_of(response)[0]
        assert tree_titles(response) == ["Who We Are", "Our Work", "Contact"]
        assert menu_sections(client) == ["Who We Are", "Our Work", "Contact"]
        assert menu_orders(site["who"], site["work"], site["contact"]) == [10, 20, 30]

    def test_move_down_a_sub_page(self, as_publisher, site, client):
        move(as_publisher, site["team"], "down")
        assert sub_menu(client, "Who We Are") == ["About", "Team", "IOM Global"]
        # The section's own page lists its sub-pages in the same order.
        content = client.get("/who-we-are/").content.decode()
        assert content.index("/who-we-are/about/") < content.index("/who-we-are/team/")

    def test_a_move_is_saved_as_a_normal_save(self, as_publisher, site):
        before = Page.objects.get(pk=site["work"].pk).updated_at
        move(as_publisher, site["work"], "up")
        work = Page.objects.get(pk=site["work"].pk)
        assert work.updated_by.get_username() == "dana"
        assert work.updated_at > before
        (version,) = Version.objects.get_for_object(work)
        assert version.revision.comment == "Moved up in the menu: now 2 of 3."
        assert version.revision.user.get_username() == "dana"
        assert version.field_dict["menu_order"] == 20
        contact = Page.objects.get(pk=site["contact"].pk)
        (renumbered,) = Version.objects.get_for_object(contact)
        assert renumbered.revision.comment == "Menu order renumbered: now 3 of 3."
        entry = LogEntry.objects.filter(object_id=str(work.pk)).get()
        assert entry.get_change_message() == "Moved up in the menu: now 2 of 3."
        # History names it; "Who We Are" kept its place (10 = 1st) but got a number.
        history = as_publisher.get(f"/admin/pages/page/{work.pk}/history/").content.decode()
        assert "Moved up in the menu" in history and "Menu order" in history

    def test_dragging_posts_a_level_s_new_order(self, as_publisher, site, client):
        who, about, team, iom = site["who"], site["about"], site["team"], site["global"]
        data = {
            "action": "order",
            "parent": who.pk,
            "shown": f"{team.pk},{about.pk},{iom.pk}",
            "order": f"{iom.pk},{team.pk},{about.pk}",
        }
        response = as_publisher.post(TREE, data, follow=True)
        assert "New order of the pages under “Who We Are” saved." in messages_of(response)[0]
        assert sub_menu(client, "Who We Are") == ["IOM Global", "Team", "About"]
        assert menu_orders(iom, team, about) == [10, 20, 30]
        work, contact = site["work"], site["contact"]
        top = {
            "action": "order",
            "parent": "",
            "shown": f"{who.pk},{contact.pk},{work.pk}",
            "order": f"{work.pk},{who.pk},{contact.pk}",
        }
        as_publisher.post(TREE, top)
        assert menu_sections(client) == ["Our Work", "Who We Are", "Contact"]

    def test_draft_changes_published_later_keep_the_new_place(self, as_editor, as_publisher, site):
        """The menu order is live, as the status is: an Editor's draft changes of a
        live page leave it alone, and publishing them keeps the order of then."""
        work = site["work"]
        url = f"/admin/pages/page/{work.pk}/change/"
        form = as_editor.get(url)
        assert not elements(form, "input", name="menu_order")  # read-only for Editors
        data = page_form(title="Our Work", slug="our-work", intro="New intro.", menu_order="2")
        assert submit(as_editor, url, data).status_code == 302
        assert DraftChange.objects.exists()
        move(as_publisher, work, "up")
        assert menu_orders(work) == [20]
        opened = as_publisher.get(url)  # the form over the draft shows the place of now
        assert opened.context["adminform"].form.initial["menu_order"] == 20
        DraftChange.objects.update(publish_at=timezone.now() - timedelta(minutes=1))
        assert publish_due_drafts() == 1
        work.refresh_from_db()
        assert work.intro == "New intro." and work.menu_order == 20


class TestWhoMayReorder:
    def test_an_editor_sees_the_tree_without_buttons(self, as_editor, site):
        response = as_editor.get(TREE)
        assert response.status_code == 200
        assert tree_titles(response) == ["Who We Are", "Contact", "Our Work"]
        (main,) = elements(response, "div", id="content-main")
        assert not elements(main, "button")
        assert not elements(main, "form")
        assert not elements(main, "span", class_="page-tree__handle")
        assert "Only publishers change the order" in response.content.decode()

    def test_an_editor_s_post_is_refused(self, as_editor, site):
        response = move(as_editor, site["work"], "up")
        assert response.status_code == 403
        order = {"action": "order", "parent": "", "shown": "1", "order": "1"}
        assert as_editor.post(TREE, order).status_code == 403
        assert menu_orders(site["who"], site["work"], site["contact"]) == [1, 2, 2]
        assert not Version.objects.exists()

    def test_a_publisher_sees_the_buttons(self, as_publisher, site):
        response = as_publisher.get(TREE)
        about = row(response, site["about"])
        up, down = elements(about, "button")
        assert up["text"] == "Move up" and up["attrs"]["aria-label"] == "Move up: About"
        assert down["text"] == "Move down" and down["attrs"]["aria-label"] == "Move down: About"
        team = row(response, site["team"])  # the first of its level
        assert "disabled" in elements(team, "button", value="up")[0]["attrs"]


class TestRefusedMoves:
    """Nothing changes, and the tree says why: never an error page."""

    @pytest.fixture(autouse=True)
    def unchanged(self, site):
        yield
        assert menu_orders(*site.values()) == [1, 2, 2, 5, 1, 5, 0]
        assert not Version.objects.exists()

    def refused(self, client, data, message):
        response = client.post(TREE, data, follow=True)
        assert response.status_code == 200
        assert message in messages_of(response)[0], messages_of(response)
        (messages,) = elements(response, "ul", class_="messagelist")
        assert elements(messages, "li", class_="error")

    def test_an_unknown_page(self, as_publisher, site):
        data = {"action": "move", "page": "999999", "direction": "up", "shown": "999999"}
        self.refused(as_publisher, data, "That page no longer exists")

    def test_a_page_from_another_level(self, as_publisher, site):
        who, team, about, iom = site["who"], site["team"], site["about"], site["global"]
        data = {
            "action": "order",
            "parent": who.pk,
            "shown": f"{team.pk},{about.pk},{iom.pk}",
            "order": f"{site['agenda'].pk},{team.pk},{about.pk}",
        }
        self.refused(as_publisher, data, "A page can only move among the pages beside it")

    def test_a_stale_order(self, as_publisher, site):
        shown = f"{site['work'].pk},{site['who'].pk},{site['contact'].pk}"  # not as it is
        response = move(as_publisher, site["work"], "up", shown=shown)
        assert "The pages changed since the tree was opened" in messages_of(response)[0]

    def test_a_page_added_meanwhile(self, as_publisher, site, make_page):
        shown = f"{site['team'].pk},{site['about'].pk},{site['global'].pk}"
        make_page("Newcomer", parent=site["who"], menu_order=0)
        data = {"action": "order", "parent": site["who"].pk, "shown": shown, "order": shown}
        self.refused(as_publisher, data, "The pages changed since the tree was opened")

    def test_already_first(self, as_publisher, site):
        response = move(as_publisher, site["who"], "up")
        assert "“Who We Are” is already first; nothing changed." in messages_of(response)[0]

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"action": "move"},
            {"action": "move", "page": "x", "direction": "up", "shown": "1"},
            {"action": "move", "page": "1", "direction": "sideways", "shown": "1"},
            {"action": "move", "page": "1,2", "direction": "up", "shown": "1,2"},
            {"action": "order", "parent": "abc", "shown": "1", "order": "1"},
            {"action": "order", "parent": "", "shown": "1,,2", "order": "2,1"},
            {"action": "order", "parent": "", "shown": "1", "order": "9" * 40},
            {"action": "delete", "page": "1"},
        ],
    )
    def test_nonsense(self, as_publisher, site, data):
        self.refused(as_publisher, data, "nothing changed")

    def test_an_unknown_parent(self, as_publisher, site):
        data = {"action": "order", "parent": "999999", "shown": "", "order": "1"}
        self.refused(as_publisher, data, "nothing changed")
        data = {"action": "order", "parent": "999999", "shown": "1", "order": "1"}
        self.refused(as_publisher, data, "The page above these no longer exists")


class TestTheParentPicker:
    def test_the_chosen_parent_reads_title_and_address(self, as_publisher, site):
        response = as_publisher.get(f"/admin/pages/page/{site['about'].pk}/change/")
        (select,) = elements(response, "select", name="parent")
        (chosen,) = elements(select, "option", selected="")
        assert chosen["text"] == "Who We Are — /who-we-are/"
        assert select["attrs"]["data-ajax--url"] == "/admin/pages/page/autocomplete/"

    def test_the_suggestions_read_title_and_address(self, as_editor, site):
        query = "app_label=pages&model_name=page&field_name=parent&term=about"
        response = as_editor.get(f"/admin/pages/page/autocomplete/?{query}")
        assert response.status_code == 200
        assert response.json()["results"] == [
            {"id": str(site["about"].pk), "text": "About — /who-we-are/about/"}
        ]

    def test_the_suggestions_serve_only_the_parent_field(self, as_editor, site):
        query = "app_label=news&model_name=newsitem&field_name=countries&term="
        assert as_editor.get(f"/admin/pages/page/autocomplete/?{query}").status_code == 403

    def test_a_page_s_name_elsewhere_is_unchanged(self, site):
        assert str(site["about"]) == "who-we-are › About"


def test_the_tree_runs_no_inline_script_or_style(as_publisher, site):
    """Script and style come from static files (the site's Content-Security-Policy)."""
    response = as_publisher.get(TREE)
    assert all(script["attrs"].get("src") for script in elements(response, "script"))
    assert not [element for element in elements(response, None) if "style" in element["attrs"]]
    assert "/static/admin/pages/page_tree.js" in response.content.decode()
