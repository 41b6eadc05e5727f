"""Content that an app announces to subscribers when it goes online (the alerts app
registers news). The kernel only offers "Notify subscribers" beside "Publish
changes" for those types and says when changes were published, through
``changes_published(sender=model, instance=..., notify=bool, user=...)``; it never
knows who listens. ``quietly()`` marks saves that must not be announced."""

import contextlib
from contextvars import ContextVar

from django.dispatch import Signal

changes_published = Signal()

_announced = set()
_quiet = ContextVar("announcing_quiet", default=False)


@contextlib.contextmanager
def quietly():
    """Content saved inside (demo content, an import of old items) is not announced
    for going online: it did not just happen."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_quiet():
    return _quiet.get()


def announce(*models):
    _announced.update(models)


def is_announced(model):
    return model in _announced
