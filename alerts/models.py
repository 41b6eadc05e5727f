"""Subscribers, and the mailings of releases to them.

A ``Mailing`` is one release announced once (its number 1), or again when a Publisher
publishes changes with "Notify subscribers" ticked (2, 3, ...). Its ``Delivery`` rows,
one per matching confirmed subscriber and unique per mailing and subscriber, are the
outbox the worker sends from: a delivery is claimed (``sending`` with a lease) before
it is sent and marked ``sent`` the moment the mail server accepts it, so two workers
never send the same one, and a worker killed mid-batch leaves its claims to expire
and be taken again (see alerts.sending).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models import Country, NewsItem, Topic


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Confirmed, not disabled: those mail goes to."""
        return self.filter(confirmed_at__isnull=False, disabled_at__isnull=True)

    def matching(self, item, countries, topics):
        """Receiving subscribers who asked for ``item``: its type, and one of its
        countries and topics (none chosen: all of them)."""
        wanted = self.receiving().filter(
            Q(countries__isnull=True) | Q(countries__in=countries),
        )
        wanted = wanted.filter(Q(topics__isnull=True) | Q(topics__in=topics))
        return [
            pk
            for pk, kinds in wanted.values_list("pk", "kinds").distinct().order_by("pk")
            if item.kind in kinds
        ]


class Subscriber(models.Model):
    """Someone who asked for releases by e-mail. Stored: the address, the choices,
    the language, when they asked and confirmed; nothing else."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        blank=True,
        related_name="subscribers",
        help_text=_("None chosen: every country."),
    )
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("topics"),
        blank=True,
        related_name="subscribers",
        help_text=_("None chosen: every topic."),
    )
    kinds = models.JSONField(
        _("types"), default=list, help_text=_("Press releases, news, stories.")
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    changed_at = models.DateTimeField(_("choices changed"), auto_now=True)
    confirmations_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmations_since = models.DateTimeField(null=True, blank=True, editable=False)
    bounces = models.PositiveSmallIntegerField(
        _("failures in a row"),
        default=0,
        help_text=_("Mails the receiving server refused for good, one after the other."),
    )
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=255, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def kind_labels(self):
        return kind_labels(self.kinds)


def kind_labels(kinds):
    """The names of content types (``["press-release"]`` → ``["Press release"]``)."""
    labels = dict(NewsItem.Kind.choices)
    return [str(labels[kind]) for kind in kinds if kind in labels]


def normalize_email(address):
    """One spelling per address: ``Aigul@Example.ORG `` is ``aigul@example.org``."""
    return (address or "").strip().lower()


class MailingQuerySet(models.QuerySet):
    def with_counts(self):
        """Attach how many deliveries are sent, waiting, failed and withdrawn."""
        state = Delivery.State
        return self.annotate(
            total=Count("deliveries"),
            sent=Count("deliveries", filter=Q(deliveries__state=state.SENT)),
            waiting=Count(
                "deliveries", filter=Q(deliveries__state__in=[state.PENDING, state.SENDING])
            ),
            failed=Count("deliveries", filter=Q(deliveries__state=state.FAILED)),
            withdrawn=Count("deliveries", filter=Q(deliveries__state=state.WITHDRAWN)),
        )


class Mailing(models.Model):
    # The item's id is kept when the item is deleted: recovered, it is known as
    # announced already (a deleted item's mails that had not gone are withdrawn).
    item = models.ForeignKey(
        NewsItem,
        verbose_name=_("news item"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="mailings",
    )
    item_key = models.PositiveBigIntegerField(_("news item id"), editable=False)
    silent = models.BooleanField(
        _("not mailed"),
        default=False,
        editable=False,
        help_text=_("Counted as announced without mails: online before alerts, or archive."),
    )
    number = models.PositiveSmallIntegerField(
        _("mailing"), default=1, help_text=_("1: when it went online; then each update.")
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    addressed_at = models.DateTimeField(_("addressed"), null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MailingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        constraints = [
            models.UniqueConstraint(fields=["item_key", "number"], name="alerts_mailing_once"),
        ]

    def __str__(self):
        item = self.item or _("deleted item %(id)s") % {"id": self.item_key}
        return f"{item} #{self.number}"

    def save(self, *args, **kwargs):
        if self.item_id is not None:
            self.item_key = self.item_id
        super().save(*args, **kwargs)

    @property
    def is_update(self):
        return self.number > 1


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Not sent: taken offline")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscriber"], name="alerts_delivery_once"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="alerts_delivery_due")]

    def __str__(self):
        return f"{self.mailing} → {self.subscriber_id} ({self.state})"
