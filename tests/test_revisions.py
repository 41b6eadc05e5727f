"""Revisions (django-reversion), what changed, restore, recover, and edit conflicts."""

import pytest
from django.utils import timezone
from reversion.models import Version

from news.models import NewsItem

from .support import elements, news_form, page_form, submit

pytestmark = pytest.mark.django_db
ADD = "/admin/news/newsitem/add/"


@pytest.fixture
def item(editor_client):
    response = editor_client.post(ADD, news_form(lead="First lead."))
    assert response.status_code == 302
    return NewsItem.objects.get()


def change(client, item, **fields):
    item.refresh_from_db()
    data = news_form(edit_token=item.updated_at.isoformat(), **fields)
    return client.post(f"/admin/news/newsitem/{item.pk}/change/", data)


def test_every_save_keeps_a_version_with_who_and_when(editor_client, item):
    assert change(editor_client, item, lead="Second lead.").status_code == 302
    versions = Version.objects.get_for_object(item)
    assert versions.count() == 2
    assert {v.revision.user.username for v in versions} == {"editor"}
    history = editor_client.get(f"/admin/news/newsitem/{item.pk}/history/").content.decode()
    assert history.count("/changes/") == 2
    assert "Lead" in history  # the fields changed column


def test_changes_page_shows_what_changed(editor_client, item):
    change(editor_client, item, lead="Second lead.")
    latest = Version.objects.get_for_object(item).first()
    page = editor_client.get(f"/admin/news/newsitem/{item.pk}/history/{latest.pk}/changes/")
    content = page.content.decode()
    assert elements(content, "del", text="First")
    assert elements(content, "ins", text="Second")


def test_restore_an_old_version(editor_client, item, client):
    change(editor_client, item, lead="Second lead.")
    first = Version.objects.get_for_object(item).last()
    form = editor_client.get(f"/admin/news/newsitem/{item.pk}/history/{first.pk}/")
    assert form.status_code == 200
    assert "First lead." in form.content.decode()
    item.refresh_from_db()
    assert item.lead == "Second lead."  # viewing does not change anything
    response = submit(
        editor_client,
        f"/admin/news/newsitem/{item.pk}/history/{first.pk}/",
        news_form(lead="First lead."),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.lead == "First lead."
    assert Version.objects.get_for_object(item).count() == 3


def test_deleted_item_can_be_recovered(editor_client, item):
    editor_client.post(f"/admin/news/newsitem/{item.pk}/delete/", {"post": "yes"})
    assert not NewsItem.objects.exists()
    recover_list = editor_client.get("/admin/news/newsitem/recover/").content.decode()
    assert "Labour mobility forum in Tashkent" in recover_list
    deleted = Version.objects.get_deleted(NewsItem).first()
    response = submit(editor_client, f"/admin/news/newsitem/recover/{deleted.pk}/", news_form())
    assert response.status_code == 302
    assert NewsItem.objects.get().title == "Labour mobility forum in Tashkent"


@pytest.fixture
def colleague(client, django_user_model):
    """Someone else, in another browser."""
    other = django_user_model.objects.create_superuser("colleague", "c@example.org", "pw")
    client.force_login(other)
    return client


def opened(item):
    """The edit token of a form opened now."""
    item.refresh_from_db()
    return item.updated_at.isoformat()


def asked(response):
    """What a form refused for a conflict carries into the next try: its new edit
    token and (signed) which fields it asks about."""
    page = response.content.decode()
    return {
        name: elements(page, "input", name=name)[0]["attrs"]["value"]
        for name in ("edit_token", "_conflicts")
    }


def test_fields_only_the_other_person_changed_are_merged(editor_client, item, colleague):
    token = opened(item)
    assert change(colleague, item, lead="Colleague's lead.").status_code == 302
    response = editor_client.post(
        f"/admin/news/newsitem/{item.pk}/change/",
        news_form(title="My better title", lead="First lead.", edit_token=token),
        follow=True,
    )
    item.refresh_from_db()
    assert (item.title, item.lead) == ("My better title", "Colleague's lead.")
    (message,) = [str(m) for m in response.context["messages"] if "while you were" in str(m)]
    assert message.startswith("colleague saved this item while you were editing it")
    assert "Lead" in message


def test_only_fields_both_changed_are_asked_about(editor_client, item, colleague):
    token = opened(item)
    change(colleague, item, lead="Colleague's lead.", dateline="Almaty, Kazakhstan")
    url = f"/admin/news/newsitem/{item.pk}/change/"
    response = editor_client.post(
        url, news_form(lead="My careful lead.", title="My title", edit_token=token)
    )
    assert response.status_code == 200
    page = response.content.decode()
    (block,) = elements(page, "div", class_="edit-conflicts")
    assert [legend["text"] for legend in elements(block, "legend")] == ["Lead"]
    assert elements(block, "del", text="My careful") and elements(block, "ins", text="Colleague's")
    form = response.context["adminform"].form
    # What only they changed is in the form now; what only I changed is kept.
    assert form["dateline_en"].value() == "Almaty, Kazakhstan"
    assert form["title_en"].value() == "My title"
    assert form["lead_en"].value() == "My careful lead."  # nothing typed is lost
    item.refresh_from_db()
    assert item.lead == "Colleague's lead."

    # Saved again without choosing: asked again; choosing theirs keeps theirs.
    retry = news_form(
        lead="My careful lead.", title="My title", dateline="Almaty, Kazakhstan",
        **asked(response),
    )  # fmt: skip
    assert editor_client.post(url, retry).status_code == 200
    assert editor_client.post(url, {**retry, "conflict-lead_en": "theirs"}).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.lead, item.dateline) == (
        "My title",
        "Colleague's lead.",
        "Almaty, Kazakhstan",
    )


