"""Issue 13 (6) in a real browser: two people on one release see each other, and
their saves are merged field by field; only a field both changed is asked about."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import NewsItem

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_two_people_edit_one_release(
    live_server, new_page, staff_user, log_in, screenshot, axe_findings
):
    base = live_server.url
    staff_user("dana", "Publisher")
    staff_user("timur", "Publisher")
    item = NewsItem.objects.create(
        title="Labour mobility forum",
        slug="labour-mobility-forum",
        dateline="Tashkent, Uzbekistan",
        lead="Partners met.",
        status=NewsItem.Status.DRAFT,
        published_at=timezone.now() - timedelta(days=1),
    )
    url = f"{base}/admin/news/newsitem/{item.pk}/change/"
    # Timur's browser runs axe-core (an injected script) on what this issue adds.
    dana, timur = new_page(), new_page(width=375, height=800, bypass_csp=True)
    log_in(dana, base, "dana")
    log_in(timur, base, "timur")
    dana.goto(url)
    timur.goto(url)
    assert timur.locator("#presence").inner_text().startswith("dana has it open too")

    # Different fields: the second save keeps the first one's change.
    dana.fill("#id_lead_en", "Partners from five countries met.")
    with dana.expect_navigation():
        dana.click("input[name=_save_draft]")
    timur.fill("#id_dateline_en", "Almaty, Kazakhstan")
    with timur.expect_navigation():
        timur.click("input[name=_save_draft]")
    messages = timur.locator(".messagelist").inner_text().lower()
    assert "dana saved this item while you were editing it" in messages
    item.refresh_from_db()
    assert (item.lead, item.dateline) == ("Partners from five countries met.", "Almaty, Kazakhstan")

    # The same field: asked about that field only, with the other's words marked.
    dana.goto(url)
    timur.goto(url)
    dana.fill("#id_title_en", "Labour mobility forum in Tashkent")
    dana.fill("#id_lead_en", "Dana's lead.")
    with dana.expect_navigation():
        dana.click("input[name=_save_draft]")
    timur.fill("#id_lead_en", "Timur's lead.")
    with timur.expect_navigation():
        timur.click("input[name=_save_draft]")
    conflicts = timur.locator(".edit-conflicts")
    assert conflicts.locator("legend").all_inner_texts() == ["Lead"]
    assert timur.input_value("#id_title_en") == "Labour mobility forum in Tashkent"
    assert timur.input_value("#id_lead_en") == "Timur's lead."
    screenshot(timur, "admin-edit-conflict-375")
    assert axe_findings(timur, ".edit-conflicts, #presence") == []
    conflicts.locator("input[value=theirs]").check()
    with timur.expect_navigation():
        timur.click("input[name=_save_draft]")
    item.refresh_from_db()
    assert (item.title, item.lead) == ("Labour mobility forum in Tashkent", "Dana's lead.")
