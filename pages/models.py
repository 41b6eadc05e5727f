from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iomsite.images import sync_renditions, validate_image
from iomsite.models import (
    Authored,
    Publishable,
    PublishableQuerySet,
    SanitisedRichText,
    Searchable,
    SeoFields,
)
from iomsite.search import SearchVectorIndex, update_search_vector

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
        "en",
        "ru",
        "kk",
    }
)


class PageQuerySet(PublishableQuerySet):
    def menu(self):
        """Published pages flagged for the main menu, two levels deep."""
        return (
            self.published()
            .filter(show_in_menu=True, depth__lte=2)
            .order_by("depth", "menu_order", "title")
        )


class Page(Publishable, Authored, SeoFields, Searchable, SanitisedRichText, models.Model):
    """A page of the site tree, served at its nested path, e.g. /who-we-are/about/."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("This page's part of the web address; filled in from the title."),
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
    body = models.TextField(_("body"), blank=True)
    hero_image = models.ImageField(
        _("image"), upload_to="pages/%Y/%m/", blank=True, validators=[validate_image]
    )
    hero_image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the picture shows, for readers who cannot see it. Required with an image."
        ),
    )
    hero_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    show_in_menu = models.BooleanField(
        _("show in menu"),
        default=True,
        help_text=_("Top-level pages appear in the main menu, their children in its sub-menus."),
    )
    menu_order = models.PositiveIntegerField(
        _("menu order"), default=0, help_text=_("Lower numbers come first.")
    )

    rich_text_fields = ("body",)
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        get_latest_by = "updated_at"
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="page_unique_slug_per_parent"),
        ]
        indexes = [SearchVectorIndex(fields=["search_vector"], name="page_search_idx")]
        permissions = [("publish_page", "Can publish, unpublish and schedule pages")]

    def __str__(self):
        return " › ".join([*self.path.split("/")[:-1], self.title]) if self.path else self.title

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = self.build_path()
        self.depth = self.path.count("/") + 1
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_descendants(old_path)
        sync_renditions(self, "hero_image", "hero_image_renditions")
        update_search_vector(self, [("A", self.title), ("B", self.intro), ("C", self.body)])

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"path": self.path})

    def build_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    @staticmethod
    def ancestor_paths(path):
        """'a/b/c' -> ['a', 'a/b', 'a/b/c']."""
        parts = path.split("/")
        return ["/".join(parts[: i + 1]) for i in range(len(parts))]

    def clean(self):
        super().clean()
        if self.parent_id is None and self.slug in RESERVED_TOP_LEVEL_SLUGS:
            raise ValidationError(
                {
                    "slug": _(
                        "“%(slug)s” is used by another part of the site; choose another slug."
                    )
                    % {"slug": self.slug}
                }
            )
        if self.hero_image and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the image for readers who cannot see it.")}
            )
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError(
                        {
                            "parent": _(
                                "A page cannot be placed under itself or one of its own sub-pages."
                            )
                        }
                    )
                ancestor = ancestor.parent
        if self.slug and (not self.parent_id or self.parent.path):
            path = self.build_path()
            if Page.objects.filter(path=path).exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"slug": _("Another page already has the address /%(path)s/.") % {"path": path}}
                )

    def _move_descendants(self, old_path):
        """Keep descendants' paths in step when this page's path changes."""
        descendants = list(Page.objects.filter(path__startswith=f"{old_path}/"))
        for page in descendants:
            page.path = self.path + page.path[len(old_path) :]
            page.depth = page.path.count("/") + 1
        Page.objects.bulk_update(descendants, ["path", "depth"])
