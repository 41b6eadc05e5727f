"""Draft changes of live content: an Editor's changes to what is online wait for a
Publisher; the public keeps seeing the live version until they are published."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from kernel.models import DraftChange
from kernel.scheduling import publish_due_drafts
from news.models import NewsItem
from pages.models import Page

from .support import (
    contact_form,
    elements,
    media_files,
    news_form,
    page_form,
    png_upload,
    submit,
)

pytestmark = pytest.mark.django_db
NEWS = "/admin/news/newsitem"


@pytest.fixture
def release(make_news):
    return make_news(
        "Labour mobility forum in Tashkent",
        slug="labour-mobility-forum-in-tashkent",
        lead="Partners met to discuss safe labour migration.",
    )


def change_url(item):
    return f"{NEWS}/{item.pk}/change/"


def typed(item, **fields):
    """The release's form as the editor leaves it: unchanged but for ``fields``."""
    names = ("title", "slug", "lead", "dateline", "body", "kind", "scope")
    return news_form(**{**{name: getattr(item, name) for name in names}, **fields})


def notice(response):
    (found,) = elements(response, "div", class_="draft-notice")
    return " ".join(found["text"].split())


def public_text(client, item):
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


class TestAnEditorsChangeWaits:
    def test_public_keeps_the_live_version_and_the_form_opens_the_draft(
        self, as_editor, release, client
    ):
        response = submit(as_editor, change_url(release), typed(release, lead="Typo fixed."))
        assert response.status_code == 302
        assert response["Location"] == change_url(release)
        followed = as_editor.get(response["Location"])
        assert "Draft changes saved: not public." in followed.content.decode()
        assert "Partners met" in public_text(client, release)
        assert "Typo fixed." not in public_text(client, release)
        release.refresh_from_db()
        assert release.lead == "Partners met to discuss safe labour migration."
        form = as_editor.get(change_url(release))
        assert form.context["adminform"].form.initial["lead_en"] == "Typo fixed."
        text = notice(form)
        assert text.startswith("Live since ") and "draft changes by aigerim" in text
        assert "not public yet" in text

    def test_the_editor_s_buttons_say_the_save_is_a_draft(self, as_editor, release):
        form = as_editor.get(change_url(release))
        assert elements(form, "input", type="submit", value="Save draft changes")
        assert not elements(form, "input", type="submit", value="Save")
        assert not elements(form, "a", class_="deletelink")  # a live item: a Publisher's

    def test_a_second_save_replaces_the_draft(self, as_editor, release):
        submit(as_editor, change_url(release), typed(release, lead="First try."))
        submit(as_editor, change_url(release), typed(release, lead="Second try."))
        (draft,) = DraftChange.objects.for_object(release)
        assert draft.version.field_dict["lead"] == "Second try."

    def test_a_form_error_keeps_what_was_typed_and_stores_nothing(self, as_editor, release):
        response = submit(as_editor, change_url(release), typed(release, title="", lead="Kept."))
        assert response.status_code == 200
        assert "title_en" in response.context["adminform"].form.errors
        assert elements(response, "textarea", name="lead_en", text="Kept.")
        assert not DraftChange.objects.exists()

    def test_a_draft_does_not_empty_the_page_cache(self, as_editor, release, client, settings):
        settings.PAGE_CACHE_SECONDS = 600
        client.get("/news/")
        assert client.get("/news/")["X-Cache"] == "hit"
        submit(as_editor, change_url(release), typed(release, lead="Not public yet."))
        assert client.get("/news/")["X-Cache"] == "hit"

    def test_an_editor_may_not_publish_or_delete_it(self, as_editor, release):
        forged = {**typed(release, lead="Forged."), "_save": "Save"}
        assert submit(as_editor, change_url(release), forged).status_code == 302
        release.refresh_from_db()
        assert release.lead.startswith("Partners met")  # still a draft, whatever the button
        assert as_editor.post(f"{NEWS}/{release.pk}/delete/", {"post": "yes"}).status_code == 403
        action = {"action": "publish_selected", "_selected_action": [release.pk]}
        as_editor.post(f"{NEWS}/", action)
        assert NewsItem.objects.get().lead.startswith("Partners met")


