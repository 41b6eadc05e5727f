"""A live preview of the unsaved form, in the public design, beside the form.

The change form posts what it holds (``live_preview_view``; files stay in the
browser) as the editor types. The item is written with those values in a
transaction that is rolled back once its public page is rendered, exactly as the
public view renders it (related items, contacts, menus), so nothing is saved and no
cache changes. The page comes back as HTML that the form shows in a sandboxed frame
(``srcdoc``: no second request, any number of processes), under the public pages'
content security policy, at phone or desktop width, in any language. A photo chosen
but not yet uploaded is shown from the browser (static/admin/iomsite/live_preview.js).
"""

import contextlib
import re
import uuid

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _t

from kernel.cache import changes_rolled_back
from kernel.languages import LANGUAGE_CODES, language_name, localized_name
from kernel.middleware import PUBLIC_CSP

# Where a chosen, not yet uploaded, photo stands in the preview: the browser puts the
# file it holds in its place (live_preview.js knows this name).
CHOSEN_IMAGE = "live-preview/{field}"


class _Rendered(Exception):
    def __init__(self, response):
        self.response = response


@contextlib.contextmanager
def _unshowable_as_empty():
    """A form whose values the database refuses even for a moment (an address another
    page has in another language): "cannot be shown yet", not an error."""
    try:
        yield
    except DatabaseError as error:
        raise _Rendered(HttpResponse(status=204)) from error


class LivePreviewAdminMixin:
    """Needs LiveContentAdminMixin (its ``_render_public``) after it in the bases."""

    @property
    def media(self):
        # A property, not a Media class: that would hide the other mixins' Media.
        return super().media + forms.Media(js=["admin/iomsite/live_preview.js"])

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "live-preview/",
                self.admin_site.admin_view(self.live_preview_view),
                name=f"{opts.app_label}_{opts.model_name}_live_preview",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        opts = self.model._meta
        context["live_preview"] = {
            "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_live_preview"),
            "object_id": obj.pk if obj is not None else "",
            "languages": [(code, language_name(code)) for code in LANGUAGE_CODES],
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def live_preview_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        object_id = request.POST.get("_preview_of") or None
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404(_t("There is no such item."))
            if not self.has_view_or_change_permission(request, obj):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        language = request.POST.get("_preview_language")
        if language not in LANGUAGE_CODES:
            language = settings.LANGUAGE_CODE
        chosen = set(request.POST.getlist("_preview_chosen")) & set(self.model.image_fields)
        try:
            with (
                transaction.atomic(),
                changes_rolled_back(),
                translation.override(language),
                _unshowable_as_empty(),
            ):
                shown = self._write_for_preview(request, obj)
                for field in chosen:
                    self._stand_in_for(shown, field)
                response = self._render_public(
                    request, shown.get_absolute_url(), banner="live_preview"
                )
                raise _Rendered(response)  # leaves the transaction, rolling it back
        except _Rendered as rendered:
            response = rendered.response
        return self._as_preview(response)

    def _write_for_preview(self, request, obj):
        """The item with the form's values (fields with an error keep their stored
        ones), saved in the caller's transaction; related rows too, where valid."""
        change = obj is not None
        ModelForm = self.get_form(request, obj, change=change)
        form = ModelForm(request.POST, instance=obj)
        form.is_valid()
        item = form.instance
        # As stored (the form's instance is the same object, now holding the form's).
        original = self.model._base_manager.get(pk=obj.pk) if change else self.model()
        for name in form.errors:
            field = next((f for f in item._meta.concrete_fields if f.name == name), None)
            if field is not None:
                setattr(item, field.attname, getattr(original, field.attname))
        self._free_addresses(item)
        if hasattr(self, "remove_emptied_pictures"):
            self.remove_emptied_pictures(item, form)
        item.save()
        for field in item._meta.many_to_many:
            if field.name in form.cleaned_data and field.name not in form.errors:
                getattr(item, field.name).set(form.cleaned_data[field.name])
        formsets, __ = self._create_formsets(request, item, change=change)
        for formset in formsets:
            if formset.is_valid():
                formset.save()
        return item

    def _free_addresses(self, item):
        """A slug the item may not have (empty, or another item's) becomes one of its
        own for the preview: the page is found by its address."""
        model = type(item)
        for code in LANGUAGE_CODES:
            column = localized_name("slug", code)
            if not hasattr(item, column):
                continue
            slug = getattr(item, column)
            if code != settings.LANGUAGE_CODE and not slug:
                continue  # falls back to the English one
            taken = model._base_manager.filter(**{column: slug}).exclude(pk=item.pk).exists()
            if not slug or taken:
                setattr(item, column, f"{slug or 'preview'}-{uuid.uuid4().hex[:8]}")

    @staticmethod
    def _stand_in_for(item, field):
        """The chosen photo's place on the page (its file is still in the browser)."""
        renditions = item.image_fields[field]
        type(item)._base_manager.filter(pk=item.pk).update(
            **{
                field: CHOSEN_IMAGE.format(field=field),
                renditions: {"width": 1200, "height": 800, "sources": {}},
            }
        )

    @staticmethod
    def _as_preview(response):
        """The public page for the form's frame: links open in a new tab, and the
        public pages' content security policy applies inside it."""
        if not hasattr(response, "content") or response.status_code != 200:
            message = _t("This item cannot be shown yet.")
            return HttpResponse(message, status=200, content_type="text/plain; charset=utf-8")
        html = response.content.decode(response.charset or "utf-8")
        head = format_html(
            '<meta http-equiv="Content-Security-Policy" content="{}"><base target="_blank">',
            PUBLIC_CSP.replace("img-src 'self' data:", "img-src 'self' data: blob:").replace(
                "; frame-ancestors 'none'", ""
            ),
        )
        html = re.sub(r"(<head[^>]*>)", lambda match: match.group(1) + head, html, count=1)
        answer = HttpResponse(html, content_type="text/html; charset=utf-8")
        answer["Cache-Control"] = "no-store"
        answer["X-Robots-Tag"] = "noindex"
        return answer
