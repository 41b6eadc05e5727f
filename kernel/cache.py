"""Caching: full pages for anonymous visitors, and the site's reference data.

One "content generation" changes whenever any content is saved, deleted or re-linked
(each app names its models with ``invalidate_on_change`` in its ``ready()``). Every
cache key includes it, so a publish, change or unpublish invalidates everything at
once.

The generation lives in the database (``ContentGeneration``, one row), written in
the same transaction as the change: it becomes visible exactly when the change is
committed, to every process of the site (web workers, management commands, a shell,
a worker), with or without a shared cache. A reader that rendered the old content
while the change was being committed stored it under the old generation, which
nobody asks for after the commit. Each process remembers the generation for
``CONTENT_GENERATION_CHECK_SECONDS`` (default 0.5 s), so a cached page costs no
query; a process's own changes are seen at once. Pages are keyed by a random token,
never by a counter, so a cache restored from a snapshot, or shared by two databases,
cannot serve pages of another generation. Entries also expire when the next
scheduled item's time comes, so it appears by itself.

Anonymous visitors only: a request with a session cookie (staff, previews) is never
served from or stored in the page cache, nor is a response that sets cookies or
says no-cache/private. Query parameters that no public view reads (``utm_source``,
random cache-busters) are dropped before the view runs, so they cannot be used to
render expensive pages at will; the cache key has the scheme, host, language, path
and the remaining parameters in a fixed order.
"""

import gzip
import hashlib
import logging
import random
import re
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

from kernel.models import ContentGeneration, Publishable

logger = logging.getLogger(__name__)

# Reference data (menu, countries, topics) is keyed by the content generation, so it
# can be kept long: any change starts a new generation anyway.
REFERENCE_CACHE_SECONDS = 24 * 3600
# The generation as read once for the current request (PageCacheMiddleware sets a
# holder per request): the page cache, menu, country and topic lists and archive
# counts of one page then use the same generation.
_request_generation = ContextVar("request_generation", default=None)
# The scheme and host of the current request: fragments hold absolute addresses.
_request_site = ContextVar("request_site", default="")
# The generation as this process last read it, and when (time.monotonic()).
_process_memo = {"generation": None, "checked_at": float("-inf"), "warned_at": float("-inf")}
# The query parameters public views read; apps add theirs (``vary_on_query_parameters``).
QUERY_PARAMETERS = set()


def vary_on_query_parameters(*names):
    """Declare query parameters a public view reads (an app's ``ready()`` calls this);
    the page cache drops every other parameter from anonymous requests."""
    QUERY_PARAMETERS.update(names)


