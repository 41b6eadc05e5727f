"""The alerts' background work. ``deliver`` announces what went public, addresses
new mailings and sends what is due; the clock queues it every 30 seconds (so a
scheduled release is mailed within a minute of its time, and retries and expired
claims are picked up), and a news save or "Notify subscribers" queues it at once.
Every part claims what it does, so two runs at the same time send nothing twice."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from kernel.worker import enqueue_on_commit, every

from .mailings import announce_due, start_update
from .models import Subscriber
from .sending import send_due

logger = logging.getLogger(__name__)

ROUND_SECONDS = 30


@every(ROUND_SECONDS)
@task(queue_name="mail")
def deliver():
    addressed = announce_due()
    outcomes, more = send_due()
    forgotten = forget_unconfirmed()
    if more:  # a long mailing: the next batch in a task of its own
        deliver.enqueue()
    if addressed or outcomes or forgotten:
        logger.info(
            "Alerts: %d mailing(s) addressed; %s; %d unconfirmed forgotten.",
            addressed,
            dict(outcomes),
            forgotten,
        )
    return {"addressed": addressed, **outcomes}


def forget_unconfirmed(now=None):
    """Subscriptions never confirmed are deleted after ALERTS_CONFIRM_DAYS."""
    limit = (now or timezone.now()) - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    deleted, _ = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return deleted


def announce_soon(sender, instance, **kwargs):
    """A news item saved: if it is public now, its mailing starts within seconds."""
    if instance.is_published():
        enqueue_on_commit(deliver)


def mail_changes(sender, instance, notify=False, user=None, **kwargs):
    if notify and start_update(instance, user) is not None:
        enqueue_on_commit(deliver)