class TestAPublisherPublishesOrDiscards:
    def test_publish_changes(self, as_editor, as_publisher, release, client):
        submit(as_editor, change_url(release), typed(release, lead="Typo fixed."))
        form = as_publisher.get(change_url(release))
        assert elements(form, "input", type="submit", value="Publish changes")
        assert elements(form, "input", type="submit", value="Discard draft changes")
        data = typed(release, lead="Typo fixed.")
        assert submit(as_publisher, change_url(release), data).status_code == 302
        assert "Typo fixed." in public_text(client, release)
        assert not DraftChange.objects.exists()
        assert "draft changes" not in notice(as_publisher.get(change_url(release)))

    def test_discard_changes(self, as_editor, as_publisher, release, client):
        submit(as_editor, change_url(release), typed(release, lead="Not wanted."))
        response = as_publisher.post(change_url(release), {"_discard_draft": "1"})
        assert response.status_code == 302
        assert not DraftChange.objects.exists()
        form = as_publisher.get(change_url(release))
        assert form.context["adminform"].form.initial["lead_en"].startswith("Partners met")
        assert "Not wanted." not in public_text(client, release)

    def test_an_editor_discards_only_their_own_draft(self, as_editor, release, make_staff, client):
        other = client
        other.force_login(make_staff("Editor", "bolat"))
        submit(as_editor, change_url(release), typed(release, lead="Mine."))
        assert other.post(change_url(release), {"_discard_draft": "1"}).status_code == 403
        assert as_editor.post(change_url(release), {"_discard_draft": "1"}).status_code == 302
        assert not DraftChange.objects.exists()

    def test_a_publisher_may_save_a_draft_too(self, as_publisher, release, client):
        data = {**typed(release, lead="For tomorrow."), "_savedraft": "1"}
        assert submit(as_publisher, change_url(release), data).status_code == 302
        assert "For tomorrow." not in public_text(client, release)
        assert DraftChange.objects.for_object(release).exists()


class TestTranslations:
    def test_a_russian_version_of_a_live_release_goes_online_when_published(
        self, as_editor, as_publisher, release, client
    ):
        russian = {
            "title_ru": "Форум по трудовой мобильности в Ташкенте",
            "slug_ru": "forum-po-trudovoj-mobilnosti",
            "lead_ru": "Партнёры обсудили безопасную трудовую миграцию.",
        }
        submit(as_editor, change_url(release), {**typed(release), **russian})
        assert client.get("/ru/news/forum-po-trudovoj-mobilnosti/").status_code == 404
        submit(as_publisher, change_url(release), {**typed(release), **russian})
        response = client.get("/ru/news/forum-po-trudovoj-mobilnosti/")
        assert response.status_code == 200
        assert elements(response, "h1", text=russian["title_ru"])


class TestImagesAndPages:
    def test_a_photo_chosen_in_a_draft_is_kept_and_published(
        self, as_editor, as_publisher, release, client
    ):
        data = typed(release, image=png_upload(size=(800, 500)), image_alt="Delegates")
        assert submit(as_editor, change_url(release), data).status_code == 302
        release.refresh_from_db()
        assert not release.image
        stored = DraftChange.objects.get().version.field_dict["image"]
        assert stored and str(stored) in media_files()
        submit(as_publisher, change_url(release), typed(release, image_alt="Delegates"))
        release.refresh_from_db()
        assert release.image.name == str(stored)
        assert elements(public_text(client, release), "img", alt="Delegates")

    def test_a_live_page_s_new_address_waits_with_its_sub_pages(
        self, as_editor, as_publisher, make_page, client
    ):
        section = make_page("About", slug="about")
        child = make_page("Team", parent=section, slug="team")
        url = f"/admin/pages/page/{section.pk}/change/"
        data = page_form(title="About", slug="who-we-are", status="published")
        assert submit(as_editor, url, data).status_code == 302
        assert client.get("/about/team/").status_code == 200
        assert client.get("/who-we-are/team/").status_code == 404
        assert submit(as_publisher, url, data).status_code == 302
        child.refresh_from_db()
        assert child.get_absolute_url() == "/who-we-are/team/"
        assert client.get("/who-we-are/team/").status_code == 200
        assert Page.objects.get(pk=section.pk).is_published()


