"""Full-text search shared by news and pages, in the reader's language.

On PostgreSQL: per language, a weighted ``tsvector`` (title A, lead B, body C) of the
text as that language's readers see it (their translation, else the English), built
with that language's text search configuration, kept in a column, refreshed on save,
with a GIN index, queried with ``websearch_to_tsquery`` and ranked with ``ts_rank``.
Elsewhere (SQLite): every word must appear in one of the fields, in the reader's
language or in English (case-insensitive), ranked by where it was found. Both paths
give the same shape of result, so views and templates do not care which database
runs.
"""

import operator
import re
from functools import reduce

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Index,
    IntegerField,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, StrIndex
from django.db.models.lookups import Exact
from django.utils import translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kernel.languages import LANGUAGE_CODES, localized_name, value_in
from kernel.prepared import prepared_objects, prepared_rows
from kernel.richtext import plain_text

# PostgreSQL's text search configuration per language: stemming where PostgreSQL has
# it ("russian" also stems Latin-script words the English way); Kazakh has none, so
# "simple" (lower-cased whole words).
SEARCH_CONFIGS = {"en": "english", "ru": "russian", "kk": "simple"}
MAX_QUERY_LENGTH = 200
# News matches are counted up to this many, and as many are listed (the most
# relevant): counting reads every match, so a word found in most of a large archive
# would cost a read of most of it. Past it, the count says "more than".
COUNT_LIMIT = 1000
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


def search_indexes(prefix, ranked=False):
    """A GIN index per language's search vector: ``<prefix>_<code>_idx``; with
    ``ranked``, one per title-and-lead vector too (``<prefix>_rank_<code>_idx``), for
    a large table, where a first page of results is looked for among those matches
    (``RankedPaginator``)."""
    kinds = [("", "")] + [("_rank", "rank_")] * ranked
    return [
        SearchVectorIndex(
            fields=[f"search{kind}_vector_{code}"], name=f"{prefix}_{infix}{code}_idx"
        )
        for kind, infix in kinds
        for code in LANGUAGE_CODES
    ]


def search_config(language):
    return SEARCH_CONFIGS.get(language, "simple")


def _vector(weighted_texts, config):
    """One vector of the texts, each with its weight ("A" ranks highest)."""
    parts = (
        SearchVector(Value(plain_text(text)), weight=weight, config=config)
        for weight, text in weighted_texts
    )
    return reduce(operator.add, parts)


def update_search_vector(instance, weighted_fields):
    """Store the weighted vectors of every language for ``instance`` (PostgreSQL only).

    ``weighted_fields`` is ``[("A", "title"), ("B", "lead"), ("C", "body")]``. Matching
    uses all of it (``search_vector_<language>``); ranking uses the small
    title-and-lead vector (``search_rank_vector_<language>``), so ranking thousands of
    matches stays cheap, and body-only matches rank last. Works on migrations'
    historical models too.
    """
    if not is_postgres(instance._state.db):
        return
    vectors = {}
    for language in LANGUAGE_CODES:
        config = search_config(language)
        texts = [(weight, value_in(instance, name, language)) for weight, name in weighted_fields]
        vectors[f"search_vector_{language}"] = _vector(texts, config)
        vectors[f"search_rank_vector_{language}"] = _vector(
            [(w, t) for w, t in texts if w in ("A", "B")], config
        )
    type(instance)._base_manager.filter(pk=instance.pk).update(**vectors)


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


def _known(language):
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def search_text(query, words, language):
    """What PostgreSQL looks for (``search()``'s ``text``): the query as typed, read as
    a web search (quoted phrases, ``or``, ``-word``) in a language with a stemmer;
    in one without (Kazakh), every word, each also as the start of a longer one, so
    that "Ташкент" finds "Ташкентте" (words are letters and digits only)."""
    if search_config(_known(language)) == "simple":
        return " & ".join(f"{word}:*" for word in words)
    return query


