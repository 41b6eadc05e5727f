"""Admin building blocks for the apps' ModelAdmins (no models registered here).

- ``translations``: English fields, one section per other language, the
  translations column and the missing-translation filter.
- ``authoring``: created/updated by (a last "History" section, a "last edited"
  column), the rich-text editor, edit conflicts (``merging``: someone else's save
  merged field by field; only fields both changed are asked about).
- ``presence``: who else has an item's form open.
- ``live_preview``: the public page of the unsaved form, beside it.
- ``publishing``: what is live is a Publisher's to change (every path: form, list
  editing, actions, restore); publish, unpublish and duplicate actions.
- ``review``: submit for review, send back with a comment, the review thread.
- ``drafts``: draft changes of live items, captured from a rolled-back save.
- ``revisions``: a version per save, what each changed, restore and recover under
  the rules of a normal save.
- ``ContentAdmin`` (here) puts them together for a ``kernel.models.Content`` type.
"""

from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from kernel.admin.authoring import (  # noqa: F401 (the package's building blocks)
    AuthoredAdminMixin,
    ConflictCheckAdminMixin,
    ConflictCheckForm,
    RichTextAdminMixin,
)
from kernel.admin.kept_uploads import KeptUploadsAdminMixin
from kernel.admin.live_preview import LivePreviewAdminMixin
from kernel.admin.presence import PresenceAdminMixin
from kernel.admin.publishing import (  # noqa: F401
    LiveContentAdminMixin,
    PublishableAdminMixin,
    stored_state,
)
from kernel.admin.review import ReviewAdminMixin, ReviewStateFilter  # noqa: F401
from kernel.admin.revisions import RevisionAdmin, revert_object, word_diff  # noqa: F401
from kernel.admin.translations import (  # noqa: F401
    MissingTranslationFilter,
    TranslationAdminMixin,
    english,
    in_every_language,
    other_language_of,
    with_language,
)
from kernel.models import LIBRARY_SUFFIX


class ContentAdmin(
    PresenceAdminMixin,
    LivePreviewAdminMixin,
    KeptUploadsAdminMixin,
    ReviewAdminMixin,
    AuthoredAdminMixin,
    TranslationAdminMixin,
    ConflictCheckAdminMixin,
    PublishableAdminMixin,
    RichTextAdminMixin,
    RevisionAdmin,
):
    """The admin of a ``kernel.models.Content`` type (news items, pages, ...): roles on
    live content, draft changes and review, publish/unpublish/duplicate actions,
    revisions with restore, edit conflicts, the rich-text editor, a section per
    language and a last "History" section. A content type's admin adds its list
    columns, filters and fieldsets."""

    save_on_top = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        in_library = any(
            field.name == f"{db_field.name}{LIBRARY_SUFFIX}" for field in self.model._meta.fields
        )
        if db_field.name in getattr(self.model, "image_fields", {}) and in_library:
            # A new picture goes into the library; the library choice above it is
            # what the item shows (and emptying that removes the picture).
            kwargs["widget"] = forms.FileInput
            formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
            formfield.label = _("Upload a new image")
            formfield.help_text = _(
                "JPEG, PNG, GIF or WebP, at most 8 MB. It goes into the image library "
                "with the description, caption and credit below."
            )
            return formfield
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name.endswith(LIBRARY_SUFFIX) and formfield is not None:
            # The chooser shows the chosen picture (static/admin/iomsite/library_chooser.js).
            chooser = getattr(formfield.widget, "widget", formfield.widget)
            url = reverse("admin:kernel_libraryimage_thumbnail", args=[0])
            chooser.attrs["data-thumbnail-url"] = url.replace("/0/", "/{id}/")
        return formfield

    @property
    def media(self):
        return super().media + forms.Media(js=["admin/iomsite/library_chooser.js"])

    def save_model(self, request, obj, form, change):
        self.remove_emptied_pictures(obj, form)
        super().save_model(request, obj, form, change)
        for field in obj.image_fields:  # words for a picture that is not there
            words = (getattr(obj, f"{field}_{part}", "") for part in ("alt", "caption"))
            if not getattr(obj, field) and any(words):
                label = obj._meta.get_field(field).verbose_name
                messages.warning(
                    request,
                    _t(
                        "There is a description or caption for the %(field)s, but no "
                        "%(field)s: choose one, or empty them."
                    )
                    % {"field": label},
                )

    @staticmethod
    def remove_emptied_pictures(obj, form):
        """A library choice the form emptied (and no new upload): no picture."""
        for field, renditions_field in obj.image_fields.items():
            link = f"{field}{LIBRARY_SUFFIX}"
            emptied = link in form.changed_data and form.cleaned_data.get(link) is None
            if emptied and field not in form.changed_data:
                setattr(obj, field, "")
                setattr(obj, renditions_field, {})
