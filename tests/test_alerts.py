"""Press-release alerts: subscribing with double opt-in, the mails as a real SMTP
server receives them, exactly-once sending through faults, unsubscribing."""

import re
from datetime import timedelta
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime

import pytest
import reversion
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from alerts import sending
from alerts.mailings import announce_due
from alerts.models import Delivery, Mailing, Subscriber
from news.models import NewsItem

from .support import free_port, news_form, submit

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s<>\"]+")


def work():
    """What the worker does in a round (every periodic task, then the queue)."""
    call_command("run_worker", "--once")


def subscribe_directly(email, *, language="en", countries=(), topics=(), kinds=None):
    subscriber = Subscriber.objects.create(
        email=email,
        language=language,
        kinds=kinds or [NewsItem.Kind.PRESS_RELEASE],
        confirmed_at=timezone.now(),
    )
    subscriber.countries.set(countries)
    subscriber.topics.set(topics)
    return subscriber


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def parts(message):
    """(plain text, HTML) of a received multipart/alternative mail."""
    text = html = None
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode(part.get_content_charset())
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode(part.get_content_charset())
    return text, html


def links_in(text):
    return LINK.findall(text)


def link_to(text, fragment):
    (url,) = [url for url in links_in(text) if fragment in url]
    return path_of(url)


@pytest.fixture
def uz(make_country):
    return make_country("Uzbekistan", "UZ")


@pytest.fixture
def kz(make_country):
    return make_country("Kazakhstan", "KZ")


@pytest.fixture
def inquiries(make_contact):
    return make_contact(
        "Mariam Khokhar",
        emails=("mkhokhar@iom.int", "iomuzbekistan@iom.int"),
        job_title="Country Manager for Uzbekistan",
        office="IOM Central Asia",
        phone="+998 71 252 5388",
    )


# Subscribing ---------------------------------------------------------------------


