"""A public list's filter form, as data: drop-downs of options, each option with the
number of items it would show (``count``; None where not counted). One template,
``includes/filters.html``, renders any list's filters."""

from collections.abc import Iterable
from typing import NamedTuple

from django.core.paginator import Paginator


class Select(NamedTuple):
    """A drop-down of a list's filter form; ``empty`` is the "all" option."""

    name: str
    label: str
    empty: str
    options: Iterable


class Option(NamedTuple):
    value: object
    text: str
    chosen: bool
    lang: str  # the language of ``text`` where it is not the page's (a fallback)
    count: int | None = None

    @property
    def empty(self):
        """Counted, and nothing to show: offered, but not chosen (it leads nowhere)."""
        return self.count == 0 and not self.chosen


class KnownCountPaginator(Paginator):
    """A paginator told its item count (from counts the view has anyway), instead of
    asking the database."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills the cached_property
