"""The page tree in a real browser, as a Publisher: a page moved up with its button
and by dragging, the public menu following at once; phone and desktop widths, axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pages.models import Page

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sections(db):
    def page(title, slug, order, parent=None):
        return Page.objects.create(
            title=title,
            slug=slug,
            parent=parent,
            menu_order=order,
            status=Page.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(days=1),
        )

    who = page("Who We Are", "who-we-are", 10)
    pages = {
        "who": who,
        "work": page("Our Work", "our-work", 20),
        "contact": page("Contact Us", "contact-us", 30),
        "about": page("About IOM in Kazakhstan and Central Asia", "about", 10, parent=who),
        "team": page("Our Team", "team", 20, parent=who),
    }
    page("Structure of the regional office", "structure", 10, parent=pages["about"])
    return pages


def public_menu(browser_page, base):
    """The sections of the public main menu, in order (without News and Contacts)."""
    browser_page.goto(f"{base}/")
    links = browser_page.locator(".main-nav__item > a").all_inner_texts()
    return [text.strip() for text in links][:-2]


def level(browser_page, parent=None):
    """The titles of one level of the tree, in order."""
    selector = ".page-tree--root" if parent is None else f'.page-tree[data-parent-id="{parent.pk}"]'
    return browser_page.locator(
        f"{selector} > .page-tree__item > .page-tree__row .page-tree__title"
    ).all_inner_texts()


def drag(browser_page, page, above):
    """Drag ``page`` by its handle onto the top of ``above``'s row, and wait for the
    tree to come back with the new order."""
    handle = browser_page.locator(f"#page-{page.pk} > .page-tree__row .page-tree__handle")
    target = browser_page.locator(f"#page-{above.pk} > .page-tree__row")
    start, end = handle.bounding_box(), target.bounding_box()
    browser_page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    browser_page.mouse.down()
    browser_page.mouse.move(end["x"] + 20, end["y"] + 3, steps=12)
    with browser_page.expect_navigation():
        browser_page.mouse.up()


def test_a_publisher_moves_pages_with_the_buttons_and_by_dragging(
    live_server, new_page, staff_user, log_in, sections, screenshot
):
    base = live_server.url
    staff_user("dana", "Publisher")
    visitor = new_page()
    assert public_menu(visitor, base) == ["Who We Are", "Our Work", "Contact Us"]

    publisher = new_page(width=1280)
    log_in(publisher, base, "dana")
    publisher.goto(f"{base}/admin/pages/page/")
    publisher.click("text=Page tree and menu order")
    publisher.wait_for_url("**/page/tree/")  # the list's page must not be read instead
    assert level(publisher) == ["Who We Are", "Our Work", "Contact Us"]
    assert level(publisher, sections["who"]) == [
        "About IOM in Kazakhstan and Central Asia",
        "Our Team",
    ]

    with publisher.expect_navigation():
        publisher.get_by_role("button", name="Move up: Our Work").click()
    assert "“Our Work” moved up." in publisher.locator(".messagelist").inner_text()
    assert level(publisher) == ["Our Work", "Who We Are", "Contact Us"]
    assert public_menu(visitor, base) == ["Our Work", "Who We Are", "Contact Us"]
    screenshot(publisher, "page-tree-1280-moved")

    drag(publisher, sections["contact"], above=sections["work"])
    assert "New order of the top-level pages" in publisher.locator(".messagelist").inner_text()
    assert level(publisher) == ["Contact Us", "Our Work", "Who We Are"]
    assert public_menu(visitor, base) == ["Contact Us", "Our Work", "Who We Are"]

    # A sub-page moves among its own siblings, its own sub-pages with it.
    drag(publisher, sections["team"], above=sections["about"])
    assert level(publisher, sections["who"]) == [
        "Our Team",
        "About IOM in Kazakhstan and Central Asia",
    ]
    assert level(publisher, sections["about"]) == ["Structure of the regional office"]
    visitor.goto(f"{base}/")
    sub_menu = visitor.locator(".main-nav__item", has_text="Who We Are").locator(".main-nav__sub a")
    assert sub_menu.all_inner_texts() == ["Our Team", "About IOM in Kazakhstan and Central Asia"]


def test_an_editor_sees_the_tree_read_only(live_server, new_page, staff_user, log_in, sections):
    staff_user("aigerim", "Editor")
    editor = new_page(width=375, height=800)
    log_in(editor, live_server.url, "aigerim")
    editor.goto(f"{live_server.url}/admin/pages/page/tree/")
    assert level(editor) == ["Who We Are", "Our Work", "Contact Us"]
    assert editor.locator("#content-main button").count() == 0
    assert editor.locator(".page-tree__handle").count() == 0
    assert "Only publishers change the order" in editor.locator("#content-main").inner_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_tree_fits_the_screen_and_passes_axe(
    live_server, new_page, staff_user, log_in, sections, axe_findings, screenshot, width
):
    staff_user("dana", "Publisher")
    publisher = new_page(width=width, height=800)
    log_in(publisher, live_server.url, "dana")
    publisher.goto(f"{live_server.url}/admin/pages/page/tree/")
    assert publisher.locator(".page-tree__handle").first.is_visible()  # the script ran
    scroll_width = publisher.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the tree scrolls sideways at {width}px"
    screenshot(publisher, f"page-tree-{width}")
    if width == 375:  # a phone: the buttons work by touch as well
        with publisher.expect_navigation():
            publisher.get_by_role("button", name="Move down: Who We Are").click()
        assert level(publisher) == ["Our Work", "Who We Are", "Contact Us"]
        screenshot(publisher, "page-tree-375-moved")
    problems = axe_findings(publisher)
    assert not problems, problems
