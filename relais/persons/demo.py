"""Demo person files, loaded at the end of `manage.py load_demo`.

Invented persons only: pseudonyms and first and last names drawn from common-name lists,
life projects and notes written for the demo. 30 files per Belgian network and 15 for Le
Mans, opened by demo organisations (those of the demo accounts first), with notes (private
to the organisation, shared, and one per network about a third person), contacts, goals,
consents in every state (valid and naming organisations, valid for all signatories of the
charter, expired, withdrawn by the person or by the organisation) and, in Namur, break-glass
accesses for the DPO to review. A few files open "mon dossier" with the codes in README.md.

Idempotent: every row has a fixed UUID (uuid5 of a demo key), rows are written with
bulk_create only when missing, and a person's identity is put back when it differs. Dates
are relative to the day of the first load and are not rewritten afterwards. A second run
costs two queries. Files anonymised since (by `apply_retention`) are left alone.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from relais.accounts.models import User
from relais.audit.models import AccessLogEntry, Action, Basis
from relais.network.models import Network, Organisation

from .models import (
    BREAK_GLASS_HOURS,
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

NAMESPACE = uuid.UUID("5b0c6c3e-8f1e-4a57-9c44-72656c616973")
# The access code of every demo file that opens "mon dossier" (README.md).
DEMO_ACCESS_CODE = "MON-DOSSIER"
NORMALISED_DEMO_ACCESS_CODE = "MONDOSSIER"

# Demo accounts of the organisations, recorded as authors of what they wrote.
AUTHORS = {
    "cpas-namur": "worker.cpas-namur",
    "restos-namur": "worker.restos-namur",
    "croix-rouge-namur": "worker.croix-rouge-namur",
    "cpas-arlon": "worker.cpas-arlon",
    "cpas-wavre": "worker.cpas-wavre",
    "cpas-mons": "worker.cpas-mons",
    "ccas-le-mans": "worker.ccas-le-mans",
}


def demo_id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


@dataclass(frozen=True)
class DemoNetworkFiles:
    network: str
    size: int
    # Referent organisations, the first ones more often (weights).
    referents: tuple[tuple[str, int], ...]
    # Who a named consent names, per referent organisation (default: "*").
    partners: dict
    # Files with demo portal codes: index -> file code.
    codes: dict
    seed: int


NETWORK_FILES = [
    DemoNetworkFiles(
        "namur",
        30,
        (
            ("cpas-namur", 12),
            ("restos-namur", 5),
            ("croix-rouge-namur", 4),
            ("sauverdias", 3),
            ("phenix-namur", 3),
            ("mm-arsouilles", 3),
        ),
        {
            "cpas-namur": ("restos-namur", "croix-rouge-namur"),
            "restos-namur": ("cpas-namur",),
            "croix-rouge-namur": ("cpas-namur", "restos-namur"),
            "*": ("cpas-namur", "restos-namur"),
        },
        {0: "DEMONAM1", 2: "DEMONAM2"},
        0,
    ),
    DemoNetworkFiles(
        "luxembourg",
        30,
        (("cpas-arlon", 12), ("abri-arlon", 8), ("travail-de-rue-lux", 5), ("cpas-marche", 5)),
        {"cpas-arlon": ("abri-arlon", "mm-arlon"), "*": ("cpas-arlon",)},
        {0: "DEMOLUX1"},
        7,
    ),
    DemoNetworkFiles(
        "brabant-wallon",
        30,
        (("cpas-wavre", 12), ("accueil-jour-wavre", 7), ("restos-wavre", 6), ("cpas-nivelles", 5)),
        {"cpas-wavre": ("accueil-jour-wavre", "ais-brabant-wallon"), "*": ("cpas-wavre",)},
        {0: "DEMOBW1"},
        13,
    ),
    DemoNetworkFiles(
        "mons-borinage",
        30,
        (
            ("cpas-mons", 12),
            ("abri-mons", 7),
            ("restos-mons", 6),
            ("travail-de-rue-borinage", 5),
        ),
        {"cpas-mons": ("abri-mons", "mm-borinage"), "*": ("cpas-mons",)},
        {0: "DEMOMONS1"},
        21,
    ),
    DemoNetworkFiles(
        "le-mans",
        15,
        (
            ("ccas-le-mans", 7),
            ("restos-sarthe", 3),
            ("secours-populaire-le-mans", 3),
            ("accueil-jour-le-mans", 2),
        ),
        {"ccas-le-mans": ("accueil-jour-le-mans", "pass-ch-le-mans"), "*": ("ccas-le-mans",)},
        {0: "DEMOMANS1"},
        29,
    ),
]

# Invented nicknames and common names; any likeness to a real person is a coincidence.
PSEUDONYMS = [
    "Jojo", "Mimi", "Dédé", "Titi", "Lulu", "Kiki", "Nono", "Fifi", "Bébert", "Zaza",
    "Momo", "Loulou", "Gigi", "Pépé", "Nina", "Sacha", "Toto", "Lili", "Ricou", "Babette",
    "Ptit Louis", "Grand Paul", "Tonton", "Marraine", "Cri-Cri", "Bouboule", "Yoyo",
    "La Jeanne", "Filou", "Mamie Rose", "Coco", "Doudou", "Pilou", "Tchoupi", "Nénette",
]  # fmt: skip
FIRST_NAMES = [
    "Marc", "Sylvie", "Karim", "Nadia", "Jean-Pierre", "Fatou", "Olek", "Mihaela", "Yves",
    "Sandrine", "Ahmed", "Lucie", "Patrick", "Samira", "Dorin", "Brigitte", "Hassan", "Nathalie",
    "Ionut", "Véronique", "Mamadou", "Christine", "Tomasz", "Aïcha", "Thierry", "Oksana",
]  # fmt: skip
LAST_NAMES = [
    "Dubois", "Lemaire", "Jacobs", "Martin", "Lambert", "Dupont", "Renard", "Simon", "Laurent",
    "Leclercq", "Mertens", "Claes", "Petit", "Moreau", "Wouters", "Bertrand", "Popescu",
    "Diallo", "Benali", "Kowalski", "Marchal", "Hardy", "Lejeune", "Collard",
]  # fmt: skip
GENDERS = [Gender.MAN, Gender.WOMAN, Gender.MAN, Gender.WOMAN, Gender.MAN, Gender.NOT_SAID]
NATIONALITIES = [
    Nationality.BE_FR,
    Nationality.BE_FR,
    Nationality.EU,
    Nationality.NON_EU,
    Nationality.BE_FR,
    Nationality.UNKNOWN,
]
LANGUAGES = [["fr"], ["fr", "ar"], ["ro", "fr"], ["fr", "nl"], ["uk", "ru"], ["fr"], ["pl"]]
HOUSINGS = [
    Housing.ROUGH_SLEEPING,
    Housing.EMERGENCY_SHELTER,
    Housing.HOMELESS_ACCOMMODATION,
    Housing.FRIENDS_FAMILY,
    Housing.NON_CONVENTIONAL,
    Housing.INSTITUTION,
    Housing.HOUSED,
    "",
]


@dataclass(frozen=True)
class Project:
    goals: tuple  # (title, status, steps, who_helps)
    private_note: str
    shared_note: str
    contacts: tuple  # (kind, summary)


P, IP, R, D = (
    Goal.Status.PLANNED,
    Goal.Status.IN_PROGRESS,
    Goal.Status.REACHED,
    Goal.Status.DROPPED,
)
PROJECTS = [
    Project(
        (
            ("Trouver un logement à moi", IP, ["Inscription au logement social", "Visite d'un studio avec l'AIS", "Demande de garantie locative"], "le service social"),
            ("Garder mes affaires en sécurité", R, ["Casier à l'accueil de jour"], "l'accueil de jour"),
        ),
        "Dort dans sa voiture depuis la séparation. Ne veut pas aller à l'abri de nuit à cause des chiens.",
        "Cherche un petit logement près de la gare ; peut payer 450 € par mois avec le revenu d'intégration.",
        (("meeting", "Premier entretien, ouverture du dossier"), ("street", ""), ("accompaniment", "Visite d'un studio")),
    ),
    Project(
        (
            ("Refaire ma carte d'identité", IP, ["Attestation de perte à la police", "Photo d'identité", "Rendez-vous à la commune"], "le CPAS"),
            ("Avoir une adresse de référence", R, ["Demande au CPAS"], "le CPAS"),
        ),
        "Papiers volés à l'abri en janvier ; attend toujours l'attestation de la police.",
        "Adresse de référence accordée ; le courrier est à retirer au CPAS le mardi.",
        (("meeting", "Point sur les papiers"), ("phone", "Rappel du rendez-vous à la commune")),
    ),
    Project(
        (
            ("Me soigner les pieds et les dents", IP, ["Consultation à la maison médicale", "Devis chez le dentiste"], "la maison médicale"),
            ("Avoir une mutuelle", P, ["Affiliation", "Carte médicale du CPAS en attendant"], "le service social"),
        ),
        "Diabète mal suivi, plaies aux pieds ; refuse l'hôpital pour l'instant.",
        "Accepte un rendez-vous à la maison médicale jeudi ; a besoin qu'on l'accompagne.",
        (("accompaniment", "Accompagné à la maison médicale"), ("meal", ""), ("meeting", "")),
    ),
    Project(
        (
            ("Reprendre une formation", P, ["Inscription au cours de français", "Bilan de compétences"], "Lire et Écrire"),
            ("Travailler dans le bâtiment", P, ["Contrat article 60 à discuter"], "le service insertion"),
        ),
        "Travaillait comme maçon avant son accident ; a peur de ne pas savoir remplir les papiers.",
        "Motivé pour une formation ; disponible en journée, pas le mercredi.",
        (("meeting", "Bilan du projet"), ("phone", "")),
    ),
    Project(
        (
            ("Revoir mes enfants", IP, ["Rendez-vous au service d'aide à la jeunesse", "Visite encadrée un samedi sur deux"], "le service social"),
            ("Trouver un logement avec une chambre pour eux", P, ["Inscription au logement social"], "l'AIS"),
        ),
        "Parle beaucoup de ses deux enfants placés ; très abattu après l'audience.",
        "Visites encadrées acceptées par le juge ; il faut un logement avec une chambre en plus.",
        (("meeting", "Préparation de l'audience"), ("accompaniment", "Accompagné au tribunal"), ("night", "")),
    ),
    Project(
        (
            ("Régulariser mon séjour", IP, ["Rendez-vous avec l'avocat", "Traduction des documents"], "le service juridique"),
            ("Apprendre le français", IP, ["Cours trois matins par semaine"], "l'atelier de français"),
        ),
        "Procédure en cours ; ne pas mentionner l'adresse de son cousin, qui l'héberge par moments.",
        "Suit les cours de français avec assiduité ; rendez-vous avec l'avocat le 12.",
        (("meeting", "Point sur la procédure"), ("meal", ""), ("street", "")),
    ),
]  # fmt: skip
THIRD_PARTY_NOTE = (
    "Sa fille de 14 ans dit avoir peur de l'ancien compagnon de sa mère ; la situation est "
    "discutée avec le service d'aide à la jeunesse.",
    "Concerne la fille de la personne, mineure",
)
BREAK_GLASS_REASONS = [
    "Menace de suicide signalée par l'équipe de rue cette nuit, il faut connaître son traitement.",
    "Personne retrouvée inconsciente devant l'accueil de jour, les secours demandent ses antécédents.",
    "Signalement de violences par un voisin : il faut savoir qui la suit et comment la joindre.",
    "Départ d'hospitalisation sans solution de logement par grand froid, il faut le service référent.",
]


@dataclass(frozen=True)
class Plan:
    """Everything about one demo file, computed from its network and index."""

    key: str
    network: str
    referent: str
    person: dict
    inactive_days: int
    code: str | None
    project: Project
    consent_kind: str  # named, signatories, expired, revoked, none
    partners: tuple
    third_party: bool


def _referent(files: DemoNetworkFiles, index: int) -> str:
    slots = [slug for slug, weight in files.referents for _ in range(weight)]
    # Spread the organisations over the indexes rather than in blocks.
    return slots[(index * 7) % len(slots)]


CONSENT_KINDS = ["named", "signatories", "named", "expired", "revoked", "none"]


def plans() -> list[Plan]:
    result = []
    for files in NETWORK_FILES:
        for index in range(files.size):
            seed = files.seed + index
            referent = _referent(files, index)
            named = index % 3 != 0
            person = {
                "called_name": PSEUDONYMS[seed % len(PSEUDONYMS)],
                "first_name": FIRST_NAMES[(seed * 5) % len(FIRST_NAMES)] if named else "",
                "last_name": LAST_NAMES[(seed * 7) % len(LAST_NAMES)] if named else "",
                "birth_year": 1952 + (seed * 13) % 50 if index % 5 != 4 else None,
                "gender": GENDERS[seed % len(GENDERS)],
                "nationality": NATIONALITIES[seed % len(NATIONALITIES)],
                "languages": LANGUAGES[seed % len(LANGUAGES)],
                "phone": f"0470 {seed:02d} {index:02d} {(seed * 3) % 100:02d}" if named else "",
                "housing": HOUSINGS[seed % len(HOUSINGS)],
            }
            # Two files per network near the retention period: one to warn, one overdue.
            inactive_days = {files.size - 2: 715, files.size - 1: 760}.get(
                index, 2 + (index * 11) % 150
            )
            result.append(
                Plan(
                    key=f"{files.network}/{index:02d}",
                    network=files.network,
                    referent=referent,
                    person=person,
                    inactive_days=inactive_days,
                    code=files.codes.get(index),
                    project=PROJECTS[seed % len(PROJECTS)],
                    consent_kind="named" if index in files.codes else CONSENT_KINDS[index % 6],
                    partners=files.partners.get(referent, files.partners["*"]),
                    third_party=index == 2,
                )
            )
    return result


# Break-glass accesses in Namur, for dpo.namur to review: (user, organisation, started hours
# ago, review), on files of the CPAS that no valid consent opens to that organisation.
BREAK_GLASSES = [
    ("worker.restos-namur", "restos-namur", 2, BreakGlass.Review.PENDING),  # still open
    ("worker.croix-rouge-namur", "croix-rouge-namur", 50, BreakGlass.Review.PENDING),
    ("worker.restos-namur", "restos-namur", 200, BreakGlass.Review.PENDING),
    ("worker.croix-rouge-namur", "croix-rouge-namur", 400, BreakGlass.Review.JUSTIFIED),
]


def break_glass_plans(all_plans: list[Plan]) -> list[tuple[Plan, tuple]]:
    files = [
        plan
        for plan in all_plans
        if plan.network == "namur"
        and plan.referent == "cpas-namur"
        and plan.consent_kind in ("none", "expired", "revoked")
        and not plan.code
    ]
    return list(zip(files, BREAK_GLASSES, strict=False))


def load_persons(tally) -> None:
    """Create the missing demo files and put back a changed identity (see the module)."""
    all_plans = plans()
    person_ids = [demo_id("person", plan.key) for plan in all_plans]
    fields = list(all_plans[0].person)
    existing = {
        row["pk"]: row
        for row in Person.objects.filter(pk__in=person_ids).values(
            "pk",
            "anonymised_at",
            "file_code",
            "network__slug",
            "referent_organisation__slug",
            *fields,
        )
    }
    children = {
        pk
        for (pk,) in Note.objects.filter(person_id__in=person_ids)
        .order_by()
        .values_list("pk")
        .union(
            Goal.objects.filter(person_id__in=person_ids).order_by().values_list("pk"),
            Contact.objects.filter(person_id__in=person_ids).order_by().values_list("pk"),
            Consent.objects.filter(person_id__in=person_ids).order_by().values_list("pk"),
            BreakGlass.objects.filter(person_id__in=person_ids).order_by().values_list("pk"),
            all=True,
        )
        .order_by("pk")  # not the first model's default ordering, which is not selected
    }
    loader = _Loader(tally, existing, children)
    for plan in all_plans:
        loader.add(plan)
    loader.save(all_plans)


class _Loader:
    def __init__(self, tally, existing: dict, children: set):
        self.tally = tally
        self.existing = existing
        self.children = children
        self.now = timezone.now()
        self.today = timezone.localdate()
        self._refs = None
        self._hash: str | None = None
        self.new: dict[type, list] = {
            Person: [],
            Goal: [],
            Note: [],
            Contact: [],
            Consent: [],
            BreakGlass: [],
        }
        self.consent_organisations: list = []
        self.changed: list[Person] = []
        self.changed_fields: set[str] = set()
        self.log: list[AccessLogEntry] = []
        self.persons: dict[str, Person] = {}

    # Networks, organisations and demo users: read only when something is to be written.
    def refs(self):
        if self._refs is None:
            slugs = {slug for files in NETWORK_FILES for slug, _w in files.referents}
            slugs |= {s for files in NETWORK_FILES for p in files.partners.values() for s in p}
            slugs |= {org for _u, org, _h, _r in BREAK_GLASSES}
            usernames = set(AUTHORS.values()) | {u for u, _o, _h, _r in BREAK_GLASSES}
            usernames.add("dpo.namur")
            self._refs = (
                Network.objects.in_bulk([f.network for f in NETWORK_FILES], field_name="slug"),
                Organisation.objects.in_bulk(slugs, field_name="slug"),
                User.objects.in_bulk(usernames, field_name="username"),
            )
        return self._refs

    def add(self, plan: Plan) -> None:
        pk = demo_id("person", plan.key)
        row = self.existing.get(pk)
        if row is not None:
            if row["anonymised_at"] is None:
                self._put_back(pk, row, plan)
            return
        networks, organisations, users = self.refs()
        referent = organisations[plan.referent]
        author = users.get(AUTHORS.get(plan.referent, ""))
        last_activity = self.now - timedelta(days=plan.inactive_days)
        person = Person(
            id=pk,
            network=networks[plan.network],
            referent_organisation=referent,
            created_by=author,
            last_activity_at=last_activity,
            file_code=plan.code,
            access_code_hash=self.access_code_hash() if plan.code else "",
            access_code_set_at=self.now if plan.code else None,
            **plan.person,
        )
        person.created_at = last_activity - timedelta(days=60 + plan.inactive_days % 90)
        self.new[Person].append(person)
        self.persons[plan.key] = person
        self._file(plan, person, referent, author, last_activity)

    def access_code_hash(self) -> str:
        """One hash for every demo file of the load (hashing costs about a second in dev)."""
        if self._hash is None:
            self._hash = make_password(NORMALISED_DEMO_ACCESS_CODE)
        return self._hash

    def _put_back(self, pk, row: dict, plan: Plan) -> None:
        # The file code only for the files of the README (others may get one from a worker).
        wanted = {**plan.person, **({"file_code": plan.code} if plan.code else {})}
        diff = {name: value for name, value in wanted.items() if row[name] != value}
        if diff:
            person = Person(id=pk, **{**{n: row[n] for n in wanted}, **diff})
            self.changed.append(person)
            self.changed_fields |= set(diff)

    def _file(self, plan: Plan, person: Person, referent, author, last_activity) -> None:
        project = plan.project
        for number, (title, status, steps, who_helps) in enumerate(project.goals):
            goal = Goal(
                id=demo_id("goal", plan.key, number),
                person=person,
                title=title,
                status=status,
                steps=list(steps),
                who_helps=who_helps,
            )
            goal.created_at = person.created_at + timedelta(days=3 + number)
            self.new[Goal].append(goal)
        notes = [
            (project.private_note, Note.Visibility.ORGANISATION, False, ""),
            (project.shared_note, Note.Visibility.SHARED, False, ""),
        ]
        if plan.third_party:
            notes.append(
                (*THIRD_PARTY_NOTE[:1], Note.Visibility.ORGANISATION, True, THIRD_PARTY_NOTE[1])
            )
        for number, (text, visibility, third, reason) in enumerate(notes):
            note = Note(
                id=demo_id("note", plan.key, number),
                person=person,
                organisation=referent,
                author=author,
                visibility=visibility,
                text=text,
                about_third_party=third,
                third_party_reason=reason,
            )
            note.created_at = last_activity - timedelta(days=10 * (len(notes) - number))
            self.new[Note].append(note)
        for number, (kind, summary) in enumerate(project.contacts):
            self.new[Contact].append(
                Contact(
                    id=demo_id("contact", plan.key, number),
                    person=person,
                    organisation=referent,
                    author=author,
                    happened_on=(last_activity - timedelta(days=21 * number)).date(),
                    kind=kind,
                    summary=summary,
                )
            )
        self._consent(plan, person, referent, author)
        self._log(plan, person, referent, author)

    def _consent(self, plan: Plan, person: Person, referent, author) -> None:
        kind = plan.consent_kind
        if kind == "none":
            return
        _networks, organisations, _users = self.refs()
        days = {"named": 20, "signatories": 45, "expired": 400, "revoked": 120}[kind]
        given_at = self.now - timedelta(days=days)
        consent = Consent(
            id=demo_id("consent", plan.key),
            person=person,
            all_signatories=kind == "signatories",
            purpose={
                "named": "Être accompagné·e ensemble vers un logement et des soins",
                "signatories": "Être orienté·e vers le bon service du réseau sans tout raconter à chaque fois",
                "expired": "Orientation vers l'abri de nuit pendant l'hiver",
                "revoked": "Suivi commun avec le service de santé",
            }[kind],
            method=[Consent.Method.SIGNED_SLIP, Consent.Method.ORAL, Consent.Method.WRITTEN][
                len(plan.key) % 3
            ],
            given_at=given_at,
            recorded_by=author,
            recorded_by_organisation=referent,
            expires_at=Consent.default_expiry(given_at),
        )
        consent.scope = {
            "named": ["identity", "life_project", "shared_notes"],
            "signatories": ["identity", "life_project"],
            "expired": ["identity", "shared_notes"],
            "revoked": ["identity", "life_project", "shared_notes"],
        }[kind]
        if kind == "revoked":
            consent.revoked_at = self.now - timedelta(days=12)
            # Withdrawn by the person (files 4, 16, 28) or by the organisation (10, 22).
            consent.revoked_by_person = int(plan.key[-2:]) % 12 == 4
            consent.revoked_by = None if consent.revoked_by_person else author
        self.new[Consent].append(consent)
        if kind != "signatories":
            partners = [organisations[slug] for slug in plan.partners if slug != plan.referent]
            for organisation in partners[:2]:
                self.consent_organisations.append(
                    Consent.organisations.through(consent_id=consent.pk, organisation=organisation)
                )

    def _log(self, plan: Plan, person: Person, referent, author) -> None:
        """A few entries for the files that open "mon dossier", so that "who looked at my
        file" shows something (all dated at the first load)."""
        if not plan.code:
            return
        _networks, organisations, users = self.refs()
        entries = [
            (author, referent, Action.CREATE, Basis.OWN_ORGANISATION, None),
            (author, referent, Action.READ, Basis.OWN_ORGANISATION, None),
            (author, referent, Action.CONSENT_GRANT, Basis.OWN_ORGANISATION, "consent"),
        ]
        for slug in plan.partners[:1]:
            entries.append(
                (
                    users.get(AUTHORS.get(slug, "")),
                    organisations[slug],
                    Action.READ,
                    Basis.CONSENT,
                    "consent",
                )
            )
        for user, organisation, action, basis, consent in entries:
            self.log.append(
                AccessLogEntry(
                    user_id=getattr(user, "pk", None),
                    username=getattr(user, "username", ""),
                    organisation_id=organisation.pk,
                    organisation_name=organisation.name,
                    network_id=person.network_id,
                    person_id=person.pk,
                    action=action,
                    basis=basis,
                    consent_id=demo_id("consent", plan.key) if consent else None,
                )
            )

    def _break_glasses(self, all_plans: list[Plan]) -> None:
        """Written with their file only (when the file is created)."""
        for plan, (username, slug, hours, review) in break_glass_plans(all_plans):
            person = self.persons.get(plan.key)
            if person is None:
                continue
            networks, organisations, users = self.refs()
            started = self.now - timedelta(hours=hours)
            glass = BreakGlass(
                id=demo_id("break-glass", plan.key),
                person=person,
                user=users[username],
                organisation=organisations[slug],
                reason=BREAK_GLASS_REASONS[len(self.new[BreakGlass]) % len(BREAK_GLASS_REASONS)],
                started_at=started,
                expires_at=started + timedelta(hours=BREAK_GLASS_HOURS),
                review=review,
            )
            if review != BreakGlass.Review.PENDING:
                glass.reviewed_by = users["dpo.namur"]
                glass.reviewed_at = started + timedelta(days=2)
                glass.review_comment = "Danger réel, accès limité au nécessaire."
            self.new[BreakGlass].append(glass)
            self.log.append(
                AccessLogEntry(
                    user_id=glass.user.pk,
                    username=glass.user.username,
                    organisation_id=glass.organisation.pk,
                    organisation_name=glass.organisation.name,
                    network_id=networks["namur"].pk,
                    person_id=person.pk,
                    action=Action.BREAK_GLASS,
                    basis=Basis.BREAK_GLASS,
                    break_glass_id=glass.pk,
                )
            )

    def save(self, all_plans: list[Plan]) -> None:
        self._break_glasses(all_plans)
        # bulk_create sets auto_now_add dates to now: the demo ones are written afterwards.
        planned = {
            model: [model(pk=row.pk, created_at=row.created_at) for row in self.new[model]]
            for model in (Person, Note, Goal)
        }
        for model, rows in self.new.items():
            if rows:
                model.objects.bulk_create(rows)
                self.tally.add(model, created=True, count=len(rows))
        for model, rows in planned.items():
            if rows:
                model.objects.bulk_update(rows, ["created_at"])
        if self.consent_organisations:
            Consent.organisations.through.objects.bulk_create(self.consent_organisations)
        if self.log:
            AccessLogEntry.objects.bulk_create(self.log)
            self.tally.add(AccessLogEntry, created=True, count=len(self.log))
        if self.changed:
            Person.objects.bulk_update(self.changed, sorted(self.changed_fields))
            self.tally.add(Person, created=False, count=len(self.changed))
