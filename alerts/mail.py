"""The mails: a release alert (plain text and HTML, in the subscriber's language
where the release has it), and the signed links every mail carries."""

import hashlib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

CONFIRM_SALT = "alerts.confirm"
LINK_SALT = "alerts.link"


def _digest(subscriber):
    return hashlib.sha256(subscriber.email.encode()).hexdigest()[:12]


def signed(subscriber):
    """A token naming ``subscriber``; it stops working when the address goes."""
    return signing.dumps([subscriber.pk, _digest(subscriber)], salt=LINK_SALT)


def confirm_token(subscriber, choices):
    """The confirmation link's token: the subscriber and the choices asked for in
    that request, which confirming applies (a later request by someone else cannot
    change what the owner of the address confirms)."""
    return signing.dumps([subscriber.pk, _digest(subscriber), choices], salt=CONFIRM_SALT)


def confirmation_for(token, max_age):
    """(subscriber, choices) a confirmation token names, or (None, None)."""
    from .models import Subscriber

    try:
        pk, digest, choices = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        subscriber = Subscriber.objects.filter(pk=pk).first()
    except (signing.BadSignature, ValueError, TypeError):
        return None, None
    if subscriber is None or _digest(subscriber) != digest or not isinstance(choices, dict):
        return None, None
    return subscriber, choices


def subscriber_for(token, salt=LINK_SALT, max_age=None):
    """The subscriber a token names, or None (forged, expired, or gone)."""
    from .models import Subscriber

    try:
        pk, digest = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or _digest(subscriber) != digest:
        return None
    return subscriber


def is_ours(token, salt=LINK_SALT):
    """Signed by this site (the subscriber it named may be gone already)."""
    try:
        signing.loads(token, salt=salt)
    except signing.BadSignature:
        return False
    return True


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def links(subscriber):
    """The subscriber's own links, in their language."""
    token = signed(subscriber)
    with translation.override(subscriber.language):
        return {
            "preferences_url": absolute(reverse("alerts:preferences", args=[token])),
            "unsubscribe_url": absolute(reverse("alerts:unsubscribe", args=[token])),
        }


def mail_domain():
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"


def list_headers(unsubscribe_url):
    """RFC 2919 List-Id and RFC 8058 one-click unsubscribe."""
    return {
        "List-Id": f"{settings.SITE_NAME} releases <{settings.ALERTS_LIST_ID}>",
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",  # no holiday replies to a mailing
    }


# Stand-ins for what differs between two subscribers of one language: a mailing's
# text is rendered once per language, then each mail gets its own values.
OWN = {
    "email": "@@subscriber-email@@",
    "preferences_url": "@@preferences-url@@",
    "unsubscribe_url": "@@unsubscribe-url@@",
}


def _rendered(item, mailing, language):
    """(subject, text, html) of ``item`` for readers of ``language``, with stand-ins."""
    translated = item.has_translation(language)
    with translation.override(language if translated else settings.LANGUAGE_CODE):
        url = absolute(item.get_absolute_url())
    with translation.override(language):
        context = {
            "item": item,
            "mailing": mailing,
            "subscriber": {"email": OWN["email"], "language": language},
            "item_url": url,
            "translated": translated,
            "site_name": settings.SITE_NAME,
            "preferences_url": OWN["preferences_url"],
            "unsubscribe_url": OWN["unsubscribe_url"],
        }
        subject = render_to_string("alerts/mail/release_subject.txt", context)
        text = render_to_string("alerts/mail/release.txt", context)
        html = render_to_string("alerts/mail/release.html", context)
    return " ".join(subject.split()), text, html, translated


def _own(template, values):
    for name, stand_in in OWN.items():
        template = template.replace(stand_in, values[name])
    return template


def alert_message(item, mailing, subscriber, connection=None, rendered=None):
    """One release to one subscriber. The Message-ID is the same for every attempt,
    so a mail that did go twice shows once. ``rendered``: a dict kept between the
    mails of one mailing (its text per language)."""
    rendered = {} if rendered is None else rendered
    key = (mailing.pk, subscriber.language)
    if key not in rendered:
        rendered[key] = _rendered(item, mailing, subscriber.language)
    subject, text, html, translated = rendered[key]
    own = {"email": subscriber.email, **links(subscriber)}
    headers = {
        "Message-ID": f"<alert-{mailing.pk}-{subscriber.pk}@{mail_domain()}>",
        "Content-Language": subscriber.language if translated else settings.LANGUAGE_CODE,
        **list_headers(own["unsubscribe_url"]),
    }
    message = EmailMultiAlternatives(
        subject,
        _own(text, own),
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(_own(html, {**own, "email": escape(subscriber.email)}), "text/html")
    return message
