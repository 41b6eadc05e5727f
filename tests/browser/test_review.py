"""The review hand-off in a real browser, as the two roles: draft changes of a live
release (a typo fix, a Russian version), the comparison, the mails, sending back,
scheduled changes, a media contact's change."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, ContactEmail
from kernel.notices import send_due
from kernel.scheduling import publish_due_drafts
from news.models import NewsItem

pytestmark = [pytest.mark.django_db(transaction=True)]


def press(page, selector):
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


@pytest.fixture
def team(staff_user):
    people = {}
    for name, role in (("aigerim", "Editor"), ("dana", "Publisher")):
        people[name] = staff_user(name, role)
        people[name].email = f"{name}@example.org"
        people[name].save()
    return people


@pytest.fixture
def live_release(db):
    return NewsItem.objects.create(
        title="Uzbekistan may become a member to IOM",
        slug="uzbekistan-may-become-a-member-to-iom",
        dateline="Tashkent, Uzbekistan",
        lead="The Government said it is redy to consider joining IOM.",
        status=NewsItem.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )


def test_a_typo_fix_and_a_russian_version_wait_for_the_publisher(
    live_server, new_page, team, live_release, smtp, log_in, screenshot
):
    base, public = live_server.url, live_server.url + live_release.get_absolute_url()
    editor = new_page()
    log_in(editor, base, "aigerim")
    editor.goto(f"{base}/admin/news/newsitem/{live_release.pk}/change/")
    editor.fill("#id_lead_en", "The Government said it is ready to consider joining IOM.")
    editor.click("summary:has-text('Russian — not translated yet')")  # unfolds it
    editor.fill("#id_title_ru", "Узбекистан может стать членом МОМ")
    editor.fill("#id_review_message", "Typo in the lead, and the Russian version.")
    press(editor, "input[name=_submit_review]")
    assert "Draft changes saved: not public." in editor.content()
    assert "In review" in editor.locator(".review-thread").inner_text()
    screenshot(editor, "review-editor-submitted")

    visitor = new_page(width=375, height=800)
    visitor.goto(public)
    assert "redy" in visitor.content()
    assert visitor.goto(f"{base}/ru/news/uzbekistan-may-become-a-member-to-iom/").status == 200
    assert "Узбекистан может" not in visitor.content()

    assert send_due() == (1, 0)
    (subject,) = smtp.subjects_to("dana@example.org")
    assert subject.endswith("In review: Uzbekistan may become a member to IOM")

    publisher = new_page()
    log_in(publisher, base, "dana")
    publisher.click("#panel-review a")  # from the admin's home
    publisher.click("text=See what they change")
    lead = publisher.locator(".diff tr", has=publisher.locator("th", has_text="Lead"))
    assert lead.locator("del").inner_text() == "redy"
    assert lead.locator("ins").inner_text() == "ready"
    assert publisher.locator(".diff th:has-text('Title (Russian)')").count() == 1
    screenshot(publisher, "review-publisher-diff")
    publisher.go_back()
    press(publisher, "input[value='Publish changes']")
    visitor.goto(public)
    assert "is ready to consider" in visitor.content()
    visitor.goto(f"{base}/ru/news/uzbekistan-may-become-a-member-to-iom/")
    assert visitor.locator("h1").inner_text() == "Узбекистан может стать членом МОМ"
    send_due()
    assert any(
        s.endswith("Online now: Uzbekistan may become a member to IOM")
        for s in smtp.subjects_to("aigerim@example.org")
    )


def test_sent_back_then_scheduled_and_a_contact_change(
    live_server, new_page, team, live_release, smtp, log_in
):
    base = live_server.url
    contact = Contact.objects.create(
        name="Ms. Dana Seitkali", slug="dana-seitkali", office="IOM Kazakhstan", is_active=True
    )
    ContactEmail.objects.create(contact=contact, email="media.kz@example.org")
    editor = new_page(width=375, height=800)  # an Editor on a phone
    log_in(editor, base, "aigerim")
    editor.goto(f"{base}/admin/news/newsitem/{live_release.pk}/change/")
    editor.fill("#id_lead_en", "A lead the publisher will not like.")
    press(editor, "input[name=_submit_review]")

    publisher = new_page()
    log_in(publisher, base, "dana")
    publisher.goto(f"{base}/admin/news/newsitem/{live_release.pk}/change/")
    publisher.fill("#id_review_message", "Please quote the minister instead.")
    press(publisher, "input[name=_send_back]")
    assert "Sent back with your comment." in publisher.content()

    editor.goto(f"{base}/admin/")
    mine = editor.locator("#panel-mine").inner_text()
    assert "Sent back by dana" in mine and "Please quote the minister instead." in mine
    send_due()
    assert any("Sent back:" in s for s in smtp.subjects_to("aigerim@example.org"))

    # The editor reworks it; the publisher schedules the changes for a time.
    editor.click("#panel-mine a")
    editor.fill("#id_lead_en", "The minister welcomed the visit.")
    press(editor, "input[name=_submit_review]")
    publisher.goto(f"{base}/admin/news/newsitem/{live_release.pk}/change/")
    when = timezone.localtime(timezone.now() + timedelta(hours=3))
    publisher.fill("#id_draft_publish_at", when.strftime("%Y-%m-%dT%H:%M"))
    press(publisher, "input[name=_schedule_draft]")
    assert "Scheduled: the changes go online" in publisher.content()
    visitor = new_page()
    visitor.goto(base + live_release.get_absolute_url())
    assert "The minister welcomed" not in visitor.content()
    assert publish_due_drafts(now=timezone.now() + timedelta(hours=4)) == 1
    visitor.reload()
    assert "The minister welcomed the visit." in visitor.content()

    # A contact's change waits for the publisher too.
    editor.goto(f"{base}/admin/contacts/contact/{contact.pk}/change/")
    editor.fill("#id_job_title_en", "Public Information Officer")
    press(editor, "input[name=_submit_review]")
    visitor.goto(f"{base}/contacts/")
    assert "Public Information Officer" not in visitor.content()
    publisher.goto(f"{base}/admin/contacts/contact/{contact.pk}/change/")
    press(publisher, "input[value='Publish changes']")
    visitor.goto(f"{base}/contacts/")
    assert "Public Information Officer" in visitor.content()
