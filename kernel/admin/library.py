"""The image library in the admin: upload once (with description, caption, credit and
a focal point set by clicking the picture), search, and choose from news items and
pages. An image that something online shows is changed only by someone who may
publish that (its focal point moves the crop visitors see)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from kernel.admin.authoring import AuthoredAdminMixin
from kernel.admin.revisions import item_url
from kernel.admin.translations import (
    MissingTranslationFilter,
    TranslationAdminMixin,
    english,
    in_every_language,
)
from kernel.models import LIBRARY_SUFFIX, Publishable


def _users(model):
    """(model, its field, the reverse query name) of each relation that shows
    library images."""
    for relation in model._meta.related_objects:
        if relation.field.name.endswith(LIBRARY_SUFFIX):
            yield relation.related_model, relation.field.name, relation.name


def thumbnail_url(image):
    """The smallest rendition (or the original) of a library image."""
    for _width, name in (image.renditions or {}).get("sources", {}).get("image/jpeg", []):
        return image.file.storage.url(name)
    return image.file.url if image.file else ""


class LibraryImageForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        across, down = cleaned.get("focal_x"), cleaned.get("focal_y")
        if (across is None) != (down is None):
            self.add_error(
                "focal_y" if down is None else "focal_x",
                _("Give both coordinates of the focal point, or neither."),
            )
        return cleaned


class LibraryImageAdmin(AuthoredAdminMixin, TranslationAdminMixin, admin.ModelAdmin):
    form = LibraryImageForm
    list_display = ("thumbnail", "title", "size", "credit", "used_by", "last_edited")
    list_display_links = ("thumbnail", "title")
    list_filter = (MissingTranslationFilter,)
    search_fields = ("title", *in_every_language("alt", "caption"), "credit")
    list_per_page = 40
    fieldsets = (
        (None, {"fields": ("title", "file", "focal_point_picker", "focal_x", "focal_y")}),
        (_("Words that go with it"), {"fields": (*english("alt", "caption"), "credit")}),
    )

    class Media:
        css = {"all": ["admin/iomsite/forms.css"]}
        js = ["admin/iomsite/focal_point.js"]

    def get_urls(self):
        return [item_url(self, "thumbnail/", self.thumbnail_view, "thumbnail"), *super().get_urls()]

    def thumbnail_view(self, request, object_id):
        """The picture's thumbnail (the choosers in item forms show it)."""
        image = self.get_object(request, unquote(object_id))
        if image is None:
            raise Http404(_t("There is no such image."))
        if not self.has_view_or_change_permission(request, image):
            raise PermissionDenied
        return redirect(thumbnail_url(image))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        counts = [Count(query_name, distinct=True) for _m, _f, query_name in _users(self.model)]
        return queryset.annotate(uses=sum(counts[1:], counts[0])) if counts else queryset

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "focal_point_picker")

    @admin.display(description=_("picture"))
    def thumbnail(self, obj):
        return format_html(
            '<img src="{}" alt="" class="library-thumbnail" width="120" loading="lazy">',
            thumbnail_url(obj),
        )

    @admin.display(description=_("size"))
    def size(self, obj):
        renditions = obj.renditions or {}
        if not renditions.get("width"):
            return "—"
        return f"{renditions['width']}\u00a0×\u00a0{renditions['height']}"

    @admin.display(description=_("used by"), ordering="uses")
    def used_by(self, obj):
        return getattr(obj, "uses", 0)

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj):
        if obj is None or not obj.file:
            return _t("Save the image first; then click the subject of the picture here.")
        focal = obj.focal_point or (0.5, 0.5)
        return format_html(
            '<span class="focal-point" data-x="{}" data-y="{}">'
            '<img src="{}" alt="{}" width="{}"><span class="focal-point__mark" hidden></span>'
            '</span><span class="help">{}</span>',
            focal[0],
            focal[1],
            obj.file.url,
            _t("Click the subject of the picture"),
            min((obj.renditions or {}).get("width") or 480, 480),
            _t(
                "Click where the subject is: lists crop the picture around it. The two "
                "numbers below follow your click."
            ),
        )

    def _live_users(self, obj):
        """(model, whether any live item of it shows ``obj``) for each user model."""
        for model, name, _query_name in _users(type(obj)):
            shown = model._base_manager.filter(**{name: obj})
            if issubclass(model, Publishable):
                shown = shown.filter(status=Publishable.Status.PUBLISHED)
            yield model, shown.exists()

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        for model, live in self._live_users(obj):
            opts = model._meta
            if live and not request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}"):
                return False  # it is online: a publisher's to change
        return True

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or self.has_change_permission(request, obj)
        )
