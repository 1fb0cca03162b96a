from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from relais.audit.models import AccessLogEntry
from relais.persons import access, services
from relais.persons.models import Note


@pytest.fixture
def world(shared_world, db):
    """The world of conftest.py, written once for the tests of this module (`shared_world`):
    each test gets its own copy of the objects, and its changes are rolled back after it."""
    return shared_world.copy()


def fresh(user):
    """A new request: nothing cached on the user object."""
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def sees(user, person):
    try:
        return access.get_person_for(fresh(user), person.pk).parts
    except access.PersonNotFound:
        return None


def consent(world, **kwargs):
    defaults = {
        "scope": ["identity", "shared_notes"],
        "method": "oral",
        "purpose": "Orientation vers un abri de nuit",
    }
    defaults.update(kwargs)
    return services.consent_grant(
        user=fresh(world.referent_worker), person_id=world.person.pk, **defaults
    )


def test_referent_organisation_sees_the_whole_file(world):
    assert sees(world.referent_worker, world.person) == access.WHOLE_FILE
    assert sees(world.allowed_volunteer, world.person) == access.WHOLE_FILE


@pytest.mark.parametrize(
    "persona",
    ["partner_worker", "outsider_worker", "foreign_worker", "coordinator", "dpo", "volunteer"],
)
def test_without_consent_nobody_else_sees_anything(world, persona):
    assert sees(getattr(world, persona), world.person) is None


def test_unknown_and_malformed_ids_answer_like_forbidden_files(world):
    for bad in ("00000000-0000-0000-0000-000000000000", "not-a-uuid", 12):
        with pytest.raises(access.PersonNotFound):
            access.get_person_for(world.referent_worker, bad)


def test_a_consent_naming_the_partner_opens_its_scope_only(world):
    consent(world, organisations=[world.partner])
    assert sees(world.partner_worker, world.person) == {"identity", "shared_notes"}
    assert sees(world.outsider_worker, world.person) is None


def test_all_signatories_covers_only_signatories_of_the_current_charter(world):
    consent(world, all_signatories=True, scope=["identity"])
    assert sees(world.partner_worker, world.person) == {"identity"}
    assert sees(world.outsider_worker, world.person) is None
    assert sees(world.foreign_worker, world.person) is None


def test_revocation_takes_effect_on_the_next_request(world):
    c = consent(world, organisations=[world.partner])
    assert sees(world.partner_worker, world.person)
    services.consent_revoke(consent_id=c.pk, person=world.person)
    assert sees(world.partner_worker, world.person) is None


def test_expiry_takes_effect_on_the_next_request(world, time_machine):
    consent(world, organisations=[world.partner], expires_at=timezone.now() + timedelta(days=2))
    assert sees(world.partner_worker, world.person)
    time_machine.move_to(timezone.now() + timedelta(days=3))
    assert sees(world.partner_worker, world.person) is None


def test_break_glass_opens_the_shared_part_for_24_hours(
    world, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        glass = services.break_glass_declare(
            user=fresh(world.partner_worker),
            person_id=world.person.pk,
            reason="Menace de suicide signalée par l'équipe de rue ce soir",
        )
    assert sees(world.partner_worker, world.person) == access.SHARED_PART
    assert sees(world.outsider_worker, world.person) is None  # only the declaring user
    assert mailoutbox and "dpo@example.org" in mailoutbox[0].to
    assert glass.reason not in mailoutbox[0].subject
    time_machine.move_to(timezone.now() + timedelta(hours=24, minutes=1))
    assert sees(world.partner_worker, world.person) is None


def test_break_glass_needs_a_real_reason_and_a_member_of_the_network(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.break_glass_declare(
            user=world.partner_worker, person_id=world.person.pk, reason="urgence"
        )
    with pytest.raises(access.PersonNotFound):
        services.break_glass_declare(
            user=world.foreign_worker,
            person_id=world.person.pk,
            reason="Une raison assez longue pour passer la limite",
        )
    with pytest.raises(access.PersonNotFound):
        services.break_glass_declare(
            user=world.coordinator,
            person_id=world.person.pk,
            reason="Une raison assez longue pour passer la limite",
        )


def test_private_notes_never_leave_their_organisation(world):
    from relais.persons.selectors import person_file_for

    services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text="Note interne",
        visibility=Note.Visibility.ORGANISATION,
    )
    services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text="Note partagée",
        visibility=Note.Visibility.SHARED,
    )
    consent(world, organisations=[world.partner], scope=["identity", "shared_notes"])
    partner_view = person_file_for(
        access.get_person_for(fresh(world.partner_worker), world.person.pk)
    )
    assert [n.text for n in partner_view.notes] == ["Note partagée"]
    referent_view = person_file_for(
        access.get_person_for(fresh(world.referent_worker), world.person.pk)
    )
    assert sorted(n.text for n in referent_view.notes) == ["Note interne", "Note partagée"]


