"""Full-text search shared by news and pages.

On PostgreSQL: a weighted ``tsvector`` (title A, lead B, body C) kept in a column,
refreshed on save, with a GIN index, queried with ``websearch_to_tsquery`` and ranked
with ``ts_rank``. Elsewhere (SQLite): every word must appear in one of the fields
(case-insensitive), ranked by where it was found. Both paths give the same shape of
result, so views and templates do not care which database runs.
"""

import re
from html import unescape

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, connections
from django.db.models import Case, F, FloatField, Index, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
WORD_RE = re.compile(r"\w+", re.UNICODE)
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def is_postgres(using=None):
    return (connections[using] if using else connection).vendor == "postgresql"


class SearchVectorIndex(GinIndex):
    """A GIN index on PostgreSQL; a plain (harmless) index on other databases."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using="", **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


BLOCK_END_RE = re.compile(r"(</(p|h\d|li|td|th|blockquote|figcaption)>|<br\s*/?>)", re.I)


def plain_text(html):
    """Text of ``html`` with block boundaries kept as spaces."""
    text = strip_tags(BLOCK_END_RE.sub(" ", html or ""))
    return re.sub(r"\s+", " ", unescape(text)).strip()


def _vector(weighted_texts):
    vector = None
    for weight, text in weighted_texts:
        part = SearchVector(Value(plain_text(text)), weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def update_search_vector(instance, weighted_texts):
    """Store the weighted vectors for ``instance`` (PostgreSQL only).

    ``weighted_texts`` is ``[("A", title), ("B", lead), ("C", body_html)]``. Matching
    uses all of it (``search_vector``); ranking uses the small title-and-lead vector
    (``search_rank_vector``), so ranking thousands of matches stays cheap, and
    body-only matches rank last.
    """
    if not is_postgres(instance._state.db):
        return
    type(instance)._base_manager.filter(pk=instance.pk).update(
        search_vector=_vector(weighted_texts),
        search_rank_vector=_vector([(w, t) for w, t in weighted_texts if w in ("A", "B")]),
    )


def clean_query(raw):
    """Normalise a visitor's query: (query, words, problem) — problem is a message key."""
    # Control characters (NUL in particular) have no place in a query; PostgreSQL
    # refuses them in string literals.
    query = " ".join(CONTROL_RE.sub(" ", raw or "").split())
    if not query:
        return "", [], "empty"
    truncated = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH]
    words = WORD_RE.findall(query)[:12]
    if not words:
        return query, [], "no-words"
    return query, words, "truncated" if truncated else None


def search(queryset, query, words, fields):
    """Filter and rank ``queryset``; ``fields`` maps weight -> field name (A, B, C)."""
    if is_postgres(queryset.db):
        ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.filter(search_vector=ts_query)
            .annotate(rank=SearchRank(F("search_rank_vector"), ts_query))
            .order_by("-rank", "-pk")
        )
    for word in words:
        matches = Q()
        for field in fields.values():
            matches |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches)
    first = words[0]
    scores = [When(**{f"{fields[w]}__icontains": first}, then=Value(s)) for w, s in
              (("A", 1.0), ("B", 0.4), ("C", 0.1)) if w in fields]  # fmt: skip
    rank = Case(*scores, default=Value(0.05), output_field=FloatField())
    return queryset.annotate(rank=rank).order_by("-rank", "-pk")


def highlight(text, words, length=240):
    """A plain-text excerpt around the first matching word, with matches in <mark>."""
    text = plain_text(text)
    if not text:
        return ""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)
    match = pattern.search(text)
    start = max(0, (match.start() if match else 0) - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    excerpt = text[start : start + length]
    parts = []
    position = 0
    for found in pattern.finditer(excerpt):
        parts.append(escape(excerpt[position : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        position = found.end()
    parts.append(escape(excerpt[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
