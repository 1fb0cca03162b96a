"""The access log's writer: one INSERT compiled once per database, the values prepared by
the entry's fields as save() would."""

from django.utils import timezone

from relais.audit.models import AccessLogEntry
from relais.audit.services import audit_write
from relais.persons import access, services
from tests.persons.conftest import build_world


def test_an_audit_row_holds_what_was_written(db):
    world = build_world()
    c = services.consent_grant(
        user=world.referent_worker,
        person_id=world.person.pk,
        organisations=[world.partner],
        scope=["identity"],
        method="oral",
        purpose="Orientation",
    )
    file = access.access_for(world.partner_worker, world.person.pk)
    before = timezone.now()

    entry = audit_write(
        user=world.partner_worker,
        organisation=file.organisation,
        person=file.person,
        action="read",
        basis=file.basis,
        consent_id=file.consent_id,
    )

    stored = AccessLogEntry.objects.get(pk=entry.pk)
    assert (entry._state.adding, entry._state.db) == (False, "default")
    fields = [f.attname for f in AccessLogEntry._meta.concrete_fields]
    assert {f: getattr(stored, f) for f in fields} == {f: getattr(entry, f) for f in fields}
    assert (stored.user_id, stored.username, stored.organisation_id) == (
        world.partner_worker.pk,
        "worker.partner",
        world.partner.pk,
    )
    assert (stored.organisation_name, stored.network_id, stored.person_id) == (
        "Abri de nuit",
        world.network.pk,
        world.person.pk,
    )
    assert (stored.action, stored.basis, stored.consent_id, stored.break_glass_id) == (
        "read",
        "consent",
        c.pk,
        None,
    )
    assert before <= stored.at <= timezone.now()
