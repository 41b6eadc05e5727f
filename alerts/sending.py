"""Sending the deliveries that are due, exactly once each.

A batch is claimed first: its rows become ``sending``, stamped with a claim of this
run and a lease (on PostgreSQL the candidates are locked with SKIP LOCKED, so two
workers take different rows; everywhere the claim is a compare-and-set update, so
two workers never both take a row). Each mail is marked ``sent`` the moment the
mail server accepts it. A worker killed mid-batch leaves its unsent claims to run
out (``LEASE``) and be claimed again; only a mail accepted in the instant before its
row was marked could go twice, and it carries the same Message-ID both times, so
mail programs show it once.

The mail server's answers decide the rest: refused for good (5xx) is a failure of
that address (after ``ALERTS_BOUNCES_TO_DISABLE`` in a row the address is disabled);
refused for now (4xx) is tried again later and later (``backoff``), up to
``ALERTS_MAX_ATTEMPTS``; a server away or a connection lost puts the batch back.
Sending is paced to ``ALERTS_MAX_PER_SECOND`` across every worker (a counter per
second in the cache).
"""

import contextlib
import logging
import smtplib
import time
from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import get_random_string

from news.models import NewsItem

from .mail import alert_message
from .models import Delivery, Subscriber

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BATCH = 100

State = Delivery.State


class ConnectionLost(Exception):
    """The mail server went away: the rest of the batch waits for the next round."""


def backoff(attempts):
    """How long a mail refused for now waits: 1, 2, 4 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def due_q(now):
    return Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, lease_until__lt=now
    )


def claim(limit=BATCH, now=None):
    """Take up to ``limit`` due deliveries for this run: (claim, [deliveries])."""
    now = now or timezone.now()
    mark = get_random_string(16)
    with transaction.atomic():
        candidates = Delivery.objects.filter(due_q(now)).order_by("next_attempt_at", "pk")
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return mark, []
        Delivery.objects.filter(due_q(now), pk__in=ids).update(
            state=State.SENDING, lease_until=now + LEASE, claimed_by=mark
        )
    claimed = (
        Delivery.objects.filter(pk__in=ids, claimed_by=mark, state=State.SENDING)
        .select_related("subscriber", "mailing")
        .order_by("mailing_id", "pk")
    )
    return mark, list(claimed)


def send_due(budget=50.0, now=None):
    """Send due deliveries, batch after batch, for about ``budget`` seconds; returns
    a Counter of outcomes and whether deliveries are still due."""
    outcomes = Counter()
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        mark, claimed = claim(now=now)
        if not claimed:
            return outcomes, False
        outcomes.update(send_batch(mark, claimed))
        if outcomes["put back"]:  # the server is away: later, not in a loop now
            break
    return outcomes, Delivery.objects.filter(due_q(now or timezone.now())).exists()


def send_batch(mark, claimed):
    outcomes = Counter()
    by_mailing = defaultdict(list)
    for delivery in claimed:
        by_mailing[delivery.mailing].append(delivery)
    items = {
        item.pk: item
        for item in NewsItem.objects.published()
        .for_detail()
        .filter(pk__in={mailing.item_id for mailing in by_mailing})
    }
    smtp = get_connection(fail_silently=False)
    try:
        smtp.open()
    except Exception as error:  # refused, unknown host, timeout: all wait
        _put_back(mark, claimed, error)
        outcomes["put back"] += len(claimed)
        return outcomes
    groups = list(by_mailing.items())
    rendered = {}  # a mailing's text per language, rendered once
    try:
        for number, (mailing, deliveries) in enumerate(groups):
            item = items.get(mailing.item_id)
            if item is None:  # taken offline (or deleted) before its mails went
                _set(mark, deliveries, state=State.WITHDRAWN, lease_until=None)
                outcomes["withdrawn"] += len(deliveries)
                continue
            mine = _still_mine(mark, deliveries[0])
            for index, delivery in enumerate(deliveries):
                following = deliveries[index + 1] if index + 1 < len(deliveries) else None
                try:
                    outcome, mine = _send_one(
                        mark, smtp, (item, mailing, rendered), delivery, mine, following
                    )
                    outcomes[outcome] += 1
                except ConnectionLost as error:
                    outcomes["retry"] += 1
                    rest = deliveries[index + 1 :] + [
                        d for _m, ds in groups[number + 1 :] for d in ds
                    ]
                    _put_back(mark, rest, error.__cause__)
                    outcomes["put back"] += len(rest)
                    return outcomes
    finally:
        with contextlib.suppress(Exception):  # closing a connection that broke
            smtp.close()
    return outcomes


def _send_one(mark, smtp, what, delivery, mine, following):
    """Send one mail if ``mine`` (checked just before); returns its outcome and
    whether ``following`` is still this run's, checked in the same transaction as
    this mail's row is marked (one commit a mail)."""
    item, mailing, rendered = what
    subscriber = delivery.subscriber

    def then(outcome, mark_row=None):
        with transaction.atomic():
            if mark_row is not None:
                mark_row()
            return outcome, bool(following) and _still_mine(mark, following)

    if not mine:  # taken back meanwhile (see _still_mine): the next round sees why
        return then("skipped")
    if subscriber.disabled_at or not subscriber.confirmed_at:
        return then(
            "failed",
            lambda: _set(
                mark,
                [delivery],
                state=State.FAILED,
                lease_until=None,
                last_error="Address disabled.",
            ),
        )
    wait_for_turn()
    message = alert_message(item, mailing, subscriber, connection=smtp, rendered=rendered)
    try:
        message.send()
    except Exception as error:
        kind = classify(error)
        if kind == "lost":
            _retry_later(mark, delivery, error)
            raise ConnectionLost(str(error)) from error
        with transaction.atomic():
            if kind == "permanent":
                _failed_for_good(mark, delivery, error)
                outcome = "failed"
            else:
                outcome = _retry_later(mark, delivery, error)  # or "failed": the last try
            return outcome, bool(following) and _still_mine(mark, following)

    def sent():
        _set(
            mark,
            [delivery],
            state=State.SENT,
            sent_at=timezone.now(),
            lease_until=None,
            last_error="",
            attempts=F("attempts") + 1,
        )
        if subscriber.bounces:
            Subscriber.objects.filter(pk=subscriber.pk).update(bounces=0)

    return then("sent", sent)


