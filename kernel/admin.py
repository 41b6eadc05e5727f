"""Admin building blocks shared by the apps' ModelAdmins (no models registered here).

- ``AuthoredAdminMixin`` fills created_by/updated_by.
- ``RichTextAdminMixin`` gives rich-text fields the editor widget.
- ``PublishableAdminMixin`` enforces the Editor/Publisher roles and adds the
  publish/unpublish/duplicate actions and the state and preview columns.
- ``ConflictCheckAdminMixin`` refuses to overwrite changes made by someone else since
  the form was opened (keeping everything typed).
- ``TranslationAdminMixin`` lays out the English fields and one section per other
  language (Russian, Kazakh), shows which translations exist and filters by them.
- ``RevisionAdmin`` (django-reversion) keeps a version per save, lists them, shows
  what changed, restores one and recovers deleted items.
"""

import difflib
from contextlib import nullcontext

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.manager import get_translatable_fields_for_model
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version, _safe_revert
from reversion.revisions import _follow_relations_recursive
from reversion.utils import mute_signals

from kernel.models import (
    LANGUAGE_CODES,
    RichTextField,
    editable_translated_fields,
    language_name,
    localized_name,
)
from kernel.richtext import plain_text
from kernel.widgets import RichTextWidget

OTHER_LANGUAGES = LANGUAGE_CODES[1:]


def english(*names):
    """The English columns of translated fields: ("title",) -> ("title_en",)."""
    return tuple(localized_name(name, settings.LANGUAGE_CODE) for name in names)


def in_every_language(*names):
    """Every language's columns, for admin search: ("title",) -> title_en, title_ru, ..."""
    return tuple(localized_name(name, code) for name in names for code in LANGUAGE_CODES)


def other_language_of(model, column):
    """ "ru" for ``title_ru`` of a translated field of ``model``; None for English
    columns and for anything else."""
    for name in get_translatable_fields_for_model(model) or ():
        for code in OTHER_LANGUAGES:
            if column == localized_name(name, code):
                return code
    return None


def with_language(label, model, column):
    """ "Title (Russian)" for ``title_ru``; the label alone otherwise (history, logs)."""
    code = other_language_of(model, column)
    return f"{label} ({language_name(code)})" if code else label


def stored_state(request, obj):
    """``obj`` as permission checks must judge it: while a version is being restored
    (or a deleted item recovered), the row already holds the old version, but the
    rules apply to the item as it was before the restore (``None``: it was deleted)."""
    before = getattr(request, "state_before_restore", None)
    if obj is not None and before is not None and str(obj.pk) == before["object_id"]:
        return before["object"]
    return obj


