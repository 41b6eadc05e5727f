from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Concat
from django.db.models.lookups import StartsWith
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kernel.images import alt_text_field, image_field
from kernel.languages import LANGUAGE_CODES, localized_name, value_in
from kernel.models import (
    Content,
    PublishableQuerySet,
    RichTextField,
    library_image_field,
    slug_field,
)
from kernel.search import search_indexes

# First URL segments that belong to other parts of the site; a top-level page may
# not take them (pages are matched last, so it would never be reachable).
RESERVED_TOP_LEVEL_SLUGS = frozenset(
    {
        "admin",
        "news",
        "contacts",
        "search",
        "static",
        "media",
        "feed",
        "feeds",
        "sitemap",
        "i18n",
        *LANGUAGE_CODES,  # /ru/, /kk/: the language prefixes
    }
)


class PageQuerySet(PublishableQuerySet):
    def published(self, at=None):
        """Public pages: published, their time come, and every ancestor's too.

        A published page under a draft or scheduled section is not public (its address
        is a 404), so views, search, the sitemap and the menu all read through this.
        Ancestors are found by the materialised path (an ancestor's path plus "/"
        begins the page's), in a subquery of the same query: one query, however deep
        the tree."""
        hidden_ancestors = self.model._base_manager.exclude(self.public_q(at)).filter(
            StartsWith(OuterRef("path_en"), Concat(F("path_en"), Value("/")))
        )
        return self.published_ignoring_ancestors(at).exclude(Exists(hidden_ancestors))

    def published_ignoring_ancestors(self, at=None):
        """Published by their own status and time alone: only for a staff preview of
        a draft section, which lists the sub-pages it will show once published."""
        return super().published(at)

    def menu(self):
        """Published pages flagged for the main menu, two levels deep."""
        return (
            self.published()
            .filter(show_in_menu=True, depth__lte=2)
            .order_by("depth", "menu_order", "title")
        )


class Page(Content):
    """A page of the site tree, served at its nested path, e.g. /who-we-are/about/.

    Each language has its own path (``path_en``, ``path_ru``, ...), made of the
    page's and its ancestors' slugs in that language, English where one has none.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = slug_field(
        _("This page's part of the web address; filled in from the title."), unique=False
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a top-level page (a main menu section)."),
    )
    path = models.CharField(_("web address"), max_length=500, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short plain-text summary shown at the top and in lists of pages."),
    )
    body = RichTextField(_("body"), blank=True)
    hero_image = image_field(upload_to="pages/%Y/%m/")
    hero_image_from_library = library_image_field(related_name="pages")
    hero_image_alt = alt_text_field()
    hero_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    show_in_menu = models.BooleanField(
        _("show in menu"),
        default=True,
        help_text=_("Top-level pages appear in the main menu, their children in its sub-menus."),
    )
    menu_order = models.PositiveIntegerField(
        _("menu order"), default=0, help_text=_("Lower numbers come first.")
    )

    # A page's place in the menu is live too: only Publishers change it (the page
    # tree's reordering), and draft changes published later keep it as it is then.
    live_state_fields = (*Content.live_state_fields, "menu_order")
    search_fields = {"A": "title", "B": "intro", "C": "body"}
    image_fields = {"hero_image": "hero_image_renditions"}
    summary_field = "intro"
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        get_latest_by = "updated_at"
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="page_unique_slug_per_parent"),
        ]
        indexes = search_indexes("page_search")
        permissions = [("publish_page", "Can publish, unpublish and schedule pages")]

    def __str__(self):
        path = self.path_en or ""
        return " › ".join([*path.split("/")[:-1], self.title]) if path else self.title

    def write(self, *args, **kwargs):
        """The row with its paths in every language; when a path changed, the
        sub-pages' paths follow (same transaction, see Content.save)."""
        columns = [localized_name("path", code) for code in LANGUAGE_CODES]
        old_paths = [getattr(self, column) for column in columns]
        self.set_paths()
        if kwargs.get("update_fields") is not None:  # e.g. update_or_create()
            kwargs["update_fields"] = {*kwargs["update_fields"], *columns, "depth"}
        super().write(*args, **kwargs)
        if old_paths[0] and old_paths != [getattr(self, column) for column in columns]:
            self._move_descendants(old_paths[0])

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"path": self.path})

    def address_family(self):
        """The page and its sub-pages (their addresses follow its own)."""
        stored = Page._base_manager.filter(pk=self.pk).values_list("path_en", flat=True).first()
        if not stored:
            return [self.pk]
        below = Page._base_manager.filter(path_en__startswith=f"{stored}/")
        return [self.pk, *below.values_list("pk", flat=True)]

    def build_path(self, language=settings.LANGUAGE_CODE):
        """This page's path in ``language`` (its slug there, else the English one)."""
        slug = value_in(self, "slug", language)
        if not self.parent_id:
            return slug
        return f"{value_in(self.parent, 'path', language)}/{slug}"

    def set_paths(self):
        for language in LANGUAGE_CODES:
            setattr(self, localized_name("path", language), self.build_path(language))
        self.depth = self.path_en.count("/") + 1

    @staticmethod
    def ancestor_paths(path):
        """'a/b/c' -> ['a', 'a/b', 'a/b/c']."""
        parts = path.split("/")
        return ["/".join(parts[: i + 1]) for i in range(len(parts))]

    def validation_errors(self):
        errors = super().validation_errors()
        for language in LANGUAGE_CODES:
            slug = getattr(self, localized_name("slug", language), None)
            if slug and self.parent_id is None and slug in RESERVED_TOP_LEVEL_SLUGS:
                errors[localized_name("slug", language)] = _(
                    "“%(slug)s” is used by another part of the site; choose another slug."
                ) % {"slug": slug}
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    errors["parent"] = _(
                        "A page cannot be placed under itself or one of its own sub-pages."
                    )
                    break
                ancestor = ancestor.parent
        if self.slug_en and (not self.parent_id or self.parent.path_en) and "parent" not in errors:
            for language in LANGUAGE_CODES:
                column = localized_name("path", language)
                path = self.build_path(language)
                if (
                    column not in errors
                    and Page.objects.filter(**{column: path}).exclude(pk=self.pk).exists()
                ):
                    slug_column = localized_name("slug", language)
                    if not getattr(self, slug_column, None):
                        slug_column = localized_name("slug", settings.LANGUAGE_CODE)
                    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
                    errors.setdefault(
                        slug_column,
                        _("Another page already has the address %(path)s/.")
                        % {"path": f"{prefix}/{path}"},
                    )
        return errors

    def _move_descendants(self, old_path):
        """Keep descendants' paths (every language) in step with this page's.

        Runs when any of this page's paths may have changed; parents come before their
        children (ordered by depth), so each builds on its parent's new paths."""
        descendants = list(
            Page.objects.filter(path_en__startswith=f"{old_path}/").order_by("depth")
        )
        if not descendants:
            return
        by_id = {self.pk: self}
        for page in descendants:
            page.parent = by_id.get(page.parent_id, page.parent)
            page.set_paths()
            by_id[page.pk] = page
        columns = [localized_name("path", code) for code in LANGUAGE_CODES]
        with translation.override(settings.LANGUAGE_CODE):  # plain column = English
            Page.objects.bulk_update(descendants, ["path", *columns, "depth"])
