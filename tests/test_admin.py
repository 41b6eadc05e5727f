import json

import pytest
from django.urls import reverse

from news.models import NewsItem
from pages.models import Page

from .support import elements, news_form, page_form, png_upload

pytestmark = pytest.mark.django_db
ADD_NEWS = "/admin/news/newsitem/add/"


class TestNewsAdmin:
    def test_add_form_creates_a_public_item_with_country_and_contact(
        self, editor_client, client, make_country, make_contact
    ):
        uz = make_country("Uzbekistan", "UZ")
        contact = make_contact("Mr. Sanjarbek Toshbaev", emails=["stoshbaev@iom.int"])
        response = editor_client.post(
            ADD_NEWS,
            news_form(countries=[uz.pk], **{"newsitemcontact_set-0-contact": contact.pk}),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        item = NewsItem.objects.get(slug="labour-mobility-forum-in-tashkent")
        assert item.created_by.username == "editor"
        assert "<script" not in item.body

        editor_client.logout()
        listing = client.get("/news/?country=uzbekistan").content.decode()
        assert "Labour mobility forum in Tashkent" in listing
        detail = client.get(item.get_absolute_url()).content.decode()
        assert "Mr. Sanjarbek Toshbaev" in detail
        assert elements(detail, "a", href="mailto:stoshbaev@iom.int")
        assert "alert(" not in detail

    def test_a_draft_from_the_admin_stays_private(self, editor_client, client):
        response = editor_client.post(ADD_NEWS, news_form(status="draft"))
        assert response.status_code == 302
        item = NewsItem.objects.get()
        editor_client.logout()
        assert "Labour mobility forum" not in client.get("/news/").content.decode()
        assert client.get(item.get_absolute_url()).status_code == 404

    def test_form_error_keeps_what_the_editor_typed(self, editor_client, make_news):
        make_news(slug="taken")
        response = editor_client.post(
            ADD_NEWS,
            news_form(slug="taken", lead="A carefully written lead.", published_at_0="not a date"),
        )
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert "slug_en" in form.errors
        assert "published_at" in form.errors
        content = response.content.decode()
        assert "A carefully written lead." in content
        assert "Labour mobility forum in Tashkent" in content
        assert "Tashkent, Uzbekistan" in content
        assert NewsItem.objects.count() == 1

    def test_image_without_alt_text_is_a_form_error(self, editor_client):
        response = editor_client.post(ADD_NEWS, news_form(image=png_upload()))
        assert response.status_code == 200
        assert "Describe the image" in response.content.decode()

    def test_non_image_upload_is_a_form_error(self, editor_client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("photo.jpg", b"not really a picture", content_type="image/jpeg")
        response = editor_client.post(ADD_NEWS, news_form(image=fake, image_alt="x"))
        assert response.status_code == 200
        assert "image" in response.context["adminform"].form.errors

    def test_add_form_has_editor_slug_prefill_and_autocomplete(self, editor_client):
        content = editor_client.get(ADD_NEWS).content.decode()
        assert "ckeditor" in content  # the rich-text widget
        (prefill,) = elements(content, "script", id="django-admin-prepopulated-fields-constants")
        slugs = {field["id"] for field in json.loads(prefill["attrs"]["data-prepopulated-fields"])}
        for code in ("en", "ru", "kk"):  # each language's slug is filled in from its title
            assert f"#id_slug_{code}" in slugs
        assert elements(content, "select", class_="admin-autocomplete")

    def test_changelist_columns_filters_and_search(self, editor_client, make_news, make_country):
        uz = make_country("Uzbekistan", "UZ")
        make_news("Published one", countries=[uz])
        make_news("Draft one", status=NewsItem.Status.DRAFT)
        url = "/admin/news/newsitem/"
        content = editor_client.get(url).content.decode()
        assert "Published one" in content and "Draft one" in content
        states = [cell["text"] for cell in elements(content, "td", class_="field-state")]
        assert states.count("Draft") == 1  # the state column
        drafts = editor_client.get(url, {"status__exact": "draft"}).content.decode()
        assert "Draft one" in drafts and "Published one" not in drafts
        found = editor_client.get(url, {"q": "Published"}).content.decode()
        assert "Published one" in found and "Draft one" not in found
        by_country = editor_client.get(url, {"countries__id__exact": uz.pk}).content.decode()
        assert "Published one" in by_country and "Draft one" not in by_country

    def test_country_and_contact_autocomplete(self, editor_client, make_country, make_contact):
        make_country("Uzbekistan", "UZ")
        make_contact("Sanjarbek Toshbaev")
        url = reverse("admin:autocomplete")
        countries = editor_client.get(
            url,
            {
                "term": "uzb",
                "app_label": "news",
                "model_name": "newsitem",
                "field_name": "countries",
            },
        )
        assert [r["text"] for r in json.loads(countries.content)["results"]] == ["Uzbekistan"]
        contacts = editor_client.get(
            url,
            {
                "term": "sanj",
                "app_label": "news",
                "model_name": "newsitemcontact",
                "field_name": "contact",
            },
        )
        assert "Sanjarbek Toshbaev" in contacts.content.decode()

    def test_view_on_site(self, editor_client, make_news):
        item = make_news()
        change = editor_client.get(f"/admin/news/newsitem/{item.pk}/change/").content.decode()
        assert "View on site" in change


class TestPageAdmin:
    def test_add_a_nested_page(self, editor_client, client, make_page):
        parent = make_page("Who We Are", slug="who-we-are")
        response = editor_client.post(
            "/admin/pages/page/add/",
            page_form(
                title="History",
                slug="history",
                parent=parent.pk,
                status="published",
                show_in_menu="on",
                menu_order="3",
                intro="Since 2002 in Kazakhstan.",
                body="<p>Our story.</p>",
            ),
        )
        assert response.status_code == 302
        assert Page.objects.get(slug="history").path == "who-we-are/history"
        editor_client.logout()
        assert "Our story." in client.get("/who-we-are/history/").content.decode()

    def test_page_list_shows_the_tree(self, editor_client, make_page):
        root = make_page("Our Work", slug="our-work")
        make_page("Take Action", slug="take-action", parent=root)
        content = editor_client.get("/admin/pages/page/").content.decode()
        assert "— Take Action" in content


class TestContactAdmin:
    def test_add_contact_with_two_emails(self, editor_client, client):
        response = editor_client.post(
            "/admin/contacts/contact/add/",
            {
                "name_en": "Mr. Sanjarbek Toshbaev",
                "slug": "sanjarbek-toshbaev",
                "job_title_en": "Country Manager for Uzbekistan",
                "office_en": "IOM Central Asia",
                "phone": "",
                "is_active": "on",
                "sort_order": "0",
                "emails-TOTAL_FORMS": "2",
                "emails-INITIAL_FORMS": "0",
                "emails-MIN_NUM_FORMS": "1",
                "emails-MAX_NUM_FORMS": "1000",
                "emails-0-email": "stoshbaev@iom.int",
                "emails-0-sort_order": "0",
                "emails-1-email": "iomastana@iom.int",
                "emails-1-sort_order": "1",
            },
        )
        assert response.status_code == 302
        content = client.get("/contacts/").content.decode()
        assert elements(content, "a", href="mailto:stoshbaev@iom.int")
        assert elements(content, "a", href="mailto:iomastana@iom.int")

    def test_invalid_email_is_a_form_error(self, editor_client):
        response = editor_client.post(
            "/admin/contacts/contact/add/",
            {
                "name": "Someone",
                "slug": "someone",
                "office": "IOM Central Asia",
                "sort_order": "0",
                "is_active": "on",
                "emails-TOTAL_FORMS": "1",
                "emails-INITIAL_FORMS": "0",
                "emails-MIN_NUM_FORMS": "1",
                "emails-MAX_NUM_FORMS": "1000",
                "emails-0-email": "not-an-address",
                "emails-0-sort_order": "0",
            },
        )
        assert response.status_code == 200
        assert "Enter a valid email address." in response.content.decode()
        assert "not-an-address" in response.content.decode()


class TestEditorUpload:
    URL = "/admin/ckeditor/upload/"

    def test_staff_can_upload_an_image(self, editor_client):
        response = editor_client.post(self.URL, {"upload": png_upload("photo.png")})
        assert response.status_code == 200
        data = json.loads(response.content)
        assert data["uploaded"] == "1"
        assert data["url"].startswith("/media/uploads/")

    def test_non_image_is_refused_with_a_reason(self, editor_client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = editor_client.post(
            self.URL, {"upload": SimpleUploadedFile("x.png", b"<script>alert(1)</script>")}
        )
        assert response.status_code == 400
        assert "not an image" in json.loads(response.content)["error"]["message"]

    def test_missing_file_is_explained(self, editor_client):
        response = editor_client.post(self.URL, {})
        assert response.status_code == 400

    def test_cross_site_upload_is_refused(self, editor_client):
        response = editor_client.post(
            self.URL, {"upload": png_upload()}, headers={"Origin": "https://evil.example"}
        )
        assert response.status_code == 403

    def test_anonymous_visitors_cannot_upload(self, client, db):
        response = client.post(self.URL, {"upload": png_upload()})
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_list_says_preview_for_a_page_visitors_cannot_see(editor_client, make_page):
    section = make_page("Section", slug="section", status="draft")
    make_page("Published child", slug="child", parent=section)
    content = editor_client.get("/admin/pages/page/").content.decode()
    (child_row,) = [row for row in elements(content, "tr") if "Published child" in row["text"]]
    assert elements(child_row, "a", text="Preview")
    assert not elements(child_row, "a", text="View")
