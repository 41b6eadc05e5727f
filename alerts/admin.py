"""Alerts in the admin: each mailing's counts (sent, waiting, failed) with "Resend
the failed mails"; subscribers, whose data staff can export and delete (they cannot
add anyone: every subscription is confirmed by its owner)."""

import json

from django.contrib import admin, messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kernel.admin.dashboard import Entry, Panel, add_panel
from kernel.worker import enqueue_on_commit
from news.models import Country, Topic

from .models import Delivery, Mailing, Subscriber
from .tasks import deliver


class ReadOnlyFormMixin:
    """Every field is read-only (the list actions are what changes things): the form
    is a page to read, without Save buttons."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "title": self.model._meta.verbose_name.capitalize(),
        }
        return super().change_view(request, object_id, form_url, extra_context)


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Waiting for confirmation"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(confirmed_at__isnull=self.value() == "no")
        return queryset


class DisabledFilter(admin.SimpleListFilter):
    title = _("disabled")
    parameter_name = "disabled"

    def lookups(self, request, model_admin):
        return [("yes", _("Disabled after refusals")), ("no", _("Receiving"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(disabled_at__isnull=self.value() == "no")
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyFormMixin, admin.ModelAdmin):
    list_display = ("email", "language", "confirmed", "kinds_text", "bounces", "disabled")
    list_filter = (ConfirmedFilter, DisabledFilter, "language", "countries", "topics")
    search_fields = ("email",)
    date_hierarchy = "created_at"
    actions = ["export_data", "enable_again", "delete_selected"]
    fields = (
        "email",
        "language",
        "kinds_text",
        "country_list",
        "topic_list",
        "created_at",
        "confirmed_at",
        "changed_at",
        "bounces",
        "disabled_at",
        "disabled_reason",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries", "topics")

    def has_add_permission(self, request):
        return False  # only their owner subscribes an address (and confirms it)

    @admin.display(boolean=True, description=_("confirmed"), ordering="confirmed_at")
    def confirmed(self, obj):
        return obj.is_confirmed

    @admin.display(boolean=True, description=_("disabled"), ordering="disabled_at")
    def disabled(self, obj):
        return obj.disabled_at is not None

    @admin.display(description=_("types"))
    def kinds_text(self, obj):
        return ", ".join(str(label) for label in obj.kind_labels())

    @admin.display(description=_("countries"))
    def country_list(self, obj):
        return ", ".join(c.name for c in obj.countries.all()) or _t("All")

    @admin.display(description=_("topics"))
    def topic_list(self, obj):
        return ", ".join(t.name for t in obj.topics.all()) or _t("All")

    @admin.action(description=_("Export their data (JSON)"), permissions=["view"])
    def export_data(self, request, queryset):
        deliveries = Delivery.objects.select_related("mailing__item").order_by("pk")
        queryset = queryset.prefetch_related(Prefetch("deliveries", queryset=deliveries))
        data = [export(subscriber) for subscriber in queryset]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        name = f"subscribers-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description=_("Send to these addresses again"), permissions=["change"])
    def enable_again(self, request, queryset):
        count = queryset.filter(disabled_at__isnull=False).update(
            disabled_at=None, disabled_reason="", bounces=0
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d address receives mail again.",
                "%(count)d addresses receive mail again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


def export(subscriber):
    """Everything stored about ``subscriber`` (what a data request is answered with)."""

    def when(moment):
        return moment.isoformat() if moment else None

    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "types": subscriber.kinds,
        "countries": [country.name for country in subscriber.countries.all()],
        "topics": [topic.name for topic in subscriber.topics.all()],
        "asked": when(subscriber.created_at),
        "confirmed": when(subscriber.confirmed_at),
        "choices_changed": when(subscriber.changed_at),
        "refusals_in_a_row": subscriber.bounces,
        "disabled": when(subscriber.disabled_at),
        "disabled_reason": subscriber.disabled_reason,
        "mails": [
            {
                "release": delivery.mailing.item.title,
                "mailing": delivery.mailing.number,
                "state": delivery.state,
                "sent": when(delivery.sent_at),
            }
            for delivery in subscriber.deliveries.all()
        ],
    }


@admin.register(Mailing)
class MailingAdmin(ReadOnlyFormMixin, admin.ModelAdmin):
    list_display = ("item", "number", "created_at", "sent", "waiting", "failed", "withdrawn")
    list_display_links = ("item",)
    list_select_related = ("item",)
    search_fields = ("item__title",)
    date_hierarchy = "created_at"
    actions = ["resend_failed"]
    fields = ("item", "number", "created_at", "requested_by", "counts", "failures")
    readonly_fields = fields

    def get_queryset(self, request):
        # Items online before alerts (counted as announced, never mailed) are not listed.
        return super().get_queryset(request).filter(silent=False).with_counts()

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not request.user.has_perm("alerts.view_subscriber"):  # addresses are personal
            fields = [name for name in fields if name != "failures"]
        return fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # its deliveries are what keeps a release from going twice

    @admin.display(description=_("sent"), ordering="sent")
    def sent(self, obj):
        return obj.sent

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting(self, obj):
        return obj.waiting

    @admin.display(description=_("failed"), ordering="failed")
    def failed(self, obj):
        return obj.failed

    @admin.display(description=_("not sent (taken offline)"), ordering="withdrawn")
    def withdrawn(self, obj):
        return obj.withdrawn

    @admin.display(description=_("deliveries"))
    def counts(self, obj):
        return _t(
            "%(total)d in all: %(sent)d sent, %(waiting)d waiting, %(failed)d failed, "
            "%(withdrawn)d not sent because it was taken offline."
        ) % {
            "total": obj.total,
            "sent": obj.sent,
            "waiting": obj.waiting,
            "failed": obj.failed,
            "withdrawn": obj.withdrawn,
        }

    @admin.display(description=_("failed mails"))
    def failures(self, obj):
        failed = (
            obj.deliveries.filter(state=Delivery.State.FAILED)
            .select_related("subscriber")
            .order_by("pk")[:50]
        )
        if not failed:
            return _t("None.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{}: {}</li>", ((d.subscriber.email, d.last_error) for d in failed)
            ),
        )

    @admin.action(description=_("Resend the failed mails"), permissions=["change"])
    def resend_failed(self, request, queryset):
        count = Delivery.objects.filter(
            mailing__in=queryset, state=Delivery.State.FAILED, subscriber__disabled_at__isnull=True
        ).update(
            state=Delivery.State.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        enqueue_on_commit(deliver)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed mail is sent again now.",
                "%(count)d failed mails are sent again now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@add_panel
def subscribers_panel(request):
    """The admin home's panel: how many receive releases, by country and topic."""
    if not request.user.has_perm("alerts.view_mailing"):
        return None
    everyone, rows = subscriber_counts()
    may_list = request.user.has_perm("alerts.view_subscriber")
    changelist = reverse("admin:alerts_subscriber_changelist")
    entries = [
        Entry(label, changelist if may_list else "", " · ".join(f"{n} {c}" for n, c in terms))
        for label, terms in rows.items()
    ]
    return Panel(
        "subscribers",
        _t("Subscribers to releases by e-mail"),
        _t("Nobody has subscribed yet."),
        entries if everyone else [],
        everyone,
    )


def subscriber_counts():
    """Receiving subscribers by country and by topic (none chosen counts as all)."""
    receiving = Subscriber.objects.receiving()
    everyone = receiving.count()
    rows = {}
    for label, model, relation in (
        (_t("Countries"), Country, "countries"),
        (_t("Topics"), Topic, "topics"),
    ):
        all_of_them = receiving.filter(**{f"{relation}__isnull": True}).count()
        counted = model.objects.annotate(
            n=Count("subscribers", filter=_receiving_q("subscribers"))
        ).order_by("name")
        rows[label] = [(term.name, term.n + all_of_them) for term in counted]
    return everyone, rows


def _receiving_q(prefix):
    return Q(**{f"{prefix}__confirmed_at__isnull": False, f"{prefix}__disabled_at__isnull": True})
