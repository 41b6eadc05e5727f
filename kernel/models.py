"""Abstract bases shared by the apps, and the content generation (the one table of
iomsite's own)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import get_translatable_fields_for_model
from modeltranslation.utils import build_localized_fieldname

from kernel.richtext import sanitize_html

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# ``title``, ``ru`` -> ``title_ru``: the column django-modeltranslation adds.
localized_name = build_localized_fieldname


def language_name(code):
    """ "Russian", in the language of the page or admin being shown."""
    return translation.get_language_info(code)["name_translated"]


def editable_translated_fields(model):
    """The fields of ``model`` that have a column per language and that editors write
    (in ``translation.py`` order): not ``path``, which is built from the slugs."""
    names = get_translatable_fields_for_model(model) or ()
    return [name for name in names if model._meta.get_field(name).editable]


def value_in(instance, name, language):
    """The text of field ``name`` a reader of ``language`` sees: theirs, else English.

    Reads the per-language columns directly, so it also works on the historical
    models of migrations (which have no translation descriptors)."""
    value = getattr(instance, localized_name(name, language), None)
    if not value and language != settings.LANGUAGE_CODE:
        value = getattr(instance, localized_name(name, settings.LANGUAGE_CODE), None)
    return value or ""


class ContentGeneration(models.Model):
    """One row: the current "content generation" that every page cache key includes
    (see kernel.cache). A new random token is written, in the same transaction,
    whenever content changes, so every process of the site sees the change and its
    new generation at the same moment."""

    SINGLETON = 1

    token = models.BigIntegerField()
    changed_at = models.DateTimeField()
    next_at = models.DateTimeField(
        null=True, help_text="When the next scheduled item goes online (a new generation then)."
    )

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class PublishableQuerySet(models.QuerySet):
    """The one definition of "public": published, and its time has come."""

    @staticmethod
    def public_q():
        """The condition on an item's own status and time (a Q, for subqueries)."""
        return models.Q(status=Publishable.Status.PUBLISHED, published_at__lte=timezone.now())

    def published(self):
        public = self.filter(self.public_q())
        if issubclass(self.model, Searchable):
            # Six tsvector columns (two per language) that only queries use: leave them
            # in the database instead of fetching and decoding them with every row.
            public = public.defer(*Searchable.vector_fields)
        return public


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
    """Editable title and description for search engines and sharing.

    ``meta_title`` and ``meta_description`` are what pages print: in the reader's
    language whenever any of the candidates is (a translated title beats an English
    SEO title), else the English. ``summary_field`` is the fallback description."""

    summary_field = "lead"

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

    @property
    def meta_title(self):
        return self.first_in_reader_language("seo_title", "title")

    @property
    def meta_description(self):
        return self.first_in_reader_language("seo_description", self.summary_field)


class Searchable(models.Model):
    """PostgreSQL full-text vectors per language, kept up to date on save.

    One pair per language in ``settings.LANGUAGES`` (see kernel.search): the whole
    text as that language's readers see it, and its title and lead for ranking."""

    search_vector_en = SearchVectorField(null=True, editable=False)
    search_rank_vector_en = SearchVectorField(null=True, editable=False)
    search_vector_ru = SearchVectorField(null=True, editable=False)
    search_rank_vector_ru = SearchVectorField(null=True, editable=False)
    search_vector_kk = SearchVectorField(null=True, editable=False)
    search_rank_vector_kk = SearchVectorField(null=True, editable=False)

    vector_fields = [f"search{kind}_vector_{code}" for kind in ("", "_rank")
                     for code in ("en", "ru", "kk")]  # fmt: skip

    class Meta:
        abstract = True


def translation_errors(instance, required):
    """Errors for language versions begun but lacking a field in ``required``.

    A Russian or Kazakh version is either left empty (readers get the English, with
    a note) or has at least the ``required`` fields (e.g. title and slug)."""
    names = editable_translated_fields(type(instance))
    errors = {}
    for language in LANGUAGE_CODES[1:]:
        filled = [n for n in names if getattr(instance, localized_name(n, language), None)]
        if not filled:
            continue
        for name in required:
            column = localized_name(name, language)
            if not getattr(instance, column, None):
                field = instance._meta.get_field(name)
                errors[column] = _(
                    "The %(language)s version needs a %(field)s too, or leave all its "
                    "fields empty to show the English version."
                ) % {
                    "language": language_name(language),
                    "field": field.verbose_name,
                }
    return errors


class Translatable(models.Model):
    """Content with a column per language for its fields in ``translation.py``.

    ``item.title`` gives the reader's language, or English when that is empty
    (django-modeltranslation). ``language_of`` tells templates which one it was, so
    text shown in English is marked ``lang="en"`` and announced with a note. A
    language version exists when any of its ``translation_key_fields`` is filled in.
    """

    translation_key_fields = ("title",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The plain columns (title, slug, ...) keep a copy of the English text, whatever
        # language the editor's admin is in (the descriptors read the active language).
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            english = {localized_name(n, settings.LANGUAGE_CODE): n
                       for n in get_translatable_fields_for_model(type(self)) or ()}  # fmt: skip
            kwargs["update_fields"] = {
                *update_fields,
                *(english[name] for name in update_fields if name in english),
            }
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)

    def has_translation(self, language):
        return any(
            getattr(self, localized_name(name, language), None)
            for name in self.translation_key_fields
        )

    def translated_languages(self):
        return [code for code in LANGUAGE_CODES if self.has_translation(code)]

    def first_in_reader_language(self, *names):
        """The first of ``names`` filled in the reader's language, else in English."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        for code in dict.fromkeys([language, settings.LANGUAGE_CODE]):
            for name in names:
                value = getattr(self, localized_name(name, code), None)
                if value:
                    return value
        return ""

    def language_of(self, name, language=None):
        """The language of the text ``getattr(self, name)`` shows to ``language``."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        if getattr(self, localized_name(name, language), None):
            return language
        return settings.LANGUAGE_CODE


class SanitisedRichText(models.Model):
    """Sanitises the fields named in ``rich_text_fields`` (every language) on save."""

    rich_text_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for name in self.rich_text_fields:
            for language in LANGUAGE_CODES:
                column = localized_name(name, language)
                if hasattr(self, column):
                    setattr(self, column, sanitize_html(getattr(self, column)))
            if not hasattr(self, localized_name(name, LANGUAGE_CODES[0])):
                setattr(self, name, sanitize_html(getattr(self, name)))
        super().save(*args, **kwargs)
