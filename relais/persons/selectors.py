"""Reads of person files. They start from a FileAccess given by `access.get_person_for`
(which already decided and audited) and return only the parts it allows."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from relais.audit.models import AccessLogEntry

from . import access
from .models import BreakGlass, Consent, Contact, Goal, Note, Person


@dataclass
class PersonFile:
    """What one viewer sees of a file: the parts they may not see are empty."""

    access: access.FileAccess
    person: Person
    goals: list[Goal] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)

    @property
    def identity_visible(self) -> bool:
        return self.access.can_see(access.IDENTITY)


def person_file_for(file: access.FileAccess) -> PersonFile:
    """The file as `file` allows: at most four queries whatever its size (goals, notes,
    contacts, consents with their organisations)."""
    person = file.person
    result = PersonFile(access=file, person=person)
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


def access_log_for(person: Person, limit: int = 200) -> QuerySet[AccessLogEntry]:
    """Who looked at a file (for the referent organisation and the person)."""
    return AccessLogEntry.objects.filter(person_id=person.pk).order_by("-at")[:limit]


def persons_search(*, user, q: str = "") -> QuerySet[Person]:
    """Files the user's organisations may see, matching `q` on the name fields."""
    qs = access.persons_visible_to(user).select_related("referent_organisation")
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(called_name__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    return qs.order_by("called_name")


def break_glasses_to_review(*, network) -> QuerySet[BreakGlass]:
    return (
        BreakGlass.objects.filter(person__network=network, review=BreakGlass.Review.PENDING)
        .select_related("user", "organisation", "person__referent_organisation")
        .order_by("started_at")
    )


@dataclass
class PersonRecords:
    """What the referent organisation keeps about a file beside its content: the
    break-glasses declared on it and the person's correction requests."""

    break_glasses: list[BreakGlass] = field(default_factory=list)
    corrections: list = field(default_factory=list)


def person_records_for(file: access.FileAccess) -> PersonRecords:
    """Break-glasses and correction requests of a file, for its referent organisation only
    (empty for anyone else). Two queries."""
    if not file.is_referent:
        return PersonRecords()
    person = file.person
    return PersonRecords(
        break_glasses=list(person.break_glasses.select_related("organisation")),
        corrections=list(person.corrections.all()),
    )


def access_log_for_person(person: Person, limit: int = 200) -> list[AccessLogEntry]:
    """ "Who looked at my file", as the person sees it: when, which organisation, what and on
    which basis — never the worker's name. The person's own visits are left out (see
    `own_visits_for_person`)."""
    return list(
        AccessLogEntry.objects.filter(person_id=person.pk)
        .exclude(basis=access.Basis.PERSON)
        .only("at", "organisation_name", "action", "basis")
        .order_by("-at")[:limit]
    )


def own_visits_for_person(person: Person, limit: int = 5) -> list[AccessLogEntry]:
    """The person's last visits to their own file, so that a use of their code by someone
    else shows up."""
    return list(
        AccessLogEntry.objects.filter(person_id=person.pk, basis=access.Basis.PERSON)
        .only("at", "action")
        .order_by("-at")[:limit]
    )