class TestSubscribing:
    def form(self, **overrides):
        return {"email": "journalist@example.org", "kinds": ["press-release"], "language": "en"} | (
            overrides
        )

    def test_double_opt_in_sends_nothing_before_confirmation(self, smtp, client, make_news, uz):
        response = client.post("/alerts/", self.form(countries=["uzbekistan"]))
        assert response.status_code == 200
        assert "Check your inbox" in response.content.decode()
        assert smtp.messages == []  # nothing inside the request
        make_news("Released before confirming", countries=[uz])
        work()
        (confirmation,) = smtp.to("journalist@example.org")
        assert "confirm" in confirmation["Subject"].lower()
        body = confirmation.get_payload(decode=True).decode()
        assert "Uzbekistan" in body
        confirm = link_to(body, "/alerts/confirm/")
        assert client.get(confirm).status_code == 200  # asks; a link checker confirms nothing
        assert not Subscriber.objects.get().is_confirmed
        response = client.post(confirm)
        assert "You are subscribed" in response.content.decode()
        assert Subscriber.objects.get().is_confirmed
        work()
        assert len(smtp.to("journalist@example.org")) == 1  # the earlier release: not sent

        make_news("Released after confirming", countries=[uz])
        work()
        subjects = [m["Subject"] for m in smtp.to("journalist@example.org")]
        assert subjects[-1] == "Released after confirming"

    def test_the_answer_never_tells_whether_an_address_is_subscribed(self, smtp, client):
        subscribe_directly("known@example.org")
        known = client.post("/alerts/", self.form(email="known@example.org"))
        unknown = client.post("/alerts/", self.form(email="new@example.org"))

        def said(response):
            return response.content.decode().replace("known@", "X@").replace("new@", "X@")

        assert said(known) == said(unknown)
        work()
        (mail,) = smtp.to("known@example.org")
        assert "already" in mail["Subject"]
        assert "/alerts/preferences/" in mail.get_payload(decode=True).decode()
        assert Subscriber.objects.get(email="known@example.org").kinds == ["press-release"]

    def test_an_address_gets_at_most_three_confirmations_a_day(self, smtp, client):
        for _ in range(5):
            client.post("/alerts/", self.form(email="Someone@Example.org "))
        work()
        assert len(smtp.to("someone@example.org")) == 3
        assert Subscriber.objects.get().email == "someone@example.org"

    def test_one_network_address_is_limited(self, client, settings):
        settings.ALERTS_SUBSCRIBE_PER_HOUR = 2
        for number in range(2):
            response = client.post("/alerts/", self.form(email=f"a{number}@example.org"))
            assert response.status_code == 200
        response = client.post("/alerts/", self.form(email="a3@example.org"))
        assert response.status_code == 429
        assert "Too many requests" in response.content.decode()
        assert 'value="a3@example.org"' in response.content.decode()  # what was typed stays
        assert not Subscriber.objects.filter(email="a3@example.org").exists()

    def test_bad_input_is_answered_in_the_form(self, client):
        response = client.post("/alerts/", {"email": "not an address", "language": "xx"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Enter a valid email address." in page
        assert "Tick at least one type." in page
        assert 'value="not an address"' in page
        assert not Subscriber.objects.exists()

    def test_the_form_says_what_is_stored_and_takes_choices_from_the_link(self, client, uz):
        page = client.get("/alerts/?country=uzbekistan&type=news").content.decode()
        assert "What we keep" in page and "no tracking" in page
        assert re.search(r'value="uzbekistan"[^>]*checked', page)
        assert re.search(r'value="news"[^>]*checked', page)
        assert "no-store" in client.get("/alerts/")["Cache-Control"]  # never the page cache's

    def test_unconfirmed_requests_are_forgotten(self, client):
        client.post("/alerts/", self.form())
        # First asked eight days ago, asked again (a new link) yesterday: kept.
        days_ago = timezone.now() - timedelta(days=8)
        Subscriber.objects.update(
            created_at=days_ago, changed_at=timezone.now() - timedelta(days=1)
        )
        work()
        assert Subscriber.objects.exists()
        Subscriber.objects.update(changed_at=days_ago)  # the last link has run out too
        work()
        assert not Subscriber.objects.exists()

    def test_links_are_signed(self, client):
        subscriber = subscribe_directly("a@example.org")
        for url in (
            f"/alerts/preferences/{subscriber.pk}/",
            "/alerts/confirm/x:y/",
            "/alerts/unsubscribe/forged/",
        ):
            response = client.get(url)
            assert response.status_code == 404
            assert "This link does not work" in response.content.decode()


# The mails ------------------------------------------------------------------------


class TestTheMail:
    def test_a_release_as_received(self, smtp, client, make_news, uz, inquiries, settings):
        subscribe_directly("reporter@example.org", countries=[uz])
        item = make_news(
            "Uzbekistan hosts a regional dialogue on labour migration",
            countries=[uz],
            contacts=[inquiries],
            dateline="Tashkent, Uzbekistan",
            lead="Officials from five countries met in Tashkent.",
            published_at=timezone.now() - timedelta(minutes=1),
        )
        work()
        (mail,) = smtp.to("reporter@example.org")
        assert mail["Subject"] == item.title
        assert mail["From"] == settings.DEFAULT_FROM_EMAIL
        sent = parsedate_to_datetime(mail["Date"])
        assert abs((timezone.now() - sent).total_seconds()) < 120
        mailing = Mailing.objects.get()
        subscriber = Subscriber.objects.get()
        assert mail["Message-ID"] == f"<alert-{mailing.pk}-{subscriber.pk}@localhost>"
        assert (
            mail["List-Id"] == "IOM Central Asia releases <press-releases.iom-centralasia.example>"
        )
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = "".join(mail["List-Unsubscribe"].split())  # however it was folded
        assert re.fullmatch(r"<https?://[^>]+/alerts/unsubscribe/[^>]+/>", unsubscribe)
        assert mail.get_content_type() == "multipart/alternative"
        text, html = parts(mail)
        for part in (text, html):
            assert "Tashkent, Uzbekistan" in part
            assert "Officials from five countries met in Tashkent." in part
            assert "Mariam Khokhar" in part and "Country Manager for Uzbekistan" in part
            assert "mkhokhar@iom.int" in part and "iomuzbekistan@iom.int" in part
            assert "+998 71 252 5388" in part
        assert timezone.localtime(item.published_at).strftime("%Y") in text
        assert "<img" not in html  # no tracking pixel
        # Every link works, unrewritten.
        assert client.get(link_to(text, "/news/")).status_code == 200
        assert item.title in client.get(link_to(text, "/news/")).content.decode()
        assert client.get(link_to(text, "/alerts/preferences/")).status_code == 200
        assert client.get(link_to(text, "/alerts/unsubscribe/")).status_code == 200
        assert set(links_in(text)) <= set(re.findall(r'href="(http[^"]+)"', html))

    def test_in_the_subscribers_language_where_it_is_translated(self, smtp, make_news):
        subscribe_directly("ru@example.org", language="ru")
        subscribe_directly("kk@example.org", language="kk")
        make_news(
            "Migrants' rights in focus",
            title_ru="Права мигрантов в центре внимания",
            lead_ru="Русский лид.",
            published_at=timezone.now(),
        )
        work()
        (russian,) = smtp.to("ru@example.org")
        assert subject(russian) == "Права мигрантов в центре внимания"
        assert russian["Content-Language"] == "ru"
        text, _html = parts(russian)
        assert "Русский лид." in text and "/ru/news/" in text
        (kazakh,) = smtp.to("kk@example.org")
        assert subject(kazakh) == "Migrants' rights in focus"
        assert kazakh["Content-Language"] == "en"
        text, html = parts(kazakh)
        assert "/kk/news/" not in text  # the English page, since there is no Kazakh one
        assert "/kk/alerts/unsubscribe/" in text  # their own pages in their language
        assert 'lang="en"' in html

    def test_only_what_was_asked_for(self, smtp, make_news, uz, kz, topics):
        subscribe_directly("uz@example.org", countries=[uz])
        subscribe_directly("kz-news@example.org", countries=[kz], kinds=["news"])
        subscribe_directly("health@example.org", topics=[topics["ct"]])
        subscribe_directly("all@example.org", kinds=["press-release", "news", "story"])
        item = make_news("Kazakhstan release", countries=[kz], published_at=timezone.now())
        item.topics.set([topics["ct"]])
        make_news("Kazakhstan news", countries=[kz], kind="news", published_at=timezone.now())
        work()

        def subjects(address):
            return sorted(message["Subject"] for message in smtp.to(address))

        assert subjects("uz@example.org") == []
        assert subjects("kz-news@example.org") == ["Kazakhstan news"]
        assert subjects("health@example.org") == ["Kazakhstan release"]
        assert subjects("all@example.org") == ["Kazakhstan news", "Kazakhstan release"]

    def test_an_old_item_published_late_is_not_mailed(self, smtp, make_news):
        subscribe_directly("a@example.org")
        make_news("From the archive", published_at=timezone.now() - timedelta(days=30))
        work()
        assert smtp.messages == []


# Exactly once ---------------------------------------------------------------------


class TestExactlyOnce:
    def test_rounds_unpublishing_and_republishing_send_once(self, smtp, make_news):
        subscribe_directly("a@example.org")
        item = make_news("Once", published_at=timezone.now())
        work()
        work()
        NewsItem.objects.filter(pk=item.pk).update(status=NewsItem.Status.DRAFT)
        work()
        NewsItem.objects.filter(pk=item.pk).update(status=NewsItem.Status.PUBLISHED)
        item.save()
        work()
        assert len(smtp.to("a@example.org")) == 1

    def test_nothing_goes_for_an_item_taken_offline_before_its_mails(self, smtp, make_news):
        subscribe_directly("a@example.org")
        item = make_news("Taken back", published_at=timezone.now())
        announce_due()  # addressed...
        NewsItem.objects.filter(pk=item.pk).update(status=NewsItem.Status.DRAFT)
        sending.send_due()  # ...but offline when the worker sends
        assert smtp.messages == []
        assert Delivery.objects.get().state == Delivery.State.WITHDRAWN
        NewsItem.objects.filter(pk=item.pk).update(status=NewsItem.Status.PUBLISHED)
        work()
        work()
        assert len(smtp.to("a@example.org")) == 1  # back online: sent, once

    def test_a_scheduled_release_is_mailed_when_its_time_comes(self, smtp, make_news):
        subscribe_directly("a@example.org")
        item = make_news("Embargoed", published_at=timezone.now() + timedelta(hours=2))
        work()
        assert smtp.messages == []
        NewsItem.objects.filter(pk=item.pk).update(published_at=timezone.now())  # time comes
        work()
        assert [m["Subject"] for m in smtp.to("a@example.org")] == ["Embargoed"]

    def test_smtp_down_during_a_send_loses_nothing_and_sends_nothing_twice(
        self, smtp, make_news, settings
    ):
        for number in range(5):
            subscribe_directly(f"s{number}@example.org")
        make_news("Through an outage", published_at=timezone.now())
        port = settings.EMAIL_PORT
        settings.EMAIL_PORT = free_port()  # the server is away
        work()
        assert smtp.messages == []
        assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
        assert all(d.next_attempt_at > timezone.now() for d in Delivery.objects.all())
        settings.EMAIL_PORT = port  # back
        Delivery.objects.update(next_attempt_at=timezone.now())
        work()
        work()
        assert sorted(to[0] for to, _m in smtp.messages) == [f"s{n}@example.org" for n in range(5)]

    def test_a_worker_killed_mid_batch_and_restarted_sends_no_duplicates(
        self, smtp, make_news, monkeypatch
    ):
        for number in range(6):
            subscribe_directly(f"s{number}@example.org")
        make_news("Killed", published_at=timezone.now())
        announce_due()
        real = sending.alert_message
        sent = []

        def dies_after_three(*args, **kwargs):
            if len(sent) == 3:
                raise KeyboardInterrupt  # the process killed here
            sent.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(sending, "alert_message", dies_after_three)
        with pytest.raises(KeyboardInterrupt):
            sending.send_due()
        monkeypatch.setattr(sending, "alert_message", real)
        assert len(smtp.messages) == 3
        assert Delivery.objects.filter(state="sending").count() == 3  # claimed, not sent
        sending.send_due()  # restarted at once: the dead worker's claims still hold
        assert len(smtp.messages) == 3
        later = timezone.now() + sending.LEASE + timedelta(seconds=1)
        sending.send_due(now=later)  # once its claims ran out
        received = sorted(to[0] for to, _m in smtp.messages)
        assert received == [f"s{n}@example.org" for n in range(6)]

    def test_refused_for_now_is_tried_later_and_for_good_disables(self, smtp, make_news, settings):
        subscribe_directly("busy@example.org")
        subscribe_directly("gone@example.org")
        smtp.refusals["busy@example.org"] = "451 4.7.1 Try again later"
        smtp.refusals["gone@example.org"] = "550 5.1.1 No such user"
        for number in range(3):
            make_news(f"Release {number}", published_at=timezone.now())
        work()
        busy = Delivery.objects.filter(subscriber__email="busy@example.org")
        assert set(busy.values_list("state", flat=True)) == {"pending"}
        assert all(d.next_attempt_at > timezone.now() for d in busy)
        assert "451" in busy.first().last_error
        gone = Subscriber.objects.get(email="gone@example.org")
        assert gone.disabled_at is not None and gone.bounces == 3
        assert "No such user" in gone.disabled_reason
        assert set(gone.deliveries.values_list("state", flat=True)) == {"failed"}
        del smtp.refusals["busy@example.org"]
        busy.update(next_attempt_at=timezone.now())
        work()
        assert len(smtp.to("busy@example.org")) == 3
        assert busy.first().attempts == 2

    def test_temporary_failures_give_up_after_the_last_attempt(self, smtp, make_news, settings):
        settings.ALERTS_MAX_ATTEMPTS = 2
        subscribe_directly("busy@example.org")
        smtp.refusals["busy@example.org"] = "451 4.7.1 Try again later"
        make_news("Stubborn", published_at=timezone.now())
        work()
        Delivery.objects.update(next_attempt_at=timezone.now())
        work()
        delivery = Delivery.objects.get()
        assert delivery.state == "failed" and "Gave up after 2 attempts" in delivery.last_error

    def test_sending_is_paced(self, monkeypatch, settings, smtp, make_news):
        settings.ALERTS_MAX_PER_SECOND = 4
        clock = {"now": 1_000_000.0}
        monkeypatch.setattr(sending.time, "time", lambda: clock["now"])

        def sleep(seconds):
            clock["now"] += seconds

        monkeypatch.setattr(sending.time, "sleep", sleep)
        for number in range(10):
            subscribe_directly(f"s{number}@example.org")
        make_news("Paced", published_at=timezone.now())
        announce_due()
        sending.send_due()
        assert len(smtp.messages) == 10
        assert clock["now"] - 1_000_000.0 >= 2  # 4, 4, then 2: two windows waited for


# Unsubscribing and choices -------------------------------------------------------


class TestUnsubscribing:
    def mail(self, smtp, make_news, **subscriber):
        subscribe_directly("leaving@example.org", **subscriber)
        make_news("A release", published_at=timezone.now())
        work()
        (mail,) = smtp.to("leaving@example.org")
        return mail

    def test_one_click_as_a_mail_program_posts_it(self, smtp, make_news):
        mail = self.mail(smtp, make_news)
        url = path_of("".join(mail["List-Unsubscribe"].split()).strip("<>"))
        program = Client(enforce_csrf_checks=True)  # no cookie, no token: RFC 8058
        response = program.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
        assert "You are unsubscribed" in response.content.decode()
        assert not Subscriber.objects.exists()  # address and choices deleted
        again = program.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert again.status_code == 200  # done already: said again
        assert "You are unsubscribed" in program.get(url).content.decode()

    def test_the_link_in_the_body_asks_first(self, smtp, make_news, client):
        mail = self.mail(smtp, make_news)
        text, _html = parts(mail)
        url = link_to(text, "/alerts/unsubscribe/")
        page = client.get(url).content.decode()
        assert "leaving@example.org" in page and Subscriber.objects.exists()
        client.post(url)
        assert not Subscriber.objects.exists()

    def test_preferences_change_what_comes(self, smtp, make_news, client, uz, kz):
        mail = self.mail(smtp, make_news)
        text, _html = parts(mail)
        url = link_to(text, "/alerts/preferences/")
        response = client.post(
            url, {"countries": ["kazakhstan"], "kinds": ["news"], "language": "ru"}
        )
        assert "Saved." in response.content.decode()
        subscriber = Subscriber.objects.get()
        assert subscriber.language == "ru" and subscriber.kinds == ["news"]
        assert list(subscriber.countries.all()) == [kz]
        make_news("Uzbek news", countries=[uz], kind="news", published_at=timezone.now())
        make_news("Kazakh news", countries=[kz], kind="news", published_at=timezone.now())
        work()
        assert [m["Subject"] for m in smtp.to("leaving@example.org")][1:] == ["Kazakh news"]

    def test_bad_choices_are_answered_in_the_form(self, smtp, make_news, client):
        mail = self.mail(smtp, make_news)
        url = link_to(parts(mail)[0], "/alerts/preferences/")
        response = client.post(url, {"countries": ["atlantis"], "language": "en"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Tick at least one type." in page and "Select a valid choice" in page


# Publishers and the admin ---------------------------------------------------------


class TestStaff:
    def test_notify_subscribers_mails_published_changes(
        self, smtp, make_news, as_publisher, as_editor
    ):
        subscribe_directly("a@example.org")
        item = make_news("First words", published_at=timezone.now() - timedelta(minutes=5))
        work()
        url = f"/admin/news/newsitem/{item.pk}/change/"
        form = news_form(title="Corrected words", published_at=item.published_at)
        assert 'name="notify_subscribers"' in as_publisher.get(url).content.decode()
        assert 'name="notify_subscribers"' not in as_editor.get(url).content.decode()
        submit(as_publisher, url, form)  # changes without a tick: no mail
        work()
        assert len(smtp.to("a@example.org")) == 1
        response = submit(
            as_publisher, url, {**form, "lead": "Now with a lead.", "notify_subscribers": "1"}
        )
        assert response.status_code == 302
        work()
        subjects = [m["Subject"] for m in smtp.to("a@example.org")]
        assert subjects == ["First words", "Updated: Corrected words"]

    def test_mailing_counts_and_resending_the_failed(
        self, smtp, make_news, as_publisher, as_editor
    ):
        subscribe_directly("ok@example.org")
        subscribe_directly("bad@example.org")
        smtp.refusals["bad@example.org"] = "550 5.1.1 No such user"
        make_news("Counted", published_at=timezone.now())
        work()
        page = as_editor.get("/admin/alerts/mailing/").content.decode()
        assert "Counted" in page
        assert re.search(r'field-sent">1<.*field-waiting">0<.*field-failed">1<', page, re.S)
        assert "resend_failed" not in page  # an Editor sees, a Publisher resends
        del smtp.refusals["bad@example.org"]
        mailing = Mailing.objects.get()
        response = as_publisher.post(
            "/admin/alerts/mailing/",
            {"action": "resend_failed", "_selected_action": [mailing.pk]},
        )
        assert response.status_code == 302
        work()
        assert len(smtp.to("bad@example.org")) == 1 and len(smtp.to("ok@example.org")) == 1

    def test_subscribers_are_publishers_to_export_and_delete(self, as_publisher, as_editor, uz):
        subscriber = subscribe_directly("data@example.org", countries=[uz])
        assert as_editor.get("/admin/alerts/subscriber/").status_code == 403
        response = as_publisher.post(
            "/admin/alerts/subscriber/",
            {"action": "export_data", "_selected_action": [subscriber.pk]},
        )
        assert response["Content-Disposition"].startswith("attachment;")
        (data,) = response.json()
        assert data["email"] == "data@example.org" and data["countries"] == ["Uzbekistan"]
        assert as_publisher.get("/admin/alerts/subscriber/add/").status_code == 403
        as_publisher.post(f"/admin/alerts/subscriber/{subscriber.pk}/delete/", {"post": "yes"})
        assert not Subscriber.objects.exists()

    def test_the_dashboard_counts_subscribers_by_country_and_topic(self, as_publisher, uz, kz):
        subscribe_directly("a@example.org", countries=[uz])
        subscribe_directly("b@example.org")  # every country
        Subscriber.objects.create(email="c@example.org", kinds=["news"])  # unconfirmed
        page = as_publisher.get("/admin/").content.decode()
        assert "Subscribers to releases by e-mail" in page
        assert re.search(r"Countries</a><br><small>Kazakhstan 1 · Uzbekistan 2<", page)

    def test_a_mailing_reads_without_save_buttons(self, smtp, make_news, as_publisher):
        subscribe_directly("a@example.org")
        make_news("Read only", published_at=timezone.now())
        work()
        page = as_publisher.get(f"/admin/alerts/mailing/{Mailing.objects.get().pk}/change/")
        text = page.content.decode()
        assert "1 in all: 1 sent, 0 waiting, 0 failed" in text
        assert 'name="_save"' not in text and 'name="_continue"' not in text


class TestWhatIsNews:
    def test_a_draft_written_last_week_and_published_today_is_mailed(self, smtp, make_news):
        subscribe_directly("a@example.org")
        item = make_news(
            "Written last week",
            status=NewsItem.Status.DRAFT,
            published_at=timezone.now() - timedelta(days=7),
        )
        work()
        assert smtp.messages == []
        item.status = NewsItem.Status.PUBLISHED  # "Publish now" keeps a past date
        item.save()
        work()
        assert [subject(m) for m in smtp.to("a@example.org")] == ["Written last week"]

    def test_items_saved_quietly_are_not_announced(self, smtp, make_news):
        from kernel.announcing import quietly

        subscribe_directly("a@example.org")
        with quietly():  # an import of the archive
            make_news("Imported, from 2019", published_at=timezone.now() - timedelta(days=900))
        work()
        assert smtp.messages == []

    def test_a_release_deleted_and_recovered_is_not_mailed_again(
        self, smtp, make_news, as_publisher
    ):
        subscribe_directly("a@example.org")
        item = make_news("Going, coming back", published_at=timezone.now())
        with reversion.create_revision():
            item.save()  # a version, as an admin save keeps
        work()
        delete = as_publisher.post(f"/admin/news/newsitem/{item.pk}/delete/", {"post": "yes"})
        assert delete.status_code == 302
        assert Mailing.objects.get().item is None  # kept, by id
        deleted = Version.objects.get_deleted(NewsItem).first()
        recover = f"/admin/news/newsitem/recover/{deleted.pk}/"
        response = submit(as_publisher, recover, news_form(title="Going, coming back"))
        assert response.status_code == 302
        work()
        assert len(smtp.to("a@example.org")) == 1
        assert Mailing.objects.get().item is not None  # found again

    def test_what_was_online_before_alerts_is_not_news_when_republished(self, smtp, make_news):
        from importlib import import_module

        from django.apps import apps

        item = make_news("From 2019", published_at=timezone.now() - timedelta(days=900))
        Mailing.objects.all().delete()
        import_module("alerts.migrations.0002_announced_before_alerts").forwards(apps, None)
        subscribe_directly("a@example.org")
        NewsItem.objects.filter(pk=item.pk).update(status=NewsItem.Status.DRAFT)
        item.refresh_from_db()
        item.status = NewsItem.Status.PUBLISHED
        item.save()
        work()
        assert smtp.messages == []
        assert "From 2019" not in Client().get("/admin/alerts/mailing/").content.decode()


class TestFromTheAttackRun:
    """What an attack run on the alerts found, each fixed where it lived."""

    def form(self, **overrides):
        return {"email": "victim@example.org", "kinds": ["press-release"], "language": "en"} | (
            overrides
        )

    def test_what_the_owner_confirms_is_what_their_link_asked_for(self, smtp, client, uz, kz):
        client.post("/alerts/", self.form(countries=["uzbekistan"]))
        client.post(  # someone else, later, with other choices
            "/alerts/", self.form(countries=["kazakhstan"], kinds=["story"], language="kk")
        )
        work()
        first, _second = smtp.to("victim@example.org")
        confirm = link_to(first.get_payload(decode=True).decode(), "/alerts/confirm/")
        page = client.get(confirm).content.decode()
        (choices,) = re.findall(r'<dl class="alert-choices">.*?</dl>', page, re.S)
        assert "Uzbekistan" in choices and "Kazakhstan" not in choices  # it says what
        client.post(confirm)
        subscriber = Subscriber.objects.get()
        assert [c.slug for c in subscriber.countries.all()] == ["uzbekistan"]
        assert subscriber.kinds == ["press-release"] and subscriber.language == "en"

    @pytest.mark.parametrize(
        "email, error",
        [
            ("postmaster@[10.0.0.5]", "Enter an address with a domain name"),
            ("a@" + ".".join(["İ" * 60] * 3) + ".org", "Enter a valid email address."),
        ],
    )
    def test_addresses_the_site_must_not_write_to_are_refused(self, client, email, error):
        response = client.post("/alerts/", self.form(email=email))
        assert response.status_code == 200 and error in response.content.decode()
        assert not Subscriber.objects.exists()

    def test_notify_on_the_save_that_puts_an_item_online_sends_one_mail(
        self, smtp, make_news, as_publisher
    ):
        subscribe_directly("a@example.org")
        item = make_news("Embargoed", published_at=timezone.now() + timedelta(days=1))
        url = f"/admin/news/newsitem/{item.pk}/change/"
        form = news_form(title="Embargoed", published_at=timezone.now() - timedelta(minutes=1))
        response = submit(as_publisher, url, {**form, "notify_subscribers": "1"})
        assert response.status_code == 302
        work()
        assert [subject(m) for m in smtp.to("a@example.org")] == ["Embargoed"]

    def test_a_slow_batch_never_sends_what_another_worker_took_over(self, smtp, make_news):
        for number in range(3):
            subscribe_directly(f"s{number}@example.org")
        make_news("Slow", published_at=timezone.now())
        announce_due()
        mark, claimed = sending.claim()
        # The lease ran out before this run reached them; another worker took them.
        later = timezone.now() + sending.LEASE + timedelta(seconds=1)
        sending.send_due(now=later)
        assert len(smtp.messages) == 3
        sending.send_batch(mark, claimed)  # the slow run goes on: nothing twice
        assert len(smtp.messages) == 3

    def test_unsubscribed_or_taken_offline_during_a_batch_stops_those_mails(self, smtp, make_news):
        for number in range(2):
            subscribe_directly(f"s{number}@example.org")
        item = make_news("Midway", published_at=timezone.now())
        announce_due()
        mark, claimed = sending.claim()
        Subscriber.objects.get(email="s0@example.org").delete()  # unsubscribed meanwhile
        sending.send_batch(mark, claimed)
        assert [to for to, _m in smtp.messages] == [["s1@example.org"]]
        subscribe_directly("s2@example.org")
        from alerts.mailings import start_update

        start_update(item)
        announce_due()
        mark, claimed = sending.claim()
        NewsItem.objects.filter(pk=item.pk).update(status=NewsItem.Status.DRAFT)
        sending.send_batch(mark, claimed)
        assert len(smtp.messages) == 1

    def test_editors_see_counts_not_addresses(self, smtp, make_news, as_editor, as_publisher):
        subscribe_directly("private@example.org")
        smtp.refusals["private@example.org"] = "550 5.1.1 No such user"
        make_news("Counted", published_at=timezone.now())
        work()
        url = f"/admin/alerts/mailing/{Mailing.objects.get().pk}/change/"
        assert "private@example.org" not in as_editor.get(url).content.decode()
        assert "private@example.org" in as_publisher.get(url).content.decode()

    def test_a_multi_country_release_prefills_every_country(self, client, make_news, uz, kz,
                                                             make_contact):  # fmt: skip
        item = make_news("Both", countries=[uz, kz], contacts=[make_contact()])
        page = client.get(item.get_absolute_url()).content.decode()
        (href,) = re.findall(r'href="(/alerts/\?[^"]+)"', page)
        form = client.get(href.replace("&amp;", "&")).content.decode()
        assert re.search(r'value="uzbekistan"[^>]*checked', form)
        assert re.search(r'value="kazakhstan"[^>]*checked', form)
