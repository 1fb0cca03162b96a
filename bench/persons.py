"""relais' person read against the same work written by hand in SQL: what the ORM, the policy
code and the audit write cost on top of the floor.

    .venv/bin/python bench/persons.py                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/persons.py                               # PostgreSQL

The timed unit is **relais' person read**, what the file page and `GET /api/v1/persons/{id}`
do: `access.get_person_for(user, id)` (the acting organisations, the file, the grants unless
the user's organisation is the referent one, the audit INSERT, committed) then
`selectors.person_file_for(file)` (goals, notes with their organisation and author, contacts
with their organisation, consents with the organisation that recorded them and those they
name, as far as the decision allows; notes, goals, contacts and consent purposes decrypted).

The **floor** is the same work written by hand in SQL through the same Django connection (so
under the same database settings), in one transaction: the access check in one statement
(one row per organisation the user acts for, with the file, its network and referent
organisation, and, for each organisation, the newest covering consent, the scopes of all
covering consents and the user's open break-glass), the same decision in a few lines of
Python, the INSERT of the audit row, the SELECTs of the parts the decision allows (the same
tables, joins, columns and order as relais' statements), every column turned into the value
the page gets (decrypted, JSON parsed, UUIDs and aware datetimes on SQLite), committed. It is
the floor because it does every part of relais' work that the database and the page need
(same rows, same values, one audit row, one durable commit) and nothing else: no ORM, no query
building, no model instances. relais cannot go below it without changing what it reads or
writes; the ratio relais / floor is what the ORM and the policy code cost. Goal: ≤ 1.5 at p50
for the referent organisation and for consented partners, on SQLite and PostgreSQL.

Before timing, the script checks, for every file of every persona, that the policy and the
floor take the same decision (basis, organisation, parts, consent, break-glass), that relais'
file and the floor's hold exactly the same values (every column of every goal, note, author,
contact, consent and organisation), and that an allowed read writes one audit row and a
refused one none, both ways. It exits with status 1 if any check fails.

SQLite: a fresh file `var/bench-persons.sqlite3` (any sqlite DATABASE_URL is ignored, so that
the development database is never touched), removed at the end (`--keep` keeps it), under
relais' settings (WAL journal, synchronous NORMAL; `--sqlite-defaults` for Django's defaults:
rollback journal, synchronous FULL, a commit waits for fsync).
PostgreSQL: a throwaway database `relais_bench_persons` (`--database NAME`) is created on the
server of DATABASE_URL and dropped at the end (`--keep` keeps it).

Set-up (bulk inserts, seeded): 5 networks with two charter versions each, `--organisations`
organisations per network (most signed the current charter, some only the previous one, a few
are still pending), an admin, four workers and two volunteers per organisation, `--persons`
files spread over the organisations, consents (named organisations and "all signatories";
valid, expired and revoked), break-glasses (open, expired, reviewed), notes (shared,
organisation-private, about a third person; encrypted), goals, contacts and
`--log-per-person` access-log entries per file; then ANALYZE.

Personas (each reads a rotating set of files): a worker of the referent organisation, a worker
of a partner named by a consent, a worker of a signatory covered by an "all signatories"
consent, a worker with an open break-glass, and a worker of a partner without consent (404:
no audit row, nothing read). The user object is fresh for each request (its cached acting
organisations are dropped), as with a new request. Cases, interleaved in rotating order:

  relais read    get_person_for + person_file_for           (the timed unit)
  floor          the same read by hand in one transaction   (the floor)
  relais decide  access.access_for alone: the decision, no audit, no read
  floor check    the floor's check statement and decision alone

The script prints p50 / p95 of wall time and of this thread's CPU time (steadier on a shared
machine; on PostgreSQL it leaves out the server's work) per persona and case, the ratios, the
statements per request, where the time goes (statements, commit, Python; instrumented pass)
and whether the goal is met; the load average at the start and the end of the timing.
"""

import argparse
import contextlib
import gc
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "relais_bench_persons"
SQLITE_FILE = ROOT / "var" / "bench-persons.sqlite3"

NETWORKS = [
    ("bench-luxembourg", "Relais social de la province de Luxembourg (banc d'essai)", "BE"),
    ("bench-brabant-wallon", "Relais social du Brabant wallon (banc d'essai)", "BE"),
    ("bench-namur", "Relais social urbain namurois (banc d'essai)", "BE"),
    ("bench-mons-borinage", "Relais social de Mons-Borinage (banc d'essai)", "BE"),
    ("bench-le-mans", "Le Mans Solidaire (banc d'essai)", "FR"),
]
ORGANISATION_KINDS = ["CPAS", "Abri de nuit", "Accueil de jour", "Travail de rue", "Resto du cœur",
                      "Maison médicale", "Capteur logement", "Épicerie sociale", "Service santé mentale",
                      "Plan de cohésion sociale"]  # fmt: skip
CALLED_NAMES = ["Jojo", "Fatima", "Mamadou", "Nadia", "Kevin", "Sylvie", "Youssef", "Marie",
                "Ahmed", "Chantal", "Luca", "Aïcha", "Patrick", "Irina", "Samir", "Julie",
                "Dédé", "Bogdan", "Océane", "Moussa"]  # fmt: skip
NOTE_TEXTS = [
    "Rencontré au centre de jour, demande un rendez-vous au CPAS pour le revenu d'intégration.",
    "Nuitée à l'abri, repart ce matin vers la gare ; souhaite reprendre contact avec sa sœur.",
    "Accompagnement à la maison médicale, suivi du traitement à prévoir dans deux semaines.",
    "Dossier logement : visite d'un studio prévue jeudi avec le capteur logement.",
    "Pas vu depuis dix jours, le travail de rue le cherche autour du parc.",
]
GOAL_TITLES = ["Retrouver un logement", "Ouvrir ses droits au revenu d'intégration",
               "Reprendre un suivi médical", "Renouer avec sa famille", "Trouver une formation"]  # fmt: skip


# --- Database set-up ---------------------------------------------------------------------------


def _postgres_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


class Data:
    """What the generator made, kept in memory to pick the personas' files."""

    def __init__(self):
        self.organisations_by_network: dict[int, list] = {}
        self.signed_current: set[int] = set()
        self.workers: dict[int, list] = {}  # organisation id -> worker users
        self.persons: list = []  # Person instances
        self.valid_named: dict = defaultdict(set)  # person pk -> organisation ids
        self.valid_all_signatories: set = set()  # person pks
        self.any_consent: set = set()  # person pks with a consent of any state
        self.break_glass_users: dict = defaultdict(set)  # person pk -> user ids (any state)


