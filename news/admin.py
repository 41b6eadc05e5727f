from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kernel.admin import (
    ContentAdmin,
    MissingTranslationFilter,
    RichTextAdminMixin,
    TranslationAdminMixin,
    english,
    in_every_language,
)

from .models import Boilerplate, Country, NewsItem, NewsItemContact, Topic


@admin.register(Country)
class CountryAdmin(TranslationAdminMixin, admin.ModelAdmin):
    list_display = ("name", "iso_code", "slug", "translations")
    list_filter = (MissingTranslationFilter,)
    search_fields = (*in_every_language("name"), "iso_code")
    prepopulated_fields = {"slug": english("name")}
    autocomplete_fields = ("contacts",)
    fieldsets = ((None, {"fields": (*english("name"), "slug", "iso_code", "contacts")}),)


@admin.register(Topic)
class TopicAdmin(TranslationAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "translations")
    list_filter = (MissingTranslationFilter,)
    search_fields = in_every_language("name", "description")
    prepopulated_fields = {"slug": english("name")}
    fieldsets = ((None, {"fields": (*english("name"), "slug", *english("description"))}),)


@admin.register(Boilerplate)
class BoilerplateAdmin(TranslationAdminMixin, RichTextAdminMixin, admin.ModelAdmin):
    list_display = ("title", "translations")
    list_filter = (MissingTranslationFilter,)
    search_fields = in_every_language("title", "body")
    fieldsets = ((None, {"fields": english("title", "body")}),)


class NewsItemContactInline(admin.TabularInline):
    model = NewsItemContact
    extra = 1
    autocomplete_fields = ("contact",)
    fields = ("contact", "sort_order")


@admin.register(NewsItem)
class NewsItemAdmin(ContentAdmin):
    list_display = (  # the first three fit a phone (forms.css hides the others there)
        "title",
        "state",
        "preview_link",
        "is_published",
        "published_at",
        "country_names",
        "last_edited",
        "translations",
    )
    list_per_page = 50
    list_filter = (
        "status",
        MissingTranslationFilter,
        "kind",
        "scope",
        "countries",
        "topics",
        "published_at",
    )
    date_hierarchy = "published_at"
    search_fields = in_every_language("title", "lead", "dateline", "slug")
    autocomplete_fields = ("countries", "topics", "boilerplate", "image_from_library")
    inlines = [NewsItemContactInline]
    fieldsets = (
        (None, {"fields": (*english("title", "slug"), ("kind", "scope"), *english("dateline"))}),
        (_("Tags"), {"fields": ("countries", "topics")}),
        (_("Publication"), {"fields": ("status", "published_at")}),
        (_("Text"), {"fields": (*english("lead", "body"), "boilerplate")}),
        (
            _("Image"),
            {
                "fields": (
                    "image_from_library",
                    "image",
                    *english("image_alt", "image_caption"),
                    "image_credit",
                )
            },
        ),
        (
            _("Search engines and sharing"),
            {"classes": ("collapse",), "fields": english("seo_title", "seo_description")},
        ),
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
