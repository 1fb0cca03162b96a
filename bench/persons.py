"""The access check of person files at scale: what `access.get_person_for` costs per request.

    .venv/bin/python bench/persons.py                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/persons.py                               # PostgreSQL
    .venv/bin/python bench/persons.py --sqlite-wal                      # SQLite in WAL mode

SQLite: a fresh file `var/bench-persons.sqlite3` (any sqlite DATABASE_URL is ignored, so that
the development database is never touched), removed at the end (`--keep` keeps it).
PostgreSQL: a throwaway database `relais_bench_persons` is created on the server of
DATABASE_URL and dropped at the end (`--keep` keeps it).

Set-up (bulk inserts, seeded): 5 networks with two charter versions each, `--organisations`
organisations per network (most signed the current charter, some only the previous one, a few
are still pending), an admin, four workers and two volunteers per organisation, `--persons`
files spread over the organisations, consents (named organisations and "all signatories";
valid, expired and revoked), break-glasses (open, expired, reviewed), notes (shared,
organisation-private, about a third person; encrypted), goals, contacts and
`--log-per-person` access-log entries per file; then ANALYZE.

Personas (each reads a rotating set of files it may see): a worker of the referent
organisation, a worker of a partner named by a consent, a worker of a signatory covered by an
"all signatories" consent, a worker with an open break-glass, and a worker of a partner
without consent (404; the decision runs all the same). Per request:

  (a)  pk SQL     bare primary-key read of the person, hand-written SQL
  (a') pk ORM     `Person.objects.get(pk=…)`
  (h)  by hand    the access check and audit write by hand in SQL: the same statements the
                  policy needs (acting organisations, person, grants, INSERT) in one transaction
  (b)  get        `access.get_person_for(user, person_id)`: decision + audit write
  (c1) decide     `access.access_for(user, person_id)`: the decision alone
  (c2) audit      `audit_write(…)` alone, in its own transaction as `get_person_for` does
  (d)  file       `get_person_for` + `selectors.person_file_for` (goals, notes, contacts,
                  consents): what the file page and `GET /api/v1/persons/{id}` read
  (d0) file free  the same file read with a FileAccess made by hand: no decision, no audit

The user object is fresh for each request (its cached acting organisations are dropped), as
with a new request. Each iteration runs every case once, in rotating order. The script prints
p50 / p95 per persona and case, the ratios (b)/(a), (b)/(h) and (d)/(d0), the queries per
request, and a breakdown of (b) and (d) into SQL statements, COMMIT and Python (ORM query
building, model instances, decryption) from an instrumented pass. The hand version and the
policy must take the same decision for every file read (checked).
"""

import argparse
import contextlib
import os
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
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


# --- The access check by hand in SQL ----------------------------------------------------------

ACTING_SQL = """
SELECT DISTINCT o.id, o.name
FROM network_organisation o
JOIN accounts_organisationrole r ON r.organisation_id = o.id
WHERE r.user_id = %(user)s
  AND (r.role IN ('admin', 'worker') OR (r.role = 'volunteer' AND r.may_open_person_files = %(true)s))
ORDER BY o.id
"""

# Valid consents that cover the organisation (named, or "all signatories" when it signed the
# network's current charter and is an active member), and the user's open break-glass.
GRANTS_SQL = """
SELECT 'consent', c.id, c.given_at, c.shares_identity, c.shares_life_project, c.shares_notes
FROM persons_consent c
WHERE c.person_id = %(person)s
  AND c.revoked_at IS NULL AND c.given_at <= %(now)s AND c.expires_at > %(now)s
  AND (EXISTS (SELECT 1 FROM persons_consent_organisations co
               WHERE co.consent_id = c.id AND co.organisation_id = %(organisation)s)
       OR (c.all_signatories = %(true)s AND EXISTS (
             SELECT 1 FROM network_signature s
             JOIN network_membership m ON m.organisation_id = s.organisation_id
             WHERE s.organisation_id = %(organisation)s AND s.status = 'accepted'
               AND m.network_id = %(network)s AND m.status = 'active'
               AND s.charter_version_id = (
                   SELECT v.id FROM network_charterversion v
                   WHERE v.network_id = %(network)s AND v.approved_on IS NOT NULL
                   ORDER BY v.approved_on DESC, v.number DESC LIMIT 1))))
UNION ALL
SELECT 'break_glass', b.id, b.started_at, NULL, NULL, NULL
FROM persons_breakglass b
WHERE b.person_id = %(person)s AND b.user_id = %(user)s AND b.organisation_id = %(organisation)s
  AND b.started_at <= %(now)s AND b.expires_at > %(now)s AND b.review <> 'not_justified'
"""

