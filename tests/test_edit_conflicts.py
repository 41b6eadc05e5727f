"""Merging concurrent saves holds the publishing rules: from an attack run on issue
13's merge, preview and library (each test failed on the first version of them)."""

import pytest
from django.test import Client

from kernel.models import DraftChange
from pages.models import Page

from .support import form_values, png_upload

pytestmark = pytest.mark.django_db
NEWS = "/admin/news/newsitem"


@pytest.fixture
def other_publisher(make_staff):
    browser = Client()
    browser.force_login(make_staff("Publisher", "timur"))
    return browser


def unpublish(client, item):
    action = {"action": "unpublish_selected", "_selected_action": [item.pk]}
    assert client.post(f"{NEWS}/", action).status_code == 302


def test_an_editor_cannot_put_an_item_online_by_taking_theirs(
    as_editor, as_publisher, make_news, client
):
    live = make_news(title="Live one", lead="Live lead")
    url = f"{NEWS}/{live.pk}/change/"
    data = {**form_values(as_editor.get(url)), "lead_en": "Unreviewed lead"}
    assert as_editor.post(url, data).status_code == 302  # draft changes
    unpublish(as_publisher, live)  # a takedown; the draft changes remain
    forged = {
        **form_values(as_editor.get(url)),
        "_conflicts": "status",
        "conflict-status": "theirs",
        "_save": "Save",
    }
    as_editor.post(url, forged)
    live.refresh_from_db()
    assert live.status == "draft"
    assert client.get(live.get_absolute_url()).status_code == 404


def test_an_editor_cannot_make_a_contact_public_by_taking_theirs(
    as_editor, as_publisher, make_contact
):
    contact = make_contact("Ms. Aliya Serikbayeva", is_active=True, office="IOM Central Asia")
    url = f"/admin/contacts/contact/{contact.pk}/change/"
    changed = {**form_values(as_editor.get(url)), "job_title_en": "Press officer"}
    assert as_editor.post(url, changed).status_code == 302  # draft changes
    listing = form_values(as_publisher.get("/admin/contacts/contact/"))
    listing = {k: v for k, v in listing.items() if k.startswith("form-") or k == "_save"}
    listing.pop("form-0-is_active")  # unticked in the list: no longer public
    as_publisher.post("/admin/contacts/contact/", {**listing, "_save": "Save"})
    contact.refresh_from_db()
    assert contact.is_active is False
    forged = {
        **form_values(as_editor.get(url)),
        "_conflicts": "is_active",
        "conflict-is_active": "theirs",
        "_save": "1",
    }
    as_editor.post(url, forged)
    contact.refresh_from_db()
    assert contact.is_active is False


def test_publishing_draft_changes_from_an_older_form_keeps_a_takedown(
    as_editor, as_publisher, other_publisher, make_news
):
    live = make_news(title="Live", lead="Live lead")
    url = f"{NEWS}/{live.pk}/change/"
    assert as_editor.post(url, {**form_values(as_editor.get(url)), "lead_en": "New"}).status_code
    opened = form_values(as_publisher.get(url))
    unpublish(other_publisher, live)
    as_publisher.post(url, {**opened, "_save": "Publish changes"})
    live.refresh_from_db()
    assert live.status == "draft"


def test_publishing_from_an_older_form_keeps_a_move_in_the_page_tree(
    as_editor, as_publisher, other_publisher, make_page
):
    page = make_page("Our Work", slug="our-work", menu_order=20)
    url = f"/admin/pages/page/{page.pk}/change/"
    assert as_editor.post(url, {**form_values(as_editor.get(url)), "intro_en": "New intro."})
    opened = form_values(as_publisher.get(url))
    moved = Page.objects.get(pk=page.pk)  # meanwhile moved in the page tree
    moved.menu_order = 5
    moved.save()
    as_publisher.post(url, {**opened, "_save": "Publish changes"})
    page.refresh_from_db()
    assert page.menu_order == 5


def test_a_choice_of_theirs_survives_another_save_meanwhile(make_news, make_staff):
    alice, bob = Client(), Client()
    alice.force_login(make_staff("Publisher", "alice"))
    bob.force_login(make_staff("Publisher", "bob"))
    item = make_news(status="draft", title="Original title", lead="Original lead")
    url = f"{NEWS}/{item.pk}/change/"
    mine = form_values(alice.get(url))
    assert bob.post(url, {**form_values(bob.get(url)), "title_en": "Bob's title"}).status_code
    refused = alice.post(url, {**mine, "title_en": "Alice's title", "_save_draft": "1"})
    assert refused.status_code == 200 and "conflicts" in refused.context
    answer = {**form_values(refused), "conflict-title_en": "theirs", "_save_draft": "1"}
    assert bob.post(url, {**form_values(bob.get(url)), "lead_en": "Bob's lead"}).status_code
    alice.post(url, answer)
    item.refresh_from_db()
    assert (item.title, item.lead) == ("Bob's title", "Bob's lead")


def test_a_new_photo_in_draft_changes_goes_online_with_them(as_editor, as_publisher, make_news):
    live = make_news(image=png_upload("old.png", size=(600, 400)), image_alt="Old picture")
    url = f"{NEWS}/{live.pk}/change/"
    data = {**form_values(as_editor.get(url)), "image_alt_en": "New picture"}
    data["image"] = png_upload("new.png", size=(800, 500))
    assert as_editor.post(url, data).status_code == 302
    drafted = DraftChange.objects.get().version.field_dict["image"]
    assert as_publisher.post(url, {**form_values(as_publisher.get(url)), "_save": "1"})
    live.refresh_from_db()
    assert live.image.name == str(drafted) and live.image_alt == "New picture"
    assert live.image_from_library.file.name == live.image.name  # now in the library


def test_a_preview_of_an_address_another_page_has_answers_without_an_error(as_editor, make_page):
    make_page(title="Y", slug="y", title_ru="Икс", slug_ru="x")
    page = make_page(title="Z", slug="z")
    data = {**form_values(as_editor.get(f"/admin/pages/page/{page.pk}/change/")), "slug_en": "x"}
    response = as_editor.post("/admin/pages/page/live-preview/", {**data, "_preview_of": page.pk})
    assert response.status_code == 200


def test_a_preview_without_the_library_choice_shows_no_picture(as_editor, make_news):
    item = make_news(image=png_upload(), image_alt="x", status="draft")
    url = f"{NEWS}/{item.pk}/change/"
    data = {**form_values(as_editor.get(url)), "image_from_library": ""}
    response = as_editor.post(f"{NEWS}/live-preview/", {**data, "_preview_of": item.pk})
    assert item.image.name not in response.content.decode()


@pytest.mark.parametrize(
    "token",
    ["2024-13-45T00:00:00", "2024-02-30T10:00:00", "x draft-99999999999999999999999999"],
)
def test_a_malformed_edit_token_is_a_conflict_not_an_error(as_publisher, make_news, token):
    item = make_news(status="draft")
    url = f"{NEWS}/{item.pk}/change/"
    data = {**form_values(as_publisher.get(url)), "edit_token": token, "_conflicts": "edit_token"}
    response = as_publisher.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this item" in response.content.decode()
