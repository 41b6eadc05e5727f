import re

from django.db.models import Q
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView

from kernel.cache import cached_object
from kernel.languages import LANGUAGE_CODES, localized_name
from kernel.views import ContentDetailMixin

from .models import Page

SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")


class PageDetailView(ContentDetailMixin, DetailView):
    """A page at its nested path. It and all its ancestors must be public
    (``Page.objects.published()`` only has pages whose ancestors are public).

    One query fetches the page with its ancestors (the breadcrumbs), one more its
    published children. Users who may change pages preview drafts. A path from
    another language (e.g. the Russian path under the English prefix) redirects to
    this language's path of the same page.
    """

    model = Page

    def can_preview(self):
        user = self.request.user
        return user.is_active and user.has_perm("pages.change_page")

    def get_object(self, queryset=None):
        """The page at this path, with its ancestors: read once per content generation
        for visitors (``cached_object``), each time for staff who may preview."""
        path = self.kwargs["path"].strip("/")
        if not path or len(path) > 500 or not all(map(SLUG_RE.fullmatch, path.split("/"))):
            raise Http404
        if self.can_preview():
            return self.find(path)

        def find():
            page = self.find(path)
            return page, self.ancestors, self.redirect_to

        page, self.ancestors, self.redirect_to = cached_object("pages.Page:path", [path], find)
        return page

    def find(self, path):
        self.ancestors = []
        paths = Page.ancestor_paths(path)
        pages = Page.objects.all() if self.can_preview() else Page.objects.published()
        # path__in is the reader's language's path (django-modeltranslation).
        chain = list(pages.filter(path__in=paths).order_by("depth"))
        if len(chain) == len(paths):
            self.ancestors = chain[:-1]
            return chain[-1]
        matches = Q()
        for code in LANGUAGE_CODES:
            matches |= Q(**{localized_name("path", code): path})
        # A public page's ancestors are public too, so the redirect leads to a page.
        other = pages.filter(matches).first()
        if other is None or other.path == path:
            raise Http404
        self.redirect_to = other.get_absolute_url()
        return other

    def is_preview(self):
        """A draft, or a page under a draft section (staff only)."""
        return not all(page.is_published() for page in [*self.ancestors, self.object])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = self.is_preview()

        def children():
            # A preview of a draft section lists the sub-pages it will show once
            # published.
            children = self.object.children.all()
            children = children.published_ignoring_ancestors() if preview else children.published()
            return list(children.order_by("menu_order", "title"))

        context.update(
            ancestors=self.ancestors,
            # Only where rendered: not when the page's content is a cached fragment.
            children=SimpleLazyObject(children),
            is_preview=preview,
        )
        return context
