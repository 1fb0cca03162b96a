"""Querysets compiled once per process: the ORM writes the SQL, each request binds its values.

Building and compiling a queryset costs far more Python than running the small indexed
queries of a person read, or the directory search's page (docs/performance.md). Those queries
have a fixed shape: only values change from one request to the next (the file, the user, the
time, the acting organisations; the words, the point, the moment of a search). A `Compiled` query asks its builder for the queryset with
*sentinel* values, compiles it once per (database alias, vendor, shape), finds the parameter
slots where each sentinel landed, and keeps the SQL text, those slots, the constant parameters
and how to turn rows back into what the queryset returns (dicts for `.values()`, model
instances with their `select_related` objects otherwise). It keeps no data: every call runs
the query and binds the caller's values as parameters, never as SQL text.

Fail closed. The queryset is compiled twice, with two different sets of sentinels. The SQL
text must be identical (a value written into the SQL instead of a parameter would change it),
every parameter must be either the same constant both times or the same sentinel both times
(a value computed from a sentinel, or a constant that happens to equal one, would be neither),
and every sentinel must be found. Otherwise `Uncompilable` is raised and nothing is cached: the
request fails rather than run a query that would not say what the queryset says.

The shape is the number of values of each list argument (for `pk__in=[...]`) and the options
(which filters to build): a different number of acting organisations gets its own SQL, and so
does another database.
"""

import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet, UUIDField
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, ValuesIterable
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils.dateparse import parse_date, parse_datetime


class Uncompilable(RuntimeError):
    """The queryset cannot be turned into SQL with bound values (see the module docstring)."""


_UUID_FIELD = UUIDField()


@dataclass(frozen=True)
class Kind:
    """A kind of value passed to a compiled query: its sentinels, and how the ORM prepares
    such a value for the database (so that a sentinel can be recognised among the compiled
    parameters, and a request's value bound in its place)."""

    name: str
    sentinel: Callable[[int], Any]
    prepare: Callable[[Any, Any], Any]  # (value, connection) -> database value


# Sentinels are values no request ever binds: a fixed UUID prefix, negative ids, a date in 1901.
UUID = Kind(
    "uuid",
    lambda n: uuid.UUID(f"5e471e15-0000-4000-8000-{n:012x}"),
    lambda value, connection: _UUID_FIELD.get_db_prep_value(value, connection),
)
ID = Kind("id", lambda n: -2_000_000_000 - n, lambda value, connection: int(value))
DATETIME = Kind(
    "datetime",
    lambda n: datetime(1901, 2, 3, 4, 5, 6, n, tzinfo=UTC),
    lambda value, connection: connection.ops.adapt_datetimefield_value(value),
)

# Plain values (the directory's search): numbers, text and dates no request binds.
INT = Kind("int", lambda n: -1_900_000_000 - n, lambda value, connection: int(value))
FLOAT = Kind("float", lambda n: -1.0e12 - n * 1024.0, lambda value, connection: float(value))
TEXT = Kind("text", lambda n: f"\x1fsentinel {n}\x1f", lambda value, connection: str(value))
DATE = Kind(
    "date",
    lambda n: date(1901, 1, 1) + timedelta(days=n),
    lambda value, connection: connection.ops.adapt_datefield_value(value),
)

# An option is not a value of the query but a choice of which query to build (which filters,
# which joins): it is passed to the builder as it is and is part of the cache key.
OPTION = Kind("option", lambda n: None, lambda value, connection: value)

_SECOND_SET = 1000  # the second compilation's sentinels start here


def _typed(value) -> tuple:
    """A parameter as a dictionary key that tells True from 1 and '1' from 1."""
    try:
        hash(value)
    except TypeError as error:
        raise Uncompilable(f"unhashable parameter {value!r}") from error
    return (type(value), value)


# On SQLite, Django's backend converters for the commonest columns (the file's ids, dates and
# flags) are called with three arguments for every value; these do the same with one.
def _sqlite_uuid(value, connection):
    return None if value is None else uuid.UUID(value)


def _sqlite_boolean(value, connection):
    return bool(value) if value in (1, 0) else value


def _sqlite_date(value, connection):
    return value if value is None or isinstance(value, date) else parse_date(value)


