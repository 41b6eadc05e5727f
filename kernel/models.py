"""Abstract bases shared by the apps, and the content generation (the kernel's one
table)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, router, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import get_translatable_fields_for_model
from reversion.models import Revision

from kernel.images import credit_field, files_kept, saving_images, validate_image
from kernel.languages import (
    LANGUAGE_CODES,
    editable_translated_fields,
    language_name,
    localized_name,
)
from kernel.redirects import MAX_LENGTH as ADDRESS_MAX_LENGTH
from kernel.redirects import addresses_before, record_moves
from kernel.richtext import RichTextFormField, sanitize_html
from kernel.search import update_search_vector


def slug_field(help_text, *, max_length=100, unique=True):
    """The part of a web address made from a title or name (letters, digits,
    hyphens); ``help_text`` tells editors where it appears."""
    return models.SlugField(_("slug"), max_length=max_length, unique=unique, help_text=help_text)


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
    def public_q(at=None):
        """The condition on an item's own status and time (a Q, for subqueries), as
        of ``at`` (now by default)."""
        at = timezone.now() if at is None else at
        return models.Q(status=Publishable.Status.PUBLISHED, published_at__lte=at)

    def published(self, at=None):
        """Public as of ``at``: now by default; a request that runs several queries
        may pass one time to all of them (and kernel.prepared a stand-in)."""
        public = self.filter(self.public_q(at))
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

    # Whether and since when it is online: a Publisher's, never part of draft changes.
    live_state_fields = ("status", "published_at")

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


class Ordered(models.Model):
    """A row that editors put in order (e-mail addresses of a contact, the contacts
    under a release): lower numbers first, then in the order they were added."""

    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]


def _staff_member(verbose_name):
    """A user the admin records against a change; kept as empty if the user goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Authored(models.Model):
    """Who created and last changed a record, and when (filled in by the admin)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = _staff_member(_("created by"))
    updated_by = _staff_member(_("last changed by"))

    class Meta:
        abstract = True


class Searchable(models.Model):
    """PostgreSQL full-text vectors per language, kept up to date on save.

    One pair per language in ``settings.LANGUAGES`` (see kernel.search): the whole
    text as that language's readers see it (``search_vector_<code>``), and its title
    and lead for ranking (``search_rank_vector_<code>``)."""

    vector_fields = [f"search{kind}_vector_{code}" for kind in ("", "_rank")
                     for code in LANGUAGE_CODES]  # fmt: skip

    class Meta:
        abstract = True


for _name in Searchable.vector_fields:
    Searchable.add_to_class(_name, SearchVectorField(null=True, editable=False))
del _name


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


class RichTextField(models.TextField):
    """HTML that editors write, sanitised with the allowlist (kernel.richtext)
    whenever it is written: ``save()``, ``bulk_create()``, ``update()`` and fixtures
    alike. Each language's column (django-modeltranslation copies the field) too."""

    def pre_save(self, model_instance, add):
        raw = getattr(model_instance, self.attname)
        value = sanitize_html(raw)
        if value != raw:
            setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):  # not an expression such as F() in update()
            value = sanitize_html(value)
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})