def test_notes_are_encrypted_at_rest(world):
    note = services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text="Dort sous le pont de France",
        visibility=Note.Visibility.SHARED,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text FROM persons_note WHERE id = %s",
            [note.pk.hex if connection.vendor == "sqlite" else note.pk],
        )
        stored = cursor.fetchone()[0]
    assert "pont" not in stored
    assert Note.objects.get(pk=note.pk).text == "Dort sous le pont de France"


def test_every_read_writes_one_audit_entry_without_content(world):
    before = AccessLogEntry.objects.count()
    access.get_person_for(fresh(world.referent_worker), world.person.pk)
    entry = AccessLogEntry.objects.order_by("-at").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.action, entry.basis, entry.person_id) == (
        "read",
        "own_organisation",
        world.person.pk,
    )
    assert entry.organisation_id == world.referent.pk
    c = consent(world, organisations=[world.partner])
    access.get_person_for(fresh(world.partner_worker), world.person.pk)
    entry = AccessLogEntry.objects.order_by("-at").first()
    assert (entry.basis, entry.consent_id) == ("consent", c.pk)


def test_a_refused_read_writes_nothing(world):
    before = AccessLogEntry.objects.count()
    assert sees(world.partner_worker, world.person) is None
    assert AccessLogEntry.objects.count() == before


def test_the_access_check_costs_two_queries_besides_the_read_and_the_audit(
    world, django_assert_num_queries
):
    consent(world, organisations=[world.partner])
    user = fresh(world.partner_worker)
    with django_assert_num_queries(6) as ctx:  # 4 + SAVEPOINT / RELEASE of the atomic block
        access.get_person_for(user, world.person.pk)
    sql = [q["sql"].lstrip().upper() for q in ctx.captured_queries]
    work = [q for q in sql if not q.startswith(("SAVEPOINT", "RELEASE"))]
    # roles, the person (the read itself), consents and break-glass, the audit insert
    assert [q.split()[0] for q in work] == ["SELECT", "SELECT", "SELECT", "INSERT"]


def test_search_lists_only_files_the_organisation_may_see(world):
    from relais.persons.selectors import persons_search

    assert list(persons_search(user=fresh(world.referent_worker), q="jo")) == [world.person]
    assert list(persons_search(user=fresh(world.partner_worker))) == []
    consent(world, organisations=[world.partner], scope=["shared_notes"])
    assert list(persons_search(user=fresh(world.partner_worker))) == []  # no identity shared
    consent(world, organisations=[world.partner], scope=["identity"])
    assert list(persons_search(user=fresh(world.partner_worker))) == [world.person]
    assert list(persons_search(user=fresh(world.coordinator))) == []


def test_erasure_keeps_statistics_only(world):
    services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text="x",
        visibility=Note.Visibility.SHARED,
    )
    with pytest.raises(access.PersonNotFound):
        services.person_anonymise(user=fresh(world.referent_worker), person_id=world.person.pk)
    person = services.person_anonymise(user=fresh(world.referent_admin), person_id=world.person.pk)
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert person.birth_year == 1980
    assert person.called_name != "Jojo"
    assert not person.notes.exists()
    assert sees(world.referent_worker, person) is None


def test_every_person_field_is_classified_for_anonymisation():
    from relais.persons.models import Person

    names = {f.name for f in Person._meta.get_fields() if f.concrete}
    classified = (
        set(Person.IDENTIFYING_FIELDS)
        | set(Person.STATISTICAL_FIELDS)
        | set(Person.TECHNICAL_FIELDS)
    )
    assert names == classified


def test_the_log_is_append_only_except_the_retention_purge(world):
    from django.db import DatabaseError, transaction

    from relais.audit.services import audit_purge_before

    entry = AccessLogEntry.objects.get(person_id=world.person.pk)
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    if connection.vendor == "postgresql":  # the database itself refuses
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLogEntry.objects.filter(pk=entry.pk).update(action="read")
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    purged = audit_purge_before(
        network_id=world.network.pk, before=timezone.now() + timedelta(seconds=1)
    )
    assert purged == 1
    assert not AccessLogEntry.objects.filter(pk=entry.pk).exists()


