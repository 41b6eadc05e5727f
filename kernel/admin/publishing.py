"""Admin roles on live content: what is online is a Publisher's to change; the
publish, unpublish and duplicate actions; the state and preview columns."""

import copy
from urllib.parse import urlsplit

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kernel.admin.authoring import when_text
from kernel.admin.drafts import store_draft
from kernel.admin.merging import stored_values
from kernel.admin.revisions import item_url, revert_object
from kernel.announcing import changes_published, is_announced
from kernel.cache import changes_rolled_back
from kernel.languages import LANGUAGE_CODES, language_name, localized_name
from kernel.models import DraftChange


def stored_state(request, obj):
    """``obj`` as permission checks must judge it: while a version is being restored
    (or a deleted item recovered), the row already holds the old version, but the
    rules apply to the item as it was before the restore (``None``: it was deleted)."""
    before = getattr(request, "state_before_restore", None)
    if obj is not None and before is not None and str(obj.pk) == before["object_id"]:
        return before["object"]
    return obj


class LiveContentAdminMixin:
    """What is online is a Publisher's to publish.

    Only users with the model's ``publish_<model>`` permission (Publishers) change
    what is live (``is_live``) directly. Anyone else who may change the item saves
    their changes to it as a draft (``kernel.models.DraftChange``): the public keeps
    seeing the live version until a Publisher publishes the changes (or discards
    them). Deleting a live item, editing it in the list and changing its live state
    (``live_state_fields``: published or not, and since when) stay a Publisher's.
    Every path that changes content goes through these checks: the change form, list
    editing, list actions, restore and recover.
    """

    @property
    def live_state_fields(self):
        """Whether and since when the item is online (the model says which fields)."""
        return getattr(self.model, "live_state_fields", ())

    @property
    def publish_permission(self):
        """ "news.publish_newsitem": what makes a user a Publisher of this model."""
        opts = self.model._meta
        return f"{opts.app_label}.publish_{opts.model_name}"

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(self.publish_permission)

    def is_live(self, obj):
        """Whether ``obj`` is online (or scheduled to be): what only Publishers change."""
        raise NotImplementedError

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.has_publish_permission(request):
            # Editing in the list (menu order, active) would change live items too.
            changelist.list_editable = ()
        return changelist

    def _locked(self, request, obj):
        """Whether ``obj`` is live and this user may not publish: their changes to it
        are drafts, and they may not delete it."""
        obj = stored_state(request, obj)
        return obj is not None and self.is_live(obj) and not self.has_publish_permission(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(request, obj)

    def get_queryset(self, request):
        # Whether each item has draft changes, and who saved them when, in the list's
        # own query.
        drafts = DraftChange.objects.for_model(self.model).filter(object_id=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_draft=Exists(drafts),
                draft_edited_at=Subquery(drafts.values("updated_at")[:1]),
                draft_edited_by=Subquery(drafts.values("updated_by__username")[:1]),
            )
        )

    @admin.display(description=_("draft changes"), boolean=True)
    def draft_changes(self, obj):
        return obj.has_draft

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self._locked(request, obj):
            return (*fields, *self.live_state_fields)
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("delete_selected", None)  # bulk delete could hit live items
        return actions

    # Draft changes -----------------------------------------------------------------

    def saves_as_draft(self, request, obj):
        """A save of a live item by someone who may not publish, or a Publisher's
        "Save draft", leaves the live version as it is."""
        obj = stored_state(request, obj)
        if obj is None or not self.is_live(obj):
            return False
        chosen = "_savedraft" in request.POST or "_schedule_draft" in request.POST
        return not self.has_publish_permission(request) or chosen

    def get_urls(self):
        return [
            item_url(self, "draft-preview/", self.draft_preview_view, "draft_preview"),
            item_url(self, "draft-changes/", self.draft_changes_view, "draft_changes"),
            *super().get_urls(),
        ]

    def _with_draft(self, request, object_id):
        """The item and its draft changes, for the views about them: a 404 for an
        unknown item, a redirect (with a message) to its form when it has none."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_t("There is no such item."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        draft = self.draft_of(obj)
        if draft is None:
            messages.info(request, _t("This item has no draft changes."))
            raise _Answer(redirect(self._change_url(obj)))
        return obj, draft

    def draft_preview_view(self, request, object_id):
        """The public page of the item with its draft changes, in the site's design
        (``?language=ru`` for a language version), for staff only: the draft is
        written in a transaction that is rolled back once the page is rendered, so
        the live page and every cache stay as they are."""
        try:
            obj, draft = self._with_draft(request, object_id)
        except _Answer as answer:
            return answer.response
        language = request.GET.get("language")
        if language not in LANGUAGE_CODES:
            language = settings.LANGUAGE_CODE
        try:
            with transaction.atomic(), changes_rolled_back(), translation.override(language):
                revert_object(draft.version)
                shown = self.model._base_manager.get(pk=obj.pk)
                response = self._render_public(request, shown.get_absolute_url())
                raise _Answer(response)  # leaves the transaction, rolling it back
        except _Answer as rendered:
            response = rendered.response
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

    @staticmethod
    def _render_public(request, url, banner="draft_preview"):
        """The public view's answer for ``url``, rendered now, marked as a preview
        (``banner``: the request flag base.html shows a banner for)."""
        path_only = urlsplit(url).path  # a contact's address ends in "#slug"
        match = resolve(path_only)
        preview = copy.copy(request)
        preview.path = preview.path_info = path_only
        preview.LANGUAGE_CODE = translation.get_language()
        preview.GET = preview.POST = QueryDict()
        preview.method = "GET"  # the public view's answer to a visitor's request
        setattr(preview, banner, True)
        response = match.func(preview, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        return response

    def draft_changes_view(self, request, object_id):
        """What publishing the draft changes would change: live vs. draft, field by
        field (each language apart), word by word."""
        try:
            obj, draft = self._with_draft(request, object_id)
        except _Answer as answer:
            return answer.response
        version = draft.version
        live = stored_values(obj)
        # Publishing keeps the live state (status, time, a page's menu order) as it is.
        kept = {self.model._meta.get_field(name).attname for name in self.live_state_fields}
        drafted = {**version.field_dict, **{name: live[name] for name in kept if name in live}}
        rows = self.diff_rows(live, drafted)
        rows += self.followed_rows(obj, version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "rows": rows,
            "notice": self.draft_notice(obj, draft),
            "change_url": self._change_url(obj),
            "may_publish": self.has_publish_permission(request),
            "title": _t("Draft changes of %(object)s") % {"object": obj},
        }
        return TemplateResponse(request, "admin/iomsite/draft_changes.html", context)

    def after_saved(self, request, obj):
        """Hook: a save of ``obj`` was kept (online, a draft, or draft changes)."""

    def after_revert(self, request, current):
        """Draft changes written over the live rows keep the item's live state as it is
        now: a takedown, a deactivation or a new publication time since the draft was
        saved stays."""
        super().after_revert(request, current)
        if getattr(request, "draft_change", None) is not None and self.live_state_fields:
            state = {name: getattr(current, name) for name in self.live_state_fields}
            self.model._base_manager.filter(pk=current.pk).update(**state)

    def review(self, obj):
        """Hook: where the item's review stands, in words ("In review"), or ""."""
        return ""

    def draft_of(self, obj):
        if obj is None or obj.pk is None:
            return None
        return (
            DraftChange.objects.for_object(obj)
            .select_related("revision", "created_by", "updated_by")
            .first()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The live version's form, or, once there are draft changes, the form over
        them; a save that must not go online is captured as draft changes. (Before
        django-reversion's ``change_view``: a draft's revision is its own.)"""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:  # Django's answer to an unknown id
            return super().change_view(request, object_id, form_url, extra_context)
        draft = self.draft_of(obj)
        if request.method == "POST" and "_discard_draft" in request.POST:
            return self.discard_draft(request, obj, draft)
        if draft is not None:
            request.draft_change = draft
            return self.form_over_version(request, obj, draft.version, extra_context=extra_context)
        if request.method == "POST" and self.saves_as_draft(request, obj):
            return self.form_over_version(request, obj, None, extra_context=extra_context)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """The last guard of every admin save: an Editor's change to a live item is
        only ever written in a draft's rolled-back transaction."""
        stored = self._stored(request, obj)
        if getattr(request, "drafting", False):
            for name in self.live_state_fields:  # a draft never changes the live state
                setattr(obj, name, getattr(stored, name))
        elif self._locked(request, stored):
            raise PermissionDenied
        elif self.is_live(obj) and not self.has_publish_permission(request):
            raise PermissionDenied  # whatever the form held: only publishers put it online
        super().save_model(request, obj, form, change)
        if change and not getattr(request, "drafting", False) and self.notifies(request, obj):
            changes_published.send(sender=self.model, instance=obj, notify=True, user=request.user)

    def notifies(self, request, obj):
        """A Publisher ticked "Notify subscribers" on a save that puts changes online."""
        return (
            request.POST.get("notify_subscribers") == "1"
            and is_announced(self.model)
            and self.is_live(obj)
            and self.has_publish_permission(request)
        )

    def _stored(self, request, obj):
        """``obj`` as the database has it (before a restore: as it was then)."""
        before = getattr(request, "state_before_restore", None)
        if before is not None and obj.pk is not None and str(obj.pk) == before["object_id"]:
            return before["object"]
        return self.model._base_manager.filter(pk=obj.pk).first() if obj.pk else None

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "drafting", False):  # the draft's own message says it
            return
        state = getattr(request, "public_state", None)
        if state and level == messages.SUCCESS:  # what the public sees now
            message = format_html("{} {}", message, state)
        super().message_user(request, message, level, *args, **kwargs)

    def public_state(self, obj):
        """Hook: what the public sees of ``obj`` after a save, in a sentence."""
        if self.is_live(obj):
            return _t("It is public.")
        return _t("Saved: not public.")

    def response_add(self, request, obj, post_url_continue=None):
        request.public_state = self.public_state(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if not getattr(request, "drafting", False):
            request.public_state = self.public_state(obj)
        return super().response_change(request, obj)

    def draft_saved(self, request, obj, captured):
        """Store the captured draft and say what the public sees."""
        draft = store_draft(obj, captured, request.user)
        self.log_change(request, obj, _t("Saved draft changes (not public)."))
        if "_schedule_draft" in request.POST and self.has_publish_permission(request):
            return self.schedule_draft(request, obj, draft)
        if self.has_publish_permission(request):
            message = _t(
                "Draft changes saved: not public. Visitors keep seeing the live version "
                "until you publish the changes."
            )
        else:
            message = _t(
                "Draft changes saved: not public. Visitors keep seeing the live version "
                "until a publisher publishes your changes."
            )
        messages.success(request, message)
        return redirect(self._change_url(obj))

    def schedule_draft(self, request, obj, draft):
        """A Publisher's "Schedule changes": the worker publishes them at that time."""
        try:
            when = parse_datetime(request.POST.get("draft_publish_at", "") or "")
        except ValueError:  # well formed, but no such moment (a 13th month)
            when = None
        if when is not None and timezone.is_naive(when):
            when = timezone.make_aware(when)
        if when is None or when <= timezone.now():
            messages.error(
                request,
                _t(
                    "Draft changes saved, not scheduled: choose a future date and time to "
                    "schedule them."
                ),
            )
            return redirect(self._change_url(obj))
        draft.publish_at = when
        draft.notify_subscribers = self.notifies(request, obj)
        draft.save(update_fields=["publish_at", "notify_subscribers"])
        request.scheduled_draft_at = when
        self.log_change(
            request,
            obj,
            _t("Scheduled the draft changes for %(when)s.") % {"when": when_text(when)},
        )
        messages.success(
            request,
            _t(
                "Scheduled: the changes go online %(when)s (%(zone)s). Until then visitors "
                "see the live version."
            )
            % {"when": when_text(when), "zone": timezone.get_current_timezone_name()},
        )
        return redirect(self._change_url(obj))

    def _change_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])

    def after_publishing(self, request, obj):
        draft = getattr(request, "draft_change", None)
        if draft is not None:
            draft.delete()
            done = _t("Published the draft changes.") if self.is_live(obj) else None
            self.log_change(request, obj, done or _t("Saved the draft changes."))
            return
        waiting = self.draft_of(obj)  # a version restored while draft changes wait
        if waiting is not None:
            messages.warning(
                request,
                _t(
                    "Draft changes saved before this by %(who)s still wait; they do not "
                    "include it. Review them before publishing, or discard them."
                )
                % {"who": waiting.updated_by.get_username() if waiting.updated_by else "—"},
            )

    def delete_model(self, request, obj):
        DraftChange.objects.for_object(obj).delete()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        drafts = DraftChange.objects.for_model(self.model)
        drafts.filter(object_id__in=[obj.pk for obj in queryset]).delete()
        super().delete_queryset(request, queryset)

    def discard_draft(self, request, obj, draft):
        if draft is None:
            messages.info(request, _t("There were no draft changes to discard."))
            return redirect(self._change_url(obj))
        may_discard = self.has_publish_permission(request) or (
            request.user.pk in (draft.created_by_id, draft.updated_by_id)
            and self.has_change_permission(request, obj)
        )
        if not may_discard:
            raise PermissionDenied
        draft.delete()
        self.log_change(request, obj, _t("Discarded the draft changes."))
        messages.success(
            request, _t("Draft changes discarded. The form shows the live version again.")
        )
        return redirect(self._change_url(obj))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        draft = getattr(request, "draft_change", None)
        live = stored_state(request, obj)
        if obj is not None and live is not None and (draft is not None or self.is_live(live)):
            context["draft_notice"] = self.draft_notice(live, draft)
            context["is_live"] = self.is_live(live)
            context["saves_as_draft"] = self.is_live(live) and not self.has_publish_permission(
                request
            )
            context["has_draft"] = draft is not None
            opts = self.model._meta
            context["draft_previews"] = [
                (
                    language_name(code),
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_draft_preview",
                        args=[quote(obj.pk)],
                    )
                    + f"?language={code}",
                )
                for code in LANGUAGE_CODES
            ]
            context["draft_changes_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_draft_changes", args=[quote(obj.pk)]
            )
            context["notify_option"] = (
                is_announced(self.model) and context["is_live"] and not context["saves_as_draft"]
            )
            context["may_discard_draft"] = draft is not None and (
                self.has_publish_permission(request)
                or request.user.pk in (draft.created_by_id, draft.updated_by_id)
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def draft_notice(self, live, draft):
        """ "Live since … · draft changes by aigerim, 2 Dec 14:05, not public yet"."""
        if self.is_live(live):
            since = getattr(live, "published_at", None) or live.updated_at
            parts = [_t("Live since %(when)s") % {"when": when_text(since)}]
        else:
            parts = [_t("Not online")]
        if draft is not None:
            who = draft.updated_by.get_username() if draft.updated_by else _t("unknown user")
            parts.append(
                _t("draft changes by %(who)s, %(when)s, not public yet")
                % {"who": who, "when": when_text(draft.updated_at)}
            )
            if draft.publish_at:
                parts.append(
                    _t("scheduled to go online %(when)s") % {"when": when_text(draft.publish_at)}
                )
        return " · ".join(parts)


class _Answer(Exception):
    """Leaves a view early (and any transaction, rolling it back) with its response."""

    def __init__(self, response):
        self.response = response


def _staying(request):
    """After "Save draft" the form stays open, as after "Save and continue editing"."""
    if "_save_draft" in request.POST and "_continue" not in request.POST:
        request.POST = request.POST.copy()
        request.POST["_continue"] = "1"
    return request


def _scheduling(form):
    """``form``, refusing "Schedule" without a future publication time."""

    class SchedulingForm(form):
        def clean(self):
            cleaned = super().clean()
            when = cleaned.get("published_at")
            if when is not None and when <= timezone.now():
                self.add_error(
                    "published_at", _("To schedule it, choose a future publication time.")
                )
            return cleaned

    SchedulingForm.__name__ = form.__name__
    SchedulingForm.base_fields = form.base_fields  # as adjusted, not made again
    return SchedulingForm


class PublishableAdminMixin(LiveContentAdminMixin):
    """Roles for models with status and publication time.

    Editors get a status field that only offers "Draft" (a forged POST fails
    validation); published and scheduled items are read-only for them.
    """

    actions = ["publish_selected", "unpublish_selected", "duplicate_as_draft"]

    def is_live(self, obj):
        return obj.status == obj.Status.PUBLISHED

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        status = form.base_fields.get("status")
        if status is not None and not self.has_publish_permission(request):
            status.choices = [(self.model.Status.DRAFT, _("Draft"))]
            status.help_text = _(
                "You can save drafts. A publisher puts them online (or schedules them)."
            )
        if "_schedule" in request.POST and self.has_publish_permission(request):
            form = _scheduling(form)
        return form

    def save_model(self, request, obj, form, change):
        """The buttons say what a save does to the item's state: "Save draft",
        "Publish now", "Schedule" (at the publication time), "Unpublish"."""
        post, publisher = request.POST, self.has_publish_permission(request)
        if not getattr(request, "drafting", False):
            if "_save_draft" in post or ("_unpublish" in post and publisher):
                obj.status = obj.Status.DRAFT
            elif "_publish_now" in post and publisher:
                obj.status = obj.Status.PUBLISHED
                obj.published_at = min(obj.published_at or timezone.now(), timezone.now())
            elif "_schedule" in post and publisher:
                obj.status = obj.Status.PUBLISHED
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return super().response_add(_staying(request), obj, post_url_continue)

    def response_change(self, request, obj):
        return super().response_change(_staying(request), obj)

    def public_state(self, obj):
        if obj.status != obj.Status.PUBLISHED:
            return _t("Draft saved: not public.")
        if obj.is_scheduled():
            return _t("Scheduled: goes online %(when)s (%(zone)s).") % {
                "when": when_text(obj.published_at),
                "zone": timezone.get_current_timezone_name(),
            }
        if not obj.is_published():  # published, but under a section that is not
            return _t("Published, but not public: a page above it is a draft.")
        return _t("Online now at %(url)s.") % {"url": obj.get_absolute_url()}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        live = stored_state(request, obj)
        if live is None or not self.is_live(live):
            context["state_buttons"] = True
            context["may_publish"] = self.has_publish_permission(request)
        else:
            context["may_unpublish"] = self.has_publish_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        if obj.status != obj.Status.PUBLISHED:
            state = _("Draft")
        elif obj.is_scheduled():
            state = format_html(
                "{} <small>({})</small>",
                _("Scheduled"),
                timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M"),
            )
        else:
            state = _("Published")
        if getattr(obj, "has_draft", False):
            state = format_html("{} · <strong>{}</strong>", state, _("draft changes"))
        review = self.review(obj)
        if review:
            state = format_html("{} · <strong>{}</strong>", state, review)
        return state

    def get_queryset(self, request):
        # Whether visitors see each item, by the model's one definition of public
        # (a page under a draft section is not), in the list's own query.
        public = self.model.objects.published().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_public=Exists(public))

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        public = getattr(obj, "is_public", None)
        label = _("View") if (obj.is_published() if public is None else public) else _("Preview")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    @admin.action(description=_("Publish selected items now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._set_status(request, queryset, published=True)

    @admin.action(
        description=_("Unpublish selected items (back to draft)"), permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        self._set_status(request, queryset, published=False)

    def _set_status(self, request, queryset, *, published):
        status = self.model.Status.PUBLISHED if published else self.model.Status.DRAFT
        count = 0
        with transaction.atomic():
            for obj in queryset.select_for_update(of=("self",)):
                obj.status = status
                if published and obj.published_at > timezone.now():
                    obj.published_at = timezone.now()
                obj.updated_by = request.user
                obj.save()
                self.log_change(request, obj, _t("Published") if published else _t("Unpublished"))
                self.after_saved(request, obj)
                count += 1
        message = (
            ngettext("%(count)d item published.", "%(count)d items published.", count)
            if published
            else ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", count)
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Duplicate selected items as drafts"), permissions=["add"])
    def duplicate_as_draft(self, request, queryset):
        copies = []
        with transaction.atomic():
            for obj in queryset:
                copies.append(self.duplicate(request, obj))
        self.message_user(
            request,
            ngettext("%(count)d draft copy made.", "%(count)d draft copies made.", len(copies))
            % {"count": len(copies)},
            messages.SUCCESS,
        )

    def duplicate(self, request, obj):
        """A draft copy with a free slug; many-to-many links and ordered contacts kept."""
        original_pk = obj.pk
        related = {
            field.name: list(getattr(obj, field.name).all())
            for field in obj._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        }
        copy = type(obj).objects.get(pk=original_pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.status = obj.Status.DRAFT
        slugs = {}
        for code in LANGUAGE_CODES:  # every language version gets a title and a free slug
            title_column, slug_column = localized_name("title", code), localized_name("slug", code)
            if getattr(copy, title_column, None):
                with translation.override(code):
                    title = _t("Copy of %(title)s") % {"title": getattr(copy, title_column)}
                setattr(copy, title_column, title[: copy._meta.get_field(title_column).max_length])
            if getattr(copy, slug_column, None):
                slugs[slug_column] = f"{getattr(copy, slug_column)}-copy"[:90]
        for n in range(1, 1000):
            for column, slug in slugs.items():
                setattr(copy, column, slug if n == 1 else f"{slug}-{n}")
            if not self.address_taken(copy, slugs):
                break
        copy.created_by = copy.updated_by = request.user
        copy.save()
        for name, values in related.items():
            getattr(copy, name).set(values)
        self.copy_related(obj, copy)
        # The admin log names the original; the history's comment is shared by every
        # copy the action makes (one revision), so it says only what they have in common.
        admin.ModelAdmin.log_addition(
            self, request, copy, _t("Duplicated from #%(pk)s") % {"pk": original_pk}
        )
        if reversion.is_active():
            reversion.add_to_revision(copy)  # again, with the related rows copied above
            reversion.set_comment(_t("Duplicated as a draft"))
        return copy

    @staticmethod
    def address_taken(copy, slug_columns):
        """Whether the copy's slugs (or the addresses made from them, in any language)
        are in use, as the model's own validation sees it."""
        try:
            copy.clean()
            copy.validate_unique()
            copy.validate_constraints()
        except ValidationError as error:
            keys = getattr(error, "error_dict", {NON_FIELD_ERRORS: None})
            return any(key in slug_columns or key == NON_FIELD_ERRORS for key in keys)
        return False

    def copy_related(self, original, copy):
        """Hook for models with ordered relations (through models)."""
