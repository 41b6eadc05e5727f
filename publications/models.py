import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.images import alt_text_field, credit_field, image_field
from kernel.languages import LANGUAGE_CODES, localized_name
from kernel.models import Content, PublishableQuerySet, slug_field
from kernel.search import search_indexes
from news.models import Country, NewsItem, Topic


def validate_isbn(value):
    """ISBN-10 or ISBN-13 with a correct check digit (hyphens and spaces allowed)."""
    digits = value.replace("-", "").replace(" ", "").upper()
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        if total % 10 == 0:
            return
    elif len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        if total % 11 == 0:
            return
    raise ValidationError(
        _("“%(value)s” is not a valid ISBN: check the digits (10 or 13, e.g. 978-92-9268-…)."),
        code="invalid_isbn",
        params={"value": value},
    )


def in_language_order():
    """Files in the site's order of languages (English, Russian, Kazakh)."""
    return models.Case(
        *(models.When(language=code, then=index) for index, code in enumerate(LANGUAGE_CODES)),
        default=len(LANGUAGE_CODES),
    )


class PublicationQuerySet(PublishableQuerySet):
    # The text of the files, per language: search reads it in the database; pages
    # never need it.
    text_fields = [localized_name("document_text", code) for code in LANGUAGE_CODES]

    def for_list(self):
        """What a list of publications needs, in a fixed number of queries."""
        return self.defer(*self.text_fields).prefetch_related(
            Prefetch(
                "countries", queryset=Country.objects.order_by("name"), to_attr="country_list"
            ),
            Prefetch("topics", queryset=Topic.objects.order_by("name"), to_attr="topic_list"),
            Prefetch(
                "files",
                queryset=PublicationFile.objects.defer("text")
                .filter(state=PublicationFile.READY)
                .order_by(in_language_order(), "pk"),
                to_attr="file_list",
            ),
        )


class Publication(Content):
    """A report, study, factsheet or data snapshot: one PDF per language."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        STUDY = "study", _("Study")
        FACTSHEET = "factsheet", _("Factsheet")
        INFOSHEET = "infosheet", _("Infosheet")
        DATA_SNAPSHOT = "data-snapshot", _("Data snapshot")

    title = models.CharField(_("title"), max_length=255)
    slug = slug_field(
        _(
            "The end of the web address, /publications/this-part/. "
            "Filled in from the title; keep it once published."
        ),
        max_length=255,
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.REPORT)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("A few plain sentences on what it covers: shown in lists, search and feeds."),
    )
    authors = models.CharField(
        _("authors and partners"),
        max_length=500,
        blank=True,
        help_text=_("E.g. “IOM Kazakhstan with the Ministry of Labour”. Used in the citation."),
    )
    isbn = models.CharField(
        "ISBN", max_length=20, blank=True, validators=[validate_isbn], help_text=_("If it has one.")
    )
    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("If it has one.")
    )
    countries = Country.tags(
        _("countries"), _("Readers can filter publications by these."), "publications"
    )
    topics = Topic.tags(_("topics"), _("Themes readers can filter by."), "publications")
    related_news = models.ManyToManyField(
        NewsItem,
        verbose_name=_("news that cites it"),
        blank=True,
        related_name="related_publications",
        help_text=_("Releases about it: each lists it under “Related publications”."),
    )
    cover = image_field(upload_to="publications/covers/%Y/%m/")
    cover_alt = alt_text_field()
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    cover_credit = credit_field()
    # Page 1 of a file, drawn by the worker: shown when no cover is uploaded.
    page_cover = models.ImageField(max_length=255, blank=True, editable=False)
    page_cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    page_cover_source = models.CharField(max_length=255, blank=True, editable=False)
    # The text of the file in each language (document_text_en, ...), read by the worker;
    # search finds it, ranked below the title and summary.
    document_text = models.TextField(blank=True, editable=False)

    search_fields = {"A": "title", "B": "summary", "C": "document_text"}
    image_fields = {"cover": "cover_renditions"}
    summary_field = "summary"
    one_address_across_languages = True
    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        permissions = [("publish_publication", "Can publish, unpublish and schedule publications")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="publication_public_idx"),
            *search_indexes("publication_search"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"slug": self.slug})

    @property
    def shown_cover(self):
        """(image, renditions, alt) of the cover readers see: the uploaded one, else
        page 1 of a file (described by the title beside it: no alt text of its own)."""
        if self.cover:
            return self.cover, self.cover_renditions, self.cover_alt
        if self.page_cover:
            return self.page_cover, self.page_cover_renditions, ""
        return None, {}, ""


def publication_storage():
    """Where the PDFs are kept: private (``STORAGES["publications"]``), read only by
    the download view, so a draft's or a withdrawn publication's file is never public."""
    return storages["publications"]


def _stored_name(instance, filename):
    """Files get a name made here (never the uploader's): the public download name is
    made from the slug when served (publications.views.download)."""
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(10)}.pdf"


class PublicationFile(models.Model):
    """A publication in one language: its PDF, read by the worker (text for search,
    page count); ``state`` says how far that got."""

    READING, READY, FAILED = "reading", "ready", "failed"
    STATES = [(READING, _("Reading the file…")), (READY, _("Ready")), (FAILED, _("Could not read"))]

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(
        _("PDF file"),
        upload_to=_stored_name,
        storage=publication_storage,
        max_length=255,
        help_text=_("A PDF, not encrypted, without scripts."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    pages = models.PositiveIntegerField(_("pages"), default=0, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=STATES, default=READING, editable=False
    )
    problem = models.CharField(_("problem"), max_length=255, blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)
    read_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("PDF file")
        verbose_name_plural = _("PDF files, one per language")
        ordering = ["publication", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "language"], name="one_publication_file_per_language"
            )
        ]

    def __str__(self):
        return f"{self.get_language_display()} PDF"

    def save(self, *args, **kwargs):
        # A new file is read again (its text, and the cover if it is drawn from it).
        if self.file and not self.file._committed:
            self.state, self.problem, self.text, self.read_at = self.READING, "", "", None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "publications:download",
            kwargs={"slug": self.publication.slug, "language": self.language},
        )

    def derived_fields_restored(self, current):
        """A version being restored (draft changes published, an old version) took
        the row's current derived fields (kernel.admin.revisions): they describe the
        current file, so a restored other file is read anew."""
        if self.file.name != current.file.name:
            self.state, self.problem, self.text, self.read_at = self.READING, "", "", None
            self.pages = self.size = 0

    def download_name(self):
        return f"{self.publication.slug_en or self.publication.slug}-{self.language}.pdf"
