"""Scheduled draft changes: the worker (``manage.py run_worker``) publishes each at its
time, through the same steps as a Publisher's "Publish changes": the draft's rows
are written over the live ones (keeping the item's live state as it is then), the
item is saved again (paths, search data, renditions, a new content generation), a
version records it, and the draft is gone."""

import logging

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from kernel.admin.revisions import revert_object
from kernel.announcing import changes_published
from kernel.models import DraftChange

logger = logging.getLogger(__name__)


def publish_due_drafts(now=None):
    """Publish the draft changes whose time has come; returns how many."""
    now = now or timezone.now()
    done = 0
    for draft_id in DraftChange.objects.filter(publish_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            draft = (
                DraftChange.objects.select_for_update(of=("self",))
                .filter(pk=draft_id, publish_at__lte=now)
                .select_related("content_type", "updated_by")
                .first()
            )
            if draft is None:  # published or changed meanwhile (another worker, an editor)
                continue
            model = draft.content_type.model_class()
            live = model._base_manager.filter(pk=draft.object_id).first()
            if live is None:
                draft.delete()
                continue
            with reversion.create_revision():
                revert_object(draft.version)
                state = {name: getattr(live, name) for name in model.live_state_fields}
                model._base_manager.filter(pk=live.pk).update(**state)
                item = model._base_manager.get(pk=live.pk)
                item.save()  # derived fields, search data, a new content generation
                reversion.add_to_revision(item)
                reversion.set_comment("Published the scheduled draft changes.")
            if draft.notify_subscribers:
                changes_published.send(
                    sender=model, instance=item, notify=True, user=draft.updated_by
                )
            if draft.updated_by_id:  # the admin log names whoever saved the draft
                LogEntry.objects.log_actions(
                    user_id=draft.updated_by_id,
                    queryset=[item],
                    action_flag=CHANGE,
                    change_message="Published the scheduled draft changes (by the worker).",
                    single_object=True,
                )
            draft.delete()
            done += 1
    if done:
        logger.info("Published %d scheduled draft change(s).", done)
    return done