class TestListsAndHistory:
    def test_the_list_and_the_history_show_draft_changes_apart(
        self, as_editor, as_publisher, release
    ):
        submit(as_editor, change_url(release), typed(release, lead="Pending."))
        assert elements(as_publisher.get(f"{NEWS}/"), "strong", text="draft changes")
        submit(as_publisher, change_url(release), typed(release, lead="Pending."))
        assert not elements(as_publisher.get(f"{NEWS}/"), "strong", text="draft changes")
        history = as_publisher.get(f"{NEWS}/{release.pk}/history/")
        rows = elements(elements(history, "tbody")[0], "tr")
        marked = [row for row in rows if elements(row, "strong", text="Draft changes (not public)")]
        # Newest first: published, then the draft changes, then the item as it was
        # found when first opened (made outside the admin: no version before).
        assert len(rows) == 3 and marked == [rows[1]]
        assert "As found when first opened in the admin." in rows[2]["text"]

    def test_a_contact_s_change_waits_and_the_list_says_so(
        self, as_editor, as_publisher, make_contact, client
    ):
        contact = make_contact("Ms. Dana Seitkali", emails=["media.kz@example.org"])
        url = f"/admin/contacts/contact/{contact.pk}/change/"
        data = contact_form(contact, job_title_en="Press officer")
        assert submit(as_editor, url, data).status_code == 302
        assert "Press officer" not in client.get("/contacts/").content.decode()
        (cell,) = elements(
            as_publisher.get("/admin/contacts/contact/"), "td", class_="field-draft_changes"
        )
        assert elements(cell, "img", alt="True")
        published = {**data, "is_active": "on"}  # a Publisher's form has "Active"
        assert submit(as_publisher, url, published).status_code == 302
        assert "Press officer" in client.get("/contacts/").content.decode()


class TestWhatWillChange:
    def test_a_publisher_sees_live_against_draft_word_by_word_per_language(
        self, as_editor, as_publisher, release, make_contact
    ):
        contact = make_contact("Ms. Aizada Temirbekova")
        data = typed(
            release,
            lead="Partners met to discuss fair labour migration.",
            title_ru="Форум в Ташкенте",
            slug_ru="forum-v-tashkente",
        )
        data |= {"newsitemcontact_set-0-contact": contact.pk}
        assert submit(as_editor, change_url(release), data).status_code == 302
        form = as_publisher.get(change_url(release))
        (link,) = elements(form, "a", text="See what they change")
        page = as_publisher.get(link["attrs"]["href"])
        assert page.status_code == 200
        rows = {
            elements(row, "th")[0]["text"]: row
            for row in elements(elements(page, "table", class_="diff")[0], "tr")[1:]
        }
        media = "Media contacts (shown under “Inquiries”)"
        assert set(rows) == {"Lead", "Title (Russian)", "Slug (Russian)", media}
        assert elements(rows["Lead"], "del", text="safe")
        assert elements(rows["Lead"], "ins", text="fair")
        assert elements(rows["Title (Russian)"], "ins", text="Форум в Ташкенте")
        assert elements(rows[media], "ins", text="Ms. Aizada Temirbekova")

    def test_what_publishing_keeps_as_it_is_is_not_listed(self, as_editor, as_publisher, make_page):
        """A page moved in the menu after its draft changes were saved: publishing them
        keeps its place (live state), so the changes do not list the menu order."""
        page = make_page("About us", slug="about", menu_order=10)
        url = f"/admin/pages/page/{page.pk}/change/"
        data = page_form(
            title="About us", slug="about", intro="Who we are.", menu_order="10", show_in_menu="on"
        )
        assert submit(as_editor, url, data).status_code == 302
        Page.objects.filter(pk=page.pk).update(menu_order=30)  # moved in the page tree
        changes = as_publisher.get(f"/admin/pages/page/{page.pk}/draft-changes/")
        table = elements(changes, "table", class_="diff")[0]
        labels = [elements(row, "th")[0]["text"] for row in elements(table, "tr")[1:]]
        assert labels == ["Introduction"]

    def test_without_draft_changes_the_page_says_so(self, as_publisher, release):
        url = f"{NEWS}/{release.pk}/draft-changes/"
        response = as_publisher.get(url, follow=True)
        assert response.redirect_chain == [(change_url(release), 302)]
        assert "This item has no draft changes." in response.content.decode()
        assert as_publisher.get(f"{NEWS}/999999/draft-changes/").status_code == 404