def test_keeping_mine_after_a_conflict(editor_client, item, colleague):
    token = opened(item)
    change(colleague, item, lead="Colleague's lead.")
    url = f"/admin/news/newsitem/{item.pk}/change/"
    response = editor_client.post(url, news_form(lead="My careful lead.", edit_token=token))
    retry = news_form(lead="My careful lead.", **asked(response), **{"conflict-lead_en": "mine"})
    assert editor_client.post(url, retry).status_code == 302
    item.refresh_from_db()
    assert item.lead == "My careful lead."


def test_without_a_version_of_what_was_opened_the_whole_form_is_asked_about(
    editor_client, item, colleague
):
    token = opened(item)
    change(colleague, item, lead="Colleague's lead.")
    Version.objects.all().delete()  # e.g. an item imported outside the admin
    response = editor_client.post(
        f"/admin/news/newsitem/{item.pk}/change/",
        news_form(lead="My careful lead.", edit_token=token),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else changed this item since you opened it (colleague" in content
    assert "My careful lead." in content  # nothing typed is lost
    assert f"/admin/news/newsitem/{item.pk}/history/" in content


def test_pages_are_versioned_too(editor_client, make_page):
    response = editor_client.post(
        "/admin/pages/page/add/",
        page_form(body="<p>v1</p>"),
    )
    assert response.status_code == 302
    from pages.models import Page

    assert Version.objects.get_for_object(Page.objects.get()).count() == 1


def test_history_of_an_item_made_outside_the_admin(editor_client, make_news, make_page):
    """Demo content and imports have no versions yet: the history page still opens."""
    item, page = make_news(), make_page()
    assert editor_client.get(f"/admin/news/newsitem/{item.pk}/history/").status_code == 200
    assert editor_client.get(f"/admin/pages/page/{page.pk}/history/").status_code == 200


def test_history_names_the_language_of_each_field(editor_client, item):
    url = f"/admin/news/newsitem/{item.pk}/change/"
    data = news_form(title=item.title_en, slug=item.slug_en, title_ru="Заголовок",
                     slug_ru="zagolovok")  # fmt: skip
    data["edit_token"] = editor_client.get(url).context["adminform"].form["edit_token"].value()
    assert editor_client.post(url, data).status_code == 302
    content = editor_client.get(f"/admin/news/newsitem/{item.pk}/history/").content.decode()
    assert "Title (Russian)" in content and "[ru]" not in content


def test_viewing_an_old_version_leaves_signals_on_for_everyone(editor_client, item, monkeypatch):
    """Viewing a version must not switch off save signals for the whole process: in a
    threaded server, other people's saves would lose their history and their cache
    invalidation meanwhile."""
    from django.db.models.signals import post_save

    from kernel.admin import revisions

    change(editor_client, item, lead="Second lead.")
    first = Version.objects.get_for_object(item).last()
    seen = {}
    real_revert = revisions.revert_object

    def revert_and_look(version):
        real_revert(version)
        seen["receivers"] = len(post_save.receivers)

    monkeypatch.setattr(revisions, "revert_object", revert_and_look)
    before = len(post_save.receivers)
    assert (
        editor_client.get(f"/admin/news/newsitem/{item.pk}/history/{first.pk}/").status_code == 200
    )
    assert seen["receivers"] == before


@pytest.mark.parametrize("object_id", ["abc", "1.0", "%ff", "1%2F2"])
def test_changes_page_of_a_malformed_address_is_404(editor_client, item, object_id):
    version = Version.objects.get_for_object(item).first()
    url = f"/admin/news/newsitem/{object_id}/history/{version.pk}/changes/"
    assert editor_client.get(url).status_code == 404


def test_copies_made_together_do_not_claim_each_others_original(editor_client, make_news):
    """A list action saves every copy in one revision: its history comment must be
    true of each of them (the admin log names each one's original)."""
    from django.contrib.admin.models import LogEntry

    first, second = make_news(slug="first"), make_news(slug="second")
    editor_client.post(
        "/admin/news/newsitem/",
        {"action": "duplicate_as_draft", "_selected_action": [first.pk, second.pk]},
    )
    for original in (first, second):
        copy = NewsItem.objects.get(slug=f"{original.slug}-copy")
        history = editor_client.get(f"/admin/news/newsitem/{copy.pk}/history/").content.decode()
        other = second if original == first else first
        assert f"Duplicated from #{other.pk}" not in history
        entry = LogEntry.objects.get(object_id=str(copy.pk))
        assert entry.get_change_message() == f"Duplicated from #{original.pk}"


def test_viewing_an_old_version_starts_no_new_content_generation(editor_client, item):
    """Viewing writes the version only to roll it back: it takes no lock on the
    content generation for other saves or readers to wait for."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    change(editor_client, item, lead="Second lead.")
    first = Version.objects.get_for_object(item).last()
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(f"/admin/news/newsitem/{item.pk}/history/{first.pk}/")
    assert response.status_code == 200
    assert not [q for q in queries if "contentgeneration" in q["sql"].lower()]


@pytest.mark.parametrize(
    "body",
    [
        "<p>Body of the release.</p>\r\n",  # as the rich-text editor sends it back
        "<p>Body of the release.</p><script>alert('x')</script>",  # sanitised the same
        "<p>\r\n\tBody of the release.</p>",
    ],
)
def test_history_names_only_the_fields_that_changed(editor_client, item, body):
    from django.contrib.admin.models import LogEntry

    shown = timezone.localtime(item.published_at)  # as the form shows it
    when = {
        f"{prefix}published_at_{part}": f"{shown:{shape}}"
        for prefix in ("", "initial-")
        for part, shape in enumerate(("%Y-%m-%d", "%H:%M:%S"))
    }
    assert change(editor_client, item, lead="Second lead.", body=body, **when).status_code == 302
    entry = LogEntry.objects.filter(object_id=str(item.pk)).latest("action_time")
    assert entry.get_change_message() == "Changed Lead."


def test_a_version_says_what_saving_it_does_to_each_reader(
    editor_client, item, as_editor, django_user_model
):
    """The words above an old version match the buttons below it."""
    from django.contrib.auth.models import Permission

    change(editor_client, item, lead="Second lead.", status="published")
    item.refresh_from_db()
    first = Version.objects.get_for_object(item).last()
    url = f"/admin/news/newsitem/{item.pk}/history/{first.pk}/"

    def note(client):
        (paragraph,) = elements(client.get(url).content.decode(), "p", class_="restore-note")
        return paragraph["text"]

    assert "make it the current one" in note(editor_client)  # may publish
    assert "propose it as draft changes" in note(as_editor)  # item is live
    reader = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_newsitem"))
    as_reader = type(editor_client)()
    as_reader.force_login(reader)
    assert "not restore it" in note(as_reader)
    assert "Press the save button" not in as_reader.get(url).content.decode()