def _publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def _next_scheduled_at():
    """When the next scheduled item of any publishable type goes online (or None)."""
    now = timezone.now()
    upcoming = [
        model._base_manager.filter(status=Publishable.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
        for model in _publishable_models()
    ]
    upcoming = [moment for moment in upcoming if moment is not None]
    return min(upcoming) if upcoming else None


def _as_dict(row):
    return {
        "id": row.token,
        "changed_at": int(row.changed_at.timestamp()),
        "next_at": row.next_at.timestamp() if row.next_at else 0,
    }


def _new_row_values():
    return {
        "token": random.getrandbits(62),
        "changed_at": timezone.now(),
        "next_at": _next_scheduled_at(),
    }


def _store_new_generation(only_if_token=None):
    """Write a new generation (in the current transaction, if any) and return it.

    The row is locked first and the next scheduled time computed after: a change
    committed meanwhile by another transaction (a newly scheduled item) is seen. With
    ``only_if_token`` (a reader noticing that a scheduled time has come) nothing
    waits: if a writer holds the row, its commit brings a new generation anyway, and
    None is returned; None too when another process rolled over first."""
    rows = ContentGeneration.objects.filter(pk=ContentGeneration.SINGLETON)
    with transaction.atomic():
        if only_if_token is None:
            row = rows.select_for_update().first()
        else:
            nowait = transaction.get_connection().features.has_select_for_update_nowait
            try:
                row = rows.select_for_update(nowait=nowait).first()
            except DatabaseError:  # locked by a writer
                return None
            if row is None or row.token != only_if_token:
                return None
        values = _new_row_values()
        if row is not None:
            rows.update(**values)
        else:
            try:
                with transaction.atomic():
                    ContentGeneration.objects.create(pk=ContentGeneration.SINGLETON, **values)
            except IntegrityError:  # created by another process meanwhile
                rows.update(**values)
    return _as_dict(ContentGeneration(**values))


def _read_stored_generation():
    row = ContentGeneration.objects.filter(pk=ContentGeneration.SINGLETON).first()
    return _as_dict(row) if row is not None else _store_new_generation()


def forget_generation():
    """Read the generation from the database next time (after this process's own
    change, at its commit, and between tests)."""
    _process_memo["generation"] = None
    _process_memo["checked_at"] = float("-inf")


def _process_generation():
    """The generation, read from the database at most every CHECK seconds."""
    memo = _process_memo
    now = time.monotonic()
    remembered = memo["generation"]
    if (
        remembered is not None
        and now - memo["checked_at"] < settings.CONTENT_GENERATION_CHECK_SECONDS
        and not (remembered["next_at"] and time.time() >= remembered["next_at"])
    ):
        return remembered
    try:
        generation = _read_stored_generation()
        if generation["next_at"] and time.time() >= generation["next_at"]:
            # The next scheduled item's time has come: a new generation (once, by
            # whichever process notices first).
            generation = _store_new_generation(only_if_token=generation["id"]) or (
                _read_stored_generation()
            )
    except DatabaseError as error:
        # Database unreachable: keep serving cached pages of the last generation seen
        # (or none), try again after the check interval, say so every 30 s at most.
        memo["checked_at"] = now
        if now - memo["warned_at"] > 30:
            memo["warned_at"] = now
            logger.warning("Content generation unreadable (database unavailable): %s", error)
        return memo["generation"]
    if not _in_a_transaction():
        # Read inside a transaction, it may be this transaction's own new generation,
        # not committed yet: other threads must not use it for pages of the old content.
        memo.update(generation=generation, checked_at=now)
    return generation


def _in_a_transaction():
    """Whether the current code runs in a transaction of its own (the test runner's
    wrapping transaction does not count: there, nothing is ever committed)."""
    blocks = transaction.get_connection().atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def content_generation():
    """The current content generation: ``{"id", "changed_at", "next_at"}``, or None
    when the database cannot be reached and none was read before."""
    holder = _request_generation.get()
    if holder:
        return holder["generation"]
    generation = _process_generation()
    if holder is not None:
        holder["generation"] = generation
    return generation


_invalidation_suppressed = ContextVar("invalidation_suppressed", default=False)


@contextmanager
def changes_rolled_back():
    """For code that writes content only to roll it back (viewing an old version):
    no new generation, so no lock on it for others to wait for. This thread only."""
    token = _invalidation_suppressed.set(True)
    try:
        yield
    finally:
        _invalidation_suppressed.reset(token)


def bump_generation(*args, **kwargs):
    """Invalidate every cached page and list (signal receiver).

    The new generation is written in the transaction of the change, so other
    processes see it at the same moment as the change itself."""
    if str(kwargs.get("action", "")).startswith("pre_") or _invalidation_suppressed.get():
        return  # m2m_changed: wait for the change itself (post_add, post_remove, ...)
    _store_new_generation()
    holder = _request_generation.get()
    if holder:
        holder.clear()  # this request saved content: read the new generation next time
    forget_generation()
    transaction.on_commit(forget_generation)


def invalidate_on_change(*models):
    """Start a new content generation whenever one of ``models`` (and the links of
    its many-to-many fields) is saved, deleted or re-linked. Each app calls this in
    its ``ready()`` for the models its public pages show."""
    for model in models:
        label = model._meta.label
        post_save.connect(bump_generation, sender=model, dispatch_uid=f"cache-save-{label}")
        post_delete.connect(bump_generation, sender=model, dispatch_uid=f"cache-del-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                bump_generation, sender=through, dispatch_uid=f"cache-m2m-{label}.{field.name}"
            )


def timeout_for(generation, default):
    """Cache no longer than until the next scheduled publication."""
    if not generation["next_at"]:
        return default
    return max(0, min(default, int(generation["next_at"] - time.time())))


def cached_by_generation(name, compute, timeout=None):
    """``compute()`` once per content generation (menus, country and topic lists),
    kept in the shared cache and in this process (``GenerationMemo``: the value is
    shared by the process's requests, which must not change it).

    Inside ``changes_rolled_back()`` (a draft previewed, an old version viewed) the
    rows hold content that is not public: computed afresh, never cached."""
    if _invalidation_suppressed.get() or not settings.FRAGMENT_CACHE:
        return compute()
    generation = content_generation()
    if generation is None:
        return compute()
    key = _generation_key("ref", generation, name)
    value = _references.get_many(generation, [key]).get(key)
    if value is None:
        value = _shared_get_many([key]).get(key)
    if value is None:
        value = compute()
        seconds = timeout_for(generation, timeout or REFERENCE_CACHE_SECONDS)
        if seconds:
            _write_shared({key: value}, seconds)
    _references.put_many(generation, {key: value})
    return value


class GenerationMemo:
    """Values kept in this process for the current content generation, at most
    ``limit`` (the least recently used dropped first), all dropped when the
    generation changes: in front of the shared cache, a value then costs a
    dictionary lookup instead of a round trip and unpickling. Thread-safe."""

    def __init__(self, limit):
        self.limit = limit
        self.generation = None
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, generation, keys):
        with self.lock:
            if self.generation != generation["id"]:
                self.generation, self.entries = generation["id"], OrderedDict()
            found = {}
            for key in keys:
                value = self.entries.get(key)
                if value is not None:
                    self.entries.move_to_end(key)
                    found[key] = value
            return found

    def put_many(self, generation, values):
        with self.lock:
            if self.generation == generation["id"]:
                self.entries.update(values)
                while len(self.entries) > self.limit:
                    self.entries.popitem(last=False)