class Content(Publishable, Authored, Searchable, Translatable):
    """Published, translated, searchable content: news items, pages, and the next
    content types. A subclass declares its fields and, once each:

    - ``search_fields``: weight -> field (``{"A": "title", "B": "lead", "C": "body"}``),
      for the stored search vectors and for site search;
    - ``image_fields``: image field -> its renditions field; each image field has an
      ``<image>_alt`` description, required with an image;
    - ``summary_field``: the plain-text summary (the fallback description).

    Saving one, top to bottom (``save``), in one transaction:

    1. new uploads in ``image_fields`` are re-encoded (kernel.images.saving_images);
    2. ``write()`` writes the row, in English so the plain columns copy the English
       ones (Translatable); rich-text fields sanitise themselves (RichTextField);
       a subclass extends ``write()`` (a page moves its sub-pages); the app's
       receivers start a new content generation (kernel.cache.invalidate_on_change);
    3. the images' renditions are made;
    4. the search vectors of every language are stored;
    5. an address that changed (this item's, or those of ``address_family()``, in any
       language) redirects to the new one (kernel.redirects).
    If anything fails, nothing is kept: no row change, no file.
    """

    search_fields = {}
    image_fields = {}
    summary_field = "lead"
    # A Russian or Kazakh version, once begun, needs at least these.
    required_in_every_version = ("title", "slug")
    # /<section>/<slug>/ finds an item by any language's slug (and redirects to the
    # reader's): a slug may then lead to one item only, whatever its language.
    one_address_across_languages = False

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

    def save(self, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(type(self), instance=self)):
            moving = addresses_before(self)
            self.take_library_images()
            with saving_images(self, **self.image_fields):
                self.write(*args, **kwargs)
            update_search_vector(self, list(self.search_fields.items()))
            record_moves(type(self), self.pk, moving)

    def address_family(self):
        """The ids of the items whose addresses change with this one's (a page's
        sub-pages follow it): their old addresses redirect (kernel.redirects)."""
        return [self.pk]

    def library_image(self, field):
        """The library image ``field`` shows (None: none chosen, or no library)."""
        link = f"{field}{LIBRARY_SUFFIX}"
        return getattr(self, link) if hasattr(self, f"{link}_id") else None

    def take_library_images(self):
        """Each image field shows its library image (``<field>_from_library``): a new
        upload goes into the library first (with the item's description, caption and
        credit), and so does a picture the item has that is not in it yet (an older
        one, or one from draft changes); a chosen library image gives the item its
        file and renditions (made once, for the library image), and its words where
        the item has none. While draft changes are captured (a save that is rolled
        back) nothing goes into the library: the item keeps its own file until its
        changes go live. Removing the picture is the admin's (its form empties both)."""
        for field, renditions_field in self.image_fields.items():
            link = f"{field}{LIBRARY_SUFFIX}"
            if not hasattr(self, f"{link}_id"):
                continue
            picture = getattr(self, field)
            if files_kept():  # draft changes: a new photo stays the item's own for now
                if picture and not picture._committed:
                    setattr(self, link, None)
                continue
            if picture and not picture._committed:
                setattr(self, link, self._into_library(field, file=picture))
            elif picture and getattr(self, f"{link}_id") is None:
                renditions = getattr(self, renditions_field)
                setattr(
                    self, link, self._into_library(field, file=picture.name, renditions=renditions)
                )
            chosen = getattr(self, link)
            if chosen is None:
                continue
            setattr(self, field, chosen.file.name)
            setattr(self, renditions_field, chosen.renditions)
            for part, source in (("alt", "alt"), ("caption", "caption")):
                for code in LANGUAGE_CODES:
                    mine = localized_name(f"{field}_{part}", code)
                    if hasattr(self, mine) and not getattr(self, mine):
                        setattr(self, mine, getattr(chosen, localized_name(source, code)))
            credit = f"{field}_credit"
            if hasattr(self, credit) and not getattr(self, credit):
                setattr(self, credit, chosen.credit)

    def _into_library(self, field, **picture):
        def words(part, code=settings.LANGUAGE_CODE):
            return getattr(self, localized_name(f"{field}_{part}", code), None) or ""

        existing = picture.get("renditions") is not None
        if existing:  # a stored picture: one library image per file
            found = LibraryImage.objects.filter(file=picture["file"]).first()
            if found is not None:
                return found
        image = LibraryImage(
            title=(getattr(self, "title_en", None) or str(self))[:200],
            credit=getattr(self, f"{field}_credit", "") or "",
            **picture,
            created_by=self.updated_by,
            updated_by=self.updated_by,
        )
        for code in LANGUAGE_CODES:
            setattr(image, localized_name("alt", code), words("alt", code))
            setattr(image, localized_name("caption", code), words("caption", code))
        image.save()
        return image

    def write(self, *args, **kwargs):
        """Write the row (``Model.save``); subclasses add what goes with it."""
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = self.validation_errors()
        if errors:
            raise ValidationError(errors)

    def validation_errors(self):
        """{field: message} for ``clean()``; subclasses add theirs to this."""
        errors = translation_errors(self, self.required_in_every_version)
        if self.one_address_across_languages:
            errors.update(self.slug_clashes())
        for field in self.image_fields:
            alt = localized_name(f"{field}_alt", settings.LANGUAGE_CODE)
            picture, chosen = getattr(self, field), self.library_image(field)
            if chosen is not None:
                needs_words = not chosen.alt_en  # else the library's description goes
            elif hasattr(self, f"{field}{LIBRARY_SUFFIX}_id"):
                needs_words = bool(picture) and not picture._committed  # a new upload
            else:
                needs_words = bool(picture)
            if needs_words and not (getattr(self, alt, None) or "").strip():
                errors[alt] = _("Describe the image for readers who cannot see it.")
        return errors

    def slug_clashes(self):
        """Slugs another item of this type uses in another language (the same column
        is left to the database's unique check)."""
        errors = {}
        model = type(self)
        for language in LANGUAGE_CODES:
            column = localized_name("slug", language)
            slug = getattr(self, column, None)
            if not slug:
                continue
            others = models.Q()
            for code in LANGUAGE_CODES:
                if code != language:
                    others |= models.Q(**{localized_name("slug", code): slug})
            if model._base_manager.filter(others).exclude(pk=self.pk).exists():
                errors[column] = _(
                    "Another %(item)s already uses the address “%(slug)s” in another "
                    "language; choose another slug."
                ) % {"item": model._meta.verbose_name, "slug": slug}
        return errors

    @property
    def meta_title(self):
        """For <title> and sharing: in the reader's language whenever any candidate is
        (a translated title beats an English SEO title), else English."""
        return self.first_in_reader_language("seo_title", "title")

    @property
    def meta_description(self):
        return self.first_in_reader_language("seo_description", self.summary_field)


