from django.contrib import admin
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kernel.admin import ContentAdmin, MissingTranslationFilter, english, in_every_language

from .forms import PublicationFileForm
from .models import Publication, PublicationFile, in_language_order


def reading_state(file):
    """ "Ready: 24 pages, 1.8 MB", "Reading the file…", "Could not read: reason"."""
    if file is None or not file.pk:
        return ""
    if file.state == PublicationFile.READY:
        pages = ngettext("%(count)d page", "%(count)d pages", file.pages) % {"count": file.pages}
        return _t("Ready: %(pages)s, %(size)s") % {
            "pages": pages,
            "size": filesizeformat(file.size),
        }
    if file.state == PublicationFile.FAILED:
        return _t("Could not read: %(reason)s") % {"reason": file.problem or _t("unknown reason")}
    return _t("Reading the file…")


class PublicationFileInline(admin.StackedInline):  # stacked: readable on a phone
    model = PublicationFile
    form = PublicationFileForm
    extra = 1
    max_num = len(PublicationFile._meta.get_field("language").choices)
    fields = ("language", "file", "reading")
    readonly_fields = ("reading",)
    view_on_site = False  # a draft's file has no public address yet

    @admin.display(description=_("state"))
    def reading(self, obj):
        text = reading_state(obj)
        if not text:
            return "—"
        return format_html('<span class="file-state file-state--{}">{}</span>', obj.state, text)


@admin.register(Publication)
class PublicationAdmin(ContentAdmin):
    list_display = (  # the first three fit a phone (forms.css hides the others there)
        "title",
        "state",
        "preview_link",
        "is_published",
        "kind",
        "published_at",
        "file_states",
        "last_edited",
        "translations",
    )
    list_per_page = 50
    list_filter = ("status", MissingTranslationFilter, "kind", "countries", "topics")
    date_hierarchy = "published_at"
    search_fields = (*in_every_language("title", "summary", "slug"), "isbn", "document_number")
    autocomplete_fields = ("countries", "topics", "related_news")
    inlines = [PublicationFileInline]
    fieldsets = (
        (None, {"fields": (*english("title", "slug"), "kind")}),
        (_("Tags"), {"fields": ("countries", "topics")}),
        (_("Publication"), {"fields": ("status", "published_at")}),
        (
            _("About it"),
            {"fields": (*english("summary", "authors"), ("isbn", "document_number"))},
        ),
        (_("Related news"), {"fields": ("related_news",)}),
        (
            _("Cover"),
            {
                "description": _(
                    "Leave it empty to show page 1 of the PDF (drawn once the file is read)."
                ),
                "fields": ("cover", *english("cover_alt"), "cover_credit"),
            },
        ),
        (
            _("Search engines and sharing"),
            {"classes": ("collapse",), "fields": english("seo_title", "seo_description")},
        ),
    )

    def get_queryset(self, request):
        files = PublicationFile.objects.defer("text").order_by(in_language_order(), "pk")
        return super().get_queryset(request).prefetch_related(Prefetch("files", queryset=files))

    @admin.display(description=_("files"))
    def file_states(self, obj):
        return (
            "; ".join(f"{f.language.upper()}: {reading_state(f)}" for f in obj.files.all()) or "—"
        )
