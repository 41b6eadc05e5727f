"""Which releases are announced, and to whom.

A release is announced once when it goes public: when a save puts it online
(alerts.tasks.announce_soon, whatever its date, unless saved ``quietly()`` as demo
content or an import is), or when its scheduled time arrives (found by the worker's
round within a minute, for a publication time at most ``MAX_AGE`` ago: an archive
entered with its old dates is not mailed out). Later, only when a Publisher asks
("Notify subscribers" with the changes).
Each mailing is addressed once, in one transaction, to the confirmed subscribers it
matches at that moment; addressing again adds nobody twice.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from news.models import NewsItem

from .models import Delivery, Mailing, Subscriber

MAX_AGE = timedelta(days=2)  # a release public for longer than this is not announced
REVIVE_WITHIN = timedelta(days=7)  # a release back online this soon gets its mails


def start_first(item, silent=False):
    """The first mailing of ``item``, unless it has one (in the current transaction);
    ``silent``: counted as announced, nothing sent. An item deleted and recovered
    finds its mailings again (kept by id)."""
    Mailing.objects.filter(item_key=item.pk, item__isnull=True).update(item=item)
    if Mailing.objects.filter(item_key=item.pk, number=1).exists():
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            return Mailing.objects.create(
                item=item, number=1, silent=silent, addressed_at=now if silent else None
            )
    except IntegrityError:  # started meanwhile by another process
        return None


def announce_due(now=None):
    """Start the first mailing of each release that has gone public; address the
    mailings not yet addressed; return how many mailings were addressed."""
    now = now or timezone.now()
    # Items deleted and recovered (with their ids) find their mailings again.
    Mailing.objects.filter(item__isnull=True, item_key__in=NewsItem.objects.values("pk")).update(
        item_id=F("item_key")
    )
    new = (
        NewsItem.objects.published()
        .filter(published_at__gte=now - MAX_AGE)
        .exclude(pk__in=Mailing.objects.filter(number=1).values("item_key"))
        .values_list("pk", flat=True)
    )
    for pk in new:
        try:
            with transaction.atomic():
                Mailing.objects.create(item_id=pk, item_key=pk, number=1, created_at=now)
        except IntegrityError:  # another worker started it first
            pass
    # Taken offline before their mails went, back online since: the mails go after all.
    Delivery.objects.filter(
        state=Delivery.State.WITHDRAWN,
        mailing__item_key__in=NewsItem.objects.published().values("pk"),
        mailing__created_at__gte=now - REVIVE_WITHIN,
    ).update(state=Delivery.State.PENDING, next_attempt_at=now)
    addressed = 0
    unaddressed = Mailing.objects.filter(
        addressed_at__isnull=True, created_at__gte=now - REVIVE_WITHIN
    ).values_list("pk", flat=True)
    for mailing_id in unaddressed:
        addressed += address(mailing_id, now)
    return addressed


def address(mailing_id, now=None):
    """Write the deliveries of a mailing not yet addressed (1), or nothing (0)."""
    now = now or timezone.now()
    with transaction.atomic():
        mailing = (
            Mailing.objects.select_for_update(of=("self",))
            .filter(pk=mailing_id, addressed_at__isnull=True)
            .select_related("item")
            .first()
        )
        if mailing is None:  # addressed meanwhile by another worker
            return 0
        item = mailing.item
        if item is None or not item.is_published():  # offline or deleted: when it is back
            return 0
        countries = list(item.countries.values_list("pk", flat=True))
        topics = list(item.topics.values_list("pk", flat=True))
        Delivery.objects.bulk_create(
            (
                Delivery(mailing=mailing, subscriber_id=pk, next_attempt_at=now)
                for pk in Subscriber.objects.matching(item, countries, topics)
            ),
            batch_size=1000,
            ignore_conflicts=True,
        )
        Mailing.objects.filter(pk=mailing.pk).update(addressed_at=now)
    return 1


def start_update(instance, user=None):
    """A Publisher published changes with "Notify subscribers": a new mailing, in
    the same transaction (addressed by the worker)."""
    if not instance.is_published():
        return None
    for _attempt in range(3):  # two Publishers at the same moment: the next number
        mailings = Mailing.objects.filter(item_key=instance.pk)
        number = (mailings.aggregate(last=Max("number"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                mailing = Mailing.objects.create(
                    item=instance, number=number, requested_by=user if user else None
                )
        except IntegrityError:
            continue
        return mailing
    return None