def search(queryset, text, words, fields, language, *, leading=False):
    """Filter and rank ``queryset`` for readers of ``language``: on PostgreSQL by
    ``text`` (``search_text()``), elsewhere by ``words``.

    ``fields`` maps weight -> field name (A, B, C). On PostgreSQL, the matches that
    hold the whole query in their title and lead (``leading``) come first, ranked
    among themselves; then the others (found in the body), by how much of the query
    their title and lead hold, newest first. With ``leading=True``, only the first
    (PostgreSQL; ``RankedPaginator``)."""
    language = _known(language)
    if is_postgres(queryset.db):
        config = search_config(language)
        how = "raw" if config == "simple" else "websearch"
        ts_query = SearchQuery(text, search_type=how, config=config)
        vector, rank_vector = f"search_vector_{language}", f"search_rank_vector_{language}"
        in_title_and_lead = Q(**{rank_vector: ts_query})
        matched = Q(**{vector: ts_query})
        if leading:
            # Found by the title-and-lead vector's index. Holding the query there
            # means holding it in the whole text, unless the query excludes a word
            # ("-word", "!" in PostgreSQL's form): only then is the whole text read,
            # row by row (the planner decides which, once, from the query's text).
            # Not with the operator: the planner would scan the whole text's index
            # too, which lists every match.
            whole = Func(F(vector), ts_query, function="ts_match_vq", output_field=BooleanField())
            excludes = StrIndex(Cast(ts_query, TextField()), Value("!"))
            matched = in_title_and_lead & (Q(Exact(excludes, 0)) | Q(whole))
        return (
            queryset.filter(matched)
            .annotate(
                leading=ExpressionWrapper(in_title_and_lead, output_field=BooleanField()),
                rank=SearchRank(F(rank_vector), ts_query),
            )
            .order_by(F("leading").desc(nulls_last=True), "-rank", "-pk")
        )
    # The reader's language and English (what untranslated items show).
    languages = dict.fromkeys([language, settings.LANGUAGE_CODE])

    def any_column(name, word):
        matches = Q()
        for code in languages:
            matches |= Q(**{f"{localized_name(name, code)}__icontains": word})
        return matches

    for word in words:
        matches = Q()
        for field in fields.values():
            matches |= any_column(field, word)
        queryset = queryset.filter(matches)
    first = words[0]
    scores = [When(any_column(fields[w], first), then=Value(s)) for w, s in
              (("A", 1.0), ("B", 0.4), ("C", 0.1)) if w in fields]  # fmt: skip
    rank = Case(*scores, default=Value(0.05), output_field=FloatField())
    return queryset.annotate(rank=rank).order_by("-rank", "-pk")