INSERT_SQL = """
INSERT INTO audit_accesslogentry (id, at, user_id, username, organisation_id, organisation_name,
    network_id, person_id, action, basis, consent_id, break_glass_id)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""


def person_sql() -> str:
    """SELECT <every column of the person> FROM persons_person WHERE id = %s (and not
    anonymised): the bare primary-key read, and the first statement of the hand version."""
    from relais.persons.models import Person

    columns = ", ".join(field.column for field in Person._meta.concrete_fields)
    # The column names come from the model, not from any input.
    return f"SELECT {columns} FROM persons_person WHERE id = %s AND anonymised_at IS NULL"  # noqa: S608


class ByHand:
    """The access check and the audit write in hand-written SQL, through Django's connection
    and transaction (no ORM): the floor for this schema and these rules."""

    def __init__(self):
        from django.db import connection

        from relais.persons.models import Person

        self.connection = connection
        self.person_sql = person_sql()
        self.uuid = Person._meta.pk
        columns = [f.column for f in Person._meta.concrete_fields]
        self.network_at = columns.index("network_id")
        self.referent_at = columns.index("referent_organisation_id")

    def read_person(self, pk: uuid.UUID):
        with self.connection.cursor() as cursor:
            cursor.execute(self.person_sql, [self.uuid.get_db_prep_value(pk, self.connection)])
            return cursor.fetchone()

    def decide(self, cursor, user, pk: uuid.UUID):
        """(basis, organisation (id, name), parts, consent id, break-glass id, network id)."""
        from django.utils import timezone

        from relais.persons import access

        ops = self.connection.ops
        person = self.uuid.get_db_prep_value(pk, self.connection)
        cursor.execute(ACTING_SQL, {"user": user.pk, "true": True})
        organisations = cursor.fetchall()
        cursor.execute(self.person_sql, [person])
        row = cursor.fetchone()
        if not organisations or row is None:
            return None
        network, referent = row[self.network_at], row[self.referent_at]
        for organisation in organisations:
            if organisation[0] == referent:
                return "own_organisation", organisation, access.WHOLE_FILE, None, None, network
        now = ops.adapt_datetimefield_value(timezone.now())
        best = None
        for organisation in organisations:
            cursor.execute(
                GRANTS_SQL,
                {"person": person, "user": user.pk, "organisation": organisation[0],
                 "network": network, "now": now, "true": True},
            )  # fmt: skip
            rows = sorted(cursor.fetchall(), key=lambda r: (r[2], r[1]), reverse=True)
            consents = [r for r in rows if r[0] == "consent"]
            glasses = [r for r in rows if r[0] == "break_glass"]
            if consents:
                scope = frozenset(
                    code
                    for index, code in enumerate((access.IDENTITY, access.LIFE_PROJECT,
                                                  access.SHARED_NOTES))
                    if any(r[3 + index] for r in consents)
                )  # fmt: skip
                if best is None or len(scope) > len(best[2]):
                    best = ("consent", organisation, scope, consents[0][1], None, network)
            if glasses and (best is None or best[2] != access.SHARED_PART):
                best = ("break_glass", organisation, access.SHARED_PART, None, glasses[0][1],
                        network)  # fmt: skip
        return best

    def get(self, user, pk: uuid.UUID):
        """Decide, then write the audit entry, in one transaction; None for a 404."""
        from django.db import transaction
        from django.utils import timezone

        ops = self.connection.ops
        with transaction.atomic(), self.connection.cursor() as cursor:
            decision = self.decide(cursor, user, pk)
            if decision is None:
                return None
            basis, organisation, _parts, consent, glass, network = decision

            def prep(value):
                return None if value is None else self.uuid.get_db_prep_value(
                    uuid.UUID(str(value)) if not isinstance(value, uuid.UUID) else value,
                    self.connection,
                )  # fmt: skip

            cursor.execute(
                INSERT_SQL,
                [prep(uuid.uuid4()), ops.adapt_datetimefield_value(timezone.now()), user.pk,
                 user.username, organisation[0], organisation[1], network, prep(pk), "read",
                 basis, prep(consent), prep(glass)],
            )  # fmt: skip
        return decision


def same_decision(orm, hand) -> bool:
    if orm is None or hand is None:
        return orm is None and hand is None
    basis, organisation, parts, consent, glass, _network = hand

    def same_id(a, b):
        return (a is None and b is None) or (
            a is not None and b is not None and uuid.UUID(str(a)) == uuid.UUID(str(b))
        )

    return (
        orm.basis == basis
        and orm.organisation.pk == organisation[0]
        and orm.parts == parts
        and same_id(orm.consent_id, consent)
        and same_id(orm.break_glass_id, glass)
    )


# --- Measure ---------------------------------------------------------------------------------

TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
CASES = ["pk SQL", "pk ORM", "by hand", "get", "decide", "audit", "file", "file free"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def fresh(user):
    """The same user as a new request would see it: no cached acting organisations."""
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def make_cases(persona: Persona, hand: ByHand) -> dict[str, Callable]:
    from django.db import transaction

    from relais.audit.models import Action
    from relais.audit.services import audit_write
    from relais.persons import access, selectors
    from relais.persons.models import Person

    user = persona.user
    allowed = persona.basis is not None
    decided = {}
    if allowed:
        for pk in persona.targets:
            decided[pk] = access.access_for(fresh(user), pk)

    def refused(run):
        def wrapped(pk):
            with contextlib.suppress(access.PersonNotFound):
                run(pk)

        return wrapped

    def pk_orm(pk):
        Person.objects.get(pk=pk)

    def get(pk):
        access.get_person_for(fresh(user), pk)

    def decide(pk):
        access.access_for(fresh(user), pk)

    def audit(pk):
        file = decided[pk]
        with transaction.atomic():
            audit_write(user=user, organisation=file.organisation, person=file.person,
                        action=Action.READ, basis=file.basis, consent_id=file.consent_id,
                        break_glass_id=file.break_glass_id)  # fmt: skip

    def file_read(pk):
        selectors.person_file_for(access.get_person_for(fresh(user), pk))

    def file_free(pk):
        known = decided[pk]
        person = Person.objects.select_related("referent_organisation", "network").get(pk=pk)
        selectors.person_file_for(
            access.FileAccess(person=person, organisation=known.organisation, basis=known.basis,
                              parts=known.parts, consent_id=known.consent_id,
                              break_glass_id=known.break_glass_id)
        )  # fmt: skip

    cases = {
        "pk SQL": hand.read_person,
        "pk ORM": pk_orm,
        "by hand": lambda pk: hand.get(user, pk),
        "get": get if allowed else refused(get),
        "decide": decide if allowed else refused(decide),
    }
    if allowed:
        cases |= {"audit": audit, "file": file_read, "file free": file_free}
    return cases


def statement_label(sql: str) -> str:
    s = sql.lstrip().upper()
    if s.startswith(TRANSACTION):
        return s.split()[0]
    if s.startswith("INSERT"):
        return "audit INSERT"
    if '"ACCOUNTS_ORGANISATIONROLE"' in s:
        return "acting organisations"
    if 'FROM "PERSONS_PERSON"' in s:
        return "person"
    if '"PERSONS_BREAKGLASS"' in s and '"PERSONS_CONSENT"' in s:
        return "grants"
    for table, label in (('"PERSONS_GOAL"', "goals"), ('"PERSONS_NOTE"', "notes"),
                         ('"PERSONS_CONTACT"', "contacts"),
                         ('"PERSONS_CONSENT_ORGANISATIONS"', "consent organisations"),
                         ('"PERSONS_CONSENT"', "consents")):  # fmt: skip
        if table in s:
            return label
    return "other"


def breakdown(run: Callable, targets: list, repeat: int) -> tuple[dict[str, float], float]:
    """Run `run` with every statement and COMMIT timed; median per label and of the total.
    Python time is what remains: query building, model instances, decryption, the policy.
    "CPU" is the CPU time of this thread (Python, and SQLite's own work; not the waits)."""
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


def run(personas: list[Persona], repeat: int, *, log: Callable[[str], None]) -> bool:
    from relais.persons import access

    hand = ByHand()
    consistent = True
    log("")
    log("Same decision by the policy and by hand, for every file of every persona:")
    for persona in personas:
        mismatches = 0
        for pk in persona.targets:
            try:
                orm = access.access_for(fresh(persona.user), pk)
            except access.PersonNotFound:
                orm = None
            with hand.connection.cursor() as cursor:
                by_hand = hand.decide(cursor, persona.user, pk)
            expected_basis = orm.basis if orm is not None else None
            if not same_decision(orm, by_hand) or expected_basis != persona.basis:
                mismatches += 1
        consistent &= mismatches == 0
        log(f"  {persona.label:28} {len(persona.targets):4d} files, "
            + ("same" if not mismatches else f"{mismatches} MISMATCHES"))  # fmt: skip

    results: dict[str, dict[str, list[float]]] = {}
    cpu_results: dict[str, dict[str, list[float]]] = {}
    queries: dict[str, dict[str, list[str]]] = {}
    for persona in personas:
        cases = make_cases(persona, hand)
        names = list(cases)
        for index in range(10):  # warm up
            for name in names:
                cases[name](persona.targets[index % len(persona.targets)])
        times: dict[str, list[float]] = {name: [] for name in names}
        cpu: dict[str, list[float]] = {name: [] for name in names}
        for index in range(repeat):
            pk = persona.targets[index % len(persona.targets)]
            shift = index % len(names)
            for name in names[shift:] + names[:shift]:
                started, cpu_started = time.perf_counter(), time.thread_time()
                cases[name](pk)
                times[name].append(time.perf_counter() - started)
                cpu[name].append(time.thread_time() - cpu_started)
        results[persona.label] = times
        cpu_results[persona.label] = cpu
        queries[persona.label] = {
            name: count_queries(cases[name], persona.targets[0])
            for name in ("get", "decide", "file")
            if name in cases
        }

    log("")
    log(f"Per request, milliseconds, p50 / p95 over {repeat} requests per persona and case:")
    log(f"{'persona':28} " + " ".join(f"{name:>13}" for name in CASES))
    for persona in personas:
        times = results[persona.label]
        cells = []
        for name in CASES:
            if name in times:
                values = times[name]
                cells.append(f"{ms(statistics.median(values))}/{ms(percentile(values, 0.95))}")
            else:
                cells.append("—")
        log(f"{persona.label:28} " + " ".join(f"{c:>13}" for c in cells))

    log("")
    log("CPU time of this thread per request, milliseconds, p50 (steadier than wall time on a")
    log(
        "loaded machine; it counts Python and SQLite's own work, not waits for the disk or server):"
    )
    log(f"{'persona':28} " + " ".join(f"{name:>9}" for name in CASES))
    for persona in personas:
        cpu = cpu_results[persona.label]
        log(f"{persona.label:28} "
            + " ".join(f"{ms(statistics.median(cpu[n])) if n in cpu else '—':>9}" for n in CASES))  # fmt: skip

    log("")
    log("Ratios of p50 (p95): get/pk SQL is the issue's goal (≤ 1.5); get/by hand is the same "
        "work without the ORM;")  # fmt: skip
    log("file/file free is what the check and audit add to a whole file read.")
    log(f"{'persona':28} {'get/pk SQL':>14} {'get/pk ORM':>14} {'get/by hand':>14} "
        f"{'file/file free':>15}")  # fmt: skip
    for persona in personas:
        times = results[persona.label]

        def ratio(a, b, times=times):
            if a not in times or b not in times:
                return "—"
            p50 = statistics.median(times[a]) / statistics.median(times[b])
            p95 = percentile(times[a], 0.95) / percentile(times[b], 0.95)
            return f"{p50:5.1f} ({p95:4.1f})"

        log(f"{persona.label:28} {ratio('get', 'pk SQL'):>14} {ratio('get', 'pk ORM'):>14} "
            f"{ratio('get', 'by hand'):>14} {ratio('file', 'file free'):>15}")  # fmt: skip

    log("")
    log("Queries per request (BEGIN, COMMIT and ROLLBACK left out):")
    for persona in personas:
        for name, labels in queries[persona.label].items():
            sql = [label for label in labels if label not in TRANSACTION]
            log(f"  {persona.label:28} {name:7} {len(sql):2d} queries: {', '.join(sql)}")

    log("")
    log(f"Where the time of one request goes (median ms per part, instrumented pass of {repeat}):")
    log(
        "  statements: around cursor.execute; BEGIN+COMMIT: BEGIN (SQLite) and the driver's commit;"
    )
    log("  Python: the rest (building and compiling ORM queries, model instances, decryption, the")
    log("  policy); CPU: this thread's CPU time (SQLite's own work included, waits excluded).")
    log("  Medians of parts do not add up exactly to the median total.")
    columns = ["acting", "person", "grants", "INSERT", "content", "BEGIN+COMMIT", "Python", "CPU"]
    log(f"{'persona':28} {'case':7} {'total':>7} " + " ".join(f"{c:>12}" for c in columns)
        + f" {'Python %':>9}")  # fmt: skip
    groups = {
        "acting": ("acting organisations",),
        "person": ("person",),
        "grants": ("grants",),
        "INSERT": ("audit INSERT",),
        "content": ("goals", "notes", "contacts", "consents", "consent organisations", "other"),
        "BEGIN+COMMIT": ("BEGIN", "COMMIT"),
        "Python": ("Python",),
        "CPU": ("CPU",),
    }
    for persona in personas:
        if persona.basis is None:
            continue
        cases = make_cases(persona, hand)
        for name in ("get", "decide", "audit", "file"):
            parts, total = breakdown(cases[name], persona.targets, repeat)
            cells = [sum(parts.get(label, 0.0) for label in groups[c]) for c in columns]
            log(f"{persona.label:28} {name:7} {ms(total):>7} "
                + " ".join(f"{ms(v):>12}" for v in cells)
                + f" {parts['Python'] / total:9.0%}")  # fmt: skip
    log("")
    log("Same decision both ways: " + ("yes" if consistent else "NO"))
    return consistent


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
            database = (
                f"SQLite {version} (journal_mode {journal}, synchronous {cursor.fetchone()[0]})"
            )
        else:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW synchronous_commit")
            database = f"PostgreSQL {version} (synchronous_commit {cursor.fetchone()[0]})"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{database} at {url}; Python {platform.python_version()}, Django {django.__version__}; "
        f"{os.cpu_count()} CPU cores, load average {load}"
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
        "--sqlite-wal",
        action="store_true",
        help="SQLite: journal_mode=WAL and synchronous=NORMAL (a commit does not wait for fsync)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    if postgres:
        bench_url = _postgres_url(url, BENCH_DATABASE)
        _postgres_admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        _postgres_admin(url, f'CREATE DATABASE "{BENCH_DATABASE}"')
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
    if args.sqlite_wal and not postgres:
        settings.DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
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
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log(f"Database ready in {time.monotonic() - started:.0f} s: "
            + ", ".join(f"{n} {label}" for label, n in counts().items()))  # fmt: skip
        ok = run(personas, args.repeat, log=log)
    finally:
        connections.close_all()
        if postgres and not args.keep:
            _postgres_admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
            log(f"Dropped the database {BENCH_DATABASE}.")
        elif not postgres and not args.keep:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
            log(f"Removed {SQLITE_FILE.relative_to(ROOT)}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
