from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from kernel.images import alt_text_field, credit_field, image_field
from kernel.languages import LANGUAGE_CODES, localized_name
from kernel.models import (
    Content,
    Ordered,
    PublishableQuerySet,
    RichTextField,
    Translatable,
    library_image_field,
    slug_field,
)
from kernel.search import search_indexes


class Term(Translatable, models.Model):
    """A name from one of the newsroom's fixed lists (countries, topics): named in
    every language (the names appear inside sentences), with a slug for addresses."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = slug_field(
        _("Used in web addresses, e.g. /news/country/uzbekistan/ or /news/?topic=health.")
    )

    translation_key_fields = ("name",)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def tags(cls, verbose_name, help_text, related_name="news_items"):
        """The field by which content is tagged with these terms (optional)."""
        return models.ManyToManyField(
            cls,
            verbose_name=verbose_name,
            blank=True,
            related_name=related_name,
            help_text=help_text,
        )


class Country(Term):
    """A country news can be tagged with; filters the newsroom."""

    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z]{2}$", _("Two capital letters (ISO 3166-1 alpha-2), e.g. UZ."))
        ],
        help_text=_("Two capital letters (ISO 3166-1 alpha-2), e.g. UZ for Uzbekistan."),
    )
    contacts = models.ManyToManyField(
        Contact,
        verbose_name=_("media contacts"),
        blank=True,
        related_name="countries",
        help_text=_("The people journalists should ask about this country."),
    )

    class Meta(Term.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def get_absolute_url(self):
        return reverse("news:country", kwargs={"slug": self.slug})


class Topic(Term):
    """A theme from the office's fixed list (e.g. counter trafficking)."""

    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences shown on topic pages.")
    )

    class Meta(Term.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return reverse("news:list") + f"?topic={self.slug}"


class Boilerplate(Translatable, models.Model):
    """A reusable closing paragraph, e.g. "About IOM", attached to many releases."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("Shown as the heading, e.g. “About IOM”.")
    )
    body = RichTextField(_("text"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("boilerplate text")
        verbose_name_plural = _("boilerplate texts")

    def __str__(self):
        return self.title


class NewsItemQuerySet(PublishableQuerySet):
    def for_list(self):
        """What a list of news cards needs, in a fixed number of queries."""
        return self.prefetch_related(*self.model.list_lookups())

    def for_detail(self):
        return self.select_related("boilerplate").prefetch_related(*self.model.detail_lookups())


class NewsItem(Content):
    """A press release or news story."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press-release", _("Press release")
        NEWS = "news", _("News")
        STORY = "story", _("Story")

    class Scope(models.TextChoices):
        GLOBAL = "global", _("Global")
        LOCAL = "local", _("Local")

    title = models.CharField(_("title"), max_length=255)
    slug = slug_field(
        _(
            "The end of the web address, /news/this-part/. "
            "Filled in from the title; keep it once published."
        ),
        max_length=255,
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=200,
        blank=True,
        help_text=_("Where the story comes from, e.g. “Tashkent, Uzbekistan”."),
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.PRESS_RELEASE
    )
    scope = models.CharField(
        _("scope"),
        max_length=10,
        choices=Scope.choices,
        default=Scope.LOCAL,
        help_text=_("Global: issued for IOM worldwide. Local: about our region."),
    )
    topics = Topic.tags(_("topics"), _("Themes readers can follow and filter by."))
    countries = Country.tags(_("countries"), _("Readers can filter the newsroom by these."))
    lead = models.TextField(
        _("lead"),
        blank=True,
        help_text=_("One or two plain sentences shown in lists, feeds and search results."),
    )
    body = RichTextField(_("body"), blank=True)
    image = image_field(upload_to="news/%Y/%m/")
    image_from_library = library_image_field(related_name="news_items")
    image_alt = alt_text_field()
    image_caption = models.CharField(_("image caption"), max_length=255, blank=True)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_credit = credit_field()
    boilerplate = models.ForeignKey(
        Boilerplate,
        verbose_name=_("boilerplate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The reusable closing text, e.g. “About IOM”."),
    )
    contacts = models.ManyToManyField(
        Contact,
        verbose_name=_("media contacts"),
        through="NewsItemContact",
        blank=True,
        related_name="news_items",
    )

    search_fields = {"A": "title", "B": "lead", "C": "body"}
    image_fields = {"image": "image_renditions"}
    one_address_across_languages = True
    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        permissions = [("publish_newsitem", "Can publish, unpublish and schedule news items")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="news_public_idx"),
            *search_indexes("news_search", ranked=True),
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def card_deferred():
        """Columns a news card never shows (the body, in every language)."""
        return ["body", *(localized_name("body", code) for code in LANGUAGE_CODES)]

    @staticmethod
    def list_lookups():
        """What a news card shows besides the item's own columns (prefetch lookups)."""
        return [
            Prefetch(
                "countries", queryset=Country.objects.order_by("name"), to_attr="country_list"
            ),
            Prefetch("topics", queryset=Topic.objects.order_by("name"), to_attr="topic_list"),
        ]

    @classmethod
    def detail_lookups(cls):
        """What a release's page shows besides its own columns and its boilerplate."""
        contacts = (
            Contact.objects.active()
            .with_emails()
            .order_by("newsitemcontact__sort_order", "newsitemcontact__pk")
        )
        return [
            *cls.list_lookups(),
            Prefetch("contacts", queryset=contacts, to_attr="contact_list"),
        ]

    def get_absolute_url(self):
        return self.address(self.slug)

    @staticmethod
    def address(slug):
        """The address of the release with ``slug`` (in the current language)."""
        return reverse("news:detail", kwargs={"slug": slug})


class NewsItemContact(Ordered):
    """Orders the media contacts named under a release."""

    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE)
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.CASCADE)

    class Meta(Ordered.Meta):
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts (shown under “Inquiries”)")
        constraints = [
            models.UniqueConstraint(fields=["news_item", "contact"], name="news_contact_unique"),
        ]

    def __str__(self):
        return str(self.contact)
