"""A public list's filter form, as data: drop-downs of options, each option with the
number of items it would show (``count``; None where not counted). One template,
``includes/filters.html``, renders any list's filters."""

from collections.abc import Iterable
from typing import NamedTuple

from django.core.paginator import Paginator
from django.utils.http import urlencode


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


class Link(NamedTuple):
    """A link to a filtered list; ``nofollow`` where it leads to a page not to index."""

    href: str
    nofollow: bool


class FacetedListMixin:
    """What a filtered, paginated list tells search engines (a ListView mixin).

    Filters combine without end, and each combination repeats the items of others:
    only the list's pages and the first page of each filter alone (a year's news, a
    topic's) are worth indexing. Any other page (two filters or more, a filter with
    nothing to show, a filter's later pages) asks not to be indexed ("noindex,
    follow": its links still lead to the items), and links to such pages are
    rel="nofollow". The canonical address is the page to index: an indexed page's
    own, with its filter and page number as cleaned (``?year=02020&utm_source=x`` is
    ``?year=2020``); else the filter's first page, or the unfiltered list for two
    filters or more. The language alternates name the same page in each language
    (``canonical_query``, which the ``language_versions`` tag reads).

    ``chosen()`` gives the filters in force as query parameters."""

    def chosen(self):
        """[(name, value)]: the chosen filters as query parameters, in a fixed order."""
        raise NotImplementedError

    def href(self, **changes):
        """This list with ``changes`` to its filters (None removes one), on page 1."""
        query = dict(self.chosen())
        query.update(changes)
        return "?" + urlencode([(name, value) for name, value in query.items() if value])

    def link(self, **changes):
        """``href(**changes)``, nofollow where that has two filters or more."""
        query = dict(self.chosen())
        query.update(changes)
        return Link(self.href(**changes), sum(1 for value in query.values() if value) > 1)

    def crawl_context(self, page):
        """``robots``, ``canonical_query`` and the nofollow flags of the pagination:
        ``nofollow_pages`` (a filter's later pages), ``nofollow_first_page``."""
        chosen = self.chosen()
        one = len(chosen) == 1 and page.paginator.count > 0
        if not chosen:
            indexed, canonical = True, [("page", page.number)] if page.number > 1 else []
        else:
            indexed, canonical = one and page.number == 1, chosen if one else []
        return {
            "robots": "" if indexed else "noindex, follow",
            "canonical_query": urlencode(canonical),
            "nofollow_pages": bool(chosen),
            "nofollow_first_page": bool(chosen) and not one,
        }
