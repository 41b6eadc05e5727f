from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kernel.admin import (
    AuthoredAdminMixin,
    ConflictCheckAdminMixin,
    LiveContentAdminMixin,
    MissingTranslationFilter,
    PresenceAdminMixin,
    ReviewAdminMixin,
    RevisionAdmin,
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


def only_publishers_activate(value):
    if value:
        raise ValidationError(
            _("Only a publisher can make a contact public. Save it inactive and ask one."),
            code="publish_permission",
        )


@admin.register(Contact)
class ContactAdmin(
    PresenceAdminMixin,
    ReviewAdminMixin,
    AuthoredAdminMixin,
    TranslationAdminMixin,
    ConflictCheckAdminMixin,
    LiveContentAdminMixin,
    RevisionAdmin,
):
    """Active contacts are public: Editors add and change inactive ones; a Publisher
    makes them public and changes the public ones. Every save keeps a version."""

    list_display = (  # the first three fit a phone (forms.css hides the others there)
        "name",
        "is_active",
        "sort_order",
        "job_title",
        "office",
        "draft_changes",
        "review",
        "last_edited",
        "translations",
    )
    list_editable = ("is_active", "sort_order")
    list_filter = ("is_active", MissingTranslationFilter, "office_en")
    search_fields = (*in_every_language("name", "job_title", "office"), "emails__email")
    prepopulated_fields = {"slug": english("name")}
    inlines = [ContactEmailInline]

    def is_live(self, obj):
        return obj.is_active

    def get_changeform_initial_data(self, request):
        # Most contacts work in the regional office. (An initial value in the form, not
        # a model default: that would also fill the Russian and Kazakh columns.)
        initial = {"office_en": "IOM Central Asia"}
        if not self.has_publish_permission(request):
            initial["is_active"] = False
        return {**initial, **super().get_changeform_initial_data(request)}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        active = form.base_fields.get("is_active")
        if active is not None and not self.has_publish_permission(request):
            active.validators = [*active.validators, only_publishers_activate]
            active.help_text = _(
                "A publisher makes the contact public (and then changes it if needed)."
            )
        return form

    fieldsets = (
        (None, {"fields": (*english("name"), "slug", *english("job_title", "office"), "phone")}),
        (None, {"fields": ("is_active", "sort_order")}),
    )
