"""Admin mixins shared by the apps' ModelAdmins (no models registered here)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iomsite.richtext import RichTextWidget


class AuthoredAdminMixin:
    """Fills ``created_by``/``updated_by`` and shows the authoring metadata."""

    authored_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.authored_fields)

    def save_model(self, request, obj, form, change):
        if not change or obj.created_by_id is None:
            obj.created_by = obj.created_by or request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class RichTextAdminMixin:
    """Uses the rich-text editor for the model's ``rich_text_fields``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in getattr(self.model, "rich_text_fields", ()):
            kwargs["widget"] = RichTextWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PublishableAdminMixin:
    """List columns and filters for models with status and publication time."""

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        if obj.status != obj.Status.PUBLISHED:
            return _("Draft")
        if obj.is_scheduled():
            return _("Scheduled")
        return _("Published")
