"""Editor and Publisher roles, enforced by the admin (forged requests included)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from news.models import NewsItem
from pages.models import Page

from .support import elements, news_form, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_role(client, make_staff):
    client.force_login(make_staff("Editor"))
    return client


@pytest.fixture
def publisher_role(client, make_staff):
    client.force_login(make_staff("Publisher"))
    return client


def test_groups_after_migrations_match_the_roles_in_the_code():
    """iomsite/roles.py is the truth the README and create_staff_user use; the frozen
    migrations must have given the groups exactly these permissions."""
    from iomsite.roles import ROLE_PERMISSIONS

    for role, grants in ROLE_PERMISSIONS.items():
        expected = {
            (app_label, f"{action}_{model}")
            for (app_label, model), actions in grants.items()
            for action in actions
        }
        granted = set(
            Group.objects.get(name=role).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        assert granted == expected, role


def test_roles_exist_after_migrations():
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    publisher = set(
        Group.objects.get(name="Publisher").permissions.values_list("codename", flat=True)
    )
    assert {"add_newsitem", "change_newsitem", "add_page", "add_contact"} <= editor
    assert "publish_newsitem" not in editor and "publish_page" not in editor
    assert not any(code.endswith("_user") for code in editor | publisher)
    assert {"publish_newsitem", "publish_page", "delete_contact"} <= publisher
    assert editor < publisher


class TestEditor:
    def test_editor_saves_a_draft(self, editor_role, make_country):
        uz = make_country("Uzbekistan", "UZ")
        response = editor_role.post(
            "/admin/news/newsitem/add/", news_form(status="draft", countries=[uz.pk])
        )
        assert response.status_code == 302
        assert NewsItem.objects.get().status == "draft"

    def test_editor_form_offers_no_way_to_publish(self, editor_role):
        content = editor_role.get("/admin/news/newsitem/add/").content.decode()
        (status,) = elements(content, "select", name="status")
        choices = [option["attrs"].get("value") for option in elements(status, "option")]
        assert "draft" in choices
        assert "published" not in choices
        assert (
            "Publish selected items"
            not in editor_role.get("/admin/news/newsitem/").content.decode()
        )

    def test_forged_publish_post_is_refused(self, editor_role):
        response = editor_role.post("/admin/news/newsitem/add/", news_form(status="published"))
        assert response.status_code == 200
        assert "status" in response.context["adminform"].form.errors
        assert not NewsItem.objects.exists()

    def test_forged_publish_on_an_existing_draft_is_refused(self, editor_role, make_news):
        draft = make_news(status="draft", slug="d")
        data = news_form(status="published", slug="d", edit_token=draft.updated_at.isoformat())
        response = editor_role.post(f"/admin/news/newsitem/{draft.pk}/change/", data)
        assert response.status_code == 200
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_forged_publish_action_is_refused(self, editor_role, make_news):
        draft = make_news(status="draft")
        editor_role.post(
            "/admin/news/newsitem/",
            {"action": "publish_selected", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_an_editor_s_changes_to_a_published_item_are_a_draft(self, editor_role, make_news):
        live = make_news(title="Live", slug="live")
        page = editor_role.get(f"/admin/news/newsitem/{live.pk}/change/")
        assert page.status_code == 200
        for code in ("en", "ru", "kk"):
            assert elements(page, "input", name=f"title_{code}")
        for name in ("status", "published_at_0"):  # whether and since when it is online
            assert not elements(page, None, name=name)
        token = elements(page, "input", name="edit_token")[0]["attrs"]["value"]
        response = editor_role.post(
            f"/admin/news/newsitem/{live.pk}/change/",
            news_form(title="Changed", slug="live", status="draft", edit_token=token),
        )
        assert response.status_code == 302
        live.refresh_from_db()
        assert live.title == "Live" and live.is_published()

    def test_editor_cannot_delete_published_items_but_may_delete_drafts(
        self, editor_role, make_news
    ):
        live = make_news(slug="live")
        draft = make_news(slug="draft", status="draft")
        assert (
            editor_role.post(f"/admin/news/newsitem/{live.pk}/delete/", {"post": "yes"}).status_code
            == 403
        )
        assert NewsItem.objects.filter(pk=live.pk).exists()
        editor_role.post(f"/admin/news/newsitem/{draft.pk}/delete/", {"post": "yes"})
        assert not NewsItem.objects.filter(pk=draft.pk).exists()
        editor_role.post(
            "/admin/news/newsitem/", {"action": "delete_selected", "_selected_action": [live.pk]}
        )
        assert NewsItem.objects.filter(pk=live.pk).exists()

    def test_editor_cannot_manage_users(self, editor_role):
        assert editor_role.get("/admin/auth/user/").status_code == 403

    def test_editor_can_duplicate_as_draft(
        self, editor_role, make_news, make_contact, make_country
    ):
        contact = make_contact()
        original = make_news(
            title="Original", slug="original", contacts=[contact], countries=[make_country()]
        )
        editor_role.post(
            "/admin/news/newsitem/",
            {"action": "duplicate_as_draft", "_selected_action": [original.pk]},
        )
        copy = NewsItem.objects.exclude(pk=original.pk).get()
        assert copy.status == "draft"
        assert copy.title == "Copy of Original"
        assert copy.slug == "original-copy"
        assert list(copy.contacts.all()) == [contact]
        assert list(copy.countries.all()) == list(original.countries.all())

    def test_editor_cannot_reorder_published_pages_in_the_list(self, editor_role, make_page):
        live = make_page(slug="live", menu_order=1)
        response = editor_role.get("/admin/pages/page/")
        assert not elements(response, None, name="form-0-menu_order")
        editor_role.post(
            "/admin/pages/page/",
            {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": live.pk,
             "form-0-menu_order": "9", "_save": "Save"},
        )  # fmt: skip
        live.refresh_from_db()
        assert live.menu_order == 1

    def test_publisher_reorders_the_menu_in_the_list(self, publisher_role, make_page):
        make_page()
        assert elements(publisher_role.get("/admin/pages/page/"), "input", name="form-0-menu_order")

    def test_editor_page_rules(self, editor_role, make_page):
        live = make_page(slug="live")
        assert (
            editor_role.post(f"/admin/pages/page/{live.pk}/delete/", {"post": "yes"}).status_code
            == 403
        )


class TestPublisher:
    def test_publisher_publishes_and_unpublishes(self, publisher_role, make_news, client):
        draft = make_news(status="draft", published_at=tomorrow())
        publisher_role.post(
            "/admin/news/newsitem/", {"action": "publish_selected", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.is_published()  # a future time is brought forward on "publish now"
        publisher_role.post(
            "/admin/news/newsitem/",
            {"action": "unpublish_selected", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_publisher_schedules_through_the_form(self, publisher_role):
        data = news_form(status="published", published_at_0="2099-01-01", published_at_1="09:00:00")
        assert publisher_role.post("/admin/news/newsitem/add/", data).status_code == 302
        item = NewsItem.objects.get()
        assert item.is_scheduled()
        assert "Scheduled" in publisher_role.get("/admin/news/newsitem/").content.decode()

    def test_publisher_deletes_published_items(self, publisher_role, make_news):
        live = make_news()
        publisher_role.post(f"/admin/news/newsitem/{live.pk}/delete/", {"post": "yes"})
        assert not NewsItem.objects.filter(pk=live.pk).exists()

    def test_publisher_publishes_pages(self, publisher_role, make_page):
        draft = make_page(status=Page.Status.DRAFT)
        publisher_role.post(
            "/admin/pages/page/", {"action": "publish_selected", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.is_published()


class TestCreateStaffUserCommand:
    def test_creates_users_in_a_role(self, django_user_model):
        call_command("create_staff_user", "aigerim", role="editor", password="Long-enough-pass-42")
        user = django_user_model.objects.get(username="aigerim")
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == ["Editor"]
        call_command(
            "create_staff_user", "aigerim", role="publisher", password="Long-enough-pass-42"
        )
        assert list(user.groups.values_list("name", flat=True)) == ["Publisher"]
        assert django_user_model.objects.get(username="aigerim").has_perm("news.publish_newsitem")

    def test_weak_password_is_refused(self):
        with pytest.raises(CommandError, match=r"too short|too common"):
            call_command("create_staff_user", "bob", role="editor", password="abc")
