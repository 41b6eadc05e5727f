"""Issue 13, the image library in a real browser: an Editor uploads a picture once,
sets its focal point by clicking it, and chooses it for a release; the newsroom's
card shows the crop around that point."""

import pytest

from kernel.models import LibraryImage
from news.models import NewsItem

from ..support import choose_autocomplete

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_upload_once_set_the_focal_point_and_choose_it(
    live_server, new_page, staff_user, log_in, tmp_path, screenshot, axe_findings
):
    from PIL import Image

    base = live_server.url
    staff_user("aigerim", "Editor")
    photo = tmp_path / "delegates.png"
    picture = Image.new("RGB", (800, 800), (200, 0, 0))
    picture.paste((0, 0, 200), (0, 400, 800, 800))
    picture.save(photo)

    page = new_page(width=1280, bypass_csp=True)  # axe-core is injected as a script
    log_in(page, base, "aigerim")
    page.goto(f"{base}/admin/kernel/libraryimage/add/")
    page.fill("#id_title", "Delegates in Tashkent")
    page.set_input_files("#id_file", str(photo))
    page.fill("#id_alt_en", "Delegates around a table")
    page.fill("#id_credit", "© IOM 2018")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    # Click the lower part of the picture: the subject is there.
    image = page.locator(".focal-point img")
    box = image.bounding_box()
    image.click(position={"x": box["width"] / 2, "y": box["height"] * 0.85})
    assert 0.8 < float(page.input_value("#id_focal_y")) < 0.9
    assert page.locator(".focal-point__mark").is_visible()
    screenshot(page, "admin-library-image-1280")
    assert axe_findings(page, "#content-main") == []
    with page.expect_navigation():
        page.click("input[name=_save]")
    library_image = LibraryImage.objects.get()
    assert library_image.focal_point[1] > 0.8

    page.goto(f"{base}/admin/news/newsitem/add/")
    page.fill("#id_title_en", "Delegates meet in Tashkent")
    choose_autocomplete(page, "id_image_from_library", "Delegates in Tashkent")
    page.locator(".library-chooser__thumbnail").wait_for()
    with page.expect_navigation():
        page.click("input[name=_save_draft]")
    item = NewsItem.objects.get()
    assert item.image_from_library == library_image
    assert item.image_alt == "Delegates around a table"

    phone = new_page(width=375, height=800)
    log_in(phone, base, "aigerim")
    phone.goto(f"{base}/admin/kernel/libraryimage/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "admin-library-list-375")
