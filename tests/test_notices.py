"""Review notices by e-mail: queued with the step they tell of, sent by the worker
to a real SMTP server, retried while the server is down, never sent twice."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kernel.models import Notice, StaffPreference
from kernel.notices import _claim, send_due
from news.models import NewsItem

from .support import Inbox, elements, free_port, news_form, submit, tomorrow

pytestmark = pytest.mark.django_db
NEWS = "/admin/news/newsitem"


@pytest.fixture
def staff(make_staff):
    users = {}
    for role, name in (("Editor", "aigerim"), ("Publisher", "dana"), ("Publisher", "timur")):
        user = make_staff(role, name)
        user.email = f"{name}@example.org"
        user.save()
        users[name] = user
    return users


def browser(client, user):
    client.force_login(user)
    return client


def submitted(client, **fields):
    data = {**news_form(status="draft", **fields), "_submit_review": "1"}
    data["review_message"] = "Ready for the morning."
    assert client.post(f"{NEWS}/add/", data).status_code == 302
    return NewsItem.objects.get()


def received(inbox):
    return {(tuple(to), message["Subject"]): message for to, message in inbox.messages}


def test_publishers_are_told_of_a_submission_once_the_worker_runs(smtp, staff, client):
    item = submitted(browser(client, staff["aigerim"]))
    assert smtp.messages == []  # nothing is sent inside the request
    assert Notice.objects.count() == 2  # dana and timur, not the author
    call_command("run_worker", "--once")
    mails = received(smtp)
    subject = f"[IOM Central Asia] In review: {item.title}"
    assert set(mails) == {(("dana@example.org",), subject), (("timur@example.org",), subject)}
    body = mails[(("dana@example.org",), subject)].get_payload(decode=True).decode()
    assert "aigerim submitted" in body and "Ready for the morning." in body
    assert f"http://testserver{NEWS}/{item.pk}/change/" in body
    assert mails[(("dana@example.org",), subject)]["Message-ID"].startswith("<notice-")
    call_command("run_worker", "--once")
    assert len(smtp.messages) == 2  # never twice


def test_the_author_hears_of_sent_back_scheduled_and_published(smtp, staff, client):
    editor, publisher = browser(client, staff["aigerim"]), browser(Client(), staff["dana"])
    item = submitted(editor)
    back = {"_send_back": "1", "review_message": "Add the dateline."}
    publisher.post(f"{NEWS}/{item.pk}/change/", back)
    editor.post(
        f"{NEWS}/{item.pk}/change/",
        {
            **news_form(status="draft", edit_token=item.updated_at.isoformat()),
            "_submit_review": "1",
        },
    )
    later = tomorrow()
    data = news_form(
        status="published",
        published_at_0=timezone.localtime(later).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(later).strftime("%H:%M:%S"),
    )
    assert submit(publisher, f"{NEWS}/{item.pk}/change/", data).status_code == 302
    call_command("run_worker", "--once")
    to_author = {subject for to, subject in received(smtp) if to == ("aigerim@example.org",)}
    assert to_author == {
        f"[IOM Central Asia] Sent back: {item.title}",
        f"[IOM Central Asia] Scheduled: {item.title}",
    }
    sent_back = received(smtp)[
        (("aigerim@example.org",), f"[IOM Central Asia] Sent back: {item.title}")
    ]
    assert "Add the dateline." in sent_back.get_payload(decode=True).decode()


def test_a_mail_server_that_is_down_delays_notices_and_loses_none(settings, staff, client):
    submitted(browser(client, staff["aigerim"]))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    assert send_due() == (0, 2)
    waiting = list(Notice.objects.all())
    assert all(n.sent_at is None and n.last_error and n.attempts == 1 for n in waiting)
    assert all(n.send_after > timezone.now() for n in waiting)  # tried again later
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_PORT = controller.port
        assert send_due() == (0, 0)  # not due yet
        assert send_due(now=timezone.now() + timedelta(minutes=5)) == (2, 0)
        assert send_due(now=timezone.now() + timedelta(hours=5)) == (0, 0)
    finally:
        controller.stop()
    assert len(inbox.messages) == 2


def test_two_workers_never_take_the_same_notice(staff, client):
    submitted(browser(client, staff["aigerim"]))
    notice = Notice.objects.first()
    now = timezone.now()
    assert _claim(notice, now) is True
    assert _claim(notice, now) is False  # the second worker read it before the first took it


def test_staff_can_switch_notices_off(staff, client):
    StaffPreference.objects.create(user=staff["timur"], review_notices=False)
    submitted(browser(client, staff["aigerim"]))
    assert list(Notice.objects.values_list("to", flat=True)) == ["dana@example.org"]


def test_a_save_that_fails_queues_nothing(staff, client):
    data = {**news_form(status="draft", title=""), "_submit_review": "1"}
    assert browser(client, staff["aigerim"]).post(f"{NEWS}/add/", data).status_code == 200
    assert not Notice.objects.exists()


def test_each_staff_member_sets_their_own_notices(staff, client):
    browser(client, staff["timur"])
    page = client.get("/admin/")
    assert any(a["attrs"]["href"] == "/admin/settings/" for a in elements(page, "a"))
    form = client.get("/admin/settings/")
    assert "timur@example.org" in form.content.decode()
    assert elements(form, "input", name="review_notices", checked="")
    unticked = {"admin_language": "en"}  # an unticked box posts nothing
    assert client.post("/admin/settings/", unticked).status_code == 302
    assert StaffPreference.objects.get(user=staff["timur"]).review_notices is False
    submitted(browser(Client(), staff["aigerim"]))
    assert list(Notice.objects.values_list("to", flat=True)) == ["dana@example.org"]
    assert Client().get("/admin/settings/").status_code == 302  # to the log-in page
