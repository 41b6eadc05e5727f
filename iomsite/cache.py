"""Caching: full pages for anonymous visitors, and the site's reference data.

One "content generation" (a value in the cache) changes whenever any content is
saved, deleted or re-linked (signals wired in ``iomsite.apps``). Every cache key
includes it, so a publish, change or unpublish invalidates everything at once,
on every app server sharing the cache. Entries also expire when the next scheduled
item's time comes, so it appears by itself.

Anonymous visitors only: a request with a session cookie (staff, previews) is never
served from or stored in the page cache, nor is a response that sets cookies or
says no-cache/private.
"""

import hashlib
import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
NO_TIMEOUT = None
# Reference data (menu, countries, topics) is keyed by the content generation, so it
# can be kept long: any change starts a new generation anyway.
REFERENCE_CACHE_SECONDS = 24 * 3600
# The generation as read once for the current request (PageCacheMiddleware sets a
# holder per request): the page cache, menu, country and topic lists and archive
# counts of one page then cost one cache read for it, not five.
_request_generation = ContextVar("request_generation", default=None)


def _next_scheduled_at():
    """When the next scheduled news item or page goes online (epoch seconds, or 0)."""
    from news.models import NewsItem
    from pages.models import Page

    now = timezone.now()
    upcoming = [
        model.objects.filter(status="published", published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
        for model in (NewsItem, Page)
    ]
    upcoming = [moment for moment in upcoming if moment is not None]
    return min(upcoming).timestamp() if upcoming else 0


def _new_generation():
    return {
        "id": time.time_ns(),
        "changed_at": int(time.time()),
        "next_at": _next_scheduled_at(),
    }


def content_generation():
    """The current content generation: ``{"id", "changed_at", "next_at"}``.

    Computed when content changes (on save, not per request); a new one starts by
    itself when the next scheduled item's time has come.
    """
    holder = _request_generation.get()
    if holder:
        return holder["generation"]
    generation = cache.get(GENERATION_KEY)
    if generation is None or (generation["next_at"] and time.time() >= generation["next_at"]):
        generation = _new_generation()
        cache.set(GENERATION_KEY, generation, NO_TIMEOUT)
    if holder is not None:
        holder["generation"] = generation
    return generation


def bump_generation(*args, **kwargs):
    """Invalidate every cached page and list (signal receiver)."""
    holder = _request_generation.get()
    if holder:
        holder.clear()  # this request saved content: read the new generation next time
    cache.set(GENERATION_KEY, _new_generation(), NO_TIMEOUT)


def timeout_for(generation, default):
    """Cache no longer than until the next scheduled publication."""
    if not generation["next_at"]:
        return default
    return max(0, min(default, int(generation["next_at"] - time.time())))


def cached_by_generation(name, compute, timeout=None):
    """``compute()`` once per content generation (menus, country and topic lists)."""
    generation = content_generation()
    key = f"ref:{name}:{generation['id']}"
    value = cache.get(key)
    if value is None:
        value = compute()
        seconds = timeout_for(generation, timeout or REFERENCE_CACHE_SECONDS)
        if seconds:
            cache.set(key, value, seconds)
    return value


class PageCacheMiddleware:
    """Serves whole anonymous GET responses from the cache (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDE)
        )

    @staticmethod
    def cacheable_response(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in control for word in ("private", "no-cache", "no-store"))
        )

    def key(self, request, generation):
        language = getattr(request, "LANGUAGE_CODE", "")
        raw = f"{request.get_host()}|{language}|{request.get_full_path()}"
        digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{generation['id']}:{digest}"

    def __call__(self, request):
        token = _request_generation.set({})
        try:
            return self.respond(request)
        finally:
            _request_generation.reset(token)

    def respond(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        generation = content_generation()
        key = self.key(request, generation)
        response = cache.get(key)
        if response is not None:
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(response):
            # One chunk: feeds are written piece by piece, and a WSGI server sends
            # each piece with a system call of its own.
            response.content = response.content
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(generation["changed_at"])
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            timeout = timeout_for(generation, settings.PAGE_CACHE_SECONDS)
            if timeout:
                cache.set(key, response, timeout)
            response["X-Cache"] = "miss"
        return response


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that keeps the site up when Redis is down.

    Reads answer "not cached", writes are dropped, and the outage is logged (at most
    once every 30 seconds per process), so pages are served from the database, more
    slowly, until Redis is back.
    """

    _last_warning = 0.0

    def _warn(self, exc):
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > 30:
            ResilientRedisCache._last_warning = now
            logger.warning("Cache (Redis) unavailable, serving without it: %s", exc)

    def _safe(name, fallback=None):
        def method(self, *args, **kwargs):
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except Exception as exc:  # redis.ConnectionError, TimeoutError, ...
                self._warn(exc)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        method.__name__ = name
        return method

    get = _safe("get", lambda key, default=None, version=None: default)
    get_many = _safe("get_many", lambda *a, **k: {})
    set = _safe("set")
    add = _safe("add", False)
    set_many = _safe("set_many", lambda data, *a, **k: list(data))
    delete = _safe("delete", False)
    delete_many = _safe("delete_many")
    touch = _safe("touch", False)
    has_key = _safe("has_key", False)
    incr = _safe("incr", 0)
    clear = _safe("clear")
    del _safe
