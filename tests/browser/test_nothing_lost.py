"""Issue 13 in a real browser: a photo chosen before a refused save is kept and
saved with the corrected form; the address error says which item has it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import NewsItem

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_the_photo_survives_an_address_clash(
    live_server, new_page, staff_user, tmp_path, log_in, screenshot
):
    from PIL import Image

    base = live_server.url
    staff_user("aigerim", "Editor")
    NewsItem.objects.create(
        title="An earlier release",
        slug="uzbekistan-may-become-a-member-to-iom",
        status=NewsItem.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )
    photo = tmp_path / "tashkent.jpg"
    Image.new("RGB", (1200, 800), (0, 51, 160)).save(photo)

    page = new_page(width=375, height=800)
    log_in(page, base, "aigerim")
    page.goto(f"{base}/admin/news/newsitem/add/")
    page.locator("#id_title_en").press_sequentially("Uzbekistan may become a member to IOM")
    page.set_input_files("#id_image", str(photo))
    page.fill("#id_image_alt_en", "Talks in Tashkent")
    page.fill("#id_image_credit", "© IOM 2018")
    with page.expect_navigation():
        page.click("input[name=_save_draft]")
    summary = page.locator(".error-summary").inner_text()
    assert "Web address (English): another news item has it already" in summary
    assert "is free" in summary
    assert "tashkent.jpg" in page.locator(".kept-upload").inner_text()
    screenshot(page, "admin-kept-upload-phone")
    page.click(".error-summary a[href='#id_slug_en']")
    page.fill("#id_slug_en", "uzbekistan-may-become-a-member-to-iom-2")
    with page.expect_navigation():
        page.click("input[name=_save_draft]")
    assert page.locator(".messagelist .success").count() == 1
    item = NewsItem.objects.get(slug_en="uzbekistan-may-become-a-member-to-iom-2")
    assert item.image and item.image_alt == "Talks in Tashkent"
    assert item.image_credit == "© IOM 2018"
