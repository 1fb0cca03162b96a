"""Reads of the public directory on a read replica (`DATABASE_REPLICA_URL`).

When one database server is not enough, a PostgreSQL streaming replica takes the public
directory's reads: searches, service sheets, the pocket guide and the public exports. Nothing
else ever reads it. The rules, in the order `ReplicaRouter.db_for_read` applies them:

1. a replica is configured (`settings.RELAIS_READ_REPLICA` names its alias; None, the
   default, keeps every query on the primary exactly as without this module);
2. the request is inside a view that opted in with `@replica_reads` (HTML pages) or
   `@decorate_view(replica_reads)` (API operations), and it is a GET or HEAD;
3. nothing has been written in this request since the view started: a write through the ORM
   (`db_for_write`, which Django also asks for `select_for_update`, `get_or_create`,
   `update`, `delete`) or any statement on the primary that is not a SELECT (raw SQL,
   savepoints) pins the rest of the request to the primary;
4. the model belongs to an app of `REPLICA_APPS` (the directory and the networks it shows).
   Person files, the access log, accounts and roles, sessions, django-axes' lockout state
   and the cache are never read from the replica, inside those views or anywhere else.

The middleware (sessions, CSRF, authentication, second factor, axes) runs outside the view,
so the request's user and session are always read from the primary; the views' own reads of
`request.user` go to the primary too (rule 4). A directory query that joins the roles (which
professionals-only services a member sees, the menu's coordinated networks) is one query on
a model of `REPLICA_APPS` and is read whole from the replica: a role change reaches those
pages with the replica's lag. Migrations run on the primary only
(`manage.py migrate` uses the default database; streaming replication copies the schema).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Apps whose models the public directory's pages read. Not persons, audit, accounts,
# sessions, axes, admin, contenttypes, the cache table, allauth.
REPLICA_APPS = frozenset({"directory", "network"})

SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class _ReplicaReads:
    """The state of one request that opted in: which alias, and whether it wrote."""

    alias: str
    wrote: bool = False


_current: ContextVar[_ReplicaReads | None] = ContextVar("relais_replica_reads", default=None)


def replica_alias() -> str | None:
    """The alias of the configured read replica, or None."""
    alias = getattr(settings, "RELAIS_READ_REPLICA", None)
    if alias and alias in connections.settings:
        return alias
    return None


def _is_read(sql: str) -> bool:
    head = sql.lstrip(" \t\r\n(")[:6].upper()
    return head == "SELECT"


class _WriteWatcher:
    """An execute wrapper on the primary's connection: any statement that is not a SELECT
    (raw INSERT/UPDATE/DELETE, DDL, savepoints) marks the request as having written."""

    def __init__(self, state: _ReplicaReads):
        self.state = state

    def __call__(self, execute, sql, params, many, context):
        if not self.state.wrote and not _is_read(sql):
            self.state.wrote = True
        return execute(sql, params, many, context)


def replica_reads(view):
    """Let the directory's reads of `view` go to the read replica (see the module's rules).

    For Django views: `@replica_reads`. For django-ninja operations:
    `@decorate_view(replica_reads)` under the `@router.get(...)` line. Without a replica
    configured, or for any method but GET and HEAD, the view runs exactly as it would
    without the decorator.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        alias = replica_alias()
        if alias is None or request.method not in SAFE_METHODS or _current.get() is not None:
            return view(request, *args, **kwargs)
        state = _ReplicaReads(alias=alias)
        token = _current.set(state)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_WriteWatcher(state)):
                return view(request, *args, **kwargs)
        finally:
            _current.reset(token)

    return wrapper


def reading_replica() -> str | None:
    """The alias reads may go to now (inside an opted-in view that has not written), or
    None."""
    state = _current.get()
    if state is None or state.wrote:
        return None
    return state.alias


class ReplicaRouter:
    """Sends the reads of `REPLICA_APPS` to the replica inside opted-in views; everything
    else to the primary (`default`)."""

    def db_for_read(self, model, **hints):
        alias = reading_replica()
        if alias is not None and model._meta.app_label in REPLICA_APPS:
            return alias
        return None

    def db_for_write(self, model, **hints):
        state = _current.get()
        if state is not None:
            state.wrote = True
        # Writes go to the primary, even for an object read from the replica.
        return DEFAULT_DB_ALIAS if replica_alias() is not None else None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may point to one
        # read from the other.
        alias = replica_alias()
        if alias is not None and {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, alias}:
            return True
        return None