class CountOf(Subquery):
    """The number of rows of a queryset (sliced: at most so many), as a value."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


class RankedPaginator(Paginator):
    """Pages of ``search()`` results in two queries whatever the number of matches:
    one ranks them as narrow rows (ids; sorting thousands of matches with their
    text spills to disk on a large archive) and counts them in the same query, up to
    ``COUNT_LIMIT``; the other reads the page's own rows by those ids. A page past
    the end costs a count. Both queries are compiled once per process
    (kernel.prepared).

    On PostgreSQL, a page that the matches holding the whole query in their title
    and lead fill (the first, usually) is ranked among those alone, found by their
    own index: ranking reads each ranked match, and on a large archive they are a
    few among thousands. The page where they end, and later ones, rank every match.
    """

    def __init__(self, ranked, rows, per_page, *, key, **values):
        """``ranked(leading=False, **values)``: ``search()``'s results (with
        ``leading``, passed on); ``rows(ids=..., **values)``: the rows with those ids,
        read where they are listed (the same queryset before the search, e.g. the
        published items); ``key``: what both depend on besides ``values`` (e.g. the
        language)."""
        self.ranked, self.rows, self.key, self.values = ranked, rows, key, values
        # The queryset itself only for a page past the end (its count, the last page).
        super().__init__(SimpleLazyObject(lambda: ranked(**values)), per_page)
        self.ids = {}  # page number -> ids, ranked

    def _check_object_list_is_ordered(self):
        """Ranked, then by id (``search()``): ordered."""

    @cached_property
    def matches(self):
        """The number of matches, counted up to one more than ``COUNT_LIMIT`` (set by
        the query of the page asked for, where it found any)."""
        return self.object_list[: COUNT_LIMIT + 1].count()

    @cached_property
    def count(self):
        """What is listed: every match, or the ``COUNT_LIMIT`` most relevant."""
        return min(self.matches, COUNT_LIMIT)

    @property
    def more(self):
        """Whether there are more matches than are listed."""
        return self.matches > COUNT_LIMIT

    def page(self, number):
        number = self.validate_number(number)
        if number in self.ids:  # ranked already: no need to build the queryset
            return self._get_page(None, number, self)
        return super().page(number)

    def get_page(self, number):
        try:
            asked = int(number)
        except (TypeError, ValueError):
            asked = 1  # what Paginator.get_page shows for no number or a bad one
        start = (asked - 1) * self.per_page
        if asked >= 1 and start < COUNT_LIMIT:
            rows = self._ranked_ids(start, min(asked * self.per_page, COUNT_LIMIT))
            if rows:
                self.__dict__["matches"] = rows[0]["total"]  # fills the cached_property
                self.ids[asked] = [row["pk"] for row in rows]
        return super().get_page(number)

    def _ranked_ids(self, start, stop):
        """Rows of the ids ranked ``start`` to ``stop``, each with the number of
        matches (up to one more than ``COUNT_LIMIT``)."""
        limit = COUNT_LIMIT

        def ids(matches, ranked):
            counted = CountOf(matches.order_by().values("pk")[: limit + 1])
            # The database's own values (django-modeltranslation's values() would add
            # its fallbacks: none apply to an id and a count).
            return ranked.annotate(total=counted).raw_values("pk", "total")[start:stop]

        def every_match(**values):
            matches = self.ranked(**values)
            return ids(matches, matches)

        def leading_or_every_match(**values):
            """One query either way (a fixed number per page): the page ranked among
            the leading matches if they fill it, else among every match. PostgreSQL
            decides once per query (an uncorrelated EXISTS) and runs only that side."""
            matches, leading = self.ranked(**values), self.ranked(leading=True, **values)
            filled = Exists(leading.order_by()[stop - 1 : stop])
            first = ids(matches, leading.filter(filled))
            return first.union(ids(matches, matches.filter(~filled)), all=True)

        key = (*self.key, limit, start, stop)
        if is_postgres():
            return prepared_rows((*key, "leading"), leading_or_every_match, **self.values)
        return prepared_rows((*key, "ranked"), every_match, **self.values)

    def _get_page(self, object_list, number, paginator):
        ids = self.ids.get(number, [])
        if number not in self.ids and self.count:  # the last page, for one past the end
            ids = list(object_list.values_list("pk", flat=True))
        found = {}
        if ids:
            rows = prepared_objects(
                (*self.key, "rows"),
                lambda ids, **values: self.rows(**values).filter(pk__in=ids),
                ids=ids,
                **self.values,
            )
            found = {row.pk: row for row in rows}
        return super()._get_page([found[pk] for pk in ids if pk in found], number, paginator)


def _words_pattern(words):
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)


def excerpt(obj, names, words):
    """(excerpt, language) from the first of ``names`` (e.g. lead, body) where a word is
    found, else the first that has text; ``language`` is "" when it is the reader's
    own, else the language of the fallback text (for a lang attribute)."""
    pattern = _words_pattern(words)
    found = first = None
    for candidate in names:  # in order, each made plain text only if needed
        plain = plain_text(getattr(obj, candidate))
        if not plain:
            continue
        first = first or (candidate, plain)
        if pattern.search(plain):
            found = (candidate, plain)
            break
    if first is None:
        return "", ""
    name, text = found or first
    shown = obj.language_of(name)
    current = translation.get_language()
    return _marked_excerpt(text, pattern), "" if shown == current else shown


def _marked_excerpt(text, pattern, length=240):
    """About ``length`` characters of plain ``text`` around the first match of
    ``pattern``, with every match in <mark> (HTML-escaped otherwise)."""
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
