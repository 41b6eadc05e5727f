from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iomsite.admin import (
    AuthoredAdminMixin,
    ConflictCheckAdminMixin,
    PublishableAdminMixin,
    RevisionAdmin,
    RichTextAdminMixin,
)

from .models import Page


@admin.register(Page)
class PageAdmin(
    ConflictCheckAdminMixin,
    PublishableAdminMixin,
    AuthoredAdminMixin,
    RichTextAdminMixin,
    RevisionAdmin,
):
    change_form_template = "admin/iomsite/change_form.html"
    list_display = (
        "tree_title",
        "state",
        "is_published",
        "show_in_menu",
        "menu_order",
        "preview_link",
    )
    list_editable = ("menu_order",)
    list_filter = ("status", "show_in_menu", "depth")
    search_fields = ("title", "path", "intro")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("parent",)
    ordering = ("path",)
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("title", "slug", "parent")}),
        (_("Publication"), {"fields": ("status", "published_at", "show_in_menu", "menu_order")}),
        (_("Text"), {"fields": ("intro", "body")}),
        (_("Image"), {"fields": ("hero_image", "hero_image_alt")}),
        (
            _("Search engines"),
            {"classes": ("collapse",), "fields": ("seo_title", "seo_description")},
        ),
        (_("History"), {"classes": ("collapse",), "fields": AuthoredAdminMixin.authored_fields}),
    )

    @admin.display(description=_("title"), ordering="path")
    def tree_title(self, obj):
        return f"{'— ' * (obj.depth - 1)}{obj.title}  (/{obj.path}/)"

    def slug_scope(self, copy, slug):
        return {"parent": copy.parent_id, "slug": slug}
