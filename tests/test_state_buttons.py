"""Buttons that say what a save does to an item's state, and messages that say
what the public sees afterwards."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import NewsItem

from .support import elements, news_form, submit

pytestmark = pytest.mark.django_db
NEWS = "/admin/news/newsitem"


def buttons(response):
    return [b["attrs"]["value"] for b in elements(response, "input", type="submit")]


def said(client, response):
    page = client.get(response["Location"])
    return " ".join(m["text"].strip() for m in elements(page, "li", class_="success"))


def test_each_role_sees_only_the_buttons_it_may_use(as_editor, as_publisher):
    editor = buttons(as_editor.get(f"{NEWS}/add/"))
    assert "Save draft" in editor and "Publish now" not in editor
    publisher = buttons(as_publisher.get(f"{NEWS}/add/"))
    assert {"Save draft", "Publish now", "Schedule for the publication time"} <= set(publisher)


def test_publish_now_save_draft_and_the_message_of_each(as_publisher, client):
    later = timezone.localtime(timezone.now() + timedelta(days=3))
    data = news_form(status="draft", published_at_0=later.strftime("%Y-%m-%d"))
    response = as_publisher.post(f"{NEWS}/add/", {**data, "_publish_now": "1"})
    item = NewsItem.objects.get()
    assert item.is_published() and item.published_at <= timezone.now()
    assert f"Online now at {item.get_absolute_url()}." in said(as_publisher, response)
    assert client.get(item.get_absolute_url()).status_code == 200
    url = f"{NEWS}/{item.pk}/change/"
    response = submit(as_publisher, url, {**news_form(status="published"), "_unpublish": "1"})
    item.refresh_from_db()
    assert item.status == "draft" and "Draft saved: not public." in said(as_publisher, response)


def test_schedule_needs_a_future_time(as_publisher):
    past = news_form(status="draft", published_at_0="2020-01-01")
    response = as_publisher.post(f"{NEWS}/add/", {**past, "_schedule": "1"})
    assert response.status_code == 200
    assert "published_at" in response.context["adminform"].form.errors
    later = timezone.localtime(timezone.now() + timedelta(days=2))
    future = news_form(status="draft", published_at_0=later.strftime("%Y-%m-%d"))
    response = as_publisher.post(f"{NEWS}/add/", {**future, "_schedule": "1"})
    item = NewsItem.objects.get()
    assert item.is_scheduled()
    assert "Scheduled: goes online" in said(as_publisher, response)


def test_an_editor_s_publish_button_is_ignored(as_editor):
    as_editor.post(f"{NEWS}/add/", {**news_form(status="draft"), "_publish_now": "1"})
    assert NewsItem.objects.get().status == "draft"