def _sqlite_datetime(value, connection):
    if value is not None:
        if not isinstance(value, datetime):
            value = parse_datetime(value)
        # The connection's time zone is None when settings.USE_TZ is off.
        if value.tzinfo is None and connection.timezone is not None:
            value = value.replace(tzinfo=connection.timezone)
    return value


_SQLITE_CONVERTERS = {
    "convert_uuidfield_value": _sqlite_uuid,
    "convert_booleanfield_value": _sqlite_boolean,
    "convert_datefield_value": _sqlite_date,
    "convert_datetimefield_value": _sqlite_datetime,
}


def _sqlite_converter(function, connection) -> Callable | None:
    """The one-argument equivalent of one of the SQLite backend's own converters, if it is one
    (a method of the connection's operations class that was not overridden)."""
    name = getattr(function, "__name__", "")
    if (
        connection.vendor == "sqlite"
        and name in _SQLITE_CONVERTERS
        and getattr(function, "__func__", None) is getattr(type(connection.ops), name, None)
    ):
        return _SQLITE_CONVERTERS[name]
    return None


def _converter(functions, expression, connection) -> Callable:
    """One function(value, connection) doing what Django's converters of a column do."""
    steps = [
        _sqlite_converter(function, connection) or partial(_django_converter, function, expression)
        for function in functions
    ]
    if len(steps) == 1:
        return steps[0]

    def convert(value, connection):
        for step in steps:
            value = step(value, connection)
        return value

    return convert


def _django_converter(function, expression, value, connection):
    return function(value, expression, connection)


def _maker(model: type[Model], init_list: tuple[str, ...]) -> Callable:
    """A function(alias, values, fetch_mode, plain) returning what `model.from_db` returns.

    `Model.from_db` calls `Model.__init__`, whose general path (signals, keyword arguments,
    defaults, one `setattr` per field) is the largest part of turning a row into an instance.
    When the model cannot notice the difference (it overrides neither `__init__` nor
    `from_db`, every column is loaded, and each field's attribute is one of Django's plain
    descriptors, so that setting it only stores the value), the instance is made with the
    same state and the same attributes directly. `plain` is false while a `pre_init` or
    `post_init` receiver is connected to one of the query's models: `from_db` is called."""
    plain = (
        model.__init__ is Model.__init__
        and getattr(model.from_db, "__func__", None) is Model.from_db.__func__
        and init_list == tuple(field.attname for field in model._meta.concrete_fields)
        and all(
            type(inspect.getattr_static(model, name)) in _PLAIN_DESCRIPTORS for name in init_list
        )
    )
    from_db = model.from_db
    if not plain:
        return lambda alias, values, fetch_mode, plain: from_db(
            alias, init_list, values, fetch_mode=fetch_mode
        )
    new = model.__new__

    def make(alias, values, fetch_mode, plain):
        if not plain:
            return from_db(alias, init_list, values, fetch_mode=fetch_mode)
        obj = new(model)
        state = obj._state = ModelState()
        state.adding = False
        state.db = alias
        state.fetch_mode = fetch_mode
        obj.__dict__.update(zip(init_list, values, strict=True))
        return obj

    return make


_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


@dataclass(frozen=True)
class _Related:
    """How to build one `select_related` object from its columns of a row."""

    make: Callable
    start: int
    end: int
    pk_index: int
    local_setter: Callable
    remote_setter: Callable
    related: tuple["_Related", ...]

    def populate(self, row, alias, fetch_mode, plain, owner) -> None:
        values = row[self.start : self.end]
        obj = None
        if values[self.pk_index] is not None:
            obj = self.make(alias, values, fetch_mode, plain)
            for related in self.related:
                related.populate(row, alias, fetch_mode, plain, obj)
        self.local_setter(owner, obj)
        if obj is not None:
            self.remote_setter(obj, owner)


def _models(klass_info) -> tuple[type[Model], ...]:
    return (
        klass_info["model"],
        *(model for info in klass_info.get("related_klass_infos", []) for model in _models(info)),
    )


def _columns(klass_info, select) -> tuple[int, int, tuple[str, ...]]:
    if klass_info.get("from_parent"):
        raise Uncompilable("select_related through model inheritance is not supported")
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    if list(fields) != list(range(start, end)):
        raise Uncompilable("a model's columns are not contiguous")
    return start, end, tuple(select[i][0].target.attname for i in range(start, end))


