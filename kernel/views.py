"""View building blocks shared by the content apps' public views."""

import mimetypes

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kernel.cache import cached_object
from kernel.images import share_rendition
from kernel.languages import LANGUAGE_CODES, localized_name


class PublicQuerysetMixin:
    """The queryset a content type's public views start from, and who may preview.

    Anonymous visitors only ever see ``published()`` items. Users who may change the
    model also see drafts and scheduled items where ``allow_preview`` (detail pages);
    such responses are never cached (``ContentDetailMixin``)."""

    allow_preview = False

    def can_preview(self):
        user, opts = self.request.user, self.model._meta
        return (
            self.allow_preview
            and user.is_active
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_queryset(self):
        manager = self.model.objects
        return manager.all() if self.can_preview() else manager.published()


class ContentDetailMixin:
    """``get()`` of a content type's detail view.

    ``get_object()`` may set ``self.redirect_to`` when the address asked for is the
    item's address in another language: the answer is then a permanent redirect to
    this language's address (query string kept). A staff preview of something not
    public (``is_preview()``) is marked never-cache, so no cache keeps it.
    """

    redirect_to = None
    # The 404's words for an unknown slug ("%(slug)s" stands for it).
    not_found = _("Nothing has the address “%(slug)s”.")

    def prepare_object(self, obj):
        """Load what the page shows besides the item's own columns (its tags, its
        contacts): called only when the page's content is rendered, not when its
        cached fragments are used (``item`` in the template, see get_context_data)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)

        def prepared():
            self.prepare_object(self.object)
            return self.object

        context["item"] = SimpleLazyObject(prepared)
        return context

    def get_object(self, queryset=None):
        """The item at this address: read once per content generation for visitors
        (``cached_object``), each time for staff who may preview drafts."""
        slug = self.kwargs["slug"]

        def find():
            found = self.object_by_any_slug(
                self.get_queryset(), slug, str(self.not_found) % {"slug": slug}
            )
            return found, self.redirect_to

        if self.can_preview():
            return find()[0]
        item, self.redirect_to = cached_object(f"{self.model._meta.label}:slug", [slug], find)
        return item

    def object_by_any_slug(self, queryset, slug, not_found):
        """The item whose slug in any language is ``slug`` (one query), else a 404
        saying ``not_found``. Each language version has its own slug; an untranslated
        one uses the English slug. ``redirect_to`` is set when the slug is not the one
        this language shows (the Russian slug under the English address)."""
        matches = Q()
        for code in LANGUAGE_CODES:
            matches |= Q(**{localized_name("slug", code): slug})
        found = list(queryset.filter(matches)[: len(LANGUAGE_CODES)])
        if not found:
            raise Http404(not_found)
        found.sort(key=lambda item: (item.slug != slug, item.slug_en != slug, -item.pk))
        item = found[0]
        self.redirect_to = None if item.slug == slug else item.get_absolute_url()
        return item

    def is_preview(self):
        return not self.object.is_published()

    def get(self, request, *args, **kwargs):
        self.redirect_to = None
        self.object = self.get_object()
        if self.redirect_to:
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(self.redirect_to + (f"?{query}" if query else ""))
        response = self.render_to_response(self.get_context_data(object=self.object))
        if self.is_preview():
            add_never_cache_headers(response)
        return response


def page_redirect(request, number, name="page"):
    """A redirect to page ``number`` when the page asked for is written otherwise
    (``?page=999`` past the end, ``?page=abc``), or None. Paginated views show the
    nearest real page; redirecting there, rather than rendering it under every
    address anyone makes up, keeps one cached copy per real page."""
    asked = request.GET.get(name)
    if asked is None or asked == str(number):
        return None
    query = request.GET.copy()
    query[name] = str(number)
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")


# Lists other apps add under a content type's detail pages ("Related publications"
# under a release): model -> [(heading, items(obj))]. The app whose content is listed
# registers it in its ready(); the page's own app does not know it.
_RELATED = {}


def add_related(model, heading, items):
    """Under each ``model`` detail page, ``heading`` and the list ``items(obj)`` gives
    (objects with ``get_absolute_url``, a ``title`` and a ``published_at``; one query)."""
    _RELATED.setdefault(model, []).append((heading, items))


def related_lists(obj):
    """[(heading, items)] for ``obj``'s page: the lists other apps add, if not empty."""
    lists = []
    for heading, items in _RELATED.get(type(obj), ()):
        found = list(items(obj))
        if found:
            lists.append((heading, found))
    return lists


def canonical_path(obj):
    """The address of ``obj``'s page that its canonical link names (the one to share
    and index): in the reader's language when ``obj`` has that language version,
    else in English (an untranslated item shows the English text under every
    language's address)."""
    language = get_language()
    if not obj.has_translation(language):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return obj.get_absolute_url()


def site_organization(request):
    """The site's publisher as schema.org data (JSON-LD of the content pages): its
    name, its home page (in the reader's language) and its logo."""
    logo = request.build_absolute_uri(static("img/logo.svg"))
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("home")),
        "logo": {"@type": "ImageObject", "url": logo},
    }


# The site's own picture for share previews, where a page has no image (the size
# large previews ask for), one per language with the office's name in it.
SITE_PICTURE = {"width": 1200, "height": 630, "type": "image/png"}


def share_image(request, image=None, renditions=None, alt=""):
    """The picture a share preview of a page shows: ``{"url"`` (absolute),
    ``"width", "height", "type", "alt"}``. The page's own ``image`` (its rendition
    near 1200 pixels wide, see kernel.images.share_rendition) described by ``alt``;
    else the site's picture in the reader's language (English for a language
    without one), 1200 x 630."""
    if image:
        url, width, height = share_rendition(image, renditions)
        return {
            "url": request.build_absolute_uri(url),
            "width": width,
            "height": height,
            "type": mimetypes.guess_type(url)[0] or "",
            "alt": alt,
        }
    language = get_language()
    language = language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE
    return {
        **SITE_PICTURE,
        "url": request.build_absolute_uri(static(f"img/share-{language}.png")),
        "alt": _("The IOM logo, with the words “IOM Central Asia, UN Migration”"),
    }
