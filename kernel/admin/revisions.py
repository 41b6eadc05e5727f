"""Admin revisions (django-reversion): a version per save, what each changed, and
restore and recover under the rules of a normal save."""

import difflib
from contextlib import nullcontext
from datetime import datetime

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _t
from modeltranslation.manager import get_translatable_fields_for_model
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import _follow_relations_recursive

from kernel.admin.drafts import capturing_revisions
from kernel.admin.translations import with_language
from kernel.cache import changes_rolled_back
from kernel.images import keeping_files
from kernel.models import Content
from kernel.redirects import addresses_before, record_moves
from kernel.richtext import plain_text


def word_diff(old, new):
    """Plain-text word diff of two values, with <del>/<ins> marks (escaped)."""
    old_words = plain_text(str(old)).split()
    new_words = plain_text(str(new)).split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts))


def revert_object(version):
    """Put the object of ``version`` back as it was, with the rows it follows (inline
    rows such as its media contacts) saved in the same revision; followed rows added
    since are deleted. Other objects of the revision (a list action saves several
    items in one) are left alone: django-reversion's ``Revision.revert`` would revert
    them all."""
    model = version._model
    links = [
        field
        for other in {v._model for v in version.revision.version_set.all()} - {model}
        for field in other._meta.concrete_fields
        if field.many_to_one and issubclass(model, field.related_model)
    ]
    own = [version]
    link_of = {}
    for other in version.revision.version_set.exclude(pk=version.pk):
        for field in links:
            if (
                field.model is other._model
                and str(other.field_dict.get(field.attname)) == version.object_id
            ):
                own.append(other)
                link_of[other.pk] = field
                break
    current = model._base_manager.using(version.db).filter(pk=version.object_id).first()
    # A restored slug changes the item's address here (a page's path follows in the
    # save after): the old addresses redirect (kernel.redirects).
    moving = addresses_before(current) if isinstance(current, Content) else {}
    if current is not None:
        kept = {(v._model, v.object_id) for v in own}
        added_since = [
            obj
            for obj in _follow_relations_recursive(current)
            if (type(obj), str(obj.pk)) not in kept
        ]
        collector = Collector(using=version.db)
        for obj in added_since:
            collector.collect([obj])
        collector.delete()
    for each in own:  # the item first, then the rows that point to it
        restored = each._object_version
        if not _without_missing_references(restored, is_item=each is version):
            continue  # a row naming something deleted since (a contact): left out
        if each is not version:
            _as_new_row_if_taken(restored.object, link_of[each.pk])
        keep_derived_fields(restored.object)
        restored.save()
    if moving:
        record_moves(model, current.pk, moving)


def _as_new_row_if_taken(row, link):
    """A related row saved with draft changes got its id from a save that was rolled
    back; SQLite hands such ids out again. If another item's row has the id now, this
    one is written as a new row rather than over it."""
    holder = type(row)._base_manager.filter(pk=row.pk).values_list(link.attname, flat=True)
    taken_by = holder.first()
    if taken_by is not None and taken_by != getattr(row, link.attname):
        row.pk = None
        row._state.adding = True


def _without_missing_references(restored, *, is_item):
    """Take out of a version about to be written back what it names that has been
    deleted since: an optional link is emptied, a many-to-many id dropped; False for
    a related row (not the item) whose required link is gone."""
    obj = restored.object
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if not field.many_to_one or value is None:
            continue
        if field.related_model._base_manager.filter(pk=value).exists():
            continue
        if field.null:
            setattr(obj, field.attname, None)
        elif not is_item:
            return False
    for name, ids in (restored.m2m_data or {}).items():
        related = obj._meta.get_field(name).related_model
        existing = {
            str(pk) for pk in related._base_manager.filter(pk__in=ids).values_list("pk", flat=True)
        }
        restored.m2m_data[name] = [pk for pk in ids if str(pk) in existing]
    return True


