from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kernel.admin import ContentAdmin, MissingTranslationFilter, english, in_every_language

from .models import Page


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = (
        "tree_title",
        "state",
        "is_published",
        "show_in_menu",
        "menu_order",
        "translations",
        "preview_link",
    )
    list_editable = ("menu_order",)
    list_filter = ("status", MissingTranslationFilter, "show_in_menu", "depth")
    search_fields = in_every_language("title", "path", "intro")
    autocomplete_fields = ("parent",)
    ordering = ("path_en",)
    fieldsets = (
        (None, {"fields": (*english("title", "slug"), "parent")}),
        (_("Publication"), {"fields": ("status", "published_at", "show_in_menu", "menu_order")}),
        (_("Text"), {"fields": english("intro", "body")}),
        (_("Image"), {"fields": ("hero_image", *english("hero_image_alt"))}),
        (
            _("Search engines"),
            {"classes": ("collapse",), "fields": english("seo_title", "seo_description")},
        ),
    )

    @admin.display(description=_("title"), ordering="path_en")
    def tree_title(self, obj):
        return f"{'— ' * (obj.depth - 1)}{obj.title_en}  (/{obj.path_en}/)"
