"""Subscribing (double opt-in), confirming, changing choices and unsubscribing. No
account: each mail's signed links are the key. Never cached (forms, personal links)."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _t
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from kernel.notices import queue_to
from kernel.throttling import client_ip
from kernel.worker import enqueue_on_commit
from news.models import Country, NewsItem, Topic

from .forms import ChoicesForm, SubscribeForm
from .mail import absolute, confirm_token, confirmation_for, is_ours, links, subscriber_for
from .models import Subscriber, kind_labels


def _render(request, template, context=None, status=200):
    response = render(request, template, context or {}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _too_many(request):
    """More subscribe requests from this network address this hour than allowed."""
    hour = int(timezone.now().timestamp() // 3600)
    key = f"alerts-subscribe:{client_ip(request)}:{hour}"
    cache.add(key, 0, 3700)
    try:
        used = cache.incr(key)
    except ValueError:
        used = 1
    return used > settings.ALERTS_SUBSCRIBE_PER_HOUR


def _initial(request):
    """Choices named in the link that led here (a country page, a topic)."""
    query = request.GET

    def values(name):  # ?country=a,b (one parameter: the page cache keeps one value)
        return [value for item in query.getlist(name) for value in item.split(",") if value]

    kinds = [kind for kind in values("type") if kind in NewsItem.Kind.values]
    language = translation.get_language()
    return {
        "countries": values("country"),
        "topics": values("topic"),
        "kinds": kinds or [NewsItem.Kind.PRESS_RELEASE],
        "language": language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
    }


@never_cache
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if _too_many(request):
            form.is_valid()
            form.add_error(
                None,
                _t(
                    "Too many requests came from your network in the last hour. "
                    "Please try again later."
                ),
            )
            return _render(request, "alerts/subscribe.html", {"form": form}, status=429)
        if form.is_valid():
            _ask_to_confirm(form)
            # The same answer whether the address was known or not.
            email = form.cleaned_data["email"]
            return _render(request, "alerts/check_inbox.html", {"email": email})
    else:
        form = SubscribeForm(initial=_initial(request))
    return _render(request, "alerts/subscribe.html", {"form": form})


def _choices(form):
    """What a subscribe request asked for, as the confirmation token carries it."""
    data = form.cleaned_data
    return {
        "kinds": list(data["kinds"]),
        "language": data["language"],
        "countries": sorted(country.slug for country in data["countries"]),
        "topics": sorted(topic.slug for topic in data["topics"]),
    }


def _apply(subscriber, choices):
    kinds = [kind for kind in choices.get("kinds", []) if kind in NewsItem.Kind.values]
    language = choices.get("language")
    Subscriber.objects.filter(pk=subscriber.pk).update(
        kinds=kinds or [NewsItem.Kind.PRESS_RELEASE],
        language=language if language in dict(settings.LANGUAGES) else subscriber.language,
    )
    subscriber.countries.set(Country.objects.filter(slug__in=choices.get("countries", [])))
    subscriber.topics.set(Topic.objects.filter(slug__in=choices.get("topics", [])))


@transaction.atomic
def _ask_to_confirm(form):
    """A new or unconfirmed address gets a confirmation mail whose link carries the
    choices of this request; a confirmed one gets its own links instead. Nothing an
    anonymous request sends changes a stored row's choices. At most
    ALERTS_CONFIRMATIONS_PER_DAY mails a day to one address."""
    email = form.cleaned_data["email"]
    choices = _choices(form)
    # Two requests for one new address at once: one creates it, the other finds it.
    subscriber, created = Subscriber.objects.get_or_create(
        email=email, defaults={"kinds": choices["kinds"], "language": choices["language"]}
    )
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if created:
        _apply(subscriber, choices)
    now = timezone.now()
    window_open = subscriber.confirmations_since and (
        now - subscriber.confirmations_since < timedelta(days=1)
    )
    if window_open and subscriber.confirmations_sent >= settings.ALERTS_CONFIRMATIONS_PER_DAY:
        return  # enough for today; the page says the same as ever
    if window_open:
        counted = {"confirmations_sent": F("confirmations_sent") + 1}
    else:
        counted = {"confirmations_sent": 1, "confirmations_since": now}
    Subscriber.objects.filter(pk=subscriber.pk).update(changed_at=now, **counted)
    language = subscriber.language if subscriber.is_confirmed else choices["language"]
    with translation.override(language):
        if subscriber.is_confirmed:
            subject = _t("You already receive our releases")
            body = render_to_string(
                "alerts/mail/already_subscribed.txt",
                {"subscriber": subscriber, "site_name": settings.SITE_NAME, **links(subscriber)},
            )
        else:
            token = confirm_token(subscriber, choices)
            subject = _t("Please confirm your subscription")
            body = render_to_string(
                "alerts/mail/confirm.txt",
                {
                    "subscriber": subscriber,
                    "site_name": settings.SITE_NAME,
                    "days": settings.ALERTS_CONFIRM_DAYS,
                    "confirm_url": absolute(reverse("alerts:confirm", args=[token])),
                    **_described(choices),
                },
            )
    queue_to([subscriber.email], subject, body)
    from kernel.tasks import housekeeping  # the outbox's sender, now rather than soon

    enqueue_on_commit(housekeeping)


def _described(choices):
    """The choices in words, for the confirmation mail and page."""
    return {
        "kinds": kind_labels(choices.get("kinds", [])),
        "countries": list(Country.objects.filter(slug__in=choices.get("countries", []))),
        "topics": list(Topic.objects.filter(slug__in=choices.get("topics", []))),
        "language_name": dict(settings.LANGUAGES).get(choices.get("language"), ""),
    }


def _invalid(request):
    return _render(request, "alerts/invalid_link.html", status=404)


@never_cache
def confirm(request, token):
    max_age = timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    subscriber, choices = confirmation_for(token, max_age=max_age)
    if subscriber is None:
        return _invalid(request)
    if request.method == "POST" and not subscriber.is_confirmed:
        with transaction.atomic():
            _apply(subscriber, choices)  # what this link's request asked for
            Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
                confirmed_at=timezone.now()
            )
        subscriber.refresh_from_db()
        return _render(
            request, "alerts/confirmed.html", {"subscriber": subscriber, **links(subscriber)}
        )
    context = {"subscriber": subscriber, **links(subscriber), **_described(choices)}
    if subscriber.is_confirmed:
        return _render(request, "alerts/confirmed.html", context)
    return _render(request, "alerts/confirm.html", context)


@never_cache
def preferences(request, token):
    subscriber = subscriber_for(token)
    if subscriber is None or not subscriber.is_confirmed:
        return _invalid(request)
    saved = False
    if request.method == "POST":
        form = ChoicesForm(request.POST, instance=subscriber)
        if form.is_valid():
            form.save()
            if subscriber.disabled_at and "enable" in request.POST:
                Subscriber.objects.filter(pk=subscriber.pk).update(
                    disabled_at=None, disabled_reason="", bounces=0
                )
            saved = True
    else:
        form = ChoicesForm(instance=subscriber)
    context = {"form": form, "subscriber": subscriber, "saved": saved, **links(subscriber)}
    return _render(request, "alerts/preferences.html", context)


@csrf_exempt  # a mail program's one-click POST (RFC 8058) has no CSRF token
@never_cache
def unsubscribe(request, token):
    """GET asks (a link checker opening it changes nothing); POST, from the page or a
    mail program's one-click (``List-Unsubscribe=One-Click``), deletes the address
    and its choices. Posting again says the same: it is done."""
    subscriber = subscriber_for(token)
    if request.method == "POST":
        if subscriber is None and not is_ours(token):
            return _invalid(request)
        email = subscriber.email if subscriber else ""
        if subscriber is not None:
            subscriber.delete()
        return _render(request, "alerts/unsubscribed.html", {"email": email})
    if subscriber is None:  # gone already, or never ours
        if is_ours(token):
            return _render(request, "alerts/unsubscribed.html", {"email": ""})
        return _invalid(request)
    return _render(request, "alerts/unsubscribe.html", {"subscriber": subscriber})