class TestPreview:
    def test_the_draft_in_the_public_design_and_the_live_page_unaffected(
        self, as_editor, release, client
    ):
        russian = {"title_ru": "Форум в Ташкенте", "slug_ru": "forum-v-tashkente"}
        data = {**typed(release, lead="Typo fixed."), **russian}
        submit(as_editor, change_url(release), data)
        form = as_editor.get(change_url(release))
        links = {
            link["text"]: link["attrs"]["href"]
            for link in elements(form, "a", target="_blank")
            if "draft-preview" in link["attrs"]["href"]
        }
        assert set(links) == {"English", "Russian", "Kazakh"}
        preview = as_editor.get(links["English"])
        assert preview.status_code == 200
        assert "no-cache" in preview["Cache-Control"] and preview["X-Robots-Tag"] == "noindex"
        text = preview.content.decode()
        assert "Typo fixed." in text
        assert "Preview of draft changes — not published." in text
        assert elements(as_editor.get(links["Russian"]), "h1", text="Форум в Ташкенте")
        assert "Typo fixed." not in public_text(client, release)
        assert client.get("/ru/news/forum-v-tashkente/").status_code == 404

    def test_a_preview_leaves_no_draft_in_the_shared_menu(
        self, as_editor, make_page, client, settings
    ):
        settings.PAGE_CACHE_SECONDS = 0  # every request renders; the menu is still shared
        section = make_page("About us", slug="about", show_in_menu=True)
        url = f"/admin/pages/page/{section.pk}/change/"
        data = page_form(title="Who we are", slug="about", status="published", show_in_menu="on")
        assert submit(as_editor, url, data).status_code == 302
        preview = as_editor.get(f"/admin/pages/page/{section.pk}/draft-preview/")
        assert elements(preview, "h1", text="Who we are")
        menu = elements(client.get("/"), "nav", class_="main-nav")[0]
        assert elements(menu, "a", text="About us")
        assert not elements(menu, "a", text="Who we are")

    def test_only_staff_who_may_see_the_item_preview_it(self, as_editor, release, client):
        submit(as_editor, change_url(release), typed(release, lead="Typo fixed."))
        url = f"{NEWS}/{release.pk}/draft-preview/"
        assert client.get(url).status_code == 302  # to the log-in page
        assert as_editor.get(f"{NEWS}/999999/draft-preview/").status_code == 404


def opened_token(client, url):
    """The edit token of the form as a browser opened it."""
    (token,) = elements(client.get(url), "input", name="edit_token")
    return token["attrs"]["value"]


class TestOverlappingWork:
    def test_a_form_opened_before_draft_changes_cannot_publish_over_them(
        self, as_editor, as_publisher, release, make_contact
    ):
        contact = make_contact("Ms. Unseen")
        token = opened_token(as_publisher, change_url(release))
        data = typed(
            release, lead="Editor lead.", image=png_upload("unseen.png"), image_alt="Unseen"
        )
        data |= {"newsitemcontact_set-0-contact": str(contact.pk)}
        assert submit(as_editor, change_url(release), data).status_code == 302
        stale = {**typed(release, title="Forum (typo fixed)"), "edit_token": token}
        response = as_publisher.post(change_url(release), stale)
        assert response.status_code == 200  # stopped: someone saved draft changes meanwhile
        text = response.content.decode()
        assert "aigerim saved draft changes while you were editing" in text
        assert response.context["adminform"].form["lead_en"].value() == "Editor lead."
        release.refresh_from_db()
        assert not release.image and not release.contacts.exists()
        assert DraftChange.objects.for_object(release).exists()

    def test_a_second_editor_s_save_merges_a_draft_saved_meanwhile(
        self, as_editor, make_staff, release, client
    ):
        client.force_login(make_staff("Editor", "bolat"))
        token = opened_token(client, change_url(release))
        submit(as_editor, change_url(release), typed(release, lead="Aigerim's lead."))
        stale = {**typed(release, title="Bolat's title"), "edit_token": token}
        assert client.post(change_url(release), stale).status_code == 302
        fields = DraftChange.objects.get().version.field_dict
        assert (fields["title_en"], fields["lead_en"]) == ("Bolat's title", "Aigerim's lead.")

    def test_draft_changes_never_undo_a_publisher_s_takedown(
        self, as_editor, as_publisher, release
    ):
        submit(as_editor, change_url(release), typed(release, lead="Editor draft."))
        action = {"action": "unpublish_selected", "_selected_action": [release.pk]}
        as_publisher.post(f"{NEWS}/", action)
        form = as_publisher.get(change_url(release))
        assert form.context["adminform"].form.initial["status"] == "draft"
        assert form.context["adminform"].form.initial["lead_en"] == "Editor draft."
        assert "draft changes by aigerim" in notice(form)  # and it can be discarded
        assert elements(form, "input", name="_discard_draft")

    def test_an_editor_who_saved_over_a_draft_may_discard_it(
        self, as_editor, make_staff, release, client
    ):
        client.force_login(make_staff("Editor", "bolat"))
        submit(as_editor, change_url(release), typed(release, lead="First."))
        submit(client, change_url(release), typed(release, lead="Second."))
        assert client.post(change_url(release), {"_discard_draft": "1"}).status_code == 302
        assert not DraftChange.objects.exists()