# Rendered fragments (menus, cards, a release's content) of this process.
_fragments = GenerationMemo(limit=2000)
# Reference data (term lists, menus, archive and facet counts) of this process.
_references = GenerationMemo(limit=500)


def _generation_key(kind, generation, rest):
    """A shared cache key of the generation: ``kind:generation:rest`` (the page cache
    reads what a page needed last time under the new generation's keys)."""
    return f"{kind}:{generation['id']}:{rest}"


def _without_generation(key):
    """(kind, rest) of a ``_generation_key``: the same key under every generation."""
    kind, _generation, rest = key.split(":", 2)
    return kind, rest


def _fragment_key(generation, name, parts):
    raw = "\x1f".join([name, _request_site.get(), get_language() or "", *map(str, parts)])
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
    return _generation_key("fragment", generation, digest)


def cached_fragment(name, parts, render, shared=True):
    """HTML that changes only with the content generation (a menu, an archive, the
    options of a filter form), rendered once per generation and language, whatever
    the page: ``render()`` is called when this process and the shared cache lack it.

    ``parts`` are whatever else the HTML depends on (the chosen filters, the current
    section); they are part of the key, with the language and the site's address.
    Any value that cannot change (a string, a tuple of strings) may be kept so. Kept
    in this process too (``GenerationMemo``); only there when not ``shared`` (HTML
    cheaper to render than to fetch: the footer, the head's links). Never kept inside
    ``changes_rolled_back()`` (a draft shown)."""
    return cached_fragments(name, [None], lambda _missing: {None: render()}, parts, shared)[0]


def cached_fragments(name, items, render_missing, parts=(), shared=True):
    """``cached_fragment`` for many at once (the cards of a list): ``items`` are
    keys (ids), ``render_missing(items)`` renders those not kept, returning
    {item: html}. Returns the HTML of each item, in order (an item it did not render
    is left out). One round trip to the shared cache, one ``render_missing`` call;
    what it rendered is written with the rest of the request's (``batched_writes``)."""
    if (
        not settings.FRAGMENT_CACHE
        or _invalidation_suppressed.get()
        or (generation := content_generation()) is None
    ):
        rendered = render_missing(list(items)) if items else {}
        return [rendered[item] for item in items if item in rendered]
    keys = {item: _fragment_key(generation, name, [*parts, item]) for item in items}
    found = _fragments.get_many(generation, keys.values())
    wanted = [key for key in keys.values() if key not in found]
    if wanted:
        kept = _shared_get_many(wanted) if shared else {}
        missing = [item for item, key in keys.items() if key not in found and key not in kept]
        rendered = render_missing(missing) if missing else {}
        fresh = {keys[item]: html for item, html in rendered.items()}
        seconds = timeout_for(generation, REFERENCE_CACHE_SECONDS)
        if fresh and seconds and shared:
            _write_shared(fresh, seconds)
        found.update(kept)
        found.update(fresh)
        _fragments.put_many(generation, {**kept, **fresh})
    return [found[key] for key in keys.values() if key in found]


