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

from django.contrib import messages
from django.utils.translation import gettext as _t

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

    def save_model(self, request, obj, form, change):
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