class AboutAnItemQuerySet(models.QuerySet):
    """Rows about an item of any content type (``content_type``, ``object_id``)."""

    def for_object(self, obj):
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=obj.pk)

    def for_model(self, model):
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        return self.filter(content_type=content_type)


class LibraryImage(Authored, Translatable):
    """A picture in the image library: uploaded once, with its description, caption,
    credit and focal point, and chosen for any number of news items and pages. Its
    renditions (sizes, and the list crop around the focal point) are made once, when
    it is saved; an item that shows it uses them as they are.

    A content type's image field ``<field>`` goes with a ``<field>_from_library``
    foreign key to this (see ``Content.take_library_images``)."""

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("For finding it in the library; not shown on the site."),
    )
    file = models.ImageField(
        _("image"),
        upload_to="library/%Y/%m/",
        validators=[validate_image],
        help_text=_("JPEG, PNG, GIF or WebP, at most 8 MB."),
    )
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    alt = models.CharField(
        _("image description (alt text)"),
        max_length=255,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("image caption"), max_length=255, blank=True)
    credit = credit_field()
    focal_x = models.FloatField(
        _("focal point, across"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Where the subject is, 0 (left) to 1 (right); lists crop around it."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 (top) to 1 (bottom)."),
    )

    translation_key_fields = ("alt",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("library image")
        verbose_name_plural = _("image library")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(type(self), instance=self)):
            with saving_images(self, file="renditions"):
                super().save(*args, **kwargs)
            self.update_users()

    @property
    def focal_point(self):
        if self.focal_x is None or self.focal_y is None:
            return None
        return (round(self.focal_x, 3), round(self.focal_y, 3))

    def update_users(self):
        """The items that show this image get its file and renditions as they are now
        (its focal point may have moved the list crop)."""
        for relation in self._meta.related_objects:
            name = relation.field.name
            if not name.endswith(LIBRARY_SUFFIX):
                continue
            model = relation.related_model
            field = name.removesuffix(LIBRARY_SUFFIX)
            model._base_manager.filter(**{name: self}).update(
                **{field: self.file.name, model.image_fields[field]: self.renditions}
            )


LIBRARY_SUFFIX = "_from_library"


