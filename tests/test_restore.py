"""Restoring and recovering versions follows the same rules as a normal save.

An attack run found that the revision URLs of one model restored items of another,
that a redirect (no save at all) was taken as a successful restore, that an Editor
could unpublish a live item by restoring an old draft version, and that restoring
one item from a list action's revision rolled back every item of that action.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from reversion.models import Version

from contacts.models import Contact
from kernel.models import DraftChange
from news.models import NewsItem
from pages.models import Page

from .support import contact_form, elements, news_form, page_form, submit

pytestmark = pytest.mark.django_db
NEWS = "/admin/news/newsitem"


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def publisher(make_staff):
    return login(make_staff("Publisher", "dana"))


@pytest.fixture
def editor(make_staff):
    return login(make_staff("Editor", "aigerim"))


def csrf_only():
    return {"csrfmiddlewaretoken": "x"}


def save(client, item, **fields):
    item.refresh_from_db()
    data = news_form(edit_token=item.updated_at.isoformat(), slug=item.slug, **fields)
    response = client.post(f"{NEWS}/{item.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def live_item(publisher):
    """A published release saved twice by a Publisher: a draft version, then live."""
    assert publisher.post(f"{NEWS}/add/", news_form(status="draft", lead="Old lead.")).status_code
    item = NewsItem.objects.get()
    save(publisher, item, status="published", lead="Live lead.")
    item.refresh_from_db()
    assert item.is_published()
    return item


def versions(item):
    return list(Version.objects.get_for_object(item).order_by("pk"))


def restore_news(client, item, version, **typed):
    """Restore ``version`` of the release ``item`` from its history: the form as the
    editor submits it (at the item's slug unless ``typed`` says otherwise), then the
    item as it is stored afterwards."""
    data = news_form(**{"slug": item.slug, **typed})
    response = submit(client, f"{NEWS}/{item.pk}/history/{version.pk}/", data)
    item.refresh_from_db()
    return response


class TestAnotherModelsUrls:
    def test_pages_recover_url_does_not_bring_back_a_deleted_news_item(
        self, publisher, editor, live_item
    ):
        publisher.post(f"{NEWS}/{live_item.pk}/delete/", {"post": "yes"})
        deleted = Version.objects.get_deleted(NewsItem).first()
        for client in (editor, publisher):
            response = submit(client, f"/admin/pages/page/recover/{deleted.pk}/", csrf_only())
            assert response.status_code == 404
            assert client.get(f"/admin/pages/page/recover/{deleted.pk}/").status_code == 404
        assert not NewsItem.objects.exists()

    def test_pages_history_url_does_not_roll_back_a_news_item(self, editor, live_item):
        old = versions(live_item)[0]
        url = f"/admin/pages/page/{live_item.pk}/history/{old.pk}/"
        assert submit(editor, url, page_form()).status_code == 404
        assert editor.get(url).status_code == 404
        live_item.refresh_from_db()
        assert live_item.lead == "Live lead." and live_item.is_published()

    def test_a_restore_that_does_not_save_changes_nothing(self, publisher, live_item):
        """Only a successful save of the form keeps the restored version."""
        old = versions(live_item)[0]
        response = submit(publisher, f"{NEWS}/{live_item.pk}/history/{old.pk}/", csrf_only())
        assert response.status_code == 200  # the form, with its errors
        live_item.refresh_from_db()
        assert live_item.lead == "Live lead." and live_item.is_published()


class TestSameRulesAsASave:
    def test_an_editor_s_restore_over_a_live_item_is_a_draft(self, editor, live_item, client):
        old = versions(live_item)[0]
        response = restore_news(editor, live_item, old, lead=old.field_dict["lead"])
        assert response.status_code == 302
        assert response["Location"] == f"{NEWS}/{live_item.pk}/change/"
        assert live_item.is_published() and live_item.lead == "Live lead."
        assert "Live lead." in client.get(live_item.get_absolute_url()).content.decode()
        (draft,) = DraftChange.objects.for_object(live_item)
        assert draft.version.field_dict["lead"] == old.field_dict["lead"] != "Live lead."
        assert draft.version.field_dict["status"] == "published"  # never the live state

    def test_editor_recovers_a_deleted_live_item_only_as_a_draft(
        self, publisher, editor, live_item, client
    ):
        url = live_item.get_absolute_url()
        publisher.post(f"{NEWS}/{live_item.pk}/delete/", {"post": "yes"})
        deleted = Version.objects.get_deleted(NewsItem).first()
        forged = submit(editor, f"{NEWS}/recover/{deleted.pk}/", news_form(status="published"))
        assert forged.status_code == 200
        assert "status" in forged.context["adminform"].form.errors
        assert not NewsItem.objects.exists()
        response = submit(editor, f"{NEWS}/recover/{deleted.pk}/", news_form(status="draft"))
        assert response.status_code == 302
        assert NewsItem.objects.get().status == NewsItem.Status.DRAFT
        assert client.get(url).status_code == 410  # gone until it is online again

    def test_editor_restores_an_old_version_of_a_draft(self, editor, make_news):
        editor.post(f"{NEWS}/add/", news_form(status="draft", lead="First lead."))
        item = NewsItem.objects.get()
        save(editor, item, status="draft", lead="Second lead.")
        first = versions(item)[0]
        response = restore_news(editor, item, first, status="draft", lead="First lead.")
        assert response.status_code == 302
        assert item.lead == "First lead."


class TestRecordOfARestore:
    def test_restore_is_in_the_history_and_the_admin_log(self, publisher, live_item):
        old = versions(live_item)[0]
        response = restore_news(publisher, live_item, old, status="published", lead="Old lead.")
        assert response.status_code == 302
        assert live_item.lead == "Old lead."
        assert live_item.updated_by.username == "dana"
        newest = versions(live_item)[-1]
        assert newest.revision.user.username == "dana"
        assert "Restored the version of" in newest.revision.get_comment()
        entry = LogEntry.objects.filter(object_id=str(live_item.pk)).first()
        assert entry.user.username == "dana"
        assert "Restored the version of" in entry.get_change_message()
        history = publisher.get(f"{NEWS}/{live_item.pk}/history/").content.decode()
        assert "Restored the version of" in history

    def test_recover_is_recorded(self, publisher, live_item):
        publisher.post(f"{NEWS}/{live_item.pk}/delete/", {"post": "yes"})
        deleted = Version.objects.get_deleted(NewsItem).first()
        assert submit(publisher, f"{NEWS}/recover/{deleted.pk}/", news_form()).status_code == 302
        entry = LogEntry.objects.filter(object_id=str(live_item.pk)).first()
        assert "Recovered" in entry.get_change_message()
        assert entry.user.username == "dana"


def test_restoring_one_item_leaves_the_others_of_a_list_action_alone(publisher, make_page):
    for title in ("A", "B"):
        publisher.post(f"{NEWS}/add/", news_form(status="draft", title=title, slug=title.lower()))
    a, b = NewsItem.objects.get(slug="a"), NewsItem.objects.get(slug="b")
    publisher.post(f"{NEWS}/", {"action": "publish_selected", "_selected_action": [a.pk, b.pk]})
    published_version_of_a = versions(a)[-1]
    assert published_version_of_a.revision.version_set.count() == 2  # one revision, both
    save(publisher, b, title="B", lead="B's newer lead.")
    save(publisher, a, title="A", lead="A's newer lead.")
    lead = "Partners met to discuss safe labour migration."
    response = restore_news(publisher, a, published_version_of_a, title="A", lead=lead)
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.lead == "B's newer lead."


def test_pages_follow_the_same_rules(publisher, editor):
    publisher.post("/admin/pages/page/add/", page_form(intro="Old intro."))
    page = Page.objects.get()
    page.refresh_from_db()
    data = page_form(
        status="published", intro="Live intro.", edit_token=page.updated_at.isoformat()
    )
    assert publisher.post(f"/admin/pages/page/{page.pk}/change/", data).status_code == 302
    old = Version.objects.get_for_object(page).order_by("pk").first()
    response = submit(editor, f"/admin/pages/page/{page.pk}/history/{old.pk}/", page_form())
    assert response.status_code == 302  # saved as draft changes, not online
    page.refresh_from_db()
    assert page.is_published() and page.intro == "Live intro."
    assert DraftChange.objects.for_object(page).get().version.field_dict["intro"] == ""
    news_url = f"{NEWS}/{page.pk}/history/{old.pk}/"
    assert submit(publisher, news_url, news_form()).status_code == 404


class TestMediaContacts:
    """Contacts appear on /contacts/ and under published releases: what is online is
    a Publisher's to change, as with news."""

    def test_an_editor_s_change_to_a_live_contact_waits(self, editor, make_contact, client):
        live = make_contact("Mr. Sanjarbek Toshbaev", emails=["stoshbaev@iom.int"])
        url = f"/admin/contacts/contact/{live.pk}/change/"
        form = editor.get(url).content.decode()
        assert elements(form, "input", name="name_en")
        assert not elements(form, None, name="is_active")  # whether it is public: not theirs
        assert elements(form, "input", name="_continue", value="Save draft changes")
        change = contact_form(live, **{"emails-0-email": "press@elsewhere.example"})
        assert editor.post(url, change).status_code == 302
        assert "press@elsewhere.example" not in client.get("/contacts/").content.decode()
        live.refresh_from_db()
        assert live.is_active and live.emails.get().email == "stoshbaev@iom.int"
        assert DraftChange.objects.for_object(live).exists()
        assert editor.post(
            "/admin/contacts/contact/",
            {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"},
        ).status_code in (200, 302, 403)
        assert live.emails.get().email == "stoshbaev@iom.int"

    def test_editor_adds_contacts_that_wait_for_a_publisher(self, editor, publisher, client):
        form = editor.get("/admin/contacts/contact/add/").content.decode()
        assert "A publisher" in form
        response = editor.post("/admin/contacts/contact/add/", contact_form(is_active="on"))
        assert response.status_code == 200  # only a publisher may make it public
        assert "is_active" in response.context["adminform"].form.errors
        assert editor.post("/admin/contacts/contact/add/", contact_form()).status_code == 302
        assert "Serikbayeva" not in client.get("/contacts/").content.decode()
        contact = Contact.objects.get()
        assert not contact.is_active
        url = f"/admin/contacts/contact/{contact.pk}/change/"
        assert publisher.post(url, contact_form(contact, is_active="on")).status_code == 302
        assert "Serikbayeva" in client.get("/contacts/").content.decode()

    def test_editor_may_not_tick_active_in_the_list(self, editor, make_contact):
        hidden = make_contact(is_active=False)
        content = editor.get("/admin/contacts/contact/").content.decode()
        assert not elements(content, None, name="form-0-is_active")
        editor.post(
            "/admin/contacts/contact/",
            {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": hidden.pk,
             "form-0-is_active": "on", "form-0-sort_order": "0", "_save": "Save"},
        )  # fmt: skip
        hidden.refresh_from_db()
        assert not hidden.is_active

    def test_contacts_keep_a_history(self, publisher, make_contact):
        publisher.post("/admin/contacts/contact/add/", contact_form(is_active="on"))
        contact = Contact.objects.get()
        url = f"/admin/contacts/contact/{contact.pk}/change/"
        publisher.post(url, contact_form(contact, is_active="on", phone="+7 7172 123456"))
        history = publisher.get(f"/admin/contacts/contact/{contact.pk}/history/")
        assert history.status_code == 200
        assert "Phone" in history.content.decode()
        assert Version.objects.get_for_object(contact).count() == 2


class TestFromACodeReview:
    def test_restoring_a_renamed_section_brings_its_sub_pages_along(self, publisher, client):
        publisher.post("/admin/pages/page/add/", page_form(title="Who", slug="who"))
        who = Page.objects.get()
        publisher.post(
            "/admin/pages/page/add/",
            page_form(title="Team", slug="team", parent=who.pk, status="published"),
        )
        who.refresh_from_db()
        data = page_form(
            title="Who", slug="about", status="published", edit_token=who.updated_at.isoformat()
        )
        assert publisher.post(f"/admin/pages/page/{who.pk}/change/", data).status_code == 302
        assert Page.objects.get(slug="team").path == "about/team"
        old = Version.objects.get_for_object(who).order_by("pk").first()
        response = submit(
            publisher,
            f"/admin/pages/page/{who.pk}/history/{old.pk}/",
            page_form(title="Who", slug="who", status="published"),
        )
        assert response.status_code == 302
        assert Page.objects.get(slug="team").path == "who/team"
        assert client.get("/who/team/").status_code == 200

    def test_a_restore_is_stopped_by_someone_elses_change_meanwhile(
        self, publisher, live_item, make_staff
    ):
        old = versions(live_item)[0]
        url = f"{NEWS}/{live_item.pk}/history/{old.pk}/"
        token = publisher.get(url).context["adminform"].form["edit_token"].value()
        save(
            login(make_staff("Publisher", "other")),
            live_item,
            status="published",
            lead="Their lead.",
        )
        response = publisher.post(
            url,
            news_form(status="published", lead="Old lead.", slug=live_item.slug, edit_token=token),
        )
        assert response.status_code == 200
        assert "Someone else changed this item" in response.content.decode()
        live_item.refresh_from_db()
        assert live_item.lead == "Their lead."

    def test_staff_without_view_permission_cannot_open_a_version(
        self, live_item, django_user_model
    ):
        nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
        old = versions(live_item)[0]
        assert login(nobody).get(f"{NEWS}/{live_item.pk}/history/{old.pk}/").status_code == 403

    def test_save_as_new_is_not_a_way_out_of_a_restore(self, publisher, live_item):
        old = versions(live_item)[0]
        response = restore_news(
            publisher, live_item, old, status="published", slug="other-slug", _saveasnew="1"
        )
        assert response.status_code in (400, 403)
        assert NewsItem.objects.count() == 1

    def test_restoring_a_duplicate_keeps_the_contacts_it_was_made_with(
        self, publisher, make_contact
    ):
        contact = make_contact()
        publisher.post(
            f"{NEWS}/add/",
            news_form(status="draft", **{"newsitemcontact_set-0-contact": contact.pk}),
        )
        original = NewsItem.objects.get()
        publisher.post(
            f"{NEWS}/", {"action": "duplicate_as_draft", "_selected_action": [original.pk]}
        )
        copy = NewsItem.objects.exclude(pk=original.pk).get()
        first = versions(copy)[0]
        response = restore_news(publisher, copy, first, status="draft", title=copy.title,
            **{"newsitemcontact_set-INITIAL_FORMS": "1",
               "newsitemcontact_set-0-id": str(copy.newsitemcontact_set.get().pk),
               "newsitemcontact_set-0-news_item": str(copy.pk),
               "newsitemcontact_set-0-contact": str(contact.pk)},
        )  # fmt: skip
        assert response.status_code == 302
        assert list(copy.contacts.all()) == [contact]
