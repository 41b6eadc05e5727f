"""Draft changes of live items, stored as django-reversion revisions.

A save that must not go online (an Editor's change to a live item, or a Publisher's
"Save draft") runs the admin's normal save in a transaction, so that every rule,
validation and derived field applies as to any save; the revision that save makes is
captured, the transaction is rolled back (the live rows stay as they were), and the
captured revision is stored again as the item's draft (``kernel.models.DraftChange``).
Opening the item shows the draft in the form; a Publisher's save of that form
publishes it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from reversion.models import Revision, Version
from reversion.signals import post_revision_commit

from kernel.models import DraftChange, DraftRevision

_captured = ContextVar("captured_revisions", default=None)


@contextmanager
def capturing_revisions():
    """Collects the revisions saved inside the block in this thread: a list of
    ``(revision values, [version values])``."""
    revisions = []
    token = _captured.set(revisions)
    try:
        yield revisions
    finally:
        _captured.reset(token)


def remember_revision(sender, revision, versions, **kwargs):
    """``post_revision_commit`` receiver (connected in the kernel's ``ready()``)."""
    captured = _captured.get()
    if captured is not None:
        captured.append(
            (
                {
                    "date_created": revision.date_created,
                    "user_id": revision.user_id,
                    "comment": revision.comment,
                },
                [
                    {
                        "content_type_id": version.content_type_id,
                        "object_id": version.object_id,
                        "db": version.db,
                        "format": version.format,
                        "serialized_data": version.serialized_data,
                        "object_repr": version.object_repr,
                    }
                    for version in versions
                ],
            )
        )


def connect():
    post_revision_commit.connect(remember_revision, dispatch_uid="kernel-drafts-capture")


@transaction.atomic
def store_draft(obj, captured, user):
    """Store a captured revision (a rolled-back save of ``obj``) as ``obj``'s draft
    changes, replacing the draft it had; returns the DraftChange."""
    revision_values, versions = captured
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    revision = Revision.objects.create(**revision_values)
    Version.objects.bulk_create(Version(revision=revision, **values) for values in versions)
    DraftRevision.objects.create(revision=revision)
    draft, created = DraftChange.objects.select_for_update().get_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={"revision": revision, "created_by": user, "updated_by": user},
    )
    if not created:  # new content: a schedule made for the old one no longer holds
        draft.revision, draft.updated_by, draft.publish_at = revision, user, None
        draft.save()
    return draft
