"""Retention (apply_retention): warn 30 days before, anonymise inactive files, purge the old
log; and rotate_encryption_key."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from relais.audit.models import AccessLogEntry
from relais.audit.services import audit_write
from relais.persons import crypto, retention, services, tasks
from relais.persons.models import Contact, Goal, Note, Person


def fresh(user):
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def inactive(person, days):
    """The file's last activity `days` ago (and never warned)."""
    Person.objects.filter(pk=person.pk).update(
        last_activity_at=timezone.now() - timedelta(days=days), retention_warned_at=None
    )


def run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stale(world):
    """The world's file, inactive for 24 months and a day, with a note and a goal."""
    services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text="Note",
        visibility="shared",
    )
    services.goal_save(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        title="Un logement",
        status="planned",
    )
    inactive(world.person, 24 * 31)
    return world.person


def test_months_before():
    moment = datetime(2025, 3, 31, 10, 0, tzinfo=UTC)

    assert retention.months_before(moment, 1) == datetime(2025, 2, 28, 10, 0, tzinfo=UTC)
    assert retention.months_before(moment, 24) == datetime(2023, 3, 31, 10, 0, tzinfo=UTC)
    assert retention.months_before(moment, 13) == datetime(2024, 2, 29, 10, 0, tzinfo=UTC)


