from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iomsite.admin import (
    AuthoredAdminMixin,
    MissingTranslationFilter,
    TranslationAdminMixin,
    english,
    in_every_language,
)

from .models import Contact, ContactEmail


class ContactEmailInline(admin.TabularInline):
    model = ContactEmail
    extra = 1
    min_num = 1
    fields = ("email", "sort_order")


@admin.register(Contact)
class ContactAdmin(TranslationAdminMixin, AuthoredAdminMixin, admin.ModelAdmin):
    list_display = ("name", "job_title", "office", "is_active", "sort_order", "translations")
    list_editable = ("is_active", "sort_order")
    list_filter = ("is_active", MissingTranslationFilter, "office_en")
    search_fields = (*in_every_language("name", "job_title", "office"), "emails__email")
    prepopulated_fields = {"slug": english("name")}
    inlines = [ContactEmailInline]

    def get_changeform_initial_data(self, request):
        # Most contacts work in the regional office. (An initial value in the form, not
        # a model default: that would also fill the Russian and Kazakh columns.)
        return {"office_en": "IOM Central Asia", **super().get_changeform_initial_data(request)}

    fieldsets = (
        (None, {"fields": (*english("name"), "slug", *english("job_title", "office"), "phone")}),
        (None, {"fields": ("is_active", "sort_order")}),
        (_("History"), {"classes": ("collapse",), "fields": AuthoredAdminMixin.authored_fields}),
    )
