"""Review: an author hands a draft (or draft changes of a live item) to the
Publishers with "Submit for review" and a message; a Publisher publishes it or sends
it back with a comment. The steps form the item's review thread
(``kernel.models.ReviewEvent``), shown on its form, in its history and in the lists."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from kernel.admin.authoring import when_text
from kernel.models import ReviewEvent
from kernel.notices import publishers, queue

MESSAGE_LIMIT = 2000


def review_state(events):
    """ "submitted" (in review) or "sent_back", from an item's steps; else None."""
    last = events[-1].action if events else None
    return last if last in (ReviewEvent.Action.SUBMITTED, ReviewEvent.Action.SENT_BACK) else None


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            (ReviewEvent.Action.SUBMITTED, _("In review")),
            (ReviewEvent.Action.SENT_BACK, _("Sent back")),
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return queryset.filter(review_action=self.value())
        return queryset


class ReviewAdminMixin:
    """Needs LiveContentAdminMixin (drafts, publish permission) before it in the
    bases' chain: put it first."""

    def get_queryset(self, request):
        # Where each item's review stands, in the list's own query.
        last = (
            ReviewEvent.objects.for_model(self.model)
            .filter(object_id=OuterRef("pk"))
            .order_by("-created_at", "-pk")
            .values("action")[:1]
        )
        return super().get_queryset(request).annotate(review_action=Subquery(last))

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), ReviewStateFilter)

    @admin.display(description=_("review"))
    def review(self, obj):
        action = getattr(obj, "review_action", None)
        if action == ReviewEvent.Action.SUBMITTED:
            return _("In review")
        if action == ReviewEvent.Action.SENT_BACK:
            return _("Sent back")
        return ""

    def review_events(self, obj):
        if obj is None or obj.pk is None:
            return []
        return list(ReviewEvent.objects.for_object(obj).select_related("user"))

    def record_review(self, request, obj, action, message=""):
        """A step of the review, and the e-mail notices it calls for (sent by the
        worker once this transaction commits)."""
        author = self._last_submitter(obj)
        ReviewEvent.objects.create(
            content_type_id=self._content_type_id(obj),
            object_id=obj.pk,
            action=action,
            message=message,
            user=request.user,
        )
        self.notify(request, obj, action, message, author)

    @staticmethod
    def _last_submitter(obj):
        step = (
            ReviewEvent.objects.for_object(obj)
            .filter(action=ReviewEvent.Action.SUBMITTED)
            .select_related("user__staff_preference")
            .order_by("-created_at", "-pk")
            .first()
        )
        return step.user if step is not None else None

    def notify(self, request, obj, action, message, author):
        """Publishers hear of a submission; the author of the last one hears of its
        outcome (nobody of their own step)."""
        who = request.user.get_username()
        title = str(obj)
        form = request.build_absolute_uri(self._change_url(obj))
        said = f"\n\n{who}: “{message}”" if message else ""
        if action == ReviewEvent.Action.SUBMITTED:
            body = _t("%(who)s submitted “%(title)s” for review.") % {"who": who, "title": title}
            body += said + "\n\n" + _t("Review it: %(url)s") % {"url": form}
            subject = _t("In review: %(title)s") % {"title": title}
            queue(publishers(self.publish_permission, besides=request.user), subject, body)
            return
        if author is None or author.pk == request.user.pk:
            return
        if action == ReviewEvent.Action.SENT_BACK:
            subject = _t("Sent back: %(title)s") % {"title": title}
            body = _t("%(who)s sent “%(title)s” back to you.") % {"who": who, "title": title}
            body += said + "\n\n" + _t("Open it: %(url)s") % {"url": form}
        elif action == ReviewEvent.Action.SCHEDULED:
            moment = getattr(request, "scheduled_draft_at", None) or obj.published_at
            when = when_text(moment)
            subject = _t("Scheduled: %(title)s") % {"title": title}
            body = _t("%(who)s scheduled “%(title)s”: it goes online %(when)s.") % {
                "who": who,
                "title": title,
                "when": when,
            }
            body += "\n\n" + _t("Open it: %(url)s") % {"url": form}
        else:
            subject = _t("Online now: %(title)s") % {"title": title}
            body = _t("%(who)s published “%(title)s”.") % {"who": who, "title": title}
            public = request.build_absolute_uri(obj.get_absolute_url())
            body += "\n\n" + _t("On the site: %(url)s") % {"url": public}
        queue([author], subject, body)

    @staticmethod
    def _content_type_id(obj):
        return ContentType.objects.get_for_model(obj, for_concrete_model=False).pk

    @staticmethod
    def _typed_message(request):
        return request.POST.get("review_message", "").strip()[:MESSAGE_LIMIT]

    # Steps -----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and "_send_back" in request.POST:
            return self.send_back(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def send_back(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_publish_permission(request):
            raise PermissionDenied
        if review_state(self.review_events(obj)) != ReviewEvent.Action.SUBMITTED:
            messages.info(request, _t("This item is not in review."))
            return redirect(self._change_url(obj))
        comment = self._typed_message(request)
        if not comment:
            messages.error(request, _t("Say what needs to change before sending it back."))
            return redirect(self._change_url(obj))
        self.record_review(request, obj, ReviewEvent.Action.SENT_BACK, comment)
        self.log_change(request, obj, _t("Sent back: %(comment)s") % {"comment": comment})
        messages.success(
            request,
            _t("Sent back with your comment. The author sees it on the form and the dashboard."),
        )
        return redirect(self._change_url(obj))

    def after_saved(self, request, obj):
        """After a save that is kept (online, a draft, or draft changes)."""
        super().after_saved(request, obj)
        scheduled_at = getattr(request, "scheduled_draft_at", None)
        if scheduled_at is not None and review_state(self.review_events(obj)) is not None:
            self.record_review(request, obj, ReviewEvent.Action.SCHEDULED)
        elif "_submit_review" in request.POST:
            self.record_review(
                request, obj, ReviewEvent.Action.SUBMITTED, self._typed_message(request)
            )
            messages.success(
                request,
                _t("Submitted for review: a publisher will publish it or send it back."),
            )
        elif (
            not getattr(request, "drafting", False)
            and self.has_publish_permission(request)
            and self.is_live(obj)
            and review_state(self.review_events(obj)) is not None
        ):
            scheduled = getattr(obj, "is_scheduled", lambda: False)()
            action = ReviewEvent.Action.SCHEDULED if scheduled else ReviewEvent.Action.PUBLISHED
            self.record_review(request, obj, action)

    def response_add(self, request, obj, post_url_continue=None):
        self.after_saved(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if not getattr(request, "drafting", False):  # a draft's save is rolled back
            self.after_saved(request, obj)
        return super().response_change(request, obj)

    def draft_saved(self, request, obj, captured):
        response = super().draft_saved(request, obj, captured)
        self.after_saved(request, obj)
        return response

    # Display ---------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        events = self.review_events(obj)
        state = review_state(events)
        context["review"] = {
            "events": events,
            "state": state,
            "can_submit": state != ReviewEvent.Action.SUBMITTED,
            "can_send_back": state == ReviewEvent.Action.SUBMITTED
            and self.has_publish_permission(request),
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {"review_events": self.review_events(obj), **(extra_context or {})}
        return super().history_view(request, object_id, context)