# Findings of the security review, each pinned by a test.


def test_an_organisation_that_left_the_network_loses_all_signatories_access(world):
    from relais.network.models import Membership
    from relais.persons.selectors import persons_search

    consent(world, all_signatories=True, scope=["identity"])
    assert sees(world.partner_worker, world.person)
    Membership.objects.filter(organisation=world.partner).update(status="left")
    assert sees(world.partner_worker, world.person) is None
    assert list(persons_search(user=fresh(world.partner_worker))) == []


def test_all_signatories_lists_the_file_for_current_signatories_only(world):
    from relais.persons.selectors import persons_search

    consent(world, all_signatories=True, scope=["identity"])
    assert list(persons_search(user=fresh(world.partner_worker))) == [world.person]
    assert list(persons_search(user=fresh(world.outsider_worker))) == []
    assert list(persons_search(user=fresh(world.foreign_worker))) == []


def test_scopes_of_several_valid_consents_add_up(world):
    consent(world, organisations=[world.partner], scope=["identity"])
    consent(world, organisations=[world.partner], scope=["life_project"])
    assert sees(world.partner_worker, world.person) == {"identity", "life_project"}


def test_a_break_glass_judged_unjustified_closes_at_once_and_cannot_be_renewed(world):
    from django.core.exceptions import ValidationError

    reason = "Danger immédiat signalé par l'équipe de nuit"
    glass = services.break_glass_declare(
        user=fresh(world.partner_worker), person_id=world.person.pk, reason=reason
    )
    with pytest.raises(ValidationError):  # no second one while the first is open
        services.break_glass_declare(
            user=fresh(world.partner_worker), person_id=world.person.pk, reason=reason
        )
    services.break_glass_review(user=world.dpo, glass_id=glass.pk, justified=False, comment="non")
    assert sees(world.partner_worker, world.person) is None
    with pytest.raises(ValidationError):
        services.break_glass_review(user=world.dpo, glass_id=glass.pk, justified=True)
    with pytest.raises(ValidationError):
        services.break_glass_declare(
            user=fresh(world.partner_worker), person_id=world.person.pk, reason=reason
        )


def test_nobody_reviews_their_own_break_glass(world):
    from relais.accounts.models import NetworkRole
    from tests.factories import network_role

    network_role(world.partner_worker, world.network, NetworkRole.Role.DPO)
    glass = services.break_glass_declare(
        user=fresh(world.partner_worker),
        person_id=world.person.pk,
        reason="Danger immédiat signalé par l'équipe de nuit",
    )
    with pytest.raises(access.PersonNotFound):
        services.break_glass_review(user=world.partner_worker, glass_id=glass.pk, justified=True)