def _related(klass_info, select) -> tuple[_Related, ...]:
    related = []
    for info in klass_info.get("related_klass_infos", []):
        start, end, init_list = _columns(info, select)
        model = info["model"]
        related.append(
            _Related(
                make=_maker(model, init_list),
                start=start,
                end=end,
                pk_index=init_list.index(model._meta.pk.attname),
                local_setter=info["local_setter"],
                remote_setter=info["remote_setter"],
                related=_related(info, select),
            )
        )
    return tuple(related)


@dataclass(frozen=True)
class _Plan:
    """What one compilation leaves: SQL, slots and how to read rows. No data."""

    sql: str
    slots: tuple  # per parameter: ("value", position among the values) or ("constant", value)
    converters: tuple  # (position, function(value, connection))
    names: tuple[str, ...] | None  # .values(): the keys of each dict
    models: tuple[type[Model], ...]  # model instances: the models of each row …
    make: Callable | None  # … how to make one …
    columns: tuple[int, int] | None  # … from which columns …
    related: tuple[_Related, ...]  # … and its select_related objects
    annotations: tuple[tuple[str, int], ...]  # … and its annotations: (name, column)
    fetch_mode: Any


class Compiled:
    """A queryset compiled once per (database alias, vendor, shape); see the module docstring.

    `build` takes keyword arguments and returns the queryset; `kinds` says the kind of each
    argument (`UUID`, `ID`, `DATETIME`, a one-element list such as `[ID]` for a list of
    values, or `OPTION` for a hashable choice of which queryset to build). `model` is the queryset's model (its database is chosen by the router, as the
    queryset would).
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet], **kinds):
        self.model = model
        self.build = build
        self.kinds = kinds
        self._plans: dict[tuple, _Plan] = {}

    # --- values and sentinels -------------------------------------------------------------

    def _shape(self, values: dict) -> tuple:
        """The cache key's part that comes from the values: the length of each list, and the
        options."""
        return tuple(
            len(values[name]) if isinstance(kind, list) else values[name]
            for name, kind in self.kinds.items()
            if isinstance(kind, list) or kind is OPTION
        )

    def _flat(self, values: dict):
        """(key, kind, value) for every value: key is the argument's name, or (name, index)."""
        for name, kind in self.kinds.items():
            if isinstance(kind, list):
                for index, value in enumerate(values[name]):
                    yield (name, index), kind[0], value
            elif kind is not OPTION:
                yield name, kind, values[name]

    def _sentinels(self, shape: tuple, first: int) -> dict:
        keys = iter(shape)
        number = first
        values = {}
        for name, kind in self.kinds.items():
            if isinstance(kind, list):
                values[name] = []
                for _ in range(next(keys)):
                    values[name].append(kind[0].sentinel(number))
                    number += 1
            elif kind is OPTION:
                values[name] = next(keys)
            else:
                values[name] = kind.sentinel(number)
                number += 1
        return values

    # --- compiling --------------------------------------------------------------------------

    def plan(self, alias: str, shape: tuple) -> _Plan:
        """The compiled query for this database and shape (compiled at the first call)."""
        connection = connections[alias]
        key = (alias, connection.vendor, shape)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._compile(alias, connection, shape)
            self._plans[key] = plan
        return plan

    def _compile(self, alias: str, connection, shape: tuple) -> _Plan:
        runs = []
        for first in (0, _SECOND_SET):
            sentinels = self._sentinels(shape, first)
            queryset = self.build(**sentinels)
            if queryset.model is not self.model or queryset._db is not None:
                # The database is the router's choice for the model, at each call.
                raise Uncompilable(
                    "the queryset's model is not the declared one, or it chose a database"
                )
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            recognise = {}
            for key, kind, value in self._flat(sentinels):
                typed = _typed(kind.prepare(value, connection))
                if typed in recognise:
                    raise Uncompilable(f"two sentinels prepare to the same value {typed[1]!r}")
                recognise[typed] = key
            runs.append((queryset, compiler, sql, tuple(params), recognise))

        (queryset, compiler, sql, params, recognise), (_, _, sql_2, params_2, recognise_2) = runs
        order = {key: position for position, key in enumerate(recognise.values())}
        if sql != sql_2 or len(params) != len(params_2):
            raise Uncompilable("a value was written into the SQL instead of a parameter")
        slots, found = [], set()
        for first, second in zip(params, params_2, strict=True):
            key, key_2 = recognise.get(_typed(first)), recognise_2.get(_typed(second))
            if key is None and key_2 is None and _typed(first) == _typed(second):
                slots.append(("constant", first))
            elif key is not None and key == key_2:
                slots.append(("value", order[key]))
                found.add(key)
            else:
                raise Uncompilable(f"parameter {first!r} / {second!r} is ambiguous")
        missing = set(recognise.values()) - found
        if missing:
            raise Uncompilable(
                f"sentinels not found among the parameters: {sorted(map(str, missing))}"
            )

        select = compiler.select
        converters = tuple(
            (position, _converter(functions, expression, connection))
            for position, (functions, expression) in compiler.get_converters(
                [column for column, _sql, _alias in select[: compiler.col_count]]
            ).items()
        )
        iterable = queryset._iterable_class
        names = make = columns = None
        related = models = annotations = ()
        if iterable is ValuesIterable:
            query = queryset.query
            names = tuple(
                query.selected
                or [*query.extra_select, *query.values_select, *query.annotation_select]
            )
        elif iterable is ModelIterable:
            if queryset._known_related_objects:
                raise Uncompilable("known related objects are not supported")
            annotations = tuple(compiler.annotation_col_map.items())
            if queryset._fetch_mode.track_peers:
                raise Uncompilable("fetch modes that track peers are not supported")
            start, end, init_list = _columns(compiler.klass_info, select)
            make = _maker(compiler.klass_info["model"], init_list)
            columns = (start, end)
            related = _related(compiler.klass_info, select)
            models = _models(compiler.klass_info)
        else:
            raise Uncompilable(f"{iterable.__name__} is not supported")
        if queryset._prefetch_related_lookups:
            raise Uncompilable("prefetch_related is not supported")
        return _Plan(
            sql=sql,
            slots=tuple(slots),
            converters=converters,
            names=names,
            models=models,
            make=make,
            columns=columns,
            related=related,
            annotations=annotations,
            fetch_mode=queryset._fetch_mode,
        )

    # --- running ----------------------------------------------------------------------------

    def __call__(self, cursor=None, /, **values) -> list:
        """Run the query with these values: what `list(build(**values))` would return.

        `cursor`: a cursor of the query's database to run it with (several queries of one
        read can share one), or None for a new one."""
        if values.keys() != self.kinds.keys():
            raise TypeError(f"expected the arguments {sorted(self.kinds)}, got {sorted(values)}")
        alias = router.db_for_read(self.model)
        if cursor is None:
            connection = connections[alias]
        elif cursor.db.alias == alias:
            connection = cursor.db
        else:
            raise ValueError(f"the cursor is on {cursor.db.alias!r}, the query on {alias!r}")
        shape = self._shape(values)
        plan = self._plans.get((alias, connection.vendor, shape)) or self.plan(alias, shape)
        bound = [kind.prepare(value, connection) for _key, kind, value in self._flat(values)]
        params = [bound[item] if slot == "value" else item for slot, item in plan.slots]
        if cursor is None:
            with connection.cursor() as cursor:
                cursor.execute(plan.sql, params)
                rows = cursor.fetchall()
        else:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = [self._convert(row, plan.converters, connection) for row in rows]
        if plan.names is not None:
            return [dict(zip(plan.names, row, strict=True)) for row in rows]
        start, end = plan.columns
        make, related, fetch_mode = plan.make, plan.related, plan.fetch_mode
        plain = not any(
            pre_init.has_listeners(model) or post_init.has_listeners(model) for model in plan.models
        )
        objects = []
        annotations = plan.annotations
        for row in rows:
            obj = make(alias, row[start:end], fetch_mode, plain)
            for one in related:
                one.populate(row, alias, fetch_mode, plain, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    @staticmethod
    def _convert(row, converters, connection) -> list:
        row = list(row)
        for position, function in converters:
            row[position] = function(row[position], connection)
        return row
