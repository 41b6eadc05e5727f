"""The image library in the admin: upload once (with description, caption, credit and
a focal point set by clicking the picture), search, and choose from news items and
pages. An image that something online shows is changed only by someone who may
publish that (its focal point moves the crop visitors see)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kernel.admin.authoring import AuthoredAdminMixin
from kernel.admin.revisions import item_url
from kernel.admin.translations import (
    MissingTranslationFilter,
    TranslationAdminMixin,
    english,
    in_every_language,
)
from kernel.images import validate_image
from kernel.models import LIBRARY_SUFFIX, LibraryImage, Publishable


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


class SeveralFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class SeveralImagesField(forms.FileField):
    """Several files chosen at once (Django's documented pattern); each is checked
    as a picture on its own by the view, so one bad file stops none of the others."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", SeveralFiles(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(each, initial) for each in data]
        return [single(data or None, initial)]


class UploadSeveralForm(forms.Form):
    files = SeveralImagesField(
        label=_("Pictures"),
        help_text=_("Choose several at once. JPEG, PNG, GIF or WebP, at most 8 MB each."),
    )
    credit = forms.CharField(
        label=_("Image credit"),
        max_length=255,
        required=False,
        help_text=_("For all of them, e.g. “© IOM 2018/Photographer name”."),
    )


def title_from(name):
    """ "tashkent_talks-2018.jpg" -> "Tashkent talks 2018"."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:])[:200] or _t("Picture")


class NeedsWordsFilter(admin.SimpleListFilter):
    title = _("description")
    parameter_name = "described"

    def lookups(self, request, model_admin):
        return [("no", _("Needs a description")), ("yes", _("Described"))]

    def queryset(self, request, queryset):
        undescribed = Q(alt_en="") | Q(alt_en__isnull=True)
        if self.value() == "no":
            return queryset.filter(undescribed)
        if self.value() == "yes":
            return queryset.exclude(undescribed)
        return queryset


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
    list_filter = (NeedsWordsFilter, MissingTranslationFilter)
    change_list_template = "admin/kernel/libraryimage/change_list.html"
    search_fields = ("title", *in_every_language("alt", "caption"), "credit")
    list_per_page = 40
    fieldsets = (
        (None, {"fields": ("title", "file", "focal_point_picker", "focal_x", "focal_y")}),
        (_("Words that go with it"), {"fields": (*english("alt", "caption"), "credit")}),
        (_("Where it is used"), {"fields": ("where_used",)}),
    )

    class Media:
        css = {"all": ["admin/iomsite/forms.css"]}
        js = ["admin/iomsite/focal_point.js"]

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_several_view),
                name="kernel_libraryimage_upload",
            ),
            item_url(self, "thumbnail/", self.thumbnail_view, "thumbnail"),
            *super().get_urls(),
        ]

    def upload_several_view(self, request):
        """Several pictures into the library at once (each checked like any upload);
        then the list of those that still need a description."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadSeveralForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            added, refused = [], []
            for upload in form.cleaned_data["files"]:
                try:
                    forms.ImageField().clean(upload)
                    validate_image(upload)
                except ValidationError as error:
                    refused.append(f"{upload.name}: {' '.join(error.messages)}")
                    continue
                image = LibraryImage(
                    title=title_from(upload.name),
                    file=upload,
                    credit=form.cleaned_data["credit"],
                    created_by=request.user,
                    updated_by=request.user,
                )
                image.save()
                self.log_addition(request, image, [{"added": {}}])
                added.append(image)
            if added:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d picture added to the library. Describe it (alt text) "
                        "before it is used: it is listed below.",
                        "%(count)d pictures added to the library. Describe each (alt text) "
                        "before it is used: they are listed below.",
                        len(added),
                    )
                    % {"count": len(added)},
                )
            for reason in refused:
                messages.error(request, _t("Not added: %(reason)s") % {"reason": reason})
            if not added:
                return redirect(request.path)
            return redirect(f"{reverse('admin:kernel_libraryimage_changelist')}?described=no")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _t("Upload several pictures"),
        }
        return TemplateResponse(request, "admin/kernel/libraryimage/upload.html", context)

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
        return (*super().get_readonly_fields(request, obj), "focal_point_picker", "where_used")

    @admin.display(description=_("used by"))
    def where_used(self, obj):
        """The items that show the picture, each linked to its form."""
        if obj is None or obj.pk is None:
            return "—"
        links = []
        for model, name, _query_name in _users(type(obj)):
            opts = model._meta
            for item in model._base_manager.filter(**{name: obj}).order_by("pk")[:50]:
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
                links.append(
                    format_html('<li><a href="{}">{}</a> ({})</li>', url, item, opts.verbose_name)
                )
        if not links:
            return _t("Nothing shows it yet.")
        return format_html('<ul class="where-used">{}</ul>', mark_safe("".join(links)))

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
