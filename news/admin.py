from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from iomsite.admin import (
    AuthoredAdminMixin,
    ConflictCheckAdminMixin,
    PublishableAdminMixin,
    RevisionAdmin,
    RichTextAdminMixin,
)

from .models import Boilerplate, Country, NewsItem, NewsItemContact, Topic


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "iso_code", "slug")
    search_fields = ("name", "iso_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("contacts",)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Boilerplate)
class BoilerplateAdmin(RichTextAdminMixin, admin.ModelAdmin):
    list_display = ("title",)
    search_fields = ("title", "body")


class NewsItemContactInline(admin.TabularInline):
    model = NewsItemContact
    extra = 1
    autocomplete_fields = ("contact",)
    fields = ("contact", "sort_order")


@admin.register(NewsItem)
class NewsItemAdmin(
    ConflictCheckAdminMixin,
    PublishableAdminMixin,
    AuthoredAdminMixin,
    RichTextAdminMixin,
    RevisionAdmin,
):
    change_form_template = "admin/iomsite/change_form.html"
    list_display = (
        "title",
        "state",
        "is_published",
        "published_at",
        "country_names",
        "preview_link",
    )
    list_per_page = 50
    list_filter = ("status", "kind", "scope", "countries", "topics", "published_at")
    date_hierarchy = "published_at"
    search_fields = ("title", "lead", "dateline", "slug")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("countries", "topics", "boilerplate")
    inlines = [NewsItemContactInline]
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("title", "slug", ("kind", "scope"), "dateline")}),
        (_("Tags"), {"fields": ("countries", "topics")}),
        (_("Publication"), {"fields": ("status", "published_at")}),
        (_("Text"), {"fields": ("lead", "body", "boilerplate")}),
        (_("Image"), {"fields": ("image", "image_alt", "image_caption", "image_credit")}),
        (
            _("Search engines and sharing"),
            {"classes": ("collapse",), "fields": ("seo_title", "seo_description")},
        ),
        (_("History"), {"classes": ("collapse",), "fields": AuthoredAdminMixin.authored_fields}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("name")))
        )

    @admin.display(description=_("countries"))
    def country_names(self, obj):
        return ", ".join(country.name for country in obj.countries.all())

    def copy_related(self, original, copy):
        NewsItemContact.objects.bulk_create(
            NewsItemContact(news_item=copy, contact_id=link.contact_id, sort_order=link.sort_order)
            for link in NewsItemContact.objects.filter(news_item=original)
        )