def library_image_field(related_name):
    """``<image field>_from_library``: the library image an item shows (see
    ``Content.take_library_images``); an image in use cannot be deleted."""
    return models.ForeignKey(
        LibraryImage,
        verbose_name=_("image from the library"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=_("Choose one from the image library, or upload a new one below."),
    )


class EditingPresence(models.Model):
    """Who has an item's form open: each open form says so every half minute (and
    whether it holds unsaved changes), so the others on it are shown who else is
    there (kernel.admin.presence)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()
    seen_at = models.DateTimeField()
    has_changes = models.BooleanField(default=False)

    objects = AboutAnItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("editing presence")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_presence_per_editor"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.content_type.model} #{self.object_id}"


class DraftChange(Authored):
    """Changes to a live item that are not public yet: the item as its editor saved
    it, kept as a django-reversion revision (the item and the rows it follows, such as
    its media contacts) while the item's own rows keep the live version. One per item;
    a Publisher publishes it (it becomes the live version) or discards it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("Set: the worker publishes then.")
    )
    notify_subscribers = models.BooleanField(
        _("notify subscribers"), default=False, help_text=_("When published, mail them again.")
    )

    objects = AboutAnItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft changes")
        verbose_name_plural = _("draft changes")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_draft_change_per_item"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id}"

    @property
    def version(self):
        """The item's own version in the draft's revision."""
        return self.revision.version_set.get(
            content_type=self.content_type, object_id=str(self.object_id)
        )


class DraftRevision(models.Model):
    """Marks a revision as a draft save (not public when it was made): the history
    lists draft saves apart from the versions that were online."""

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, primary_key=True, related_name="draft"
    )

    class Meta:
        verbose_name = _("draft save")

    def __str__(self):
        return f"draft revision #{self.revision_id}"


class ReviewEvent(models.Model):
    """A step of an item's review, with what its author wrote: submitted for review,
    sent back, published. The events of an item are its review thread; the last one
    says where the review stands."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        SENT_BACK = "sent_back", _("sent back")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    message = models.TextField(_("message"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AboutAnItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} ({self.content_type.model} #{self.object_id})"


class Notice(models.Model):
    """An e-mail to a staff member, waiting in an outbox: written in the transaction
    of what it tells (so it exists exactly when that happened), sent afterwards by the
    worker (``manage.py run_worker``); a failed attempt is tried again later."""

    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    send_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("e-mail notice")
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "send_after"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class StaffPreference(models.Model):
    """A staff member's own settings: the admin's language, and which e-mails they
    get (all of them unless switched off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_preference"
    )
    admin_language = models.CharField(
        _("language of the admin"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    review_notices = models.BooleanField(
        _("e-mail me about reviews"),
        default=True,
        help_text=_(
            "Publishers: when something is submitted for review. Authors: when what they "
            "submitted is published, scheduled or sent back."
        ),
    )

    class Meta:
        verbose_name = _("staff settings")

    def __str__(self):
        return f"settings of {self.user}"


class Redirect(models.Model):
    """An address that moved (to ``new_path``) or went (``gone``: 410 Gone). Looked up
    only where the site would answer 404, so a normal page view never asks for it.

    The site writes them itself when a public item's address changes in any language
    (a slug, a page moved with its sub-pages) or a public item is deleted; staff add
    others (an old site's addresses) one by one or from a CSV file. Chains are kept
    at one hop and loops refused (kernel.redirects)."""

    class Origin(models.TextChoices):
        MOVED = "moved", _("the item's address changed")
        DELETED = "deleted", _("the item was deleted")
        MANUAL = "manual", _("added by staff")
        IMPORTED = "imported", _("imported")

    old_path = models.CharField(
        _("old address"),
        max_length=ADDRESS_MAX_LENGTH,
        unique=True,
        help_text=_("A path on this site, e.g. /en/news/2018/old-release.html or /ru/news/x/."),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=ADDRESS_MAX_LENGTH,
        blank=True,
        help_text=_("Where it moved: a path on this site (/news/new-slug/) or a full web address."),
    )
    gone = models.BooleanField(
        _("gone"),
        default=False,
        help_text=_("Removed for good: visitors are told so (410 Gone) instead of redirected."),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.MANUAL, editable=False
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, editable=False, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = _staff_member(_("created by"))

    objects = AboutAnItemQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {'410' if self.gone else self.new_path}"
