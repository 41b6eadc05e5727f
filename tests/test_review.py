"""Review: an Editor hands a draft, or draft changes of a live item, to the
Publishers; a Publisher publishes it or sends it back with a comment; the thread
stays with the item."""

import pytest

from kernel.models import DraftChange, ReviewEvent
from news.models import NewsItem

from .support import elements, news_form, submit

pytestmark = pytest.mark.django_db
NEWS = "/admin/news/newsitem"


def change_url(item):
    return f"{NEWS}/{item.pk}/change/"


def thread(response):
    (box,) = elements(response, "div", class_="review-thread")
    return [" ".join(step["text"].split()) for step in elements(box, "li")]


def listed(response):
    """The titles in a change list's rows."""
    return [cell["text"] for cell in elements(response, "th", class_="field-title")]


def new_draft(client, **fields):
    """An Editor's new release, submitted for review with a message."""
    data = {**news_form(status="draft", **fields), "_submit_review": "1"}
    data["review_message"] = "Ready; please check the dateline."
    assert client.post(f"{NEWS}/add/", data).status_code == 302
    return NewsItem.objects.get()


class TestSubmitting:
    def test_a_new_draft_is_submitted_with_a_message(self, as_editor, as_publisher):
        item = new_draft(as_editor)
        assert item.status == NewsItem.Status.DRAFT
        (step,) = ReviewEvent.objects.for_object(item)
        assert step.action == "submitted" and step.user.username == "aigerim"
        assert step.message == "Ready; please check the dateline."
        form = as_publisher.get(change_url(item))
        assert thread(form)[0].startswith("Submitted for review by aigerim")
        assert (
            "“Ready; please check the dateline.”" in thread(form)[0] or "Ready" in thread(form)[0]
        )
        assert elements(form, "input", name="_send_back", value="Send back")
        listing = as_publisher.get(f"{NEWS}/?review=submitted")
        assert elements(listing, "strong", text="In review")
        assert listed(listing) == [item.title]

    def test_draft_changes_of_a_live_item_are_submitted_too(self, as_editor, make_news, client):
        live = make_news("Labour mobility forum", slug="forum", lead="Live lead.")
        data = {
            **news_form(title=live.title, slug="forum", lead="Fixed lead."),
            "_submit_review": "1",
            "review_message": "Typo in the lead.",
        }
        assert submit(as_editor, change_url(live), data).status_code == 302
        assert DraftChange.objects.for_object(live).exists()
        assert ReviewEvent.objects.for_object(live).get().action == "submitted"
        assert "Live lead." in client.get(live.get_absolute_url()).content.decode()
        form = as_editor.get(change_url(live))
        assert not elements(form, "input", name="_submit_review")  # already in review
        assert not elements(form, "input", name="_send_back")  # a Publisher's step


class TestAPublisherDecides:
    def test_publishing_ends_the_review(self, as_editor, as_publisher, client):
        item = new_draft(as_editor)
        data = news_form(status="published", published_at_0="2024-05-02")
        assert submit(as_publisher, change_url(item), data).status_code == 302
        actions = list(ReviewEvent.objects.for_object(item).values_list("action", flat=True))
        assert actions == ["submitted", "published"]
        assert client.get(NewsItem.objects.get().get_absolute_url()).status_code == 200
        assert listed(as_publisher.get(f"{NEWS}/?review=submitted")) == []

    def test_publishing_from_the_list_ends_the_review_too(self, as_editor, as_publisher):
        item = new_draft(as_editor)
        as_publisher.post(f"{NEWS}/", {"action": "publish_selected", "_selected_action": [item.pk]})
        assert ReviewEvent.objects.for_object(item).last().action == "published"

    def test_sending_back_with_a_comment(self, as_editor, as_publisher):
        item = new_draft(as_editor)
        back = {"_send_back": "1", "review_message": "The dateline is missing the country."}
        response = as_publisher.post(change_url(item), back)
        assert response.status_code == 302
        step = ReviewEvent.objects.for_object(item).last()
        assert step.action == "sent_back" and step.user.username == "dana"
        form = as_editor.get(change_url(item))
        assert thread(form)[-1].startswith("Sent back by dana")
        assert "The dateline is missing the country." in thread(form)[-1]
        assert elements(form, "input", name="_submit_review")  # the author can resubmit
        history = as_editor.get(f"{NEWS}/{item.pk}/history/")
        (steps,) = elements(history, "ol", class_="review-steps")
        assert len(elements(steps, "li")) == 2

    def test_sending_back_needs_a_comment_and_a_publisher(self, as_editor, as_publisher):
        item = new_draft(as_editor)
        as_publisher.post(change_url(item), {"_send_back": "1", "review_message": " "})
        assert ReviewEvent.objects.for_object(item).last().action == "submitted"
        back = {"_send_back": "1", "review_message": "Self-approved."}
        assert as_editor.post(change_url(item), back).status_code == 403
        assert ReviewEvent.objects.for_object(item).count() == 1

    def test_a_form_error_keeps_the_message_typed(self, as_editor):
        data = {**news_form(status="draft", title=""), "_submit_review": "1"}
        data["review_message"] = "Please look at the photo."
        response = as_editor.post(f"{NEWS}/add/", data)
        assert response.status_code == 200
        (box,) = elements(response, "textarea", name="review_message")
        assert box["text"] == "Please look at the photo."
        assert not ReviewEvent.objects.exists()
