"""The admin's home: panels of what needs doing, for each role, at a fixed cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsItem

from .support import elements, news_form, submit, tomorrow

pytestmark = pytest.mark.django_db
NEWS = "/admin/news/newsitem"


def panels(response):
    """{panel id: [(the entry's title, its note)]} of the admin's home."""
    found = {}
    for section in elements(response, "section", class_="dashboard-panel"):
        found[section["attrs"]["id"]] = [
            (elements(item, "a")[0]["text"], " ".join(elements(item, "small")[0]["text"].split()))
            for item in elements(section, "li")
        ]
    return found


def submitted_draft(client, title, message="Please review."):
    data = {**news_form(status="draft", title=title, slug=title.lower().replace(" ", "-"))}
    data |= {"_submit_review": "1", "review_message": message}
    assert client.post(f"{NEWS}/add/", data).status_code == 302
    return NewsItem.objects.get(title_en=title)


def test_a_publisher_sees_what_awaits_review(as_editor, as_publisher):
    submitted_draft(as_editor, "Border management training", "Photo credit added.")
    home = as_publisher.get("/admin/")
    assert home.status_code == 200
    ((title, note),) = panels(home)["panel-review"]
    assert title == "Border management training"
    assert note.startswith("aigerim, ") and note.endswith(": “Photo credit added.”")


def test_an_editor_sees_own_drafts_draft_changes_and_what_was_sent_back(
    as_editor, as_publisher, make_news
):
    sent = submitted_draft(as_editor, "Migrant health days")
    back = {"_send_back": "1", "review_message": "Add the dateline."}
    as_publisher.post(f"{NEWS}/{sent.pk}/change/", back)
    live = make_news("Live release", slug="live-release", lead="Live lead.")
    data = news_form(title="Live release", slug="live-release", lead="Better lead.")
    assert submit(as_editor, f"{NEWS}/{live.pk}/change/", data).status_code == 302
    home = panels(as_editor.get("/admin/"))
    assert "panel-review" not in home  # an Editor does not publish
    mine = home["panel-mine"]
    titles = {title: note for title, note in mine if not note.startswith("Draft,")}
    assert titles["Migrant health days"].startswith("Sent back by dana")
    assert titles["Migrant health days"].endswith("“Add the dateline.”")
    assert titles["Live release"].startswith("Draft changes of a live item")
    assert ("Migrant health days", "Draft,") in [(t, n[:6]) for t, n in mine]
    recent = home["panel-recent"]
    assert any(t == "Migrant health days" and n.startswith("dana") for t, n in recent)


def test_scheduled_and_untranslated_releases(as_publisher, make_news):
    make_news("Tomorrow's release", slug="tomorrow", published_at=tomorrow())
    make_news("Only in English", slug="only-english")
    make_news("In every language", slug="every", title_ru="Везде", title_kk="Барлығында")
    home = panels(as_publisher.get("/admin/"))
    ((title, note),) = home["panel-scheduled"]
    assert title == "Tomorrow's release" and note.startswith("Goes online ")
    assert home["panel-untranslated"] == [("Only in English", "No Russian, Kazakh version")]


def test_the_home_costs_the_same_queries_whatever_the_data(as_editor, as_publisher, make_news):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert as_publisher.get("/admin/").status_code == 200
        return len(captured)

    def add_content(n):
        for i in range(n):
            submitted_draft(as_editor, f"Draft number {n}-{i}")
            make_news(f"Scheduled {n}-{i}", slug=f"scheduled-{n}-{i}", published_at=tomorrow())
            make_news(f"English {n}-{i}", slug=f"english-{n}-{i}")

    add_content(2)
    queries()  # the session's first admin page also reads the admin language once
    few = queries()
    add_content(12)
    assert queries() == few