class TestDeletedThings:
    def test_a_contact_deleted_while_named_in_draft_changes(
        self, as_editor, as_publisher, release, make_contact, client
    ):
        press = make_contact("Ms. Press")
        data = typed(release, **{"newsitemcontact_set-0-contact": str(press.pk)})
        assert submit(as_editor, change_url(release), data).status_code == 302
        as_publisher.post(f"/admin/contacts/contact/{press.pk}/delete/", {"post": "yes"})
        form = as_publisher.get(change_url(release))
        assert form.status_code == 200
        assert submit(as_publisher, change_url(release), typed(release)).status_code == 302
        assert client.get(release.get_absolute_url()).status_code == 200

    def test_a_country_deleted_while_named_in_draft_changes(
        self, as_editor, as_publisher, release, make_country, client
    ):
        uz = make_country("Uzbekistan", "UZ")
        data = typed(release, countries=[str(uz.pk)])
        assert submit(as_editor, change_url(release), data).status_code == 302
        uz.delete()
        assert submit(as_publisher, change_url(release), typed(release)).status_code == 302
        release.refresh_from_db()
        assert not release.countries.exists()

    def test_deleting_an_item_deletes_its_draft_and_recovery_offers_the_live_version(
        self, as_editor, as_publisher, release
    ):
        submit(as_publisher, change_url(release), typed(release, lead="Reviewed lead."))
        submit(as_editor, change_url(release), typed(release, lead="Unreviewed draft lead."))
        as_publisher.post(f"{NEWS}/{release.pk}/delete/", {"post": "yes"})
        assert not DraftChange.objects.exists()
        listing = as_publisher.get(f"{NEWS}/recover/")
        (link,) = [
            a
            for a in elements(listing, "a")
            if "/recover/" in a["attrs"]["href"] and a["attrs"]["href"] != f"{NEWS}/recover/"
        ]
        form = as_publisher.get(link["attrs"]["href"])
        assert form.context["adminform"].form.initial["lead_en"] == "Reviewed lead."


class TestNewRowsInDraftChanges:
    def test_a_draft_s_new_e_mail_row_never_takes_another_contact_s_row(
        self, as_editor, as_publisher, make_contact
    ):
        live = make_contact("Ms. Live", emails=["live@example.org"])
        other = make_contact("Mr. Other", emails=["other@example.org"], is_active=False)
        more = {"emails-TOTAL_FORMS": "2", "emails-1-email": "new@example.org"}
        more["emails-1-sort_order"] = "1"
        url = f"/admin/contacts/contact/{live.pk}/change/"
        assert submit(as_editor, url, contact_form(live, **more)).status_code == 302
        more["emails-1-email"] = "second@example.org"
        other_url = f"/admin/contacts/contact/{other.pk}/change/"
        assert submit(as_editor, other_url, contact_form(other, **more)).status_code == 302
        assert set(other.emails.values_list("email", flat=True)) == {
            "other@example.org",
            "second@example.org",
        }
        form = as_publisher.get(url)
        rows = form.context["inline_admin_formsets"][0].formset.forms
        published = contact_form(live, is_active="on")
        for index, row in enumerate(rows[:2]):
            published |= {
                f"emails-{index}-id": str(row.instance.pk or ""),
                f"emails-{index}-contact": str(live.pk),
                f"emails-{index}-email": row.instance.email,
                f"emails-{index}-sort_order": str(index),
            }
        published |= {"emails-TOTAL_FORMS": "2", "emails-INITIAL_FORMS": "2"}
        assert submit(as_publisher, url, published).status_code == 302
        assert set(live.emails.values_list("email", flat=True)) == {
            "live@example.org",
            "new@example.org",
        }
        assert set(other.emails.values_list("email", flat=True)) == {
            "other@example.org",
            "second@example.org",
        }


def test_a_restore_while_draft_changes_wait_says_they_still_wait(as_editor, as_publisher, release):
    submit(as_publisher, change_url(release), typed(release, lead="Good."))
    submit(as_publisher, change_url(release), typed(release, lead="Wrong figures."))
    submit(as_editor, change_url(release), typed(release, lead="Wrong figures, reworded."))
    versions = Version.objects.get_for_object(release)
    good = next(v for v in versions if v.field_dict["lead"] == "Good.")
    url = f"{NEWS}/{release.pk}/history/{good.pk}/"
    response = submit(as_publisher, url, typed(release, lead="Good."))
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.lead == "Good."
    followed = as_publisher.get(response["Location"]).content.decode()
    assert "Draft changes saved before this by aigerim still wait" in followed