def generate(*, persons: int, per_network: int, log_per_person: int, seed: int) -> Data:
    """Bulk-insert a realistic, seeded set of networks, organisations, users and files."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from relais.accounts.models import OrganisationRole, User
    from relais.audit.models import AccessLogEntry, Action, Basis
    from relais.network.models import (
        CharterVersion,
        Membership,
        Network,
        Organisation,
        Signature,
    )
    from relais.persons.models import (
        BreakGlass,
        Consent,
        Contact,
        Gender,
        Goal,
        Housing,
        Nationality,
        Note,
        Person,
    )

    rng = random.Random(seed)
    now = timezone.now()
    data = Data()
    unusable = make_password(None)
    with transaction.atomic():
        networks = Network.objects.bulk_create(
            Network(slug=slug, name=name, country=country, axes=[],
                    time_zone="Europe/Paris" if country == "FR" else "Europe/Brussels")
            for slug, name, country in NETWORKS
        )  # fmt: skip
        charters = {}
        for network in networks:
            old, current = CharterVersion.objects.bulk_create(
                [
                    CharterVersion(network=network, number=1, title="Charte", sections=[],
                                   approved_on=date(2012, 6, 1), axes=[]),
                    CharterVersion(network=network, number=2, title="Charte révisée",
                                   sections=[], approved_on=date(2022, 3, 15), axes=[]),
                ]
            )  # fmt: skip
            charters[network.pk] = (old, current)
        organisations = Organisation.objects.bulk_create(
            Organisation(
                slug=f"{network.slug}-{index:03d}",
                name=f"{ORGANISATION_KINDS[index % len(ORGANISATION_KINDS)]} {index} "
                f"({network.slug})",
                country=network.country,
            )
            for network in networks
            for index in range(per_network)
        )
        memberships, signatures = [], []
        for position, organisation in enumerate(organisations):
            network = networks[position // per_network]
            data.organisations_by_network.setdefault(network.pk, []).append(organisation)
            old, current = charters[network.pk]
            memberships.append(
                Membership(network=network, organisation=organisation, status="active",
                           started_on=date(2012, 9, 1), applied_on=date(2012, 7, 1))
            )  # fmt: skip
            draw = rng.random()
            signed = {"signatories": [{"name": "Alex Martin", "function": "Direction"}],
                      "accepted_sections": [1, 2]}  # fmt: skip
            signatures.append(
                Signature(charter_version=old, organisation=organisation, status="accepted",
                          signed_on=date(2012, 8, 1), **signed)
            )  # fmt: skip
            if draw < 0.85:  # signed the current charter
                data.signed_current.add(organisation.pk)
                signatures.append(
                    Signature(charter_version=current, organisation=organisation,
                              status="accepted", signed_on=date(2022, 5, 2), **signed)
                )  # fmt: skip
            elif draw < 0.90:  # signature of the current charter still pending
                signatures.append(
                    Signature(charter_version=current, organisation=organisation,
                              status="pending", signed_on=date(2022, 6, 1), **signed)
                )  # fmt: skip
            # else: signed only the previous charter
        Membership.objects.bulk_create(memberships)
        Signature.objects.bulk_create(signatures)

        users, roles = [], []
        for organisation in organisations:
            for role, count in (("admin", 1), ("worker", 4), ("volunteer", 2)):
                for index in range(count):
                    user = User(username=f"bench-{organisation.slug}-{role}-{index}",
                                password=unusable, display_name=f"{role} {index}")  # fmt: skip
                    users.append(user)
                    roles.append((user, organisation, role, role == "volunteer" and index == 0))
        User.objects.bulk_create(users)
        OrganisationRole.objects.bulk_create(
            OrganisationRole(user=user, organisation=organisation, role=role,
                             may_open_person_files=allowed)
            for user, organisation, role, allowed in roles
        )  # fmt: skip
        for user, organisation, role, _allowed in roles:
            if role == "worker":
                data.workers.setdefault(organisation.pk, []).append(user)

        # Persons: spread over every organisation, in the referent's network.
        people = []
        for index in range(persons):
            network = networks[index % len(networks)]
            referent = rng.choice(data.organisations_by_network[network.pk])
            people.append(
                Person(
                    network=network,
                    referent_organisation=referent,
                    called_name=f"{rng.choice(CALLED_NAMES)} {index}",
                    first_name=rng.choice(["", "", "Jean", "Amina", "Paul"]),
                    birth_year=rng.choice([None, *range(1950, 2006)]),
                    gender=rng.choice([g.value for g in Gender] + [""]),
                    nationality=rng.choice([n.value for n in Nationality]),
                    languages=rng.sample(["fr", "nl", "ar", "en", "ro", "ti"], k=rng.randint(0, 2)),
                    housing=rng.choice([h.value for h in Housing]),
                    created_by=rng.choice(data.workers[referent.pk]),
                    last_activity_at=now - timedelta(days=rng.randint(0, 600)),
                )
            )
        data.persons = Person.objects.bulk_create(people, batch_size=2000)

        consents, named_links, notes, goals, contacts, break_glasses = [], [], [], [], [], []
        for person in data.persons:
            referent = person.referent_organisation
            neighbours = [o for o in data.organisations_by_network[person.network_id]
                          if o.pk != referent.pk]  # fmt: skip
            worker = rng.choice(data.workers[referent.pk])
            for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
                state = rng.random()
                given = now - timedelta(days=rng.randint(1, 330))
                expires = given + timedelta(days=365)
                revoked = None
                if 0.65 <= state < 0.85:  # expired
                    given -= timedelta(days=400)
                    expires = given + timedelta(days=365)
                elif state >= 0.85:  # revoked
                    revoked = given + timedelta(days=rng.randint(0, 30))
                scope = rng.choice([(1, 1, 1), (1, 1, 1), (1, 0, 0), (1, 1, 0), (1, 0, 1)])
                all_signatories = rng.random() < 0.4
                consent = Consent(
                    person=person,
                    all_signatories=all_signatories,
                    shares_identity=bool(scope[0]),
                    shares_life_project=bool(scope[1]),
                    shares_notes=bool(scope[2]),
                    purpose="Orientation vers le logement et suivi de santé.",
                    method=rng.choice(["oral", "written", "signed_slip"]),
                    given_at=given,
                    recorded_by=worker,
                    recorded_by_organisation=referent,
                    expires_at=expires,
                    revoked_at=revoked,
                )
                consents.append(consent)
                data.any_consent.add(person.pk)
                valid = revoked is None and expires > now
                if all_signatories:
                    if valid:
                        data.valid_all_signatories.add(person.pk)
                else:
                    for organisation in rng.sample(neighbours, k=rng.randint(1, 3)):
                        named_links.append((consent, organisation))
                        if valid:
                            data.valid_named[person.pk].add(organisation.pk)
            for _ in range(rng.randint(0, 6)):
                third_party = rng.random() < 0.05
                notes.append(
                    Note(
                        person=person,
                        organisation=referent if rng.random() < 0.8 else rng.choice(neighbours),
                        author=worker,
                        visibility=rng.choice(["organisation", "shared"]),
                        text=rng.choice(NOTE_TEXTS),
                        about_third_party=third_party,
                        third_party_reason="Parle de la situation de son frère." if third_party
                        else "",
                    )
                )  # fmt: skip
            for _ in range(rng.randint(0, 3)):
                goals.append(
                    Goal(person=person, title=rng.choice(GOAL_TITLES),
                         steps=["Prendre rendez-vous", "Rassembler les documents"],
                         who_helps="L'assistante sociale du CPAS", status="in_progress")
                )  # fmt: skip
            for _ in range(rng.randint(0, 6)):
                contacts.append(
                    Contact(person=person, organisation=rng.choice([referent, *neighbours[:3]]),
                            author=worker, happened_on=(now - timedelta(days=rng.randint(0, 500))).date(),
                            kind=rng.choice(["meeting", "street", "phone", "night", "meal"]),
                            summary="Entretien de suivi.")
                )  # fmt: skip
        for person in rng.sample(data.persons, k=max(1, persons // 20)):
            organisation = rng.choice(
                [o for o in data.organisations_by_network[person.network_id]
                 if o.pk != person.referent_organisation_id]
            )  # fmt: skip
            user = rng.choice(data.workers[organisation.pk])
            started = now - timedelta(hours=rng.randint(1, 24 * 200))
            break_glasses.append(
                BreakGlass(person=person, user=user, organisation=organisation,
                           reason="Personne en danger : ne répond plus et n'est pas venue à l'abri.",
                           started_at=started, expires_at=started + timedelta(hours=24),
                           review=rng.choice(["pending", "justified", "not_justified"]))
            )  # fmt: skip
            data.break_glass_users[person.pk].add(user.pk)
        Consent.objects.bulk_create(consents, batch_size=2000)
        through = Consent.organisations.through
        through.objects.bulk_create(
            (through(consent_id=c.pk, organisation_id=o.pk) for c, o in named_links),
            batch_size=5000,
        )
        Note.objects.bulk_create(notes, batch_size=2000)
        Goal.objects.bulk_create(goals, batch_size=2000)
        Contact.objects.bulk_create(contacts, batch_size=2000)
        BreakGlass.objects.bulk_create(break_glasses, batch_size=2000)

        # The access log as it looks after some months of use.
        usernames = {u.pk: u.username for u in users}
        entries = []
        for person in data.persons:
            for _ in range(log_per_person):
                user = rng.choice(data.workers[person.referent_organisation_id])
                entries.append(
                    AccessLogEntry(
                        user_id=user.pk, username=usernames[user.pk],
                        organisation_id=person.referent_organisation_id,
                        organisation_name=person.referent_organisation.name,
                        network_id=person.network_id, person_id=person.pk,
                        action=rng.choice([Action.READ, Action.READ, Action.NOTE_ADD]),
                        basis=Basis.OWN_ORGANISATION,
                    )
                )  # fmt: skip
            if len(entries) >= 20_000:
                AccessLogEntry.objects.bulk_create(entries, batch_size=5000)
                entries = []
        AccessLogEntry.objects.bulk_create(entries, batch_size=5000)
    return data


def counts() -> dict[str, int]:
    from relais.audit.models import AccessLogEntry
    from relais.network.models import Organisation
    from relais.persons.models import BreakGlass, Consent, Contact, Goal, Note, Person

    models = [("organisations", Organisation), ("persons", Person), ("consents", Consent),
              ("break-glasses", BreakGlass), ("notes", Note), ("goals", Goal),
              ("contacts", Contact), ("log entries", AccessLogEntry)]  # fmt: skip
    return {label: model.objects.count() for label, model in models}


# --- Personas ----------------------------------------------------------------------------------


class Persona:
    def __init__(self, label: str, user, targets: list, basis: str | None):
        self.label, self.user, self.targets, self.basis = label, user, targets, basis


def choose_personas(data: Data, *, per_persona: int, seed: int) -> list[Persona]:
    """One user per kind of access, with the files it may (or may not) open. The break-glass
    persona gets its own open break-glasses here."""
    from django.utils import timezone

    from relais.audit.models import Basis
    from relais.persons.models import BreakGlass

    rng = random.Random(seed + 1)
    network = next(iter(data.organisations_by_network))
    organisations = data.organisations_by_network[network]
    in_network = [p for p in data.persons if p.network_id == network]
    by_referent = defaultdict(list)
    for person in in_network:
        by_referent[person.referent_organisation_id].append(person.pk)

    def cap(pks):
        pks = list(pks)
        rng.shuffle(pks)
        return pks[:per_persona]

    def covered(person, organisation):
        return organisation.pk in data.valid_named.get(person.pk, ()) or (
            person.pk in data.valid_all_signatories and organisation.pk in data.signed_current
        )

    referent = max(organisations, key=lambda o: len(by_referent[o.pk]))
    named = max(
        organisations,
        key=lambda o: sum(o.pk in data.valid_named.get(p.pk, ()) for p in in_network),
    )
    named_targets = [p.pk for p in in_network if named.pk in data.valid_named.get(p.pk, ())]
    signatory = max(
        (o for o in organisations if o.pk in data.signed_current and o.pk != named.pk),
        key=lambda o: sum(
            p.pk in data.valid_all_signatories and o.pk not in data.valid_named.get(p.pk, ())
            for p in in_network
        ),
    )
    signatory_targets = [
        p.pk
        for p in in_network
        if p.pk in data.valid_all_signatories
        and signatory.pk not in data.valid_named.get(p.pk, ())
        and p.referent_organisation_id != signatory.pk
    ]
    rest = [o for o in organisations if o.pk not in {referent.pk, named.pk, signatory.pk}]
    emergency, refused = rest[0], rest[1]
    emergency_user = data.workers[emergency.pk][1]
    emergency_targets = cap(
        p.pk
        for p in in_network
        if p.referent_organisation_id != emergency.pk
        and not covered(p, emergency)
        and emergency_user.pk not in data.break_glass_users.get(p.pk, ())
    )
    now = timezone.now()
    BreakGlass.objects.bulk_create(
        BreakGlass(person_id=pk, user=emergency_user, organisation=emergency,
                   reason="Personne en danger : ne répond plus et n'est pas venue à l'abri.",
                   started_at=now - timedelta(hours=1), expires_at=now + timedelta(hours=23))
        for pk in emergency_targets
    )  # fmt: skip
    refused_user = data.workers[refused.pk][2]
    refused_targets = [
        p.pk
        for p in in_network
        if p.referent_organisation_id != refused.pk
        and not covered(p, refused)
        and refused_user.pk not in data.break_glass_users.get(p.pk, ())
    ]
    return [
        Persona("referent worker", data.workers[referent.pk][0], cap(by_referent[referent.pk]),
                Basis.OWN_ORGANISATION),
        Persona("partner, named consent", data.workers[named.pk][0], cap(named_targets),
                Basis.CONSENT),
        Persona("partner, all signatories", data.workers[signatory.pk][0], cap(signatory_targets),
                Basis.CONSENT),
        Persona("break-glass", emergency_user, emergency_targets, Basis.BREAK_GLASS),
        Persona("partner, no consent (404)", refused_user, cap(refused_targets), None),
    ]  # fmt: skip


# --- The floor: the same read written by hand in SQL ------------------------------------------


def _converter(field, vendor: str):
    """What turns a column of `field`, as Django's connection returns it, into the value the
    model instance holds (None when nothing is needed). Written by hand per backend: on
    PostgreSQL the driver already gives UUIDs, aware datetimes, dates, booleans and decimals;
    SQLite (through Django's connection) gives naive UTC datetimes, dates and booleans, and
    UUIDs as 32 hex digits. Encrypted text is decrypted, JSON parsed, on both."""
    from relais.persons.crypto import EncryptedTextField, decrypt

    if isinstance(field, EncryptedTextField):
        return lambda value: decrypt(value) if value else value
    if field.get_internal_type() == "JSONField":
        return lambda value: None if value is None else json.loads(value)
    if vendor != "sqlite":
        return None
    internal = (field.target_field if field.is_relation else field).get_internal_type()
    if internal == "UUIDField":
        return lambda value: None if value is None else uuid.UUID(value)
    if internal == "DateTimeField":
        return lambda value: None if value is None else value.replace(tzinfo=UTC)
    if internal == "DecimalField":
        return lambda value: None if value is None else Decimal(str(value))
    return None


class Table:
    """The columns of one model in a hand-written SELECT (table alias `alias`), and how to
    turn them into values."""

    def __init__(self, model, alias: str, connection):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.names = [field.attname for field in self.fields]
        quote = connection.ops.quote_name
        self.columns = ", ".join(f"{alias}.{quote(field.column)}" for field in self.fields)
        self.width = len(self.fields)
        self.convert = [
            (index, function)
            for index, field in enumerate(self.fields)
            if (function := _converter(field, connection.vendor)) is not None
        ]

    def values(self, row, start: int = 0) -> list:
        values = list(row[start : start + self.width])
        for index, function in self.convert:
            values[index] = function(values[index])
        return values


# The access check in one statement: one row per organisation the user acts for (admins and
# workers; volunteers if allowed), joined with the file, its network and its referent
# organisation; for each organisation other than the referent one, the newest valid consent
# that covers it (named, or "all signatories" when it signed the network's current charter and
# is an active member), the scopes of all of them (a bit mask), and the user's open break-glass.
# No row: the user acts for no organisation, or the file is unknown or anonymised.
_COVERS = """
    c.person_id = p.id AND c.revoked_at IS NULL AND c.given_at <= %(now)s AND c.expires_at > %(now)s
    AND (EXISTS (SELECT 1 FROM persons_consent_organisations co
                 WHERE co.consent_id = c.id AND co.organisation_id = a.id)
         OR (c.all_signatories = %(true)s AND EXISTS (
               SELECT 1 FROM network_signature s
               JOIN network_membership m ON m.organisation_id = s.organisation_id
               WHERE s.organisation_id = a.id AND s.status = 'accepted'
                 AND m.network_id = p.network_id AND m.status = 'active'
                 AND s.charter_version_id = (
                     SELECT v.id FROM network_charterversion v
                     WHERE v.network_id = p.network_id AND v.approved_on IS NOT NULL
                     ORDER BY v.approved_on DESC, v.number DESC LIMIT 1))))"""
CHECK_SQL = """/* floor: check */
SELECT a.id, a.name, {person}, {network}, {referent},
  CASE WHEN a.id = p.referent_organisation_id THEN NULL ELSE (
    SELECT c.id FROM persons_consent c WHERE {covers}
    ORDER BY c.given_at DESC, c.id DESC LIMIT 1) END,
  CASE WHEN a.id = p.referent_organisation_id THEN NULL ELSE (
    SELECT MAX(CASE WHEN c.shares_identity THEN 4 ELSE 0 END)
         + MAX(CASE WHEN c.shares_life_project THEN 2 ELSE 0 END)
         + MAX(CASE WHEN c.shares_notes THEN 1 ELSE 0 END)
    FROM persons_consent c WHERE {covers}) END,
  CASE WHEN a.id = p.referent_organisation_id THEN NULL ELSE (
    SELECT b.id FROM persons_breakglass b
    WHERE b.person_id = p.id AND b.user_id = %(user)s AND b.organisation_id = a.id
      AND b.started_at <= %(now)s AND b.started_at > %(opened_since)s
      AND b.expires_at > %(now)s AND b.review <> 'not_justified'
    ORDER BY b.started_at DESC LIMIT 1) END
FROM persons_person p
JOIN network_network n ON n.id = p.network_id
JOIN network_organisation r ON r.id = p.referent_organisation_id
JOIN (SELECT DISTINCT o.id, o.name FROM network_organisation o
      JOIN accounts_organisationrole ar ON ar.organisation_id = o.id
      WHERE ar.user_id = %(user)s AND (ar.role IN ('admin', 'worker')
            OR (ar.role = 'volunteer' AND ar.may_open_person_files = %(true)s))) a ON 1 = 1
WHERE p.id = %(person)s AND p.anonymised_at IS NULL
ORDER BY a.id
"""
INSERT_SQL = """/* floor: audit INSERT */
INSERT INTO audit_accesslogentry (id, at, user_id, username, organisation_id, organisation_name,
    network_id, person_id, action, basis, consent_id, break_glass_id)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""
GOALS_SQL = """/* floor: goals */
SELECT {goal} FROM persons_goal g WHERE g.person_id = %s ORDER BY g.created_at"""
NOTES_SQL = """/* floor: notes */
SELECT {note}, {organisation}, {author} FROM persons_note t
JOIN network_organisation o ON o.id = t.organisation_id
LEFT JOIN accounts_user u ON u.id = t.author_id
WHERE t.person_id = %s AND ({visible}){third_party}
ORDER BY t.created_at DESC"""
CONTACTS_SQL = """/* floor: contacts */
SELECT {contact}, {organisation} FROM persons_contact k
JOIN network_organisation o ON o.id = k.organisation_id
WHERE k.person_id = %s ORDER BY k.happened_on DESC"""
CONSENTS_SQL = """/* floor: consents */
SELECT {consent}, {organisation} FROM persons_consent c
JOIN network_organisation o ON o.id = c.recorded_by_organisation_id
WHERE c.person_id = %s ORDER BY c.given_at DESC"""
CONSENT_ORGANISATIONS_SQL = """/* floor: consent organisations */
SELECT co.consent_id, {organisation} FROM persons_consent_organisations co
JOIN persons_consent c ON c.id = co.consent_id
JOIN network_organisation o ON o.id = co.organisation_id
WHERE c.person_id = %s ORDER BY o.name, co.id"""


class Decision:
    """What the hand-written check decided (compared with the policy's FileAccess)."""

    def __init__(self, basis, organisation, parts, consent_id=None, break_glass_id=None):
        self.basis, self.organisation, self.parts = basis, organisation, parts
        self.consent_id, self.break_glass_id = consent_id, break_glass_id


class Floor:
    """relais' person read written by hand: the check in one statement, the audit INSERT and
    the reads of the parts the decision allows (the same statements as `person_file_for`, the
    same columns, the same values: decrypted, JSON parsed, UUIDs and datetimes as Python
    objects), in one transaction, through Django's connection (same settings), no ORM."""

    def __init__(self):
        from django.db import connection

        from relais.accounts.models import User
        from relais.network.models import Network, Organisation
        from relais.persons.models import Consent, Contact, Goal, Note, Person

        self.connection = connection
        self.person = Table(Person, "p", connection)
        self.network = Table(Network, "n", connection)
        self.referent = Table(Organisation, "r", connection)
        self.goal = Table(Goal, "g", connection)
        self.note = Table(Note, "t", connection)
        self.contact = Table(Contact, "k", connection)
        self.consent = Table(Consent, "c", connection)
        self.organisation = Table(Organisation, "o", connection)
        self.author = Table(User, "u", connection)
        self.check_sql = CHECK_SQL.format(
            person=self.person.columns, network=self.network.columns,
            referent=self.referent.columns, covers=_COVERS,
        )  # fmt: skip
        self.goals_sql = GOALS_SQL.format(goal=self.goal.columns)
        self.contacts_sql = CONTACTS_SQL.format(
            contact=self.contact.columns, organisation=self.organisation.columns
        )
        self.consents_sql = CONSENTS_SQL.format(
            consent=self.consent.columns, organisation=self.organisation.columns
        )
        self.links_sql = CONSENT_ORGANISATIONS_SQL.format(organisation=self.organisation.columns)
        self.referent_at = self.person.names.index("referent_organisation_id")
        self.network_at = self.person.names.index("network_id")
        self.uuid_field = Person._meta.pk

    def notes_sql(self, shared: bool, private: bool, third_party: bool) -> str:
        visible = []
        if shared:
            visible.append("t.visibility = 'shared'")
        if private:
            visible.append("(t.visibility = 'organisation' AND t.organisation_id = %s)")
        return NOTES_SQL.format(
            note=self.note.columns, organisation=self.organisation.columns,
            author=self.author.columns, visible=" OR ".join(visible),
            third_party="" if third_party else " AND t.about_third_party = %s",
        )  # fmt: skip

    def _uuid(self, value):
        if value is None:
            return None
        if not isinstance(value, uuid.UUID):
            value = uuid.UUID(str(value))
        return self.uuid_field.get_db_prep_value(value, self.connection)

    def check(self, cursor, user, pk: uuid.UUID):
        """(Decision, person row, network row, referent organisation row), or None for 404."""
        from django.utils import timezone

        from relais.persons import access
        from relais.persons.models import BREAK_GLASS_HOURS

        now = timezone.now()
        adapt = self.connection.ops.adapt_datetimefield_value
        cursor.execute(
            self.check_sql,
            {"user": user.pk, "person": self._uuid(pk), "now": adapt(now), "true": True,
             "opened_since": adapt(now - timedelta(hours=BREAK_GLASS_HOURS))},
        )  # fmt: skip
        rows = cursor.fetchall()
        if not rows:
            return None
        start = 2
        person = self.person.values(rows[0], start)
        network = self.network.values(rows[0], start + self.person.width)
        referent = self.referent.values(rows[0], start + self.person.width + self.network.width)
        found = (person, network, referent)
        for row in rows:
            if row[0] == person[self.referent_at]:
                return Decision("own_organisation", row[:2], access.WHOLE_FILE), *found
        # The consent that opens the most (the first organisation's on a tie); a break-glass
        # (the first organisation's) for what no consent opens.
        best = emergency = None
        for row in rows:
            consent, mask, glass = row[-3:]
            if consent is not None:
                scope = frozenset(
                    code
                    for bit, code in ((4, access.IDENTITY), (2, access.LIFE_PROJECT),
                                      (1, access.SHARED_NOTES))
                    if mask & bit
                )  # fmt: skip
                if best is None or len(scope) > len(best.parts):
                    best = Decision("consent", row[:2], scope, consent_id=uuid.UUID(str(consent)))
            if glass is not None and emergency is None:
                emergency = Decision(
                    "break_glass", row[:2], access.SHARED_PART, break_glass_id=uuid.UUID(str(glass))
                )
        if emergency is not None and (best is None or best.parts != access.SHARED_PART):
            best = emergency
        return (best, *found) if best is not None else None

    def read(self, user, pk: uuid.UUID):
        """The whole read in one transaction: (Decision, content), or None for a 404 (and no
        audit row)."""
        from django.db import transaction
        from django.utils import timezone

        from relais.persons import access

        with transaction.atomic(), self.connection.cursor() as cursor:
            found = self.check(cursor, user, pk)
            if found is None:
                return None
            decision, person, network, referent = found
            person_id = self._uuid(pk)
            cursor.execute(
                INSERT_SQL,
                [self._uuid(uuid.uuid4()),
                 self.connection.ops.adapt_datetimefield_value(timezone.now()), user.pk,
                 user.username, decision.organisation[0], decision.organisation[1],
                 person[self.network_at], person_id, "read", decision.basis,
                 self._uuid(decision.consent_id), self._uuid(decision.break_glass_id)],
            )  # fmt: skip
            parts = decision.parts
            content = {"person": person, "network": network, "referent": referent,
                       "goals": [], "notes": [], "contacts": [], "consents": []}  # fmt: skip
            if access.LIFE_PROJECT in parts:
                cursor.execute(self.goals_sql, [person_id])
                content["goals"] = [self.goal.values(row) for row in cursor.fetchall()]
            shared, private = access.SHARED_NOTES in parts, access.PRIVATE_NOTES in parts
            if shared or private:
                third_party = access.THIRD_PARTY_NOTES in parts
                params = [person_id]
                if private:
                    params.append(decision.organisation[0])
                if not third_party:
                    params.append(False)
                cursor.execute(self.notes_sql(shared, private, third_party), params)
                at, author_at = self.note.width, self.note.width + self.organisation.width
                content["notes"] = [
                    (self.note.values(row), self.organisation.values(row, at),
                     self.author.values(row, author_at) if row[author_at] is not None else None)
                    for row in cursor.fetchall()
                ]  # fmt: skip
            if shared:
                cursor.execute(self.contacts_sql, [person_id])
                at = self.contact.width
                content["contacts"] = [
                    (self.contact.values(row), self.organisation.values(row, at))
                    for row in cursor.fetchall()
                ]
            if decision.basis == "own_organisation":
                cursor.execute(self.consents_sql, [person_id])
                at = self.consent.width
                consents = [
                    (self.consent.values(row), self.organisation.values(row, at), [])
                    for row in cursor.fetchall()
                ]
                if consents:
                    cursor.execute(self.links_sql, [person_id])
                    by_id = {consent[0][0]: consent[2] for consent in consents}
                    for row in cursor.fetchall():
                        consent_id = (
                            row[0] if self.connection.vendor != "sqlite" else uuid.UUID(row[0])
                        )
                        by_id[consent_id].append(self.organisation.values(row, 1))
                content["consents"] = consents
        return decision, content


def same_decision(policy, floor: Decision | None) -> bool:
    if policy is None or floor is None:
        return policy is None and floor is None
    return (
        policy.basis == floor.basis
        and policy.organisation.pk == floor.organisation[0]
        and policy.parts == floor.parts
        and policy.consent_id == floor.consent_id
        and policy.break_glass_id == floor.break_glass_id
    )


def _fields(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _row(table: Table, values) -> dict | None:
    return None if values is None else dict(zip(table.names, values, strict=True))


def relais_content(file) -> dict:
    """relais' PersonFile in the floor's terms: every column of every object it holds, and of
    the objects it follows (select_related, the consents' organisations). Lists by id."""

    def by_id(items):
        return sorted(items, key=lambda item: str(item[0]["id"]))

    return {
        "person": _fields(file.person),
        "network": _fields(file.person.network),
        "referent": _fields(file.person.referent_organisation),
        "goals": by_id((_fields(g),) for g in file.goals),
        "notes": by_id(
            (_fields(n), _fields(n.organisation), _fields(n.author) if n.author else None)
            for n in file.notes
        ),
        "contacts": by_id((_fields(c), _fields(c.organisation)) for c in file.contacts),
        "consents": by_id(
            (
                _fields(c),
                _fields(c.recorded_by_organisation),
                sorted((_fields(o) for o in c.organisations.all()), key=lambda o: o["id"]),
            )
            for c in file.consents
        ),
    }


def floor_content(floor: Floor, content: dict) -> dict:
    def by_id(items):
        return sorted(items, key=lambda item: str(item[0]["id"]))

    organisation = floor.organisation
    return {
        "person": _row(floor.person, content["person"]),
        "network": _row(floor.network, content["network"]),
        "referent": _row(floor.referent, content["referent"]),
        "goals": by_id((_row(floor.goal, g),) for g in content["goals"]),
        "notes": by_id(
            (_row(floor.note, n), _row(organisation, o), _row(floor.author, u))
            for n, o, u in content["notes"]
        ),
        "contacts": by_id(
            (_row(floor.contact, c), _row(organisation, o)) for c, o in content["contacts"]
        ),
        "consents": by_id(
            (
                _row(floor.consent, c),
                _row(organisation, o),
                sorted((_row(organisation, n) for n in named), key=lambda o: o["id"]),
            )
            for c, o, named in content["consents"]
        ),
    }


# --- Measure ---------------------------------------------------------------------------------

TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
READ, FLOOR, DECIDE, CHECK = "relais read", "floor", "relais decide", "floor check"
CASES = [READ, FLOOR, DECIDE, CHECK]
GOAL = 1.5
GOAL_PERSONAS = ("referent worker", "partner, named consent", "partner, all signatories")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def fresh(user):
    """The same user as a new request would see it: no cached acting organisations."""
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def make_cases(persona: Persona, floor: Floor) -> dict[str, Callable]:
    from relais.persons import access, selectors

    user = persona.user

    def read(pk):
        try:
            file = access.get_person_for(fresh(user), pk)
        except access.PersonNotFound:
            return None
        return selectors.person_file_for(file)

    def decide(pk):
        with contextlib.suppress(access.PersonNotFound):
            access.access_for(fresh(user), pk)

    def check(pk):
        with floor.connection.cursor() as cursor:
            floor.check(cursor, user, pk)

    return {READ: read, FLOOR: lambda pk: floor.read(user, pk), DECIDE: decide, CHECK: check}


def statement_label(sql: str) -> str:
    s = sql.lstrip()
    if s.startswith("/* floor: "):
        return s[len("/* floor: ") : s.index(" */")]
    s = s.upper()
    if s.startswith(TRANSACTION):
        return s.split()[0]
    if s.startswith("INSERT"):
        return "audit INSERT"
    if '"ACCOUNTS_ORGANISATIONROLE"' in s:
        return "acting organisations"
    if '"PERSONS_BREAKGLASS"' in s and '"PERSONS_CONSENT"' in s:
        return "grants"
    for table, label in (('"PERSONS_CONSENT_ORGANISATIONS"', "consent organisations"),
                         ('FROM "PERSONS_PERSON"', "person"), ('"PERSONS_GOAL"', "goals"),
                         ('"PERSONS_NOTE"', "notes"), ('"PERSONS_CONTACT"', "contacts"),
                         ('"PERSONS_CONSENT"', "consents")):  # fmt: skip
        if table in s:
            return label
    return "other"


GROUPS = {
    "check": ("acting organisations", "person", "grants", "check"),
    "INSERT": ("audit INSERT",),
    "parts": ("goals", "notes", "contacts", "consents", "consent organisations", "other"),
    "BEGIN+COMMIT": ("BEGIN", "COMMIT"),
    "Python": ("Python",),
    "CPU": ("CPU",),
}


def breakdown(run: Callable, targets: list, repeat: int) -> tuple[dict[str, float], float]:
    """Run `run` with every statement and COMMIT timed; median per label and of the total.
    Python time is what remains: query building, model instances, conversions, decryption,
    the policy. "CPU" is the CPU time of this thread (Python, and SQLite's own work; not the
    waits)."""
    from django.db import connection

    per_label: dict[str, list[float]] = defaultdict(list)
    totals = []
    current: dict[str, float] = defaultdict(float)

    def timed_execute(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            current[statement_label(sql)] += time.perf_counter() - started

    original_commit = connection._commit

    def timed_commit(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original_commit(*args, **kwargs)
        finally:
            current["COMMIT"] += time.perf_counter() - started

    connection._commit = timed_commit
    labels = set()
    try:
        with connection.execute_wrapper(timed_execute):
            for index in range(repeat):
                current.clear()
                started, cpu = time.perf_counter(), time.thread_time()
                run(targets[index % len(targets)])
                total = time.perf_counter() - started
                cpu = time.thread_time() - cpu
                current["Python"] = total - sum(current.values())
                current["CPU"] = cpu
                totals.append(total)
                labels |= set(current)
                for label in labels:
                    per_label[label].append(current.get(label, 0.0))
    finally:
        del connection._commit
    return {label: statistics.median(values) for label, values in per_label.items()}, (
        statistics.median(totals)
    )


def count_queries(run: Callable, pk) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run(pk)
    return [statement_label(q["sql"]) for q in captured.captured_queries]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.2f}"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def verify(personas: list[Persona], floor: Floor, *, log: Callable[[str], None]) -> bool:
    """For every file of every persona: the policy and the floor decide the same; relais'
    file read and the floor's hold the same values; each allowed read writes one audit row,
    a refused one none (both ways)."""
    from relais.audit.models import AccessLogEntry
    from relais.persons import access, selectors

    def log_rows(pk):
        return AccessLogEntry.objects.filter(person_id=pk).count()

    ok = True
    log("")
    log("Checks, for every file of every persona (the script exits with status 1 if one fails):")
    for persona in personas:
        decisions = contents = audits = 0
        for pk in persona.targets:
            before = log_rows(pk)
            try:
                file = access.get_person_for(fresh(persona.user), pk)
            except access.PersonNotFound:
                file = None
            read = selectors.person_file_for(file) if file is not None else None
            after_relais = log_rows(pk)
            result = floor.read(persona.user, pk)
            after_floor = log_rows(pk)
            decision, content = result if result is not None else (None, None)
            expected = 1 if file is not None else 0
            if not same_decision(file, decision) or (
                (file.basis if file else None) != persona.basis
            ):
                decisions += 1
            elif read is not None and relais_content(read) != floor_content(floor, content):
                contents += 1
            if (after_relais - before, after_floor - after_relais) != (expected, expected):
                audits += 1
        ok &= not (decisions or contents or audits)
        log(f"  {persona.label:28} {len(persona.targets):4d} files: "
            f"same decision {'yes' if not decisions else f'NO ({decisions})'}, "
            f"same content {'yes' if not contents else f'NO ({contents})'}, "
            f"one audit row per allowed read and none per refusal "
            f"{'yes' if not audits else f'NO ({audits})'}")  # fmt: skip
    return ok


def run(personas: list[Persona], repeat: int, *, log: Callable[[str], None]) -> bool:
    floor = Floor()
    ok = verify(personas, floor, log=log)

    wall: dict[str, dict[str, list[float]]] = {}
    cpu: dict[str, dict[str, list[float]]] = {}
    queries: dict[str, dict[str, list[str]]] = {}
    log("")
    log("relais read: access.get_person_for (decision + audit row, committed), then")
    log("  selectors.person_file_for (the allowed parts, decrypted).")
    log("floor: the same read by hand in SQL in one transaction (the check in one statement,")
    log("  the INSERT, the same SELECTs, the same values), committed.")
    log("relais decide / floor check: the decision alone, each way.")
    log("Goal: relais read / floor ≤ 1.5 for the referent organisation and consented partners.")
    log(f"Timing {repeat} requests per persona and case, cases interleaved "
        f"(load average at the start: {load()})…")  # fmt: skip
    for persona in personas:
        cases = make_cases(persona, floor)
        names = list(cases)
        for index in range(10):  # warm up (and compile relais' queries)
            for name in names:
                cases[name](persona.targets[index % len(persona.targets)])
        wall[persona.label] = {name: [] for name in names}
        cpu[persona.label] = {name: [] for name in names}
        for index in range(repeat):
            pk = persona.targets[index % len(persona.targets)]
            shift = index % len(names)
            for name in names[shift:] + names[:shift]:
                started, cpu_started = time.perf_counter(), time.thread_time()
                cases[name](pk)
                wall[persona.label][name].append(time.perf_counter() - started)
                cpu[persona.label][name].append(time.thread_time() - cpu_started)
        queries[persona.label] = {name: count_queries(cases[name], persona.targets[0])
                                  for name in (READ, FLOOR)}  # fmt: skip
    log(f"Load average at the end: {load()}")

    def cell(values):
        return f"{ms(statistics.median(values))} /{ms(percentile(values, 0.95))}"

    def ratio(numerator, denominator):
        p50 = statistics.median(numerator) / statistics.median(denominator)
        p95 = percentile(numerator, 0.95) / percentile(denominator, 0.95)
        return f"{p50:5.2f} ({p95:4.2f})"

    for title, times in (("Wall time", wall), ("CPU time of this thread", cpu)):
        log("")
        log(f"{title} per request, milliseconds, p50 / p95; ratio relais / floor, p50 (p95):")
        log(f"{'persona':28} {'relais read':>17} {'floor':>17} {'ratio':>13}   "
            f"{'relais decide':>17} {'floor check':>17} {'ratio':>13}")  # fmt: skip
        for persona in personas:
            t = times[persona.label]
            log(f"{persona.label:28} {cell(t[READ]):>17} {cell(t[FLOOR]):>17} "
                f"{ratio(t[READ], t[FLOOR]):>13}   {cell(t[DECIDE]):>17} {cell(t[CHECK]):>17} "
                f"{ratio(t[DECIDE], t[CHECK]):>13}")  # fmt: skip

    log("")
    log("Statements per request (BEGIN, COMMIT, SAVEPOINT left out):")
    for persona in personas:
        for name, labels in queries[persona.label].items():
            sql = [label for label in labels if label not in TRANSACTION]
            log(f"  {persona.label:28} {name:12} {len(sql):2d}: {', '.join(sql)}")

    log("")
    log(f"Where the time goes (median ms per part, instrumented pass of {repeat} requests):")
    log("  check: the statements of the decision; INSERT: the audit row; parts: the reads of")
    log("  the file's parts; BEGIN+COMMIT: SQLite's BEGIN and the driver's commit; Python: the")
    log("  rest (ORM, model instances, conversions, decryption, the policy); CPU: this thread.")
    log(f"{'persona':28} {'case':12} {'total':>7} "
        + " ".join(f"{c:>12}" for c in GROUPS) + f" {'Python %':>9}")  # fmt: skip
    for persona in personas:
        cases = make_cases(persona, floor)
        for name in (READ, FLOOR):
            parts, total = breakdown(cases[name], persona.targets, repeat)
            cells = [sum(parts.get(label, 0.0) for label in labels) for labels in GROUPS.values()]
            log(f"{persona.label:28} {name:12} {ms(total):>7} "
                + " ".join(f"{ms(v):>12}" for v in cells)
                + f" {parts['Python'] / total:9.0%}")  # fmt: skip

    log("")
    log(f"Goal: relais read / floor ≤ {GOAL} (p50) for the referent organisation and consented "
        "partners:")  # fmt: skip
    for persona in personas:
        if persona.label not in GOAL_PERSONAS:
            continue
        w = statistics.median(wall[persona.label][READ]) / statistics.median(
            wall[persona.label][FLOOR]
        )
        c = statistics.median(cpu[persona.label][READ]) / statistics.median(
            cpu[persona.label][FLOOR]
        )
        log(f"  {persona.label:28} wall {w:4.2f} {'met' if w <= GOAL else 'NOT MET'}, "
            f"CPU {c:4.2f} {'met' if c <= GOAL else 'NOT MET'}")  # fmt: skip
    log("")
    log("Checks: " + ("all passed" if ok else "FAILED (see above)"))
    return ok


def describe_machine(connection, url: str) -> str:
    import platform

    import django

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.fetchone()[0]]
            database = f"SQLite {version} (journal_mode {journal}, synchronous {synchronous})"
        else:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW synchronous_commit")
            commit = cursor.fetchone()[0]
            cursor.execute("SHOW jit")
            database = (
                f"PostgreSQL {version} (synchronous_commit {commit}, jit {cursor.fetchone()[0]})"
            )
    return (
        f"{database} at {url}; Python {platform.python_version()}, Django {django.__version__}; "
        f"{os.cpu_count()} CPU cores, load average {load()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=10_000, help="files")
    parser.add_argument("--organisations", type=int, default=20, help="per network (5 networks)")
    parser.add_argument("--log-per-person", type=int, default=10, help="access-log entries")
    parser.add_argument("--repeat", type=int, default=500, help="requests per persona and case")
    parser.add_argument("--files", type=int, default=200, help="files read per persona, at most")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--database",
        default=BENCH_DATABASE,
        help=f"PostgreSQL: its name (default {BENCH_DATABASE})",
    )
    parser.add_argument(
        "--sqlite-defaults",
        action="store_true",
        help="SQLite: Django's defaults (rollback journal, synchronous FULL: each commit waits "
        "for fsync) instead of relais' settings (WAL, synchronous NORMAL)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    if postgres:
        name = args.database
        bench_url = _postgres_url(url, name)
        _postgres_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_admin(url, f'CREATE DATABASE "{name}"')
    else:
        SQLITE_FILE.parent.mkdir(exist_ok=True)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        bench_url = f"sqlite:///{SQLITE_FILE}"
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    settings.DEBUG = False
    if args.sqlite_defaults and not postgres:
        settings.DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
            "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL"
        )

    def log(line: str) -> None:
        print(line, flush=True)

    ok = False
    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        log(describe_machine(connection, bench_url))
        data = generate(persons=args.persons, per_network=args.organisations,
                        log_per_person=args.log_per_person, seed=args.seed)  # fmt: skip
        personas = choose_personas(data, per_persona=args.files, seed=args.seed)
        del data  # the generator's objects: a server's heap does not hold 10 000 files
        gc.collect()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log(f"Database ready in {time.monotonic() - started:.0f} s: "
            + ", ".join(f"{n} {label}" for label, n in counts().items()))  # fmt: skip
        ok = run(personas, args.repeat, log=log)
    finally:
        connections.close_all()
        if postgres and not args.keep:
            _postgres_admin(url, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
            log(f"Dropped the database {args.database}.")
        elif not postgres and not args.keep:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
            log(f"Removed {SQLITE_FILE.relative_to(ROOT)}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
