"""Issue 14, done when: a journalist subscribes in a browser (on a phone), confirms
from the mail as received, changes what they get, and unsubscribes."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Subscriber
from news.models import Country, NewsItem

pytestmark = [pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+")


def link(mail, fragment):
    body = mail.get_payload(decode=True) if not mail.is_multipart() else None
    if body is None:
        body = next(
            part.get_payload(decode=True)
            for part in mail.walk()
            if part.get_content_type() == "text/plain"
        )
    (url,) = [url for url in LINK.findall(body.decode()) if fragment in url]
    return url


def test_subscribe_confirm_change_and_unsubscribe(
    live_server, new_page, smtp, settings, screenshot, axe_findings
):
    settings.SITE_URL = live_server.url
    Country.objects.create(name="Uzbekistan", slug="uzbekistan", iso_code="UZ")
    Country.objects.create(name="Kazakhstan", name_ru="Казахстан", slug="kazakhstan", iso_code="KZ")
    page = new_page(width=390, height=844, bypass_csp=True)  # a phone

    page.goto(f"{live_server.url}/news/")
    page.click("text=By e-mail")
    page.fill("input[name=email]", "Reporter@Example.org")
    page.check("label:has-text('Uzbekistan') input")
    page.check("label:has-text('News') input")
    page.check("label:has-text('Русский') input")
    assert axe_findings(page) == []
    screenshot(page, "alerts-subscribe-phone")
    page.click("button:has-text('Subscribe')")
    page.wait_for_selector("h1:has-text('Check your inbox')")

    call_command("run_worker", "--once")  # the worker sends the confirmation
    (confirmation,) = smtp.to("reporter@example.org")
    page.goto(link(confirmation, "/alerts/confirm/"))
    page.click("button:has-text('Подтвердить')")  # the pages follow the chosen language
    page.wait_for_selector("h1:has-text('Вы подписаны')")
    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed and subscriber.language == "ru"
    assert subscriber.kinds == ["press-release", "news"]
    assert [c.slug for c in subscriber.countries.all()] == ["uzbekistan"]

    NewsItem.objects.create(
        title="Uzbekistan joins a regional dialogue",
        slug="regional-dialogue",
        status=NewsItem.Status.PUBLISHED,
        published_at=timezone.now(),
    ).countries.set(Country.objects.filter(slug="uzbekistan"))
    call_command("run_worker", "--once")
    alert = smtp.to("reporter@example.org")[-1]
    assert "Uzbekistan joins a regional dialogue" in alert["Subject"]

    page.goto(link(alert, "/alerts/preferences/"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.uncheck("label:has-text('Новости') input")
    page.check("label:has-text('English') input")
    page.check("label:has-text('Казахстан') input")
    screenshot(page, "alerts-preferences-desktop")
    page.click("button:has-text('Сохранить')")
    page.wait_for_selector("[role=status]")
    subscriber.refresh_from_db()
    assert subscriber.language == "en" and subscriber.kinds == ["press-release"]
    assert sorted(c.slug for c in subscriber.countries.all()) == ["kazakhstan", "uzbekistan"]

    page.goto(link(alert, "/alerts/unsubscribe/"))
    page.click("button[name=List-Unsubscribe]")
    page.wait_for_selector("[role=status]")
    assert "reporter@example.org" in page.inner_text("[role=status]")
    assert not Subscriber.objects.exists()