class SharedCacheBatch:
    """A request's traffic with the shared cache, in as few round trips as it can.

    What it renders (fragments, reference data, the page) is written at the end,
    together, with the page's lock let go last (``writes``, ``deletes``), rather than
    one round trip per fragment. What it reads is noted (``asked``): the page cache
    keeps that list per page, and after the next change reads all of it at once, with
    the page's lock (``known``: each value found, or None for not there), rather
    than fragment by fragment as the page renders."""

    def __init__(self):
        self.writes = {}  # {timeout: {key: value}}
        self.deletes = []
        self.known = {}
        self.asked = []

    def flush(self):
        if self.writes or self.deletes:
            exchange(writes=self.writes, deletes=self.deletes)


_batch = ContextVar("shared_cache_batch", default=None)


def _write_shared(values, seconds):
    batch = _batch.get()
    if batch is None:
        exchange(writes={seconds: values})
    else:
        batch.writes.setdefault(seconds, {}).update(values)


def _shared_get_many(keys):
    """The values of ``keys`` the shared cache has, asking it only for those the
    request has not read ahead."""
    batch = _batch.get()
    if batch is None:
        return cache.get_many(keys)
    batch.asked += keys
    known = batch.known
    found = {key: known[key] for key in keys if known.get(key) is not None}
    unknown = [key for key in keys if key not in known]
    if unknown:
        found.update(cache.get_many(unknown))
    return found


@contextmanager
def batched_writes():
    """Inside, a ``SharedCacheBatch``: what is rendered reaches the shared cache at
    the end, in one round trip (a page after a change renders some thirty fragments)."""
    batch = SharedCacheBatch()
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)
        batch.flush()


def exchange(lock=None, reads=(), writes=None, deletes=()):
    """One round trip to the shared cache, in this order: take ``lock`` ((key,
    timeout): ``cache.add``), read ``reads``, write ``writes`` ({timeout: {key:
    value}}), delete ``deletes``. Returns (lock taken, {key: value found}). A cache
    that cannot do it in one (local memory) does it in several."""
    together = getattr(cache, "exchange", None) or partial(exchange_in_steps, cache)
    return together(lock, reads, writes or {}, deletes)


def exchange_in_steps(shared, lock, reads, writes, deletes):
    """``exchange`` for a cache that has no way of doing it in one round trip."""
    taken = shared.add(lock[0], 1, timeout=lock[1]) if lock else False
    found = shared.get_many(reads) if reads else {}
    for seconds, values in writes.items():
        shared.set_many(values, seconds)
    if deletes:
        shared.delete_many(deletes)
    return taken, found


# Objects pages are routed to (a release by its slug, a page by its path) of this
# process, read once per generation and shared, read-only, by its requests.
_objects = GenerationMemo(limit=2000)


def cached_object(name, parts, fetch):
    """``fetch()`` once per content generation in this process (what a detail page
    is routed to: the item and how it was found). The value is shared by the
    requests of the generation, which must not change it. Exceptions (a 404) are
    not kept; nothing is kept inside ``changes_rolled_back()``."""
    if (
        not settings.FRAGMENT_CACHE
        or _invalidation_suppressed.get()
        or (generation := content_generation()) is None
    ):
        return fetch()
    key = _fragment_key(generation, name, parts)
    found = _objects.get_many(generation, [key]).get(key)
    if found is None:
        found = fetch()
        _objects.put_many(generation, {key: found})
    return found