def test_a_dry_run_reports_and_changes_nothing(
    world, stale, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert output.startswith("Dry run: nothing changed. Add --apply to act.")
    assert f"{world.network.slug}: would warn 1 organisation(s) about 1 file(s)" in output
    assert not mailoutbox
    stale.refresh_from_db()
    assert stale.retention_warned_at is None and stale.anonymised_at is None


def test_the_referent_organisation_is_warned_once_30_days_before(
    world, stale, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--apply")

    assert f"{world.network.slug}: warned 1 organisation(s) about 1 file(s); anonymised 0" in output
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["admin.referent@example.org"]
    assert "30 jours" in mail.subject
    assert str(stale.pk) in mail.body
    for secret in ("Jojo", "Note", "logement"):
        assert secret not in mail.body
    stale.refresh_from_db()
    assert stale.retention_warned_at is not None
    assert stale.anonymised_at is None  # not before 30 days

    with django_capture_on_commit_callbacks(execute=True):
        again = run("--apply")

    assert "warned 0 organisation(s) about 0 file(s)" in again
    assert len(mailoutbox) == 1


def test_a_warned_file_is_anonymised_30_days_later(
    world, stale, time_machine, django_capture_on_commit_callbacks
):
    run("--apply")
    time_machine.move_to(timezone.now() + timedelta(days=29))
    assert "would anonymise 0 file(s)" in run()

    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert "would anonymise 1 file(s)" in run()
    output = run("--apply")

    assert "anonymised 1 file(s)" in output
    stale.refresh_from_db()
    assert stale.anonymised_at is not None
    assert stale.called_name != "Jojo" and stale.file_code is None
    assert stale.birth_year == 1980  # statistics stay
    assert not Note.objects.filter(person=stale).exists()
    assert not Goal.objects.filter(person=stale).exists()
    entry = AccessLogEntry.objects.filter(person_id=stale.pk).order_by("-at").first()
    assert (entry.action, entry.basis, entry.user_id) == ("retention", "system", None)


def test_an_activity_after_the_warning_keeps_the_file(world, stale, time_machine):
    run("--apply")
    time_machine.move_to(timezone.now() + timedelta(days=10))
    services.contact_add(
        user=fresh(world.referent_worker),
        person_id=stale.pk,
        happened_on=timezone.localdate(),
        kind=Contact.Kind.MEETING,
    )
    time_machine.move_to(timezone.now() + timedelta(days=40))

    run("--apply")

    stale.refresh_from_db()
    assert stale.anonymised_at is None
    assert stale.retention_warned_at is None


def test_an_identity_change_after_the_warning_asks_for_a_new_warning(world, stale, time_machine):
    run("--apply")
    time_machine.move_to(timezone.now() + timedelta(days=10))
    services.person_update(
        user=fresh(world.referent_worker), person_id=stale.pk, phone="0470 00 00 00"
    )
    time_machine.move_to(timezone.now() + timedelta(days=40))

    run("--apply")

    stale.refresh_from_db()
    assert stale.anonymised_at is None


def test_recent_files_are_left_alone_and_the_period_is_per_network(world, stale):
    recent = services.person_create(
        user=fresh(world.referent_worker), organisation=world.referent, called_name="Récent"
    )
    inactive(recent, 200)  # about 6.5 months

    assert "would warn 1 organisation(s) about 1 file(s)" in run()

    world.network.person_retention_months = 6
    world.network.save()

    assert "would warn 1 organisation(s) about 2 file(s)" in run()


def test_a_file_inactive_for_years_is_warned_before_it_is_anonymised(world, stale):
    inactive(stale, 6 * 365)

    output = run("--apply")

    assert "warned 1 organisation(s) about 1 file(s); anonymised 0 file(s)" in output
    stale.refresh_from_db()
    assert stale.anonymised_at is None


def test_an_organisation_without_admin_is_warned_at_its_address(
    world, stale, mailoutbox, django_capture_on_commit_callbacks
):
    world.referent_admin.delete()
    world.referent.email = "accueil@cpas-test.example.org"
    world.referent.save()

    with django_capture_on_commit_callbacks(execute=True):
        run("--apply")

    assert mailoutbox[0].to == ["accueil@cpas-test.example.org"]


def test_files_are_handled_in_batches(
    world, stale, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    others = [
        services.person_create(
            user=fresh(world.referent_worker), organisation=world.referent, called_name=f"P{i}"
        )
        for i in range(4)
    ]
    for person in others:
        inactive(person, 24 * 31)

    with django_capture_on_commit_callbacks(execute=True):
        output = run("--apply", "--batch-size", "2")

    assert "warned 1 organisation(s) about 5 file(s)" in output
    assert Person.objects.filter(retention_warned_at__isnull=False).count() == 5
    assert len(mailoutbox) == 1  # one e-mail per organisation, listing the five files
    assert all(str(p.pk) in mailoutbox[0].body for p in [stale, *others])
    time_machine.move_to(timezone.now() + timedelta(days=31))

    assert "anonymised 5 file(s)" in run("--apply", "--batch-size", "2")


def _old_entries(world, time_machine, days):
    time_machine.move_to(timezone.now() - timedelta(days=days))
    for _index in range(3):
        audit_write(
            user=world.referent_worker,
            organisation=world.referent,
            person=world.person,
            action="read",
            basis="own_organisation",
        )
    time_machine.move_to(timezone.now() + timedelta(days=days))


def test_log_entries_older_than_the_log_retention_are_purged(world, time_machine):
    _old_entries(world, time_machine, days=400)
    _old_entries(world, time_machine, days=500)
    recent = AccessLogEntry.objects.filter(at__gte=timezone.now() - timedelta(days=30)).count()
    assert recent >= 1  # the file's creation

    assert "would purge 6 log entries" in run()
    assert AccessLogEntry.objects.count() == recent + 6

    assert "purged 6 log entries" in run("--apply")
    assert AccessLogEntry.objects.count() == recent

    world.network.audit_retention_months = 1
    world.network.save()
    time_machine.move_to(timezone.now() + timedelta(days=40))
    assert f"purged {recent} log entries" in run("--apply")


@pytest.mark.django_db(transaction=True)
def test_the_purge_is_the_only_deletion_the_database_lets_through(world, time_machine):
    _old_entries(world, time_machine, days=400)
    kept = AccessLogEntry.objects.order_by("-at").first()

    run("--apply")

    assert AccessLogEntry.objects.filter(pk=kept.pk).exists()
    if connection.vendor == "postgresql":  # the flag of the purge ended with its transaction
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLogEntry.objects.filter(pk=kept.pk).delete()
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLogEntry.objects.filter(pk=kept.pk).update(action="export")
    assert AccessLogEntry.objects.get(pk=kept.pk).action == kept.action


def test_the_task_applies_the_rules(world, stale, mailoutbox):
    result = tasks.apply_retention.enqueue()

    reports = {r["network"]: r for r in result.return_value}
    assert reports[world.network.slug]["warned"] == 1
    stale.refresh_from_db()
    assert stale.retention_warned_at is not None


# --- rotate_encryption_key -------------------------------------------------------------------

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _stored(model, pk, field):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {field} FROM {model._meta.db_table} WHERE id = %s",  # noqa: S608 - test
            [pk.hex if connection.vendor == "sqlite" else pk],
        )
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_every_field_with_the_first_key(world):
    with override_settings(RELAIS_ENCRYPTION_KEYS=[OLD_KEY]):
        notes = [
            services.note_add(
                user=fresh(world.referent_worker),
                person_id=world.person.pk,
                text=f"Note {i}",
                visibility="shared",
            )
            for i in range(3)
        ]
        goal = services.goal_save(
            user=fresh(world.referent_worker),
            person_id=world.person.pk,
            title="Un logement",
            status="planned",
        )
        contact = services.contact_add(
            user=fresh(world.referent_worker),
            person_id=world.person.pk,
            happened_on=timezone.localdate(),
            kind="meeting",
            summary="",
        )

    with override_settings(RELAIS_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        services.note_add(
            user=fresh(world.referent_worker),
            person_id=world.person.pk,
            text="Déjà neuve",
            visibility="shared",
        )
        out = StringIO()
        call_command("rotate_encryption_key", "--batch-size", "2", stdout=out)
        output = out.getvalue()
        again = StringIO()
        call_command("rotate_encryption_key", stdout=again)

    assert "persons.Note.text: 3 re-encrypted, 1 already under the first key." in output
    assert "persons.Goal.title: 1 re-encrypted, 0 already under the first key." in output
    assert "persons.Contact.summary: 0 re-encrypted" in output  # empty summaries stay empty
    assert "Done: 4 value(s) re-encrypted." in output
    assert "Done: 0 value(s) re-encrypted." in again.getvalue()
    assert _stored(Contact, contact.pk, "summary") == ""
    with override_settings(RELAIS_ENCRYPTION_KEYS=[NEW_KEY]):  # the old key can go
        assert sorted(Note.objects.values_list("text", flat=True)) == [
            "Déjà neuve",
            "Note 0",
            "Note 1",
            "Note 2",
        ]
        assert Goal.objects.get(pk=goal.pk).title == "Un logement"
        assert crypto.decrypt(_stored(Note, notes[0].pk, "text")) == "Note 0"
    with override_settings(RELAIS_ENCRYPTION_KEYS=[OLD_KEY]), pytest.raises(RuntimeError):
        Note.objects.get(pk=notes[0].pk)
