"""Admin for authored content: who made and changed it (a last "History" section),
the rich-text editor, and edit conflicts (a stale save is refused, nothing typed lost)."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

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
        if token != expected:
            if draft is not None and token.split(" ")[0] == updated_at.isoformat():
                # The item is as it was; its draft changes are new or newer.
                updated_at = draft.updated_at
                username = draft.updated_by.get_username() if draft.updated_by else None
            # Let the next save go through once the editor has reviewed.
            self.data = self.data.copy()
            self.data[self.add_prefix("edit_token")] = expected
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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            opts = self.model._meta
            context["history_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
