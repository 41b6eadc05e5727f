"""Queries compiled once per process, run with each request's own values.

Django builds and compiles a queryset's SQL anew every time it is evaluated. For a
query of some fifty columns with a subquery (a page of the site tree, found by a
search) that is about a millisecond of Python, more than the database takes to answer
it. A public page that runs the same query on every request, with only its values
changing (the time now, the words searched), can have it compiled once:

    found = prepared_objects(
        ("search-pages", language),  # everything else the SQL depends on
        lambda at, text: search(Page.objects.published(at), text, ...)[:5],
        at=timezone.now(), text=text,
    )

The queryset is built once per key with stand-in values (twice, with two sets, to
check), the positions where each stand-in lands among the compiled parameters are
noted, and every call runs that SQL with its own values: the same query the ORM would
have run for them. The ORM's rules (what "published" means, how a search ranks) stay
written once, in the querysets.

Only on PostgreSQL, where Django hands times, words and numbers to the driver as they
are. Where a value does not land as a parameter of its own (SQLite passes times as
text; a LIKE pattern wraps the words it looks for; a year becomes its first and last
day; a number may be written into the SQL), or the query takes a time by itself, the
query is built and run by the ORM every time, as usual.
"""

import datetime
import itertools

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import prefetch_related_objects
from django.db.models.query import ValuesIterable

# Stand-ins that no real value is: times in the first days of 1970, negative ids
# beyond any sequence, text in the Unicode private use area.
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_compiled = {}  # key -> _Compiled, or None where the query cannot be prepared
# Keys that include a page's offset are many: past this many, start again.
MAX_COMPILED = 1000
_counter = itertools.count(1)


class _Compiled:
    """A query's SQL with its parameters; ``slots``: [(position, (name, index))], where
    each value goes (``index`` into a list, or None)."""

    def __init__(self, sql, params, slots, using, **rows):
        self.sql, self.params, self.slots, self.using = sql, params, slots, using
        # Model rows: the model and its prefetches. values() rows: their names, and
        # {position: (converters, expression)} as the ORM converts them.
        self.model = rows.get("model")
        self.prefetch = rows.get("prefetch", ())
        self.names = rows.get("names")
        self.converters = rows.get("converters", {})

    def params_for(self, values):
        params = list(self.params)
        for position, (name, index) in self.slots:
            value = values[name]
            params[position] = value if index is None else value[index]
        return params


def _kind(value):
    """The kinds of value a stand-in can take the place of (None for another: a
    boolean, None, a date; the query is then not prepared)."""
    if isinstance(value, datetime.datetime | str):
        return type(value)
    return int if isinstance(value, int) and not isinstance(value, bool) else None


def _stand_in(value):
    """A value of the same kind that no real one is."""
    number = next(_counter)
    if isinstance(value, datetime.datetime):
        return _EPOCH + datetime.timedelta(microseconds=number)
    if isinstance(value, str):
        return f"\ue000{number}\ue001"
    return -(2**60) - number


def _stand_ins(values):
    """({name: stand-in or list of them}, {(type, stand-in): (name, index)})."""
    given, where = {}, {}
    for name, value in values.items():
        if isinstance(value, list | tuple):
            given[name] = [_stand_in(item) for item in value]
            for index, stand_in in enumerate(given[name]):
                where[(type(stand_in), stand_in)] = (name, index)
        else:
            given[name] = _stand_in(value)
            where[(type(given[name]), given[name])] = (name, None)
    return given, where


def _sql(build, values):
    """(queryset, compiler, sql, params, where) of ``build`` given stand-ins for
    ``values``; sql is None where the query is empty whatever the values."""
    given, where = _stand_ins(values)
    queryset = build(**given)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = None, ()
    return queryset, compiler, sql, params, where


def _compile_or_none(build, values):
    try:
        return _compile(build, values)
    except (ValueError, TypeError, OverflowError, ArithmeticError):
        # A stand-in the query cannot take (a year -2**60): the ORM builds it with the
        # real values, each time.
        return None


def _slot(where, param):
    try:
        return where.get((type(param), param))
    except TypeError:  # an unhashable parameter (a list, a dict): the query's own
        return None


def _compile(build, values):
    """The query ``build`` makes: a _Compiled, or None where it cannot be prepared.

    It is compiled twice, with two sets of stand-ins: the SQL must be the same, each
    parameter either the same in both (the query's own) or the same value's stand-in
    in both. A value written into the SQL, wrapped into another value (a LIKE
    pattern), turned into another (a year into its first and last day), or a time
    the query takes by itself rather than from ``values``, shows as a difference."""
    items = [item for v in values.values() for item in (v if isinstance(v, list | tuple) else [v])]
    if not all(_kind(item) for item in items):
        return None
    queryset, compiler, sql, params, where = _sql(build, values)
    if connections[queryset.db].vendor != "postgresql" or queryset.query.select_related:
        return None
    _queryset, _compiler, other_sql, other_params, other_where = _sql(build, values)
    if sql is None or sql != other_sql or len(params) != len(other_params):
        return None
    slots = []
    for position, (param, other) in enumerate(zip(params, other_params, strict=True)):
        found = _slot(where, param)
        if found is not None and found == _slot(other_where, other):
            slots.append((position, found))
        elif found is not None or param != other:
            return None
    if queryset._fields is None:
        model, prefetch = queryset.model, queryset._prefetch_related_lookups
        return _Compiled(sql, params, slots, queryset.db, model=model, prefetch=prefetch)
    if queryset._iterable_class is not ValuesIterable:
        return None  # values_list(), or rows rewritten (django-modeltranslation's fallbacks)
    # Named and converted column by column as Django's ValuesIterable does.
    query = queryset.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    names = list(query.selected or names)
    expressions = [expression for expression, _sql, _alias in compiler.select]
    if len(names) != len(expressions):
        return None
    converters = compiler.get_converters(expressions)
    return _Compiled(sql, params, slots, queryset.db, names=names, converters=converters)


def _prepared(key, build, values):
    shape = (key, *(len(v) for v in values.values() if isinstance(v, list | tuple)))
    try:
        return _compiled[shape]
    except KeyError:
        if len(_compiled) >= MAX_COMPILED:
            _compiled.clear()
        compiled = _compiled[shape] = _compile_or_none(build, values)
        return compiled


def prepared_objects(key, build, **values):
    """The model instances of ``build(**values)`` (prefetches included), as a list.

    ``key``: what the SQL depends on besides ``values`` (a language, a page's offset);
    ``build``: makes the queryset from ``values`` (times, texts, whole numbers, or
    lists of them; a list's length is part of the key by itself). Its select_related
    is not supported (the query is then built every time)."""
    compiled = _prepared(key, build, values)
    if compiled is None or compiled.model is None:
        return list(build(**values))
    found = list(
        compiled.model._base_manager.raw(
            compiled.sql, compiled.params_for(values), using=compiled.using
        )
    )
    if compiled.prefetch:
        prefetch_related_objects(found, *compiled.prefetch)
    return found


def prepared_rows(key, build, **values):
    """The rows of ``build(**values)``, a ``values()`` queryset, as a list of dicts."""
    compiled = _prepared(key, build, values)
    if compiled is None or compiled.names is None:
        return list(build(**values))
    connection = connections[compiled.using]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params_for(values))
        rows = [list(row) for row in cursor.fetchall()]
    for position, (converters, expression) in compiled.converters.items():
        for row in rows:
            for convert in converters:
                row[position] = convert(row[position], expression, connection)
    return [dict(zip(compiled.names, row, strict=True)) for row in rows]
