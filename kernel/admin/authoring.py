"""Admin for authored content: who made and changed it (a last "History" section),
the rich-text editor, and edit conflicts (a stale save is refused, nothing typed lost)."""

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from kernel.admin import merging
from kernel.admin.revisions import word_diff
from kernel.models import DraftChange, RichTextField
from kernel.widgets import RichTextWidget


def when_text(moment):
    """A moment as the admin writes it: "2 Dec 2026, 14:05" (local time)."""
    return date_format(timezone.localtime(moment), "j M Y, H:i")


class AuthoredAdminMixin:
    """Fills ``created_by``/``updated_by`` and shows them in a last, folded "History"
    section (after every other section, the language ones included), and in a "Last
    edited" list column."""

    authored_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("updated_by")

    @staticmethod
    def last_edit(obj):
        """(who, when, whether it was draft changes) of the item's last edit: its
        draft changes when the list annotated them (LiveContentAdminMixin) and they
        are newer than its last save."""
        draft_at = getattr(obj, "draft_edited_at", None)
        if draft_at is not None and draft_at > obj.updated_at:
            return obj.draft_edited_by, draft_at, True
        who = obj.updated_by.get_username() if obj.updated_by_id else None
        return who, obj.updated_at, False

    @admin.display(description=_("last edited"), ordering="updated_at")
    def last_edited(self, obj):
        who, when, draft = self.last_edit(obj)
        if when is None:
            return "—"
        text = f"{when_text(when)}, {who or _t('unknown user')}"
        return _t("%(edit)s (draft changes)") % {"edit": text} if draft else text

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


class ConflictCheckForm(forms.ModelForm):
    """Remembers which version of the record the form was opened on, draft changes
    included; refuses to save over a newer change (a save of the item, or of its
    draft changes)."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    check_conflicts = True
    # Merge someone else's save field by field (kernel.admin.merging); a restore of
    # an old version asks about the whole form instead (its fields are all "mine").
    merge_changes = True
    goes_online = False  # whether this save changes what is online (the admin says)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            draft = self._draft()
            self.fields["edit_token"].initial = _token(self.instance.updated_at, draft)

    def _draft(self):
        return (
            DraftChange.objects.for_object(self.instance)
            .select_related("updated_by")
            .only("revision_id", "updated_at", "updated_by__username")
            .first()
        )

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
        draft = self._draft()
        expected = _token(updated_at, draft)
        token = cleaned.get("edit_token") or ""
        chosen = self._chosen()  # answers to an earlier conflict: {field: mine/theirs}
        if token == expected:
            if chosen:
                self._take_chosen(cleaned, chosen, self._stored(draft))
            return cleaned
        if draft is not None and token.split(" ")[0] == updated_at.isoformat():
            # The item is as it was; its draft changes are new or newer.
            updated_at = draft.updated_at
            username = draft.updated_by.get_username() if draft.updated_by else None
        # The next save goes through (once the editor has seen what is asked).
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_token")] = expected
        self.other_edit = {
            "who": username or _t("unknown user"),
            "when": when_text(updated_at),
        }
        base = self._opened(token) if self.merge_changes else None
        if base is None:  # no version of what was opened: ask about the whole form
            raise forms.ValidationError(
                _(
                    "Someone else changed this item since you opened it (%(who)s, %(when)s). "
                    "Your text is kept below. Review their version in the history (opens in "
                    "a new tab) and save again to overwrite it with yours."
                ),
                params=self.other_edit,
                code="edit_conflict",
            )
        theirs = self._stored(draft)
        self._take_chosen(cleaned, chosen, theirs)  # answered already: not asked again
        merged, conflicts = merging.three_way(self, base, theirs, cleaned, skip=chosen)
        for name in merged:  # only they changed it: theirs
            raw = theirs.get(self._attname(name))
            cleaned[name] = merging.python_value(self, name, raw)
            merging.show(self, name, raw)
        self.merged = [self.fields[name].label for name in merged]
        merged_text = ", ".join(map(str, self.merged))
        if merged and draft is not None and self.goes_online and not conflicts:
            # Their draft changes were never reviewed: not online unseen.
            raise forms.ValidationError(
                _(
                    "%(who)s saved draft changes while you were editing (%(when)s). Their "
                    "changes to %(fields)s are in the form now: check them, then save again "
                    "to put them online with yours."
                ),
                params={**self.other_edit, "fields": merged_text},
                code="edit_conflict",
            )
        if conflicts:
            self.conflicts = self._conflicts(conflicts, theirs, cleaned)
            both = ", ".join(str(item["label"]) for item in self.conflicts)
            message = _(
                "%(who)s saved this item while you were editing it (%(when)s). You both "
                "changed %(fields)s: choose whose version to keep, then save again."
            )
            if merged:
                message = _(
                    "%(who)s saved this item while you were editing it (%(when)s). Their "
                    "changes to %(merged)s are in the form now. You both changed "
                    "%(fields)s: choose whose version to keep, then save again."
                )
            raise forms.ValidationError(
                message,
                params={**self.other_edit, "fields": both, "merged": merged_text},
                code="edit_conflict",
            )
        return cleaned

    def _attname(self, name):
        return getattr(self._meta.model._meta.get_field(name), "attname", name)

    @cached_property
    def _live_state(self):
        """The columns of the item's live state (published or not, since when, a
        page's menu order): always the row's, never a draft copy's."""
        opts = self._meta.model._meta
        names = getattr(self._meta.model, "live_state_fields", ())
        return [opts.get_field(name).attname for name in names]

    def _opened(self, token):
        """The values the form was opened on (None: no version of them is kept). With
        draft changes, the live state is the row's as it was then, where known."""
        base = merging.opened_values(self.instance, token)
        saved_at, __, draft = token.partition(" draft-")
        if base is not None and draft and self._live_state:
            row = merging.opened_values(self.instance, saved_at) or {}
            base = {**base, **{name: row[name] for name in self._live_state if name in row}}
        return base

    def _stored(self, draft):
        """The item as stored now: its draft changes when it has some (the form shows
        those) with the row's live state, else its row."""
        stored = merging.stored_values(type(self.instance)._base_manager.get(pk=self.instance.pk))
        if draft is None:
            return stored
        copy = merging.opened_values(self.instance, f"x draft-{draft.revision_id}")
        if copy is None:
            return stored
        return {**copy, **{name: stored[name] for name in self._live_state}}

    def _chosen(self):
        """{field: "mine" or "theirs"} answered for the fields a conflict asked about
        (the form carries which, signed: no other field can be "taken")."""
        try:
            pk, names = signing.loads(self.data.get("_conflicts", ""), salt=CONFLICTS_SALT)
        except (signing.BadSignature, TypeError, ValueError):
            return {}
        if pk != self.instance.pk:
            return {}
        return {
            name: self.data.get(f"conflict-{name}")
            for name in names
            if name in self.fields and self._attname(name) not in self._live_state
        }

    def _take_chosen(self, cleaned, chosen, theirs):
        """The fields whose other version the editor chose to keep take it (as stored
        now); a conflict left unanswered is asked again."""
        unanswered = []
        for name, choice in chosen.items():
            if name not in cleaned:
                continue
            if choice == merging.THEIRS:
                cleaned[name] = merging.python_value(self, name, theirs.get(self._attname(name)))
            elif choice != merging.MINE:
                unanswered.append(name)
        if unanswered:
            self.conflicts = self._conflicts(unanswered, theirs, cleaned)
            for name in unanswered:
                self.add_error(name, _("Choose whose version of this field to keep."))

    def _conflicts(self, names, theirs, cleaned):
        return [
            {
                "name": name,
                "label": self.fields[name].label,
                "theirs": theirs.get(self._attname(name)),
                "mine": merging.as_raw(cleaned[name]),
            }
            for name in names
        ]

    @property
    def conflicts_token(self):
        """What the form carries of the fields it asks about (signed)."""
        names = [conflict["name"] for conflict in getattr(self, "conflicts", ())]
        return signing.dumps([self.instance.pk, names], salt=CONFLICTS_SALT)


