"""Writes of the access log. Called by the persons services and access policy inside their
own transaction, so that an entry exists if and only if the read or change happened."""

from datetime import datetime

from django.db import connection, connections, router, transaction
from django.db.models.sql import InsertQuery

from .models import AccessLogEntry, Action, Basis


def audit_write(
    *,
    user,
    organisation,
    person,
    action: Action | str,
    basis: Basis | str,
    consent_id=None,
    break_glass_id=None,
) -> AccessLogEntry:
    """Append one entry. Never pass content: only who, where, which file, what and why."""
    entry = AccessLogEntry(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "",
        organisation_id=getattr(organisation, "pk", None),
        organisation_name=getattr(organisation, "name", "") or "",
        network_id=person.network_id,
        person_id=person.pk,
        action=action,
        basis=basis,
        consent_id=consent_id,
        break_glass_id=break_glass_id,
    )
    _insert(entry)
    return entry


# Every read of a person's file writes one entry: the INSERT is compiled by the ORM once per
# database, and each entry's values are prepared by its fields as `save()` would
# (docs/performance.md). An entry is only ever inserted, so `save()` adds nothing else here:
# no signal handlers listen to this model.
_INSERT_SQL: dict[tuple[str, str], str] = {}


def _insert(entry: AccessLogEntry) -> None:
    alias = router.db_for_write(AccessLogEntry)
    connection = connections[alias]
    fields = AccessLogEntry._meta.local_concrete_fields
    key = (alias, connection.vendor)
    sql = _INSERT_SQL.get(key)
    if sql is None:
        query = InsertQuery(AccessLogEntry)
        query.insert_values(fields, [entry])
        [(sql, compiled)] = query.get_compiler(using=alias).as_sql()
        # The statement must take the fields' values, in this order, as parameters.
        expected = [
            field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields
        ]
        if list(compiled) != expected:
            raise RuntimeError("The access log's INSERT does not bind its fields' values.")
        _INSERT_SQL[key] = sql
    params = [field.get_db_prep_save(field.pre_save(entry, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    entry._state.adding = False
    entry._state.db = alias


@transaction.atomic
def audit_purge_before(*, network_id: int, before: datetime) -> int:
    """Delete a network's entries older than `before` (log retention). The only deletion the
    PostgreSQL trigger lets through, flagged for this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL relais.audit_purge = 'on'")
    count, _by_model = AccessLogEntry.objects.filter(network_id=network_id, at__lt=before).delete()
    return count