class TestScheduledChanges:
    def schedule(self, client, item, when, **fields):
        local = timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")
        data = {**typed(item, **fields), "_schedule_draft": "1", "draft_publish_at": local}
        return submit(client, change_url(item), data)

    def test_scheduled_changes_go_online_at_their_time_by_the_worker(
        self, as_editor, as_publisher, release, client
    ):
        submit(as_editor, change_url(release), typed(release, lead="Tomorrow's lead."))
        when = timezone.now() + timedelta(hours=2)
        assert (
            self.schedule(as_publisher, release, when, lead="Tomorrow's lead.").status_code == 302
        )
        assert "scheduled to go online" in notice(as_publisher.get(change_url(release)))
        assert publish_due_drafts() == 0  # not yet
        assert "Tomorrow's lead." not in public_text(client, release)
        assert publish_due_drafts(now=when + timedelta(minutes=1)) == 1
        release.refresh_from_db()
        assert release.lead == "Tomorrow's lead." and release.is_published()
        assert "Tomorrow's lead." in public_text(client, release)
        assert not DraftChange.objects.exists()
        comments = [v.revision.comment for v in Version.objects.get_for_object(release)]
        assert "Published the scheduled draft changes." in comments

    def test_the_worker_command_publishes_what_is_due(self, as_publisher, release, client):
        when = timezone.now() + timedelta(hours=1)
        self.schedule(as_publisher, release, when, lead="Due now.")
        DraftChange.objects.update(publish_at=timezone.now() - timedelta(minutes=1))
        call_command("run_worker", "--once", stdout=io.StringIO())
        assert "Due now." in public_text(client, release)

    def test_a_time_in_the_past_saves_the_draft_but_does_not_schedule_it(
        self, as_publisher, release
    ):
        response = self.schedule(as_publisher, release, timezone.now() - timedelta(hours=1))
        assert response.status_code == 302
        followed = as_publisher.get(response["Location"]).content.decode()
        assert "not scheduled: choose a future date and time" in followed
        assert DraftChange.objects.get().publish_at is None

    def test_a_time_that_does_not_exist_is_refused_with_words(self, as_publisher, release):
        data = {**typed(release), "_schedule_draft": "1", "draft_publish_at": "2026-13-45T10:00"}
        response = submit(as_publisher, change_url(release), data)
        assert response.status_code == 302
        followed = as_publisher.get(response["Location"]).content.decode()
        assert "not scheduled: choose a future date and time" in followed

    def test_new_draft_changes_need_scheduling_again(self, as_editor, as_publisher, release):
        self.schedule(as_publisher, release, timezone.now() + timedelta(hours=1), lead="A.")
        submit(as_editor, change_url(release), typed(release, lead="B, unreviewed."))
        assert DraftChange.objects.get().publish_at is None
        assert publish_due_drafts(now=timezone.now() + timedelta(days=1)) == 0


class TestMergingOverlappingWork:
    """Two people on one live item, with versions of what each form was opened on."""

    @pytest.fixture
    def live(self, as_publisher, release):
        submit(as_publisher, change_url(release), typed(release, status="published"))
        release.refresh_from_db()
        return release

    def test_a_publisher_sees_merged_draft_changes_before_they_go_online(
        self, as_editor, as_publisher, live, client
    ):
        token = opened_token(as_publisher, change_url(live))
        submit(as_editor, change_url(live), typed(live, lead="Editor lead."))
        stale = {**typed(live, title="Forum (typo fixed)"), "edit_token": token}
        response = as_publisher.post(change_url(live), stale)
        assert response.status_code == 200  # shown first, not published unseen
        form = response.context["adminform"].form
        assert form["lead_en"].value() == "Editor lead."
        assert form["title_en"].value() == "Forum (typo fixed)"
        assert "Editor lead." not in public_text(client, live)
        again = {**typed(live, title="Forum (typo fixed)", lead="Editor lead.")}
        again["edit_token"] = form["edit_token"].value()
        assert as_publisher.post(change_url(live), again).status_code == 302
        live.refresh_from_db()
        assert (live.title, live.lead) == ("Forum (typo fixed)", "Editor lead.")
