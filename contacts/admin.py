from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iomsite.admin import AuthoredAdminMixin

from .models import Contact, ContactEmail


class ContactEmailInline(admin.TabularInline):
    model = ContactEmail
    extra = 1
    min_num = 1
    fields = ("email", "sort_order")


@admin.register(Contact)
class ContactAdmin(AuthoredAdminMixin, admin.ModelAdmin):
    list_display = ("name", "job_title", "office", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    list_filter = ("is_active", "office")
    search_fields = ("name", "job_title", "office", "emails__email")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ContactEmailInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "job_title", "office", "phone")}),
        (None, {"fields": ("is_active", "sort_order")}),
        (_("History"), {"classes": ("collapse",), "fields": AuthoredAdminMixin.authored_fields}),
    )