class PageCacheMiddleware:
    """Serves whole anonymous GET responses from the cache (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDE)
            and not self.has_session(request)
        )

    @staticmethod
    def has_session(request):
        """Whether the request carries a session that exists (staff, previews). A
        made-up cookie does not: it would let anyone skip the cache at will. One
        lookup, only for requests that send a session cookie."""
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not key:
            return False
        try:
            return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)
        except DatabaseError:  # database down: serve what the cache has
            return False

    @staticmethod
    def cacheable_response(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in control for word in ("private", "no-cache", "no-store"))
        )

    @staticmethod
    def keep_known_parameters(request):
        """Drop the query parameters no public view reads, and write the others one
        way: in a fixed order, once each (views read the last value), whole numbers
        without leading zeros. ``?p=001&b=x`` and ``?p=1`` are then one page."""
        query = request.GET
        known = []
        for name in sorted(query):
            if name in QUERY_PARAMETERS:
                value = query.getlist(name)[-1]
                if value.isdecimal() and len(value) < 100:  # no whole number is longer
                    value = str(int(value))
                known.append((name, value))
        query_string = urlencode(known)
        if query_string != request.META.get("QUERY_STRING", ""):
            request.META["QUERY_STRING"] = query_string
            request.GET = QueryDict(query_string)

    def key(self, request, generation):
        language = getattr(request, "LANGUAGE_CODE", "")
        raw = f"{_request_site.get()}|{language}|{request.get_full_path()}"
        digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{generation['id']}:{digest}"

    def __call__(self, request):
        token = _request_generation.set({})
        try:
            site = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:  # answered 400 further down
            site = ""
        site_token = _request_site.set(site)
        try:
            with batched_writes():
                return self.respond(request)
        finally:
            _request_generation.reset(token)
            _request_site.reset(site_token)

    def respond(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        # A session cookie that names no session is ignored, so the response (which
        # would otherwise delete it) is everyone's and can be cached.
        request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
        self.keep_known_parameters(request)
        generation = content_generation()
        if generation is None:
            return self.get_response(request)
        key = self.key(request, generation)
        stored = self.lookup(generation, key)
        if stored is not None:
            return self.answer(request, stored, "hit")
        return self.render_once(request, generation, key)

    @staticmethod
    def lookup(generation, key):
        """The stored page: from this process's memo, else from the shared cache."""
        stored = _pages.get_many(generation, [key]).get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None:
                _pages.put_many(generation, {key: stored})
        return stored

    def render_once(self, request, generation, key):
        """Render the page, once for all who ask for it at the same time.

        After a change, every page is asked for anew; the first request takes a lock
        (``cache.add``) and renders, the others wait for its result (polling the
        cache) rather than all rendering the same page at once. A waiter renders
        itself when the lock is gone without a result (the page is not cacheable,
        or its renderer failed) or after ``PAGE_CACHE_WAIT_SECONDS``."""
        lock = f"{key}:rendering"
        page = key.rpartition(":")[2]  # the same for every generation
        ahead = [_generation_key(kind, generation, rest) for kind, rest in _needs.get(page)]
        # In one round trip: the lock, the page (rendered and stored meanwhile by a
        # request that had the lock before?) and what the page needed last time.
        taken, found = exchange(
            lock=(lock, max(1, int(settings.PAGE_CACHE_WAIT_SECONDS) + 1)), reads=[key, *ahead]
        )
        batch = _batch.get()
        if batch is not None:
            batch.known.update((name, found.get(name)) for name in ahead)
        if taken:
            stored = found.get(key)
            if stored is not None:
                cache.delete(lock)
                _pages.put_many(generation, {key: stored})
                return self.answer(request, stored, "hit, waited")
        else:
            deadline = time.monotonic() + settings.PAGE_CACHE_WAIT_SECONDS
            pause = 0.005
            while time.monotonic() < deadline:
                time.sleep(pause)
                pause = min(pause * 2, 0.02)
                # The lock first: its holder stores the page before letting go, so
                # a page stored just after we look is still found below.
                released = cache.get(lock) is None
                stored = cache.get(key)
                if stored is not None:
                    _pages.put_many(generation, {key: stored})
                    return self.answer(request, stored, "hit, waited")
                if released:
                    break
            lock = None
        try:
            response = self.get_response(request)
            if batch is not None:
                _needs.put(page, map(_without_generation, batch.asked))
            if not self.cacheable_response(response):
                return response
            stored = self.store(response, generation, key)
        finally:
            if lock and batch is not None:
                batch.deletes.append(lock)  # after the page is stored (SharedCacheBatch)
            elif lock:
                cache.delete(lock)
        return self.answer(request, stored, "miss")

    @staticmethod
    def store(response, generation, key):
        """Keep the response (and its compressed body, once) for everyone."""
        content = response.content  # one chunk: feeds are written piece by piece
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(generation["changed_at"])
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        compressed = None
        if compressible(response):
            patch_vary_headers(response, ("Accept-Encoding",))
            compressed = gzip.compress(content, compresslevel=6, mtime=0)
            if len(compressed) >= len(content):
                compressed = None
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("content-length", "content-encoding", "x-cache")
        ]
        status = response.status_code
        stored = (
            status,
            _variant(status, headers, content, encoded=False),
            _variant(status, headers, compressed, encoded=True) if compressed else None,
        )
        timeout = timeout_for(generation, settings.PAGE_CACHE_SECONDS)
        if timeout:
            _write_shared({key: stored}, timeout)
            _pages.put_many(generation, {key: stored})
        return stored

    @staticmethod
    def answer(request, stored, how):
        """A fresh response from a stored page: compressed where the client takes it."""
        status, plain, packed = stored
        accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
        headers, body = packed if packed and ACCEPTS_GZIP.search(accepted) else plain
        response = HttpResponse(body, status=status)
        # The stored page's headers, checked and encoded once when it was stored (as
        # HttpResponse keeps them): a hit costs no header-by-header conversion.
        response.headers._store = dict(headers)
        response["X-Cache"] = how
        return response