def _still_mine(mark, delivery):
    """Just before a mail goes: this run's claim still holds (renewed), the address
    is still subscribed, and the item still online. A slow batch, an unsubscribe or
    a takedown since the batch began stops that mail."""
    now = timezone.now()
    return bool(
        Delivery.objects.filter(
            pk=delivery.pk,
            claimed_by=mark,
            state=State.SENDING,
            mailing__item__status=NewsItem.Status.PUBLISHED,
            mailing__item__published_at__lte=now,
        ).update(lease_until=now + LEASE)
    )


def classify(error):
    """ "permanent" (refused for good), "temporary" (refused for now) or "lost"
    (no server, or the connection broke)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return "permanent" if codes and all(code >= 500 for code in codes) else "temporary"
    if isinstance(error, smtplib.SMTPSenderRefused):  # our sender refused: not their fault
        return "lost" if error.smtp_code == 421 else "temporary"
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code == 421:  # the server is closing the connection
            return "lost"
        return "permanent" if error.smtp_code >= 500 else "temporary"
    return "lost"


def _set(mark, deliveries, **values):
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries], claimed_by=mark).update(**values)


def _retry_later(mark, delivery, error):
    attempts = delivery.attempts + 1
    if attempts >= settings.ALERTS_MAX_ATTEMPTS:
        _set(
            mark,
            [delivery],
            state=State.FAILED,
            attempts=attempts,
            lease_until=None,
            last_error=f"Gave up after {attempts} attempts: {error}"[:500],
        )
        return "failed"
    _set(
        mark,
        [delivery],
        state=State.PENDING,
        attempts=attempts,
        lease_until=None,
        next_attempt_at=timezone.now() + backoff(attempts),
        last_error=str(error)[:500],
    )
    return "retry"


def _put_back(mark, deliveries, error):
    """Not tried (the server went away first): due again in a minute."""
    if not deliveries:
        return
    logger.warning("Alerts waiting for the mail server: %s", error)
    _set(
        mark,
        deliveries,
        state=State.PENDING,
        lease_until=None,
        next_attempt_at=timezone.now() + timedelta(minutes=1),
        last_error=str(error)[:500],
    )


def _failed_for_good(mark, delivery, error):
    _set(
        mark,
        [delivery],
        state=State.FAILED,
        attempts=F("attempts") + 1,
        lease_until=None,
        last_error=str(error)[:500],
    )
    subscriber = delivery.subscriber
    Subscriber.objects.filter(pk=subscriber.pk).update(bounces=F("bounces") + 1)
    Subscriber.objects.filter(
        pk=subscriber.pk,
        bounces__gte=settings.ALERTS_BOUNCES_TO_DISABLE,
        disabled_at__isnull=True,
    ).update(
        disabled_at=timezone.now(),
        disabled_reason=f"Refused {settings.ALERTS_BOUNCES_TO_DISABLE} times in a row: {error}"[
            :255
        ],
    )


def wait_for_turn():
    """Pace sending to ALERTS_MAX_PER_SECOND between every worker."""
    rate = settings.ALERTS_MAX_PER_SECOND
    if not rate or rate <= 0:
        return
    length = max(1.0, 1.0 / rate)  # a window holds at least one mail
    allowed = max(1, int(rate * length))
    while True:
        now = time.time()
        window = int(now // length)
        key = f"alerts-rate:{length:g}:{window}"
        cache.add(key, 0, int(length) + 10)
        try:
            used = cache.incr(key)
        except ValueError:  # evicted between the two calls
            cache.add(key, 1, int(length) + 10)
            used = 1
        if used <= allowed:
            return
        time.sleep(max((window + 1) * length - now, 0.01))
