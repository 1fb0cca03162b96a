"""Writes of the access log. Called by the persons services and access policy inside their
own transaction, so that an entry exists if and only if the read or change happened."""

from datetime import datetime

from django.db import connection, transaction

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
    return AccessLogEntry.objects.create(
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


@transaction.atomic
def audit_purge_before(*, network_id: int, before: datetime) -> int:
    """Delete a network's entries older than `before` (log retention). The only deletion the
    PostgreSQL trigger lets through, flagged for this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL relais.audit_purge = 'on'")
    count, _by_model = AccessLogEntry.objects.filter(network_id=network_id, at__lt=before).delete()
    return count