def test_a_consent_names_only_active_members_of_the_network(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        consent(world, organisations=[world.foreign])
    assert "organisations" in error.value.message_dict
    assert sees(world.foreign_worker, world.person) is None


def test_consent_expiry_must_be_aware_and_at_most_a_year_away(world):
    from datetime import datetime

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        consent(world, organisations=[world.partner], expires_at=datetime(2099, 1, 1))
    with pytest.raises(ValidationError):
        consent(
            world,
            organisations=[world.partner],
            expires_at=timezone.now() + timedelta(days=800),
        )


def test_revoking_twice_writes_one_entry(world):
    c = consent(world, organisations=[world.partner])
    services.consent_revoke(consent_id=c.pk, person=world.person)
    services.consent_revoke(consent_id=c.pk, person=world.person)
    assert AccessLogEntry.objects.filter(consent_id=c.pk, action="consent_revoke").count() == 1


def test_a_new_slip_ends_the_sessions_of_the_old_codes(world):
    services.access_code_issue(user=fresh(world.referent_worker), person_id=world.person.pk)
    services.person_token_issue(person=world.person)
    services.access_code_issue(user=fresh(world.referent_worker), person_id=world.person.pk)
    assert not world.person.tokens.filter(revoked_at__isnull=True).exists()


def test_unknown_and_forbidden_files_cost_the_same_queries(world, django_assert_num_queries):
    import uuid

    with django_assert_num_queries(3), pytest.raises(access.PersonNotFound):
        access.access_for(fresh(world.partner_worker), uuid.uuid4())
    with django_assert_num_queries(3), pytest.raises(access.PersonNotFound):
        access.access_for(fresh(world.partner_worker), world.person.pk)


def test_a_file_opens_in_the_network_named_when_the_organisation_is_in_several(world):
    from django.core.exceptions import ValidationError

    from tests.factories import MembershipFactory, SignatureFactory

    other_charter = world.other_network.charter_versions.get()
    SignatureFactory(charter_version=other_charter, organisation=world.referent)
    MembershipFactory(network=world.other_network, organisation=world.referent)
    with pytest.raises(ValidationError) as error:
        services.person_create(
            user=fresh(world.referent_worker), organisation=world.referent, called_name="Li"
        )
    assert "network" in error.value.message_dict
    person = services.person_create(
        user=fresh(world.referent_worker),
        organisation=world.referent,
        network=world.other_network,
        called_name="Li",
    )
    assert person.network == world.other_network


def test_erasure_also_clears_consent_purposes_and_break_glass_reasons(world):
    c = consent(world, organisations=[world.partner])
    glass = services.break_glass_declare(
        user=fresh(world.outsider_worker),
        person_id=world.person.pk,
        reason="Danger immédiat signalé par l'équipe de nuit",
    )
    services.person_anonymise(user=fresh(world.referent_admin), person_id=world.person.pk)
    c.refresh_from_db()
    glass.refresh_from_db()
    assert (c.purpose, glass.reason) == ("", "")


def test_a_persons_phone_is_checked_and_normalised(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.person_update(
            user=fresh(world.referent_worker), person_id=world.person.pk, phone="12"
        )
    assert "phone" in error.value.message_dict
    person = services.person_update(
        user=fresh(world.referent_worker), person_id=world.person.pk, phone="0470 12 34 56"
    )
    assert person.phone == "+32 470 12 34 56"


# Findings of the review of issue 9, each pinned by a test.


def test_declaring_a_break_glass_costs_the_same_queries_for_unknown_and_foreign_files(world):
    """A worker of another network learns nothing from the queries: an unknown id and a file
    of another network are refused alike, whatever the number of organisations it acts for."""
    import uuid

    from django.test.utils import CaptureQueriesContext

    from tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        SignatureFactory,
        organisation_role,
    )

    second = OrganisationFactory(slug="loin-2", name="Second service lointain")
    SignatureFactory(
        charter_version=world.other_network.charter_versions.get(), organisation=second
    )
    MembershipFactory(network=world.other_network, organisation=second)
    organisation_role(world.foreign_worker, second)
    counts = []
    for person_id in (uuid.uuid4(), world.person.pk):
        with CaptureQueriesContext(connection) as queries, pytest.raises(access.PersonNotFound):
            access.may_declare_break_glass(fresh(world.foreign_worker), person_id)
        counts.append(len(queries))
    assert counts == [3, 3]  # acting organisations, the file, their memberships in its network


def test_a_break_glass_never_opens_a_file_for_more_than_24_hours(world):
    from relais.persons.models import BreakGlass

    glass = services.break_glass_declare(
        user=fresh(world.partner_worker),
        person_id=world.person.pk,
        reason="Danger immédiat signalé par l'équipe de nuit",
    )
    started = timezone.now() - timedelta(hours=25)
    BreakGlass.objects.filter(pk=glass.pk).update(
        started_at=started, expires_at=started + timedelta(hours=48)
    )
    assert sees(world.partner_worker, world.person) is None


def test_a_consent_is_preferred_to_a_break_glass_whatever_the_organisations_order(world):
    """A user acting for two organisations, one with an open break-glass and the other named
    by a consent that opens the whole shared part, reads under the consent: the break-glass
    is not needed, and its log (which the DPO reviews) only shows what it was needed for."""
    from tests.factories import organisation_role

    services.break_glass_declare(
        user=fresh(world.partner_worker),
        person_id=world.person.pk,
        reason="Danger immédiat signalé par l'équipe de nuit",
    )
    organisation_role(world.partner_worker, world.outsider)
    assert world.partner.pk < world.outsider.pk  # the break-glass's organisation comes first
    c = consent(
        world, organisations=[world.outsider], scope=["identity", "life_project", "shared_notes"]
    )

    file = access.get_person_for(fresh(world.partner_worker), world.person.pk)

    assert (file.basis, file.organisation, file.consent_id) == ("consent", world.outsider, c.pk)
    assert file.parts == access.SHARED_PART
