"""End to end in a real browser: an Editor writes, a Publisher publishes, a visitor reads."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group

from contacts.models import Contact, ContactEmail
from news.models import Country, NewsItem

from ..support import choose_autocomplete

pytestmark = [pytest.mark.django_db(transaction=True)]

TITLE = "Browser-written release on labour mobility"


@pytest.fixture
def newsroom_setup(db):
    uz = Country.objects.create(name="Uzbekistan", slug="uzbekistan", iso_code="UZ")
    contact = Contact.objects.create(
        name="Mr. Sanjarbek Toshbaev",
        slug="sanjarbek-toshbaev",
        job_title="Country Manager for Uzbekistan",
        office="IOM Central Asia",
    )
    ContactEmail.objects.create(contact=contact, email="stoshbaev@iom.int")
    return {"uz": uz, "contact": contact}


def test_editor_drafts_publisher_publishes_visitor_reads(
    live_server, new_page, staff_user, newsroom_setup, tmp_path, screenshot, log_in
):
    from PIL import Image

    base = live_server.url
    staff_user("edna", "Editor")
    staff_user("paul", "Publisher")
    picture = tmp_path / "market.png"
    Image.new("RGB", (1400, 800), (0, 51, 160)).save(picture)

    # The Editor writes a draft.
    editor = new_page()
    log_in(editor, base, "edna")
    editor.goto(f"{base}/admin/news/newsitem/add/")
    editor.locator("#id_title_en").press_sequentially(TITLE)  # slug fills in as one types
    assert editor.input_value("#id_slug_en") == "browser-written-release-on-labour-mobility"
    editor.fill("#id_dateline_en", "Tashkent, Uzbekistan")
    choose_autocomplete(editor, "id_countries", "Uzbekistan")
    assert [o.strip() for o in editor.locator("#id_status option").all_inner_texts()] == ["Draft"]
    editor.fill("#id_lead_en", "Partners agreed on safer recruitment.")
    toolbar = editor.locator("#cke_id_body_en")
    toolbar.locator(".cke_button__bold").wait_for()
    for button in ("bold", "italic", "numberedlist", "bulletedlist", "blockquote", "link",
                   "image", "table", "pastetext"):  # fmt: skip
        assert toolbar.locator(f".cke_button__{button}").count() == 1, button
    assert toolbar.locator(".cke_combo__format").count() == 1  # headings
    body = editor.frame_locator("#cke_id_body_en iframe").locator("body")
    body.click()
    editor.keyboard.type("Written in the rich-text editor.")
    editor.set_input_files("#id_image", str(picture))
    editor.fill("#id_image_alt_en", "Blue placeholder picture")
    editor.fill("#id_image_caption_en", "A market in Tashkent.")
    choose_autocomplete(editor, "id_newsitemcontact_set-0-contact", "Sanjarbek")
    editor.click("input[name=_save_draft]")  # "Save draft"
    editor.wait_for_selector(".messagelist .success")
    screenshot(editor, "admin-editor-saved-draft")
    item = NewsItem.objects.get(title=TITLE)
    assert item.status == "draft"
    assert "Written in the rich-text editor." in item.body

    # Visitors do not see the draft.
    visitor = new_page()
    visitor.goto(f"{base}/news/")
    assert TITLE not in visitor.content()
    assert visitor.goto(f"{base}{item.get_absolute_url()}").status == 404

    # The Publisher publishes it with the list action.
    publisher = new_page()
    log_in(publisher, base, "paul")
    publisher.goto(f"{base}/admin/news/newsitem/")
    publisher.check(f"input[name=_selected_action][value='{item.pk}']")
    publisher.select_option("select[name=action]", "publish_selected")
    publisher.click("button[name=index]")
    publisher.wait_for_selector(".messagelist .success")
    item.refresh_from_db()
    assert item.is_published()

    # The visitor now finds it everywhere.
    visitor.goto(f"{base}/news/")
    assert TITLE in visitor.content()
    visitor.goto(f"{base}/news/country/uzbekistan/")
    visitor.click(f"text={TITLE}")
    visitor.wait_for_url(re.compile(r".*/news/browser-written-release-on-labour-mobility/$"))
    inquiries = visitor.locator(".inquiries")
    assert "Mr. Sanjarbek Toshbaev" in inquiries.inner_text()
    assert inquiries.locator("a[href='mailto:stoshbaev@iom.int']").count() == 1
    image = visitor.locator(".article__figure img")
    assert image.get_attribute("alt") == "Blue placeholder picture"
    assert visitor.evaluate("() => document.querySelector('.article__figure img').naturalWidth") > 0
    screenshot(visitor, "public-published-item")
    feed = ET.fromstring(visitor.request.get(f"{base}/news/feed/").body())
    assert TITLE in [entry.findtext("title") for entry in feed.iter("item")]


def test_conflicting_edit_is_caught_and_a_revision_restored(
    live_server, new_page, django_user_model, newsroom_setup, screenshot, log_in
):
    base = live_server.url
    for name in ("ann", "bob"):
        user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "browser-pw")
        user.groups.set(Group.objects.none())

    ann = new_page()
    log_in(ann, base, "ann")
    ann.goto(f"{base}/admin/news/newsitem/add/")
    ann.fill("#id_title_en", "Shared release")
    ann.fill("#id_lead_en", "Original lead.")
    ann.click("input[name=_save_draft]")
    ann.wait_for_selector(".messagelist .success")
    change_url = ann.url

    # Bob opens the same item and saves a change while Ann is still editing.
    bob = new_page()
    log_in(bob, base, "bob")
    bob.goto(change_url)
    bob.fill("#id_lead_en", "Bob's lead.")
    bob.click("input[name=_save_draft]")
    bob.wait_for_selector(".messagelist .success")

    ann.fill("#id_lead_en", "Ann's careful lead.")
    ann.click("input[name=_save_draft]")
    ann.wait_for_selector(".errornote")
    # Both changed the lead: only that is asked about, with Bob's words marked.
    conflicts = ann.locator(".edit-conflicts")
    assert "Changed by you and by bob" in conflicts.inner_text()
    assert conflicts.locator("legend").all_inner_texts() == ["Lead"]
    assert conflicts.locator("ins").first.inner_text() == "Bob's"
    assert ann.input_value("#id_lead_en") == "Ann's careful lead."
    screenshot(ann, "admin-edit-conflict")
    item = NewsItem.objects.get()
    assert item.lead == "Bob's lead."

    # Ann reviews the history, sees what Bob changed, and restores the first version.
    ann.goto(f"{base}/admin/news/newsitem/{item.pk}/history/")
    rows = ann.locator("#change-history tbody tr")
    assert rows.count() == 2
    rows.nth(0).locator("a:has-text('Changes')").click()
    assert "Bob" in ann.locator("ins").first.inner_text()
    ann.go_back()
    rows.nth(1).locator("th a").click()  # the oldest version
    assert ann.input_value("#id_lead_en") == "Original lead."
    ann.click(".submit-row input.default")  # the form's first button
    ann.wait_for_selector(".messagelist .success")
    item.refresh_from_db()
    assert item.lead == "Original lead."


def test_editor_adds_a_russian_version_and_readers_switch_to_it(
    live_server, new_page, staff_user, newsroom_setup, screenshot, log_in
):
    base = live_server.url
    staff_user("edna", "Editor")
    item = NewsItem.objects.create(
        title="Labour migrants get a new hotline",
        slug="labour-migrants-hotline",
        lead="A hotline answers questions in three languages.",
        body="<p>English body.</p>",
        status=NewsItem.Status.DRAFT,
    )
    item.countries.set([newsroom_setup["uz"]])

    editor = new_page(width=1280)
    log_in(editor, base, "edna")
    editor.goto(f"{base}/admin/news/newsitem/{item.pk}/change/")
    assert editor.locator("summary:has-text('Russian — not translated yet')").count() == 1
    editor.click("summary:has-text('Russian — not translated yet')")  # unfolds the section
    editor.locator("#id_title_ru").press_sequentially("Новая горячая линия для мигрантов")
    # The slug follows the title, transliterated, even on a change form.
    assert editor.input_value("#id_slug_ru") == "novaya-goryachaya-liniya-dlya-migrantov"
    editor.fill("#id_lead_ru", "Горячая линия отвечает на вопросы на трёх языках.")
    # Kazakh letters Django's transliteration lacks are spelt in Latin (қ → q, ғ → g).
    editor.click("summary:has-text('Kazakh — not translated yet')")
    editor.locator("#id_title_kk").press_sequentially("Қазақстандағы көші-қон")
    assert editor.input_value("#id_slug_kk") == "qazaqstandagy-koshi-qon"
    editor.fill("#id_title_kk", "")  # no Kazakh version after all: leave it empty
    editor.fill("#id_slug_kk", "")
    body = editor.frame_locator("#cke_id_body_ru iframe").locator("body")
    body.click()
    editor.keyboard.type("Текст на русском.")
    screenshot(editor, "admin-russian-version")
    editor.click("input[name=_save_draft]")
    editor.wait_for_selector(".messagelist .success")
    assert editor.locator("h2.fieldset-heading", has_text="Russian — translated").count() == 1
    item.refresh_from_db()
    assert item.title_ru == "Новая горячая линия для мигрантов"
    assert "<p>Текст на русском.</p>" in item.body_ru
    NewsItem.objects.filter(pk=item.pk).update(status=NewsItem.Status.PUBLISHED)

    reader = new_page(width=375)
    reader.goto(f"{base}/news/labour-migrants-hotline/")
    reader.click(".language-switcher a[hreflang=ru]")
    reader.wait_for_url(f"{base}/ru/news/novaya-goryachaya-liniya-dlya-migrantov/")
    assert reader.locator("h1").inner_text() == "Новая горячая линия для мигрантов"
    assert reader.locator("html").get_attribute("lang") == "ru"
    assert reader.locator(".untranslated-note").count() == 0
    screenshot(reader, "reader-russian-version")
    reader.click(".language-switcher a[hreflang=kk]")  # no Kazakh version: English, noted
    reader.wait_for_url(f"{base}/kk/news/labour-migrants-hotline/")
    assert reader.locator("h1").get_attribute("lang") == "en"
    assert reader.locator(".untranslated-note").is_visible()
