"""The kernel's own background work, queued by the worker's clock (kernel.worker):
scheduled draft changes published on time, staff notices sent, stale kept uploads
and old task results cleared."""

import logging

from django.conf import settings
from django_tasks import task

from kernel.admin.kept_uploads import delete_stale_kept_uploads
from kernel.notices import send_due
from kernel.scheduling import publish_due_drafts
from kernel.worker import every, prune_finished_results

logger = logging.getLogger(__name__)


@every(settings.WORKER_CLOCK_SECONDS)
@task()
def housekeeping():
    """One round: what is due now. Safe to run twice at once (each part claims its
    rows), so two workers' clocks can both queue it."""
    published = publish_due_drafts()
    sent, failed = send_due()
    if sent or failed:
        logger.info("Notices: %d sent, %d to try again later.", sent, failed)
    delete_stale_kept_uploads()
    prune_finished_results()
    return {"published": published, "notices_sent": sent, "notices_failed": failed}
