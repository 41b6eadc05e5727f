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

from kernel.announcing import is_quiet
from kernel.models import PublishableQuerySet
from kernel.worker import enqueue_on_commit, every

from .mailings import MAX_AGE, announce_due, start_first, start_update
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
    """Subscriptions never confirmed are deleted ALERTS_CONFIRM_DAYS after the last
    request (its confirmation link works that long)."""
    limit = (now or timezone.now()) - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    deleted, _ = Subscriber.objects.filter(confirmed_at__isnull=True, changed_at__lt=limit).delete()
    return deleted


def note_whether_public(sender, instance, raw=False, **kwargs):
    """Before a news item is saved: was it public until now?"""
    instance._alerts_was_public = bool(
        instance.pk
        and not raw
        and sender._base_manager.filter(PublishableQuerySet.public_q(), pk=instance.pk).exists()
    )


def announce_soon(sender, instance, created=False, raw=False, **kwargs):
    """A news item saved: if this save put it online, its first mailing starts in the
    same transaction (whatever its date: a draft written last week and published
    today is news today; but an item added already online with a date long past is
    the archive being entered), and the worker sends it within seconds."""
    if raw or not instance.is_published():
        return
    if not getattr(instance, "_alerts_was_public", True):  # this save put it online
        archive = created and instance.published_at < timezone.now() - MAX_AGE
        start_first(instance, silent=is_quiet() or archive)
    enqueue_on_commit(deliver)


def mail_changes(sender, instance, notify=False, user=None, **kwargs):
    """ "Notify subscribers" on published changes: a new mailing, unless this save is
    what put the item online (its first mailing is the news then)."""
    if not notify or not getattr(instance, "_alerts_was_public", True):
        return
    if start_update(instance, user) is not None:
        enqueue_on_commit(deliver)
