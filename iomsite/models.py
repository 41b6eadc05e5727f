"""Abstract bases shared by the apps. iomsite has no tables of its own."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iomsite.richtext import sanitize_html


class PublishableQuerySet(models.QuerySet):
    """The one definition of "public": published, and its time has come."""

    def published(self):
        return self.filter(status=Publishable.Status.PUBLISHED, published_at__lte=timezone.now())


class Publishable(models.Model):
    """Status plus publication time; a future time means scheduled.

    Scheduling is decided at query time (``published()``), so an item appears by
    itself when its time comes: no cron job.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are only visible to staff. Choose “Published” to put it online."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_(
            "When it goes online. Pick a future date and time to schedule it: "
            "it appears by itself at that moment."
        ),
    )

    class Meta:
        abstract = True

    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    is_published.boolean = True
    is_published.short_description = _("online")

    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()


class Authored(models.Model):
    """Who created and last changed a record, and when (filled in by the admin)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class SeoFields(models.Model):
    """Editable title and description for search engines and sharing."""

    seo_title = models.CharField(
        _("search engine title"),
        max_length=70,
        blank=True,
        help_text=_("Shown in browser tabs and search results; the title is used when empty."),
    )
    seo_description = models.CharField(
        _("search engine description"),
        max_length=160,
        blank=True,
        help_text=_(
            "One sentence for search results and sharing; the lead or introduction is used "
            "when empty."
        ),
    )

    class Meta:
        abstract = True


class Searchable(models.Model):
    """PostgreSQL full-text vectors, kept up to date on save (see iomsite.search)."""

    search_vector = SearchVectorField(null=True, editable=False)
    search_rank_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True


class SanitisedRichText(models.Model):
    """Sanitises the fields named in ``rich_text_fields`` on every save."""

    rich_text_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for name in self.rich_text_fields:
            setattr(self, name, sanitize_html(getattr(self, name)))
        super().save(*args, **kwargs)
