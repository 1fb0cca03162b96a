"""Queries compiled once per process (relais/core/compiled.py): each compiled query returns
exactly what its queryset returns, whatever the consent state and the number of acting
organisations; the cache is keyed by database and shape; a builder whose values do not all end
up as parameters fails closed."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection, connections
from django.db.models import Prefetch, Q
from django.db.models.signals import post_init
from django.utils import timezone

from relais.core.compiled import ID, UUID, Compiled, Uncompilable
from relais.network.models import Organisation
from relais.persons import access, selectors, services
from relais.persons.models import BreakGlass, Consent, Note, Person
from tests.factories import organisation_role

REASON = "Danger immédiat signalé par l'équipe de nuit"


@pytest.fixture
def world(shared_world, db):
    return shared_world.copy()


def fresh(user):
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def consent(world, **kwargs):
    defaults = {"scope": ["identity", "shared_notes"], "method": "oral", "purpose": "Orientation"}
    return services.consent_grant(
        user=fresh(world.referent_worker), person_id=world.person.pk, **(defaults | kwargs)
    )


def state(obj) -> tuple | None:
    """Everything a model instance holds: its class, attributes, state and the related
    objects cached on it (recursively)."""
    if obj is None:
        return None
    attributes = {
        k: v for k, v in obj.__dict__.items() if k not in ("_state", "_prefetched_objects_cache")
    }
    cached = {name: state(value) for name, value in obj._state.fields_cache.items()}
    prefetched = sorted(getattr(obj, "_prefetched_objects_cache", {}))  # compared apart
    return type(obj), attributes, obj._state.adding, obj._state.db, cached, prefetched


# --- The grants query, compiled and as a queryset -------------------------------------------


def _expired(world):
    c = consent(world, organisations=[world.partner])
    now = timezone.now()
    Consent.objects.filter(pk=c.pk).update(
        given_at=now - timedelta(days=400), expires_at=now - timedelta(days=1)
    )


def _break_glass(world, hours_ago=1, review=BreakGlass.Review.PENDING, lasts=24):
    glass = services.break_glass_declare(
        user=fresh(world.partner_worker), person_id=world.person.pk, reason=REASON
    )
    started = timezone.now() - timedelta(hours=hours_ago)
    BreakGlass.objects.filter(pk=glass.pk).update(
        started_at=started, expires_at=started + timedelta(hours=lasts), review=review
    )


STATES = {
    "none": lambda world: None,
    "valid named": lambda world: consent(world, organisations=[world.partner]),
    "all signatories": lambda world: consent(world, all_signatories=True, scope=["identity"]),
    "two consents": lambda world: (
        consent(world, organisations=[world.partner], scope=["identity"]),
        consent(world, all_signatories=True, scope=["life_project"]),
    ),
    "expired": _expired,
    "revoked": lambda world: services.consent_revoke(
        consent_id=consent(world, organisations=[world.partner]).pk, person=world.person
    ),
    "break-glass open": _break_glass,
    "break-glass expired": lambda world: _break_glass(world, hours_ago=25),
    "break-glass not justified": lambda world: _break_glass(
        world, review=BreakGlass.Review.NOT_JUSTIFIED
    ),
    "break-glass past 24 hours": lambda world: _break_glass(world, hours_ago=25, lasts=48),
}


@pytest.mark.parametrize("state_name", STATES)
@pytest.mark.parametrize("acting", [1, 2, 3])
def test_the_compiled_grants_are_the_querysets(world, state_name, acting):
    STATES[state_name](world)
    # the partner's worker also acts for the outsider and the foreign partner
    organisations = [world.partner, world.outsider, world.foreign][:acting]
    for organisation in organisations[1:]:
        organisation_role(world.partner_worker, organisation)
    values = {
        "person_id": world.person.pk,
        "network_id": world.network.pk,
        "user_id": world.partner_worker.pk,
        "organisation_ids": [o.pk for o in organisations],
        "now": timezone.now(),
        "opened_since": timezone.now() - timedelta(hours=24),
    }

    compiled = access._GRANTS(**values)

    assert compiled == list(access._grants_queryset(**values))
    assert len(compiled) == acting
    granted = {row["id"] for row in compiled if row["consent_id"] or row["break_glass_id"]}
    opened = state_name in {"valid named", "all signatories", "two consents", "break-glass open"}
    assert granted == ({world.partner.pk} if opened else set())


def test_the_grants_of_an_unknown_file_are_empty(world):
    consent(world, organisations=[world.partner])
    values = {
        "person_id": Person(network_id=0).pk,
        "network_id": 0,
        "user_id": world.partner_worker.pk,
        "organisation_ids": [world.partner.pk],
        "now": timezone.now(),
        "opened_since": timezone.now() - timedelta(hours=24),
    }

    assert access._GRANTS(**values) == list(access._grants_queryset(**values))
    assert access._GRANTS(**values)[0]["consent_id"] is None


# --- The referent path: acting organisations and the file -----------------------------------


def test_the_compiled_acting_organisations_are_the_querysets(world):
    organisation_role(world.partner_worker, world.outsider)
    for name in (
        "referent_worker",
        "referent_admin",
        "partner_worker",
        "volunteer",
        "allowed_volunteer",
        "coordinator",
        "dpo",
    ):
        user = getattr(world, name)
        compiled = access._ACTING_ORGANISATIONS(user_id=user.pk)
        expected = list(access._acting_organisations_queryset(user_id=user.pk))
        assert [state(o) for o in compiled] == [state(o) for o in expected], name
    assert len(access._ACTING_ORGANISATIONS(user_id=world.partner_worker.pk)) == 2
    assert access._ACTING_ORGANISATIONS(user_id=world.volunteer.pk) == []


def test_the_compiled_file_is_the_querysets_with_its_network_and_referent(world):
    erased = services.person_create(
        user=fresh(world.referent_worker), organisation=world.referent, called_name="Li"
    )
    Person.objects.filter(pk=erased.pk).update(anonymised_at=timezone.now())
    for pk in (world.person.pk, erased.pk, Person().pk):
        compiled = access._PERSON(person_id=pk)
        expected = list(access._person_queryset(person_id=pk))
        assert [state(p) for p in compiled] == [state(p) for p in expected]
    person = access._PERSON(person_id=world.person.pk)[0]
    assert person.network == world.network
    assert person.referent_organisation == world.referent
    assert access._PERSON(person_id=erased.pk) == []


def test_the_referent_path_costs_the_same_queries(world, django_assert_num_queries):
    user = fresh(world.referent_worker)
    with django_assert_num_queries(2):  # acting organisations, the file
        file = access.access_for(user, world.person.pk)
    assert file.is_referent and file.parts == access.WHOLE_FILE


def test_an_init_receiver_gets_every_instance(world):
    """Instances are made without Model.__init__ only while nothing listens to it."""
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Organisation)
    try:
        organisations = access._ACTING_ORGANISATIONS(user_id=world.referent_worker.pk)
        person = access._PERSON(person_id=world.person.pk)[0]
    finally:
        post_init.disconnect(receiver, sender=Organisation)
    assert seen == [o.pk for o in organisations] + [person.referent_organisation.pk]


# --- The file read -------------------------------------------------------------------------


def _full_file(world):
    referent = fresh(world.referent_worker)
    pk = world.person.pk
    consent(
        world, organisations=[world.partner], scope=["identity", "life_project", "shared_notes"]
    )
    consent(world, all_signatories=True, scope=["identity"])
    services.note_add(user=referent, person_id=pk, text="Partagée", visibility="shared")
    services.note_add(user=fresh(referent), person_id=pk, text="Interne", visibility="organisation")
    services.note_add(
        user=fresh(referent),
        person_id=pk,
        text="Son frère",
        visibility="organisation",
        about_third_party=True,
        third_party_reason="Parle de son frère",
    )
    services.note_add(
        user=fresh(world.partner_worker), person_id=pk, text="Vu à l'abri", visibility="shared"
    )
    services.contact_add(
        user=fresh(referent), person_id=pk, happened_on=date(2025, 2, 1), kind="meeting"
    )
    services.contact_add(
        user=fresh(world.partner_worker), person_id=pk, happened_on=date(2025, 2, 3), kind="night"
    )
    services.goal_save(user=fresh(referent), person_id=pk, title="Un logement", status="planned")


NOTE_OPTIONS = [
    {"shared": shared, "private_of": private, "all_private": everyone, "third_party": third}
    for shared in (False, True)
    for private in ([], ["referent"])
    for everyone in (False, True)
    for third in (False, True)
    if shared or private or everyone
]


@pytest.mark.parametrize("options", NOTE_OPTIONS)
def test_the_compiled_notes_are_the_querysets(world, options):
    _full_file(world)
    values = options | {
        "person_id": world.person.pk,
        "private_of": [world.referent.pk] if options["private_of"] else [],
    }

    compiled = selectors._NOTES(**values)

    assert [state(n) for n in compiled] == [state(n) for n in selectors._notes_queryset(**values)]
    assert compiled


def test_the_compiled_parts_of_a_file_are_the_querysets(world):
    _full_file(world)
    pk = world.person.pk
    for compiled, build in (
        (selectors._GOALS, selectors._goals_queryset),
        (selectors._CONTACTS, selectors._contacts_queryset),
        (selectors._CONSENTS, selectors._consents_queryset),
        (selectors._CONSENT_ORGANISATIONS, selectors._consent_organisations_queryset),
    ):
        rows = compiled(person_id=pk)
        assert rows, build.__name__
        assert [state(o) for o in rows] == [state(o) for o in build(person_id=pk)]


def reference_file_for(file: access.FileAccess) -> selectors.PersonFile:
    """person_file_for as it was written with querysets before its queries were compiled."""
    person = file.person
    result = selectors.PersonFile(access=file, person=person)
    if file.can_see(access.LIFE_PROJECT):
        result.goals = list(person.goals.all())
    note_filter = Q(pk__in=[])
    if file.can_see(access.SHARED_NOTES):
        note_filter |= Q(visibility=Note.Visibility.SHARED)
    if file.can_see(access.PRIVATE_NOTES):
        note_filter |= Q(visibility=Note.Visibility.ORGANISATION, organisation=file.organisation)
        if file.basis == access.Basis.PERSON:
            note_filter |= Q(visibility=Note.Visibility.ORGANISATION)
    notes = person.notes.filter(note_filter).select_related("organisation", "author")
    if not file.can_see(access.THIRD_PARTY_NOTES):
        notes = notes.filter(about_third_party=False)
    if file.parts & {access.SHARED_NOTES, access.PRIVATE_NOTES}:
        result.notes = list(notes)
    if file.can_see(access.SHARED_NOTES):
        result.contacts = list(person.contacts.select_related("organisation"))
    if file.is_referent or file.basis == access.Basis.PERSON:
        result.consents = list(
            person.consents.select_related("recorded_by_organisation").prefetch_related(
                Prefetch("organisations")
            )
        )
    return result


@pytest.mark.parametrize("viewer", ["referent", "partner", "break-glass", "person"])
def test_a_file_read_holds_what_the_querysets_read(
    world, viewer, django_assert_num_queries, django_assert_max_num_queries
):
    _full_file(world)
    if viewer == "break-glass":
        services.break_glass_declare(
            user=fresh(world.outsider_worker), person_id=world.person.pk, reason=REASON
        )
    file = {
        "referent": lambda: access.access_for(fresh(world.referent_worker), world.person.pk),
        "partner": lambda: access.access_for(fresh(world.partner_worker), world.person.pk),
        "break-glass": lambda: access.access_for(fresh(world.outsider_worker), world.person.pk),
        "person": lambda: access.own_file(world.person.pk),
    }[viewer]()
    expected = reference_file_for(file)

    with django_assert_max_num_queries(5):
        read = selectors.person_file_for(file)

    for part in ("goals", "notes", "contacts", "consents"):
        assert [state(o) for o in getattr(read, part)] == [
            state(o) for o in getattr(expected, part)
        ], part
    with django_assert_num_queries(0):  # the consents' organisations are in memory
        named = [[o.pk for o in c.organisations.all()] for c in read.consents]
        people = {
            o.person
            for part in ("goals", "notes", "contacts", "consents")
            for o in getattr(read, part)
        }
    assert named == [[o.pk for o in c.organisations.all()] for c in expected.consents]
    assert people <= {world.person}
    for c in read.consents:  # a further query still asks for this consent's organisations
        assert list(c.organisations.filter(pk=world.partner.pk)) == list(
            Consent.objects.get(pk=c.pk).organisations.filter(pk=world.partner.pk)
        )
    assert bool(read.notes) == bool(file.parts & {access.SHARED_NOTES, access.PRIVATE_NOTES})


# --- The cache and failing closed ---------------------------------------------------------


def test_each_number_of_organisations_and_each_database_gets_its_own_sql(world):
    one = access._GRANTS.plan("default", (1,))
    two = access._GRANTS.plan("default", (2,))
    assert access._GRANTS.plan("default", (1,)) is one
    assert one.sql != two.sql
    assert one.sql.count("%s") + 1 == two.sql.count("%s")
    assert [slot for slot in two.slots if slot[0] == "value"] != [
        slot for slot in one.slots if slot[0] == "value"
    ]

    connections.settings["persons_compiled_other"] = dict(connections.settings["default"])
    try:
        other = access._GRANTS.plan("persons_compiled_other", (1,))
        keys = set(access._GRANTS._plans)
    finally:
        connections["persons_compiled_other"].close()
        del connections["persons_compiled_other"]
        del connections.settings["persons_compiled_other"]
    assert other is not one
    assert ("default", connection.vendor, (1,)) in keys
    assert ("persons_compiled_other", connection.vendor, (1,)) in keys


BUILDERS = {
    # a value the queryset does not use
    "unused": lambda *, user_id, person_id: Organisation.objects.filter(pk=user_id),
    # a value written into the SQL
    "in the SQL": lambda *, user_id: Organisation.objects.extra(where=[f"id = {user_id}"]),  # noqa: S610
    # a value computed from the argument
    "derived": lambda *, user_id: Organisation.objects.filter(pk=user_id + 1),
    # a constant equal to a sentinel
    "ambiguous": lambda *, user_id: Organisation.objects.filter(
        Q(pk=user_id) | Q(roles__user=ID.sentinel(0))
    ),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_a_value_that_is_not_a_parameter_fails_closed(world, name, django_assert_num_queries):
    build = BUILDERS[name]
    kinds = {"user_id": ID} | ({"person_id": UUID} if name == "unused" else {})
    compiled = Compiled(Organisation, build, **kinds)
    values = {"user_id": world.referent_worker.pk} | (
        {"person_id": world.person.pk} if name == "unused" else {}
    )

    with django_assert_num_queries(0), pytest.raises(Uncompilable):
        compiled(**values)
    with pytest.raises(Uncompilable):  # again: nothing was cached
        compiled(**values)
    assert compiled._plans == {}


def test_several_queries_share_a_cursor_of_their_database(world, django_assert_num_queries):
    with django_assert_num_queries(2), connection.cursor() as cursor:
        person = access._PERSON(cursor, person_id=world.person.pk)
        assert access._ACTING_ORGANISATIONS(cursor, user_id=world.referent_worker.pk) == [
            person[0].referent_organisation
        ]

    elsewhere = SimpleNamespace(db=SimpleNamespace(alias="elsewhere"))  # another database's
    with pytest.raises(ValueError):
        access._PERSON(elsewhere, person_id=world.person.pk)


def test_the_arguments_are_checked(world):
    with pytest.raises(TypeError):
        access._PERSON(pk=world.person.pk)
