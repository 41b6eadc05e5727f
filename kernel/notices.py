"""E-mail notices to staff, through an outbox (``kernel.models.Notice``).

``queue()`` writes notices in the current transaction: if what they tell is rolled
back, so are they. ``send_due()``, run by the worker (``manage.py run_worker``),
sends those that are due, each at most once at a time: a notice is claimed by a
compare-and-set update (two workers never take the same one), sent, then marked
sent. A mail server that is down leaves it waiting for another attempt, later and
later (at most every hour); none is lost. Each notice has a fixed Message-ID, so in
the one case a notice can go twice (the worker killed after the server accepted it
and before it was marked sent) mail programs show it once.
"""

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.utils import timezone

from kernel.models import Notice

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # a claimed notice not marked sent by then is tried again
BATCH = 50


def recipients(users):
    """The e-mail addresses of ``users`` who want review notices."""
    return sorted(
        {
            user.email
            for user in users
            if user.email
            and user.is_active
            and getattr(getattr(user, "staff_preference", None), "review_notices", True)
        }
    )


def publishers(permission, *, besides=None):
    """Active staff with ``permission`` ("news.publish_newsitem"), superusers included."""
    users = get_user_model().objects.with_perm(
        permission, is_active=True, backend="django.contrib.auth.backends.ModelBackend"
    )
    users = users.filter(is_staff=True).select_related("staff_preference")
    if besides is not None:
        users = users.exclude(pk=besides.pk)
    return list(users)


def queue(users, subject, body):
    """Notices to ``users`` (those who want them), in the current transaction."""
    queue_to(recipients(users), subject, body)


def queue_to(addresses, subject, body):
    """A plain-text mail to each of ``addresses`` through the outbox, in the current
    transaction (sent by the worker's next round, tried again if the server is away)."""
    subject = f"[{settings.SITE_NAME}] {subject}"[:255]
    Notice.objects.bulk_create(
        Notice(to=address, subject=subject, body=body) for address in addresses
    )


def _retry_delay(attempts):
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _message(notice, connection):
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
    headers = {
        "Message-ID": f"<notice-{notice.pk}-{int(notice.created_at.timestamp())}@{domain}>",
        "Auto-Submitted": "auto-generated",
    }
    return EmailMessage(
        notice.subject,
        notice.body,
        settings.DEFAULT_FROM_EMAIL,
        [notice.to],
        headers=headers,
        connection=connection,
    )


def _claim(notice, now):
    """Take ``notice`` for this worker, unless another one took it first."""
    return bool(
        Notice.objects.filter(
            pk=notice.pk, sent_at__isnull=True, send_after=notice.send_after
        ).update(send_after=now + LEASE, attempts=F("attempts") + 1)
    )


def send_due(now=None):
    """Send the notices that are due; returns (sent, failed)."""
    now = now or timezone.now()
    due = list(
        Notice.objects.filter(Q(sent_at__isnull=True), send_after__lte=now).order_by("pk")[:BATCH]
    )
    claimed = [notice for notice in due if _claim(notice, now)]
    if not claimed:
        return 0, 0
    sent = failed = 0
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as error:  # any failure: try again later
        _failed(claimed, error, now)
        return 0, len(claimed)
    try:
        for notice in claimed:
            try:
                _message(notice, connection).send()
            except Exception as error:  # any failure: try again later
                _failed([notice], error, now)
                failed += 1
            else:
                Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now(), last_error="")
                sent += 1
    finally:
        with contextlib.suppress(Exception):  # closing a connection that broke
            connection.close()
    return sent, failed


def _failed(notices, error, now):
    logger.warning("E-mail notices not sent, will try again: %s", error)
    for notice in notices:
        attempts = notice.attempts + 1
        Notice.objects.filter(pk=notice.pk).update(
            send_after=now + _retry_delay(attempts), last_error=str(error)[:500]
        )
