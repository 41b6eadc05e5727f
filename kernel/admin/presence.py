"""Who else has an item open: each open change form says so every half minute
(static/admin/iomsite/presence.js), with whether it holds unsaved changes, and
shows the others on the same item. Rows live in the database (every process of the
site sees them); a form gone quiet for ``GONE_AFTER`` no longer counts."""

from datetime import timedelta

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t

from kernel.admin.authoring import when_text
from kernel.admin.revisions import item_url
from kernel.models import EditingPresence

GONE_AFTER = timedelta(seconds=75)  # two heartbeats missed


def others_on(obj, user, now=None):
    """The other people whose form of ``obj`` is open, as the page shows them."""
    now = now or timezone.now()
    present = (
        EditingPresence.objects.for_object(obj)
        .filter(seen_at__gte=now - GONE_AFTER)
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at")
    )
    return [
        {
            "who": presence.user.get_username(),
            "since": when_text(presence.opened_at),
            "has_changes": presence.has_changes,
            "text": (
                _t("%(who)s has it open too (since %(since)s), with unsaved changes.")
                if presence.has_changes
                else _t("%(who)s has it open too (since %(since)s).")
            )
            % {"who": presence.user.get_username(), "since": when_text(presence.opened_at)},
        }
        for presence in present
    ]


def mark_present(obj, user, *, has_changes=False, now=None):
    now = now or timezone.now()
    mine = EditingPresence.objects.for_object(obj).filter(user=user)
    if not mine.update(seen_at=now, has_changes=has_changes):
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        try:
            with transaction.atomic():
                EditingPresence.objects.create(
                    content_type=content_type,
                    object_id=obj.pk,
                    user=user,
                    seen_at=now,
                    opened_at=now,
                    has_changes=has_changes,
                )
        except IntegrityError:
            pass  # the same person's other tab said so at the same moment
    # Forms closed without saying so (a crash, a lost connection) fall away.
    EditingPresence.objects.filter(seen_at__lt=now - timedelta(hours=1)).delete()


class PresenceAdminMixin:
    @property
    def media(self):
        # A property, not a Media class: that would hide the other mixins' Media.
        return super().media + forms.Media(js=["admin/iomsite/presence.js"])

    def get_urls(self):
        return [item_url(self, "presence/", self.presence_view, "presence"), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and request.method == "GET":
            mark_present(obj, request.user)
        if obj is not None and obj.pk:
            opts = self.model._meta
            context["presence"] = {
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_presence", args=[obj.pk]),
                "others": others_on(obj, request.user),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def presence_view(self, request, object_id):
        """POST: this form is still open (``changes=1``: with unsaved changes), or
        closed (``leaving=1``); the answer lists the others on the item."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_t("There is no such item."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.POST.get("leaving") == "1":
            EditingPresence.objects.for_object(obj).filter(user=request.user).delete()
        else:
            mark_present(obj, request.user, has_changes=request.POST.get("changes") == "1")
        return JsonResponse({"others": others_on(obj, request.user)})
