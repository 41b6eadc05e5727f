"""Issue 13, done when: the office's release "Uzbekistan may become a member to IOM"
(the shared seed) is written from scratch as a new item in one save, in Chromium,
with nothing typed or chosen lost."""

from datetime import date

import pytest
from django.utils import timezone

from contacts.models import Contact, ContactEmail
from news.models import Boilerplate, Country, NewsItem, Topic

from ..support import choose_autocomplete

pytestmark = [pytest.mark.django_db(transaction=True)]
TITLE = "Uzbekistan may become a member to IOM"


@pytest.fixture
def office(db):
    uzbekistan = Country.objects.create(name="Uzbekistan", slug="uzbekistan", iso_code="UZ")
    topic = Topic.objects.create(name="Labour mobility", slug="labour-mobility")
    contact = Contact.objects.create(
        name="Mr. Sanjarbek Toshbaev", slug="sanjarbek-toshbaev", is_active=True
    )
    ContactEmail.objects.create(contact=contact, email="stoshbaev@iom.int")
    about = Boilerplate.objects.create(
        title="About IOM", body="<p>IOM is the UN migration agency.</p>"
    )
    return {"uz": uzbekistan, "topic": topic, "contact": contact, "about": about}


def test_the_seed_release_in_one_save(
    live_server, new_page, staff_user, log_in, office, tmp_path, screenshot
):
    from PIL import Image

    base = live_server.url
    staff_user("aigerim", "Editor")
    photo = tmp_path / "tashkent-talks.jpg"
    Image.new("RGB", (1600, 1000), (0, 51, 160)).save(photo)
    page = new_page(width=1280)
    saves = []
    page.on(
        "request",
        lambda request: (
            saves.append(request.url)
            if request.method == "POST"
            and "/admin/news/newsitem/" in request.url
            and "/presence/" not in request.url
            and "/live-preview/" not in request.url
            else None
        ),
    )
    log_in(page, base, "aigerim")
    page.goto(f"{base}/admin/news/newsitem/add/")

    page.locator("#id_title_en").press_sequentially(TITLE)
    page.fill("#id_dateline_en", "Tashkent, Uzbekistan")
    choose_autocomplete(page, "id_countries", "Uzbekistan")
    choose_autocomplete(page, "id_topics", "Labour mobility")
    page.fill("#id_published_at_0", "2018-04-02")
    page.fill("#id_published_at_1", "10:00:00")
    lead = "The Government said it would consider joining IOM, during the Director General's visit."
    page.fill("#id_lead_en", lead)
    body = page.frame_locator("#cke_id_body_en iframe").locator("body")
    body.click()
    page.keyboard.type("Talks in Tashkent covered labour mobility and counter trafficking.")
    choose_autocomplete(page, "id_boilerplate", "About IOM")
    page.set_input_files("#id_image", str(photo))
    page.fill("#id_image_alt_en", "Officials at a meeting table in Tashkent")
    page.fill("#id_image_caption_en", "The Director General in Tashkent, 2 April 2018.")
    page.fill("#id_image_credit", "© IOM 2018")
    choose_autocomplete(page, "id_newsitemcontact_set-0-contact", "Mr. Sanjarbek Toshbaev")
    with page.expect_navigation():
        page.click("input[name=_save_draft]")

    assert len(saves) == 1, saves  # one save, no second try
    assert page.locator(".error-summary, .errornote").count() == 0
    screenshot(page, "admin-seed-release-saved")
    item = NewsItem.objects.get()
    assert (item.title, item.slug, item.dateline) == (
        TITLE,
        "uzbekistan-may-become-a-member-to-iom",
        "Tashkent, Uzbekistan",
    )
    assert item.lead == lead and "counter trafficking" in item.body
    assert timezone.localtime(item.published_at).date() == date(2018, 4, 2)
    assert list(item.countries.all()) == [office["uz"]]
    assert list(item.topics.all()) == [office["topic"]]
    assert item.boilerplate == office["about"]
    assert list(item.contacts.all()) == [office["contact"]]
    assert item.image and item.image_from_library is not None  # kept, and in the library
    assert item.image_alt == "Officials at a meeting table in Tashkent"
    assert item.image_caption == "The Director General in Tashkent, 2 April 2018."
    assert item.image_credit == "© IOM 2018"
    assert item.status == NewsItem.Status.DRAFT  # an Editor's: a publisher puts it online