def keep_derived_fields(obj):
    """Give ``obj`` (a version about to be written back) the current values of the
    fields editors do not write: paths, renditions, search vectors, timestamps. The
    save that follows derives them from the restored text (a page's sub-pages move
    with its restored slug), and the edit-conflict check compares the current
    ``updated_at``, so a change made meanwhile by someone else is not overwritten."""
    current = type(obj)._base_manager.filter(pk=obj.pk).first()
    if current is None:
        return
    for field in obj._meta.concrete_fields:
        if not field.editable and not field.primary_key:
            setattr(obj, field.attname, getattr(current, field.attname))
    # A model whose derived fields describe something the version may replace (a
    # file's text) says so: ``derived_fields_restored(current)``.
    restored = getattr(obj, "derived_fields_restored", None)
    if restored is not None:
        restored(current)


def item_url(model_admin, route, view, name):
    """A URL pattern of ``model_admin`` for one item's page: ``<id>/<route>``, named
    ``<app>_<model>_<name>`` like the admin's own, behind the admin's log-in."""
    opts = model_admin.model._meta
    return path(
        f"<path:object_id>/{route}",
        model_admin.admin_site.admin_view(view),
        name=f"{opts.app_label}_{opts.model_name}_{name}",
    )


def _same(value):
    """A value as compared between versions: many-to-many ids in any order, empty
    text and no text alike, times to the millisecond (as versions store them)."""
    if isinstance(value, list | tuple | set):
        return sorted(str(each) for each in value)
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return "" if value is None else value


def _order(values):
    return (values.get("sort_order") or 0, values.get("id") or 0)


def is_draft_save(revision):
    """Whether ``revision`` saved draft changes (not public when it was made)."""
    try:
        return revision.draft is not None
    except ObjectDoesNotExist:
        return False


class _RollBack(Exception):
    def __init__(self, response):
        self.response = response


