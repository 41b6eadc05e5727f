"""Content that an app announces to subscribers when it goes online (the alerts app
registers news). The kernel only offers "Notify subscribers" beside "Publish
changes" for those types and says when changes were published, through
``changes_published(sender=model, instance=..., notify=bool, user=...)``; it never
knows who listens."""

from django.dispatch import Signal

changes_published = Signal()

_announced = set()


def announce(*models):
    _announced.update(models)


def is_announced(model):
    return model in _announced
