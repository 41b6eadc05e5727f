"""Pagination helpers that spare the database a separate COUNT query."""

from math import ceil

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


class KnownCountPaginator(Paginator):
    """A paginator told its item count, instead of asking the database."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills the cached_property


def paginate_with_total(queryset, raw_number, per_page):
    """One query for a page of results and their total (a window COUNT).

    Follows Paginator.get_page: a malformed number shows the first page, one out of
    range the last. Only an out-of-range page costs a second query."""
    try:
        number = int(raw_number)
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(_total=Window(Count("pk")))

    def rows_for(n):
        return list(counted[(n - 1) * per_page : n * per_page]) if n >= 1 else []

    rows = rows_for(number)
    if rows:
        total = rows[0]._total
    else:
        total = queryset.count()
        last = max(1, ceil(total / per_page))
        if number != last:
            number = last
            rows = rows_for(number)
    paginator = KnownCountPaginator(queryset, per_page, count=total)
    return paginator, Page(rows, number, paginator)
