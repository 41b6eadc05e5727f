from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kernel.models import Authored, Ordered, Translatable, slug_field


class ContactQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_emails(self):
        """Attach ``email_list`` to each contact in one extra query."""
        return self.prefetch_related(
            Prefetch(
                "emails",
                queryset=ContactEmail.objects.order_by("sort_order", "pk"),
                to_attr="email_list",
            )
        )

    def with_first_email(self):
        """Attach ``first_email`` (the address listed first, or None) to each contact,
        in the same query."""
        first = ContactEmail.objects.filter(contact=OuterRef("pk")).order_by("sort_order", "pk")
        return self.annotate(first_email=Subquery(first.values("email")[:1]))


class Contact(Translatable, Authored):
    """A person journalists can ask about a press release."""

    # Whether it is public: a Publisher's, never part of draft changes.
    live_state_fields = ("is_active",)

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As it should be printed, e.g. “Mr. Sanjarbek Toshbaev”."),
    )
    slug = slug_field(_("Used in the web address; filled in from the name."), max_length=200)
    job_title = models.CharField(
        _("job title"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Country Manager for Uzbekistan”."),
    )
    office = models.CharField(
        _("office"),
        max_length=200,
        help_text=_("The contacts page groups people by office."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=50,
        blank=True,
        help_text=_("With the country code, e.g. +7 7172 123456."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Active contacts are public (on the contacts page and under releases). Untick "
            "when the person no longer answers media requests."
        ),
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first within an office.")
    )

    objects = ContactQuerySet.as_manager()
    translation_key_fields = ("name", "job_title", "office")

    class Meta:
        ordering = ["office", "sort_order", "name"]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        permissions = [("publish_contact", "Can make media contacts public and change them")]

    def __str__(self):
        return f"{self.name} ({self.job_title})" if self.job_title else self.name

    def get_absolute_url(self):
        return reverse("contacts:list") + f"#{self.slug}"

    @property
    def phone_uri(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""


class ContactEmail(Ordered):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField(_("e-mail address"))

    class Meta(Ordered.Meta):
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")
        constraints = [
            models.UniqueConstraint(fields=["contact", "email"], name="contact_email_unique"),
        ]

    def __str__(self):
        return self.email
