"""Key pages at phone and desktop widths: screenshots, and no serious axe-core findings."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/",
    "newsroom": "/news/",
    "newsroom-filtered": "/news/?country=uzbekistan&year=2018",
    "news-item": "/news/uzbekistan-may-become-a-member-to-iom/",
    "country": "/news/country/kyrgyzstan/",
    "page": "/who-we-are/about/",
    "section": "/our-work/",
    "contacts": "/contacts/",
    "search": "/search/?q=migrants",
    "not-found": "/no-such-page/",
    "ru-home": "/ru/",
    "ru-page": "/ru/kto-my/o-nas/",
    "kk-news-item": "/kk/news/ozbekstan-hku-ga-mushe-boluy-mumkin/",
    "ru-untranslated-item": "/ru/news/demo-migration-data-dashboard-launched-in-astana/",
    "kk-search": "/kk/search/?q=Өзбекстан",
}


@pytest.fixture
def demo_site(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_have_no_serious_accessibility_violations(
    live_server, new_page, demo_site, axe_script, screenshot, width
):
    page = new_page(width=width, bypass_csp=True)  # axe-core is injected as inline script
    problems = {}
    for name, path in PAGES.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == (404 if name == "not-found" else 200), path
        screenshot(page, f"{name}-{width}")
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} scrolls sideways at {width}px"
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[path] = serious
    assert not problems, problems


def test_keyboard_user_can_skip_to_content_and_open_submenu(live_server, new_page, demo_site):
    page = new_page(width=1280)
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    page.goto(f"{live_server.url}/")
    page.focus(".main-nav__item a")
    page.keyboard.press("Tab")  # into the first sub-menu link
    assert page.locator(".main-nav__sub a").first.is_visible()


def test_content_security_policy_blocks_injected_inline_script(live_server, new_page, demo_site):
    page = new_page()
    page.goto(f"{live_server.url}/news/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = true'; document.body.appendChild(s); }"""
    )
    assert page.evaluate("() => window.injected === true") is False


def test_printed_press_release_is_clean_and_keeps_the_inquiries(live_server, new_page, demo_site):
    page = new_page()
    page.goto(f"{live_server.url}/news/uzbekistan-may-become-a-member-to-iom/")
    page.emulate_media(media="print")
    for hidden in (".main-nav", ".site-search", ".language-switcher", ".share", ".site-footer",
                   ".breadcrumbs"):  # fmt: skip
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".inquiries").is_visible()
    assert "stoshbaev@iom.int" in page.locator(".inquiries").inner_text()
    assert page.locator(".boilerplate").is_visible()
    assert page.locator("h1").is_visible()