class MissingTranslationFilter(admin.SimpleListFilter):
    """ "Translation": which items lack (or have) their Russian or Kazakh version."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = []
        for code in OTHER_LANGUAGES:
            name = language_name(code)
            choices.append((f"missing-{code}", _t("%(language)s missing") % {"language": name}))
            choices.append((f"has-{code}", _t("%(language)s done") % {"language": name}))
        return choices

    def queryset(self, request, queryset):
        state, _sep, code = (self.value() or "").partition("-")
        if code not in OTHER_LANGUAGES:
            return queryset
        empty = Q()
        for name in queryset.model.translation_key_fields:
            column = localized_name(name, code)
            empty &= Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
        return queryset.filter(empty) if state == "missing" else queryset.exclude(empty)


class TranslationAdminMixin:
    """English fields in the usual fieldsets, then one section per other language.

    The translated fields come from the model's ``translation.py``, in its order; the
    regular ``fieldsets`` name their English columns (``title_en``).
    A language's section is open when it has a translation and folded otherwise, and
    its heading says which; the list shows a column of the translations each item
    has and filters by missing ones. An empty section means readers of that language
    see the English version with a note.
    """

    class Media:
        css = {"all": ["admin/iomsite/forms.css"]}
        js = ["admin/js/urlify.js", "admin/iomsite/translation_slugs.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if formfield is not None and original is not None:
            # "Title", not "title [ru]": each language has its own headed section.
            formfield.label = capfirst(original.verbose_name)
        return formfield

    def construct_change_message(self, request, form, formsets, add=False):
        """The history names the language of a changed translation: "Title (Russian)"."""
        labels = {name: field.label for name, field in form.fields.items()}
        for name, field in form.fields.items():
            field.label = with_language(field.label, self.model, name)
        try:
            return super().construct_change_message(request, form, formsets, add)
        finally:
            for name, label in labels.items():
                form.fields[name].label = label

    def get_prepopulated_fields(self, request, obj=None):
        fields = dict(super().get_prepopulated_fields(request, obj))
        if "slug" in editable_translated_fields(self.model):
            for code in LANGUAGE_CODES:
                fields[localized_name("slug", code)] = (localized_name("title", code),)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        for code in OTHER_LANGUAGES:
            done = obj is not None and obj.has_translation(code)
            status = _t("translated") if done else _t("not translated yet")
            columns = [
                localized_name(name, code) for name in editable_translated_fields(self.model)
            ]
            required = any(not self.model._meta.get_field(column).blank for column in columns)
            if required:  # e.g. country names: always shown, never folded
                description = _t(
                    "Needed in %(language)s too: it appears inside sentences of the "
                    "%(language)s site."
                )
            else:
                description = _t(
                    "Leave every field empty to show the English version to "
                    "%(language)s readers, with a note that it is not translated."
                )
            fieldsets.append(
                (
                    f"{language_name(code)} — {status}",
                    {
                        "classes": () if done or required else ("collapse",),
                        "description": description % {"language": language_name(code)},
                        "fields": columns,
                    },
                )
            )
        return fieldsets

    @admin.display(description=_("translations"))
    def translations(self, obj):
        """RU ✓ / KK — marks: which of the other languages have a version."""
        marks = []
        for code in OTHER_LANGUAGES:
            done = obj.has_translation(code)
            state = _t("translated") if done else _t("not translated yet")
            marks.append(
                format_html(
                    '<span class="translation-mark translation-mark--{}" title="{}">'
                    '{} <span aria-hidden="true">{}</span>'
                    '<span class="visually-hidden">: {}</span></span>',
                    "done" if done else "missing",
                    f"{language_name(code)}: {state}",
                    code.upper(),
                    "✓" if done else "—",
                    state,
                )
            )
        return mark_safe(" ".join(marks))


class AuthoredAdminMixin:
    """Fills ``created_by``/``updated_by`` and shows them in a last, folded "History"
    section (after every other section, the language ones included)."""

    authored_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.authored_fields)

    def get_fieldsets(self, request, obj=None):
        history = (_("History"), {"classes": ("collapse",), "fields": self.authored_fields})
        return [*super().get_fieldsets(request, obj), history]

    def save_model(self, request, obj, form, change):
        if not change or obj.created_by_id is None:
            obj.created_by = obj.created_by or request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class RichTextAdminMixin:
    """The rich-text editor for every ``RichTextField`` (each language's column too)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, RichTextField):
            kwargs["widget"] = RichTextWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LiveContentAdminMixin:
    """What is online is a Publisher's to change.

    Only users with the model's ``publish_<model>`` permission (Publishers) may change,
    delete or edit in the list what is live (``is_live``); for everyone else a live
    item is read-only. Every path that changes content goes through these checks:
    the change form, list editing, list actions, restore and recover.
    """

    def has_publish_permission(self, request, obj=None):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

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
        obj = stored_state(request, obj)
        return obj is not None and self.is_live(obj) and not self.has_publish_permission(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("delete_selected", None)  # bulk delete could hit live items
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self._locked(request, obj):  # say why the form is read-only
            context["read_only_reason"] = _(
                "This is online, so only a publisher can change or delete it."
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


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
        return form

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        if obj.status != obj.Status.PUBLISHED:
            return _("Draft")
        if obj.is_scheduled():
            return format_html(
                "{} <small>({})</small>",
                _("Scheduled"),
                timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M"),
            )
        return _("Published")

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        label = _("View") if obj.is_published() else _("Preview")
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
            for obj in queryset.select_for_update():
                obj.status = status
                if published and obj.published_at > timezone.now():
                    obj.published_at = timezone.now()
                obj.updated_by = request.user
                obj.save()
                self.log_change(request, obj, _t("Published") if published else _t("Unpublished"))
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
        self.log_addition(request, copy, _t("Duplicated from #%(pk)s") % {"pk": original_pk})
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


class ConflictCheckForm(forms.ModelForm):
    """Remembers when the record was loaded; refuses to save over a newer change."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    check_conflicts = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["edit_token"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if not (self.check_conflicts and self.instance.pk):
            return cleaned
        current = (
            type(self.instance)
            ._base_manager.filter(pk=self.instance.pk)
            .values_list("updated_at", "updated_by__username")
            .first()
        )
        if current is None:
            return cleaned
        updated_at, username = current
        token = cleaned.get("edit_token") or ""
        if token != updated_at.isoformat():
            # Let the next save go through once the editor has reviewed.
            self.data = self.data.copy()
            self.data[self.add_prefix("edit_token")] = updated_at.isoformat()
            raise forms.ValidationError(
                _(
                    "Someone else changed this item since you opened it (%(who)s, %(when)s). "
                    "Your text is kept below. Review their version in the history (opens in "
                    "a new tab) and save again to overwrite it with yours."
                ),
                params={
                    "who": username or _t("unknown user"),
                    "when": timezone.localtime(updated_at).strftime("%Y-%m-%d %H:%M:%S"),
                },
                code="edit_conflict",
            )
        return cleaned


class ConflictCheckAdminMixin:
    """Edit conflicts: the form carries when the record was loaded (``edit_token``,
    a hidden field the change form template renders) and refuses a stale save."""

    form = ConflictCheckForm
    change_form_template = "admin/iomsite/change_form.html"

    class Media:
        css = {"all": ["admin/iomsite/forms.css"]}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # Restoring a revision reverts the row first; that is not someone else's change.
        form.check_conflicts = getattr(request, "restoring", None) is None
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            opts = self.model._meta
            context["history_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


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
    for other in version.revision.version_set.exclude(pk=version.pk):
        if any(
            field.model is other._model
            and str(other.field_dict.get(field.attname)) == version.object_id
            for field in links
        ):
            own.append(other)
    current = model._base_manager.using(version.db).filter(pk=version.object_id).first()
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
    _safe_revert(own)


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
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name=f"{opts.app_label}_{opts.model_name}_changes",
            ),
            *super().get_urls(),
        ]

    def _version_or_404(self, version_id, **lookup):
        return get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id, **lookup)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = self._version_or_404(version_id, object_id=unquote(object_id))
        return self._restore_view(request, version, recover=False, extra_context=extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = self._version_or_404(version_id)
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
        if request.method == "POST":
            allowed = (
                self.has_add_permission(request)
                if current is None
                else self.has_change_permission(request, current)
            )
            if not allowed:
                raise PermissionDenied
        request.state_before_restore = {"object_id": version.object_id, "object": current}
        request.restoring = {"version": version, "recover": current is None, "saved": False}
        # Viewing a version must not look like a change to anything listening.
        quiet = (
            mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
            if request.method != "POST"
            else nullcontext()
        )
        try:
            with transaction.atomic(using=version.db), quiet:
                revert_object(version)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                if request.method == "POST" and request.restoring["saved"]:
                    return response
                if response.status_code == 200:
                    response.template_name = template_name
                    response.render()  # now, while the restored version is in the rows
                raise _RollBack(response)
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except _RollBack as rollback:
            return rollback.response

    def response_change(self, request, obj):
        restoring = getattr(request, "restoring", None)
        if restoring is not None:
            restoring["saved"] = True
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
            .select_related("revision", "revision__user")
            .order_by("-revision__date_created", "-pk")
        )

    def changed_fields(self, older, newer):
        # The plain columns of translated fields copy the English one (title_en).
        translated = get_translatable_fields_for_model(self.model) or ()
        # What editors do not write (timestamps, renditions, search vectors, paths).
        not_edited = {
            field.attname
            for field in self.model._meta.concrete_fields
            if not field.editable or field.primary_key
        }
        ignored = {*not_edited, *translated}
        names = []
        for name, value in newer.field_dict.items():
            if name in ignored:
                continue
            if older is None or older.field_dict.get(name) != value:
                names.append(name)
        return names

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
            changed = self.changed_fields(older, newer)
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
                }
            )
        context = {"action_list": action_list, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def changes_view(self, request, object_id, version_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = self._versions(object_id)
        index = next((i for i, v in enumerate(versions) if v.pk == version_id), None)
        if index is None:
            raise PermissionDenied
        version = versions[index]
        older = versions[index + 1] if index + 1 < len(versions) else None
        rows = []
        for name in self.changed_fields(older, version):
            before = older.field_dict.get(name, "") if older else ""
            after = version.field_dict.get(name, "")
            rows.append(
                {
                    "label": self.field_label(name),
                    "before": plain_text(str(before)) if before not in (None, "") else "",
                    "after": plain_text(str(after)) if after not in (None, "") else "",
                    "diff": word_diff(before if before is not None else "", after or ""),
                }
            )
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


class ContentAdmin(
    AuthoredAdminMixin,
    TranslationAdminMixin,
    ConflictCheckAdminMixin,
    PublishableAdminMixin,
    RichTextAdminMixin,
    RevisionAdmin,
):
    """The admin of a ``kernel.models.Content`` type (news items, pages, ...): roles on
    live content, publish/unpublish/duplicate actions, revisions with restore, edit
    conflicts, the rich-text editor, a section per language and a last "History"
    section. A content type's admin adds its list columns, filters and fieldsets."""

    save_on_top = True