CONFLICTS_SALT = "kernel.edit-conflicts"


def _token(updated_at, draft):
    """The version a form is opened on: the item's last save and, if it has draft
    changes, which save of them."""
    token = updated_at.isoformat()
    return f"{token} draft-{draft.revision_id}" if draft is not None else token


class ConflictCheckAdminMixin:
    """Edit conflicts: the form carries when the record was loaded (``edit_token``,
    a hidden field the change form template renders) and refuses a stale save."""

    form = ConflictCheckForm
    change_form_template = "admin/iomsite/change_form.html"

    class Media:
        css = {"all": ["admin/iomsite/forms.css"]}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        adjusted = {}
        if getattr(request, "restoring", None) is not None:
            adjusted["merge_changes"] = False
        if request.method == "POST" and obj is not None and hasattr(self, "saves_as_draft"):
            adjusted["goes_online"] = not self.saves_as_draft(request, obj)
        if not adjusted:
            return form
        made = type(form.__name__, (form,), adjusted)
        made.base_fields = form.base_fields  # as adjusted, not made again
        return made

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET":
            merging.keep_a_baseline(obj)
        if obj is not None:
            opts = self.model._meta
            context["history_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            )
        form = context["adminform"].form
        conflicts = getattr(form, "conflicts", None)
        if conflicts:
            readable = getattr(self, "readable", lambda attname, value: str(value or ""))
            context["conflicts"] = [
                {
                    **conflict,
                    "diff": word_diff(
                        readable(form._attname(conflict["name"]), conflict["mine"]),
                        readable(form._attname(conflict["name"]), conflict["theirs"]),
                    ),
                    "choice": request.POST.get(f"conflict-{conflict['name']}"),
                }
                for conflict in conflicts
            ]
            context["conflict_names"] = form.conflicts_token
            context["other_edit"] = getattr(form, "other_edit", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        other = getattr(form, "other_edit", None)
        if other is None:
            return
        if form.merged:
            text = _t(
                "%(who)s saved this item while you were editing it (%(when)s); their "
                "changes to %(fields)s are kept with yours."
            )
        else:
            text = _t(
                "%(who)s saved this item while you were editing it (%(when)s); you changed "
                "different things, and both are kept."
            )
        fields = ", ".join(str(label) for label in form.merged)
        messages.info(request, text % {**other, "fields": fields})