def _variant(status, headers, body, encoded):
    """One way of sending a stored page: (the response's header store, body)."""
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    if encoded:
        response["Content-Encoding"] = "gzip"
        # Not the same bytes as the page's ETag names (as Django's GZipMiddleware).
        if response.has_header("ETag"):
            response["ETag"] = re.sub(r'^"', 'W/"', response["ETag"])
    response["Content-Length"] = str(len(body))
    return dict(response.headers._store), body


class PageNeeds:
    """What each page read from the shared cache when this process last rendered it
    (generation-free: (kind, rest) of ``_generation_key``), for the ``limit`` pages
    rendered most recently. Thread-safe."""

    def __init__(self, limit, most=200):
        self.limit, self.most = limit, most
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, page):
        with self.lock:
            needs = self.entries.get(page, ())
            if needs:
                self.entries.move_to_end(page)
            return needs

    def put(self, page, needs):
        needs = tuple(dict.fromkeys(needs))[: self.most]
        with self.lock:
            self.entries[page] = needs
            self.entries.move_to_end(page)
            while len(self.entries) > self.limit:
                self.entries.popitem(last=False)


# Whole pages of this process for the current generation (most read first).
_pages = GenerationMemo(limit=200)
# What each page needs from the shared cache (read ahead with its lock).
_needs = PageNeeds(limit=500)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
COMPRESSIBLE_TYPES = re.compile(r"^(text/|application/(.+\+)?(xml|json|javascript))")


def compressible(response):
    """Text worth compressing (HTML, feeds, sitemaps, JSON), not compressed yet."""
    return (
        len(response.content) >= 200
        and not response.has_header("Content-Encoding")
        and bool(COMPRESSIBLE_TYPES.match(response.get("Content-Type", "")))
    )


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

    def exchange(self, lock, reads, writes, deletes):
        """``kernel.cache.exchange`` in one round trip (a pipeline, not a transaction:
        Redis runs its commands in order)."""
        try:
            return self._exchange(lock, reads, writes, deletes)
        except Exception as exc:  # redis.ConnectionError, TimeoutError, ...
            self._warn(exc)
            return False, {}

    def _exchange(self, lock, reads, writes, deletes):
        serializer = self._cache._serializer
        pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
        if lock:
            name, seconds = lock
            pipeline.set(
                self.make_and_validate_key(name), 1, nx=True, ex=self.get_backend_timeout(seconds)
            )
        names = [self.make_and_validate_key(key) for key in reads]
        if names:
            pipeline.mget(names)
        for seconds, values in writes.items():
            seconds = self.get_backend_timeout(seconds)
            if seconds == 0:
                continue
            for key, value in values.items():
                pipeline.set(self.make_and_validate_key(key), serializer.dumps(value), ex=seconds)
        if deletes:
            pipeline.delete(*map(self.make_and_validate_key, deletes))
        results = pipeline.execute()
        taken = bool(results.pop(0)) if lock else False
        found = {}
        if names:
            found = {
                key: serializer.loads(value)
                for key, value in zip(reads, results[0], strict=True)
                if value is not None
            }
        return taken, found

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
