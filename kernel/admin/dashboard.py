"""The admin's home: what needs doing, across every content type whose admin has
drafts and review (LiveContentAdminMixin), found through the admin site's registry.

Panels: awaiting review (for Publishers), my drafts and what was sent back to me,
recently edited, scheduled next, recently published without a Russian or Kazakh
version. Each panel costs a fixed number of queries whatever the amount of content
(at most one per content type)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t

from kernel.admin.authoring import when_text
from kernel.admin.publishing import LiveContentAdminMixin, PublishableAdminMixin
from kernel.languages import LANGUAGE_CODES, language_name, localized_name
from kernel.models import DraftChange, ReviewEvent

LIMIT = 8
RECENT_DAYS = 90

_more_panels = []


def add_panel(build):
    """Apps add panels of their own: ``build(request)`` returns a Panel or None
    (e.g. not for this user)."""
    _more_panels.append(build)
    return build


@dataclass
class Entry:
    label: str
    url: str
    note: str = ""


@dataclass
class Panel:
    key: str
    title: str
    empty: str
    entries: list = field(default_factory=list)
    count: int = 0


def _change_url(model, pk):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(pk)])


class Dashboard:
    def __init__(self, request, site):
        self.request, self.user = request, request.user
        self.admins = {
            model: model_admin
            for model, model_admin in site._registry.items()
            if isinstance(model_admin, LiveContentAdminMixin)
            and model_admin.has_view_or_change_permission(request)
        }
        self.content_types = ContentType.objects.get_for_models(
            *self.admins, for_concrete_models=False
        )
        self.models_by_type = {ct.pk: model for model, ct in self.content_types.items()}

    def may_publish(self):
        return any(admin.has_publish_permission(self.request) for admin in self.admins.values())

    def panels(self):
        more = [panel for panel in (build(self.request) for build in _more_panels) if panel]
        if not self.admins:
            return more
        panels = []
        if self.may_publish():
            panels.append(self.awaiting_review())
        panels += [self.mine(), self.recently_edited(), self.scheduled(), self.untranslated()]
        return panels + more

    # Helpers ----------------------------------------------------------------------

    def _objects(self, pairs):
        """{(content type id, object id): object} for ``pairs``, a query per type."""
        wanted = {}
        for type_id, object_id in pairs:
            wanted.setdefault(type_id, set()).add(object_id)
        found = {}
        for type_id, ids in wanted.items():
            model = self.models_by_type.get(type_id)
            if model is None:
                continue
            for pk, obj in model._base_manager.in_bulk(ids).items():
                found[(type_id, pk)] = obj
        return found

    def _open_steps(self, action):
        """The last review step of each item, where it is ``action``."""
        latest = (
            ReviewEvent.objects.filter(
                content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
            )
            .order_by("-created_at", "-pk")
            .values("pk")[:1]
        )
        return (
            ReviewEvent.objects.filter(content_type__in=self.content_types.values(), action=action)
            .filter(pk=Subquery(latest))
            .select_related("user")
            .order_by("-created_at", "-pk")
        )

    def _step_entries(self, steps):
        objects = self._objects((s.content_type_id, s.object_id) for s in steps)
        entries = []
        for step in steps:
            obj = objects.get((step.content_type_id, step.object_id))
            if obj is None:
                continue
            who = step.user.get_username() if step.user else "—"
            note = f"{who}, {when_text(step.created_at)}"
            if step.message:
                note += f": “{step.message[:120]}”"
            entries.append(Entry(str(obj), _change_url(type(obj), obj.pk), note))
        return entries

    # Panels -----------------------------------------------------------------------

    def awaiting_review(self):
        steps = self._open_steps(ReviewEvent.Action.SUBMITTED)
        listed = list(steps[:LIMIT])
        return Panel(
            "review",
            _t("Awaiting review"),
            _t("Nothing is waiting for review."),
            self._step_entries(listed),
            steps.count(),
        )

    def mine(self):
        """Sent back to me, my draft changes of live items, my drafts."""
        submitted_by_me = ReviewEvent.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            action=ReviewEvent.Action.SUBMITTED,
            user=self.user,
        )
        sent_back = list(
            self._open_steps(ReviewEvent.Action.SENT_BACK).filter(Exists(submitted_by_me))[:LIMIT]
        )
        entries = [
            Entry(e.label, e.url, _t("Sent back by %(note)s") % {"note": e.note})
            for e in self._step_entries(sent_back)
        ]
        changes = list(
            DraftChange.objects.filter(
                content_type__in=self.content_types.values(), updated_by=self.user
            ).order_by("-updated_at")[:LIMIT]
        )
        objects = self._objects((d.content_type_id, d.object_id) for d in changes)
        for draft in changes:
            obj = objects.get((draft.content_type_id, draft.object_id))
            if obj is not None:
                note = _t("Draft changes of a live item, %(when)s") % {
                    "when": when_text(draft.updated_at)
                }
                entries.append(Entry(str(obj), _change_url(type(obj), obj.pk), note))
        for model in self._publishable():
            drafts = model._base_manager.filter(
                Q(created_by=self.user) | Q(updated_by=self.user),
                status=model.Status.DRAFT,
            ).order_by("-updated_at")[:LIMIT]
            for obj in drafts:
                note = _t("Draft, %(when)s") % {"when": when_text(obj.updated_at)}
                entries.append(Entry(str(obj), _change_url(model, obj.pk), note))
        return Panel(
            "mine",
            _t("My drafts and items sent back"),
            _t("You have no drafts, and nothing was sent back to you."),
            entries,
            len(entries),
        )

    def recently_edited(self):
        log = (
            LogEntry.objects.filter(content_type__in=self.content_types.values())
            .select_related("user", "content_type")
            .order_by("-action_time")[:LIMIT]
        )
        entries = []
        for entry in log:
            model = self.models_by_type.get(entry.content_type_id)
            url = _change_url(model, entry.object_id) if model and not entry.is_deletion() else ""
            who = entry.user.get_username()
            what = entry.get_change_message() or entry.get_action_flag_display()
            note = f"{who}, {when_text(entry.action_time)} — {what}"
            entries.append(Entry(entry.object_repr, url, note))
        return Panel(
            "recent",
            _t("Recently edited"),
            _t("Nothing has been edited yet."),
            entries,
            len(entries),
        )

    def _publishable(self):
        return [m for m, a in self.admins.items() if isinstance(a, PublishableAdminMixin)]

    def scheduled(self):
        now = timezone.now()
        upcoming = []
        for model in self._publishable():
            upcoming += list(
                model._base_manager.filter(
                    status=model.Status.PUBLISHED, published_at__gt=now
                ).order_by("published_at")[:LIMIT]
            )
        upcoming.sort(key=lambda obj: obj.published_at)
        entries = [
            Entry(
                str(obj),
                _change_url(type(obj), obj.pk),
                _t("Goes online %(when)s") % {"when": when_text(obj.published_at)},
            )
            for obj in upcoming[:LIMIT]
        ]
        return Panel(
            "scheduled",
            _t("Scheduled next"),
            _t("Nothing is scheduled."),
            entries,
            len(entries),
        )

    def untranslated(self):
        since = timezone.now() - timedelta(days=RECENT_DAYS)
        others = [code for code in LANGUAGE_CODES if code != settings.LANGUAGE_CODE]
        entries = []
        for model in self._publishable():
            missing = Q()
            for code in others:
                column = localized_name("title", code)
                missing |= Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
            recent = (
                model.objects.published()
                .filter(missing, published_at__gte=since)
                .order_by("-published_at")[:LIMIT]
            )
            for obj in recent:
                lacking = [
                    str(language_name(code))
                    for code in others
                    if not getattr(obj, localized_name("title", code))
                ]
                note = _t("No %(languages)s version") % {"languages": ", ".join(lacking)}
                entries.append(Entry(str(obj), _change_url(model, obj.pk), note))
        return Panel(
            "untranslated",
            _t("Recently published, not yet in every language"),
            _t("Everything published in the last 90 days is in every language."),
            entries[:LIMIT],
            len(entries),
        )
