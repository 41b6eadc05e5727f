"""Issue 13 (3, 7, 8) in a real browser: lists that fit a phone, a date picker whose
weeks start on Monday, e-mail addresses that break only before their "@", the
English text under each translated field, and each one's admin language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, ContactEmail
from news.models import Country, NewsItem

pytestmark = [pytest.mark.django_db(transaction=True)]


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def on_screen(page, selector):
    """Whether the first element matching ``selector`` is inside the viewport's width."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375


def test_lists_fit_a_phone_with_their_essentials(
    live_server, new_page, staff_user, log_in, screenshot
):
    base = live_server.url
    staff_user("dana", "Publisher")
    NewsItem.objects.create(
        updated_by=staff_user("aigerim", "Editor"),
        title="Migrant workers' rights discussed at a regional conference in Almaty",
        slug="regional-conference",
        status=NewsItem.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )
    Contact.objects.create(name="Mr. Sanjarbek Toshbaev", slug="toshbaev", is_active=True)
    page = new_page(width=375, height=800)
    log_in(page, base, "dana")

    page.goto(f"{base}/admin/news/newsitem/")
    assert fits_the_screen(page)
    for column in ("field-state", "field-preview_link"):
        assert on_screen(page, f"#result_list td.{column}")
    screenshot(page, "admin-news-list-phone")

    page.goto(f"{base}/admin/contacts/contact/")
    assert fits_the_screen(page)
    assert on_screen(page, "#result_list td.field-sort_order input")
    screenshot(page, "admin-contact-list-phone")

    page = new_page(width=1280)
    log_in(page, base, "dana")
    page.goto(f"{base}/admin/news/newsitem/")
    assert page.locator("#result_list th.column-last_edited").inner_text().strip() == (
        "LAST EDITED"
    )
    assert "aigerim" in page.locator("#result_list td.field-last_edited").inner_text()


def test_the_date_picker_starts_weeks_on_monday(live_server, new_page, staff_user, log_in):
    base = live_server.url
    staff_user("dana", "Publisher")
    page = new_page()
    log_in(page, base, "dana")
    page.goto(f"{base}/admin/news/newsitem/add/")
    page.click("#calendarlink0")
    first_day = page.locator(".calendarbox table th").first.inner_text()
    assert first_day.strip() == "M"


def test_e_mail_addresses_break_between_parts_in_the_sidebar(live_server, new_page, screenshot):
    base = live_server.url
    contact = Contact.objects.create(
        name="Mr. Sanjarbek Toshbaev",
        slug="toshbaev",
        job_title="National Project Officer",
        is_active=True,
    )
    for order, email in enumerate(["stoshbaev@iom.int", "iomtashkent-media@iom.int"]):
        ContactEmail.objects.create(contact=contact, email=email, sort_order=order)
    uzbekistan = Country.objects.create(name="Uzbekistan", slug="uzbekistan", iso_code="UZ")
    uzbekistan.contacts.add(contact)
    for width in (1280, 375):
        page = new_page(width=width)
        page.goto(f"{base}/news/country/uzbekistan/")
        links = page.locator(".layout-sidebar__aside a[href^='mailto:']")
        assert links.count() == 2
        for link in links.all():
            # Where the address goes to a new line: only before its "@", never inside
            # a name (nor at its hyphen).
            breaks = link.evaluate(
                """(link) => {
                    const breaks = []; let top = null, text = "";
                    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                        for (let i = 0; i < node.length; i++) {
                            const range = document.createRange();
                            range.setStart(node, i); range.setEnd(node, i + 1);
                            const y = Math.round(range.getBoundingClientRect().top);
                            if (top !== null && y > top) breaks.push(text.slice(-1) + node.data[i]);
                            top = y; text += node.data[i];
                        }
                    }
                    return breaks;
                }"""
            )
            assert all(pair[1] == "@" for pair in breaks), breaks
        screenshot(page, f"country-sidebar-{width}")


def test_your_settings_page(live_server, new_page, staff_user, log_in, screenshot, axe_findings):
    base = live_server.url
    staff_user("aigerim", "Editor")
    for width in (375, 1280):
        page = new_page(width=width, bypass_csp=True)  # axe-core is injected as a script
        log_in(page, base, "aigerim")
        page.click("#user-tools a[href='/admin/settings/']")
        page.select_option("#id_admin_language", "kk")
        with page.expect_navigation():
            page.click("input[type=submit]")
        assert page.locator("html").get_attribute("lang") == "kk"
        screenshot(page, f"admin-your-settings-{width}")
        assert axe_findings(page, "#content-main") == []
        page.select_option("#id_admin_language", "en")
        with page.expect_navigation():
            page.click("input[type=submit]")


def test_the_english_text_is_shown_under_each_translation(
    live_server, new_page, staff_user, log_in
):
    base = live_server.url
    staff_user("aigerim", "Editor")
    page = new_page()
    log_in(page, base, "aigerim")
    page.goto(f"{base}/admin/news/newsitem/add/")
    page.locator("#id_title_en").press_sequentially("Labour mobility forum")
    source = (
        page.locator("#id_title_ru")
        .locator("xpath=ancestor::div[contains(@class, 'form-row')][1]")
        .locator(".translation-source")
    )
    assert source.get_attribute("lang") == "en"
    section = page.locator("#id_title_ru").locator("xpath=ancestor::fieldset[1]")
    section.locator("summary, h2").first.click()
    assert source.inner_text() == "EN Labour mobility forum"
    body = page.frame_locator("#cke_id_body_en iframe").locator("body")
    body.click()
    page.keyboard.type("Partners met in Tashkent.")
    body_source = (
        page.locator("#cke_id_body_ru")
        .locator("xpath=ancestor::div[contains(@class, 'form-row')][1]")
        .locator(".translation-source")
    )
    body_source.filter(has_text="Partners met in Tashkent.").wait_for()