class RevisionAdmin(VersionAdmin):
    """Versions of every save; a "Changes" page shows what each version changed.

    Restoring a version and recovering a deleted item follow the rules of a normal
    save: the version must be one of this admin's model; the permission checks judge
    the item as it is before the restore (a live item stays a Publisher's to change;
    a deleted one comes back as an addition, so an Editor's comes back as a draft);
    only a successful save of the form keeps the restore; and the history and the
    admin log say who restored which version.
    """

    object_history_template = "admin/iomsite/object_history.html"

    def get_urls(self):
        route = "history/<int:version_id>/changes/"
        return [item_url(self, route, self.changes_view, "changes"), *super().get_urls()]

    def _version_or_404(self, version_id, **lookup):
        return get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id, **lookup)

    def recoverlist_view(self, request, extra_context=None):
        """Deleted items, each as its last version that was not draft changes (those
        were never reviewed; recovering brings back what was saved for real)."""
        if not self.has_change_permission(request) or not self.has_add_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        saved = Version.objects.filter(revision__draft__isnull=True)
        deleted = self._reversion_order_version_queryset(
            request, saved.get_deleted(self.model).select_related("revision")
        )
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "module_name": capfirst(opts.verbose_name),
            "title": _t("Recover deleted %(name)s") % {"name": opts.verbose_name_plural},
            "deleted": deleted,
            **(extra_context or {}),
        }
        return TemplateResponse(
            request,
            self.recover_list_template or self._reversion_get_template_list("recover_list.html"),
            context,
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = self._version_or_404(version_id, object_id=unquote(object_id))
        return self._restore_view(request, version, recover=False, extra_context=extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = self._version_or_404(version_id, revision__draft__isnull=True)
        return self._restore_view(request, version, recover=True, extra_context=extra_context)

    def _restore_view(self, request, version, *, recover, extra_context):
        """The change form over the restored version, in a transaction that is kept
        only when the form is saved (viewing it, or a form error, rolls it back)."""
        current = self.model._base_manager.filter(pk=version.object_id).first()
        if recover and current is not None:
            raise Http404(_t("This item was not deleted; restore a version from its history."))
        if not recover and current is None:
            raise Http404(_t("This item was deleted; recover it from the list of deleted items."))
        name = {"name": version.object_repr}
        extra_context = {
            "title": (_t("Recover %(name)s") if recover else _t("Revert %(name)s")) % name,
            "recover" if recover else "revert": True,
            **(extra_context or {}),
        }
        template_name = (
            self.recover_form_template if recover else self.revision_form_template
        ) or self._reversion_get_template_list(
            "recover_form.html" if recover else "revision_form.html"
        )
        request.restoring = {"version": version, "recover": current is None}
        return self.form_over_version(
            request, current, version, extra_context=extra_context, template_name=template_name
        )

    def form_over_version(self, request, current, version, *, extra_context, template_name=None):
        """The change form of ``current`` (None: a deleted item) with the rows of
        ``version`` (None: as they are) written in a transaction. The transaction is
        kept only when the form is saved and the save may go online; viewing, a form
        error, or a save that ``saves_as_draft`` roll it back (capturing the draft)."""
        object_id = version.object_id if version is not None else str(current.pk)
        if request.method == "POST":
            allowed = (
                self.has_add_permission(request)
                if current is None
                else self.has_change_permission(request, current)
            )
            # "Save as new" would leave the restore for an addition (never kept).
            if not allowed or "_saveasnew" in request.POST:
                raise PermissionDenied
        elif not self.has_view_or_change_permission(request, current):
            raise PermissionDenied  # before anything is written, even to be rolled back
        request.state_before_restore = {"object_id": object_id, "object": current}
        request.form_over_version = {"saved": False}
        drafting = request.method == "POST" and self.saves_as_draft(request, current)
        request.drafting = drafting
        # Viewing a version writes it in a transaction that is rolled back: whatever
        # listens to saves (history, cache) acts inside it and is undone with it.
        # (django-reversion mutes signals instead, for every thread of the process.)
        rolled_back = request.method != "POST" or drafting
        db = version.db if version is not None else router.db_for_write(self.model)
        try:
            with (
                keeping_files() if drafting else nullcontext(),
                capturing_revisions() as captured,
                transaction.atomic(using=db),
                changes_rolled_back() if rolled_back else nullcontext(),
            ):
                if version is not None:
                    revert_object(version)
                    self.after_revert(request, current)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(object_id), request.path, extra_context
                    )
                if request.method == "POST" and request.form_over_version["saved"]:
                    if not drafting:
                        self.after_publishing(request, current)
                        return response
                    raise _RollBack(None)
                if response.status_code == 200:
                    if template_name:
                        response.template_name = template_name
                    response.render()  # now, while the version is in the rows
                raise _RollBack(response)
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except _RollBack as rollback:
            if rollback.response is not None:
                return rollback.response
        return self.draft_saved(request, current, captured[-1])

    def after_revert(self, request, current):
        """Hook: ``form_over_version`` wrote a version's rows over ``current``."""

    def saves_as_draft(self, request, obj):
        """Whether this save of ``obj`` must leave its live version as it is (see
        LiveContentAdminMixin); here, never."""
        return False

    def after_publishing(self, request, obj):
        """Hook: a save of ``obj`` from ``form_over_version`` went online."""

    def draft_saved(self, request, obj, captured):
        raise NotImplementedError  # only an admin whose ``saves_as_draft`` says so

    def response_change(self, request, obj):
        over = getattr(request, "form_over_version", None)
        if over is not None:
            over["saved"] = True
        return super().response_change(request, obj)

    def construct_change_message(self, request, form, formsets, add=False):
        """A restore says so, with the version's date and author, in the admin log and
        in the history (django-reversion takes the revision comment from the log)."""
        message = super().construct_change_message(request, form, formsets, add)
        restoring = getattr(request, "restoring", None)
        if restoring is None:
            return message
        revision = restoring["version"].revision
        params = {
            "date": localize(timezone.localtime(revision.date_created)),
            "user": revision.user.get_username() if revision.user else _t("unknown user"),
        }
        if restoring["recover"]:
            return _t("Recovered after deletion, from the version of %(date)s by %(user)s.") % (
                params
            )
        return _t("Restored the version of %(date)s by %(user)s.") % params

    def _versions(self, object_id):
        return list(
            Version.objects.get_for_object_reference(self.model, object_id)
            .select_related("revision", "revision__user", "revision__draft")
            .order_by("-revision__date_created", "-pk")
        )

    def changed_fields(self, older, newer):
        """The fields whose values differ between two field dicts (``older`` None: a
        first version), leaving out what editors do not write."""
        # The plain columns of translated fields copy the English one (title_en).
        translated = get_translatable_fields_for_model(self.model) or ()
        # What editors do not write (timestamps, renditions, search vectors, paths).
        not_edited = {
            field.attname
            for field in self.model._meta.concrete_fields
            if not field.editable or field.primary_key
        }
        ignored = {*not_edited, *translated}
        return [
            name
            for name, value in newer.items()
            if name not in ignored and (older is None or _same(older.get(name)) != _same(value))
        ]

    def diff_rows(self, older, newer):
        """A row per changed field of two field dicts: label and word-level diff."""
        rows = []
        for name in self.changed_fields(older, newer):
            before = self.readable(name, older.get(name) if older else "")
            after = self.readable(name, newer.get(name))
            rows.append({"label": self.field_label(name), "diff": word_diff(before, after)})
        return rows

    def followed_rows(self, obj, version):
        """Rows for the related rows a version keeps with the item (a release's media
        contacts, a contact's e-mail addresses): as ``obj`` has them, and as
        ``version``'s revision has them."""
        own = (version.content_type_id, version.object_id)
        saved = {}
        for other in version.revision.version_set.all():
            if (other.content_type_id, other.object_id) != own:
                saved.setdefault(other._model, []).append(other)
        current = {}
        for related in _follow_relations_recursive(obj):
            if related is not obj:
                current.setdefault(type(related), []).append(related)
        rows = []
        for model in sorted({*saved, *current}, key=lambda m: m._meta.verbose_name_plural):
            in_order = sorted(saved.get(model, []), key=lambda v: _order(v.field_dict))
            after = "; ".join(v.object_repr for v in in_order)
            rows_now = sorted(current.get(model, []), key=lambda o: _order(vars(o)))
            before = "; ".join(str(related) for related in rows_now)
            if before != after:
                label = capfirst(model._meta.verbose_name_plural)
                rows.append({"label": label, "diff": word_diff(before, after)})
        return rows

    def readable(self, attname, value):
        """A field's value as an editor reads it: names, not ids, of related items."""
        if value in (None, ""):
            return ""
        field = next(
            (f for f in self.model._meta.get_fields() if getattr(f, "attname", None) == attname),
            None,
        )
        if field is not None and field.many_to_many:
            related = field.related_model._base_manager.filter(pk__in=value)
            return ", ".join(sorted(str(obj) for obj in related))
        if field is not None and field.many_to_one:
            found = field.related_model._base_manager.filter(pk=value).first()
            return str(found) if found is not None else ""
        return str(value)

    def field_label(self, attname):
        fields = {
            field.attname: field
            for field in self.model._meta.get_fields()
            if hasattr(field, "attname")
        }
        field = fields.get(attname)
        if field is None:
            return attname
        # As in the change messages: "Title" (English), "Title (Russian)".
        original = getattr(field, "translated_field", field)
        return with_language(capfirst(original.verbose_name), self.model, field.name)

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        versions = self._versions(object_id)
        action_list = []
        # Items made outside the admin (demo, imports) have no versions yet.
        for newer, older in zip(versions, [*versions[1:], None][: len(versions)], strict=True):
            changed = self.changed_fields(older.field_dict if older else None, newer.field_dict)
            action_list.append(
                {
                    "revision": newer.revision,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_revision",
                        args=[object_id, newer.pk],
                    ),
                    "changes_url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_changes",
                        args=[object_id, newer.pk],
                    ),
                    "changes": ", ".join(str(self.field_label(name)) for name in changed),
                    "draft": is_draft_save(newer.revision),
                }
            )
        context = {"action_list": action_list, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def changes_view(self, request, object_id, version_id):
        obj = self.get_object(request, unquote(object_id))  # None for a malformed id too
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = self._versions(object_id)
        index = next((i for i, v in enumerate(versions) if v.pk == version_id), None)
        if index is None:
            raise PermissionDenied
        version = versions[index]
        older = versions[index + 1] if index + 1 < len(versions) else None
        rows = self.diff_rows(older.field_dict if older else None, version.field_dict)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object": obj,
            "version": version,
            "older": older,
            "rows": rows,
            "title": _t("What changed in %(object)s") % {"object": obj},
            "revert_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_revision",
                args=[obj.pk, version.pk],
            ),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, "admin/iomsite/version_changes.html", context)
