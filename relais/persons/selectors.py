"""Reads of person files. They start from a FileAccess given by `access.get_person_for`
(which already decided and audited) and return only the parts it allows."""

from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Q, QuerySet

from relais.audit.models import AccessLogEntry
from relais.core.compiled import ID, OPTION, UUID, Compiled
from relais.network.models import Organisation

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


def _goals_queryset(*, person_id) -> QuerySet[Goal]:
    return Goal.objects.filter(person_id=person_id)


def _notes_queryset(
    *, person_id, private_of, shared: bool, all_private: bool, third_party: bool
) -> QuerySet[Note]:
    """The notes of a file: shared ones if `shared`, organisation-only ones of the
    organisations `private_of` (or of every organisation if `all_private`: the person's own
    view), without those about a third person unless `third_party`."""
    note_filter = Q(pk__in=[])
    if shared:
        note_filter |= Q(visibility=Note.Visibility.SHARED)
    if private_of:
        note_filter |= Q(visibility=Note.Visibility.ORGANISATION, organisation__in=private_of)
    if all_private:
        note_filter |= Q(visibility=Note.Visibility.ORGANISATION)
    notes = (
        Note.objects.filter(person_id=person_id)
        .filter(note_filter)
        .select_related("organisation", "author")
    )
    if not third_party:
        notes = notes.filter(about_third_party=False)
    return notes


def _contacts_queryset(*, person_id) -> QuerySet[Contact]:
    return Contact.objects.filter(person_id=person_id).select_related("organisation")


def _consents_queryset(*, person_id) -> QuerySet[Consent]:
    return Consent.objects.filter(person_id=person_id).select_related("recorded_by_organisation")


_ConsentOrganisation = Consent.organisations.through


def _consent_organisations_queryset(*, person_id) -> QuerySet:
    """The organisations named by the file's consents, in the order of
    `consent.organisations.all()` (by name)."""
    return (
        _ConsentOrganisation.objects.filter(consent__person_id=person_id)
        .select_related("organisation")
        .order_by(*(f"organisation__{name}" for name in Organisation._meta.ordering), "pk")
    )


# The queries of a file read have a fixed shape: built and compiled once per process (see
# compiled.py), run with each file's id.
_GOALS = Compiled(Goal, _goals_queryset, person_id=UUID)
_NOTES = Compiled(
    Note,
    _notes_queryset,
    person_id=UUID,
    private_of=[ID],
    shared=OPTION,
    all_private=OPTION,
    third_party=OPTION,
)
_CONTACTS = Compiled(Contact, _contacts_queryset, person_id=UUID)
_CONSENTS = Compiled(Consent, _consents_queryset, person_id=UUID)
_CONSENT_ORGANISATIONS = Compiled(
    _ConsentOrganisation, _consent_organisations_queryset, person_id=UUID
)


def _of_person(objects: list, model, person: Person) -> list:
    """Cache `obj.person` as the related manager (`person.goals.all()`) would."""
    field = model._meta.get_field("person")
    for obj in objects:
        field.set_cached_value(obj, person)
    return objects


def _with_organisations(consents: list[Consent], links: list) -> list[Consent]:
    """What `prefetch_related("organisations")` leaves on each consent:
    `consent.organisations.all()` answers from memory."""
    named: dict = {}
    for link in links:
        named.setdefault(link.consent_id, []).append(link.organisation)
    for consent in consents:
        organisations = consent.organisations.get_queryset()
        organisations._result_cache = named.get(consent.pk, [])
        organisations._prefetch_done = True
        if not hasattr(consent, "_prefetched_objects_cache"):
            consent._prefetched_objects_cache = {}
        consent._prefetched_objects_cache[Consent.organisations.field.name] = organisations
    return consents


def person_file_for(file: access.FileAccess) -> PersonFile:
    """The file as `file` allows: at most five queries whatever its size (goals, notes,
    contacts, consents, the organisations they name), on one cursor."""
    person = file.person
    result = PersonFile(access=file, person=person)
    pk = person.pk
    with connections[router.db_for_read(Person)].cursor() as cursor:
        if file.can_see(access.LIFE_PROJECT):
            result.goals = _of_person(_GOALS(cursor, person_id=pk), Goal, person)
        if file.parts & {access.SHARED_NOTES, access.PRIVATE_NOTES}:
            private = file.can_see(access.PRIVATE_NOTES)
            everyone = private and file.basis == access.Basis.PERSON
            own = private and not everyone and file.organisation is not None
            notes = _NOTES(
                cursor,
                person_id=pk,
                private_of=[file.organisation.pk] if own else [],
                shared=file.can_see(access.SHARED_NOTES),
                all_private=everyone,
                third_party=file.can_see(access.THIRD_PARTY_NOTES),
            )
            result.notes = _of_person(notes, Note, person)
        if file.can_see(access.SHARED_NOTES):
            result.contacts = _of_person(_CONTACTS(cursor, person_id=pk), Contact, person)
        if file.is_referent or file.basis == access.Basis.PERSON:
            consents = _of_person(_CONSENTS(cursor, person_id=pk), Consent, person)
            links = _CONSENT_ORGANISATIONS(cursor, person_id=pk) if consents else []
            result.consents = _with_organisations(consents, links)
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


# --- Worker and DPO pages (persons/views.py, persons/dpo_views.py) ----------------------------

# Alerts on unusual reading: a user who opened at least ALERT_MIN_FILES different files of
# other organisations (on a consent or a break-glass) within ALERT_WINDOW, looked for over the
# last ALERT_LOOKBACK.
ALERT_MIN_FILES = 10
ALERT_WINDOW_MINUTES = 60
ALERT_LOOKBACK_DAYS = 30


def is_referent_admin(*, user, file: access.FileAccess) -> bool:
    """Admins of the file's referent organisation (who may erase it). One query."""
    from relais.accounts.models import OrganisationRole

    return (
        file.is_referent
        and OrganisationRole.objects.filter(
            user=user, organisation=file.organisation, role=OrganisationRole.Role.ADMIN
        ).exists()
    )


def erasable_file_for(*, user, person_id) -> access.FileAccess:
    """The file for its erasure page: admins of the referent organisation only, audited as a
    read. Everyone else (its workers included): PersonNotFound, and nothing is logged."""
    from django.db import transaction

    from relais.audit.models import Action

    with transaction.atomic():
        file = access.access_for(user, person_id)
        if not is_referent_admin(user=user, file=file):
            raise access.PersonNotFound
        file.audit(user=user, action=Action.READ)
        return file


def consent_for(file: access.FileAccess, consent_id) -> Consent:
    """One consent of the file with the organisations it names: for the referent organisation
    (and the person) only. Anything else answers like an unknown file."""
    if not (file.is_referent or file.basis == access.Basis.PERSON):
        raise access.PersonNotFound
    consent = (
        file.person.consents.select_related("recorded_by_organisation")
        .prefetch_related("organisations")
        .filter(pk=consent_id)
        .first()
    )
    if consent is None:
        raise access.PersonNotFound
    return consent


def goal_for(file: access.FileAccess, goal_id) -> Goal:
    """One goal of the life project, for those who see the life project."""
    goal = (
        file.person.goals.filter(pk=goal_id).first() if file.can_see(access.LIFE_PROJECT) else None
    )
    if goal is None:
        raise access.PersonNotFound
    return goal


def consent_state(consent: Consent, now=None) -> str:
    """valid, expired, revoked or upcoming (given in the future)."""
    from django.utils import timezone

    now = now or timezone.now()
    if consent.revoked_at is not None:
        return "revoked"
    if consent.expires_at <= now:
        return "expired"
    if consent.given_at > now:
        return "upcoming"
    return "valid"


def consent_organisation_choices(*, person: Person):
    """Organisations a consent may name: active members of the file's network, without the
    referent organisation (which sees the whole file anyway). One query."""
    from relais.network.models import Membership, Organisation

    return (
        Organisation.objects.filter(
            memberships__network_id=person.network_id,
            memberships__status=Membership.Status.ACTIVE,
        )
        .exclude(pk=person.referent_organisation_id)
        .order_by("name")
        .distinct()
    )


def access_log_entries(*, person: Person) -> QuerySet[AccessLogEntry]:
    """Every entry of a file's access log, newest first (to paginate)."""
    return AccessLogEntry.objects.filter(person_id=person.pk).order_by("-at")


def navigation_for(user) -> dict:
    """The menu's person links: "Personnes" for users who may open files (as in
    `access.acting_organisations`), "Protection des données" for DPOs; and, in the same
    query, the number of directory services "à classer" the user may classify (coordinators,
    organisation admins: `directory.selectors.to_classify_count`). One query."""
    from django.db.models import Exists, OuterRef

    from relais.accounts.models import NetworkRole, OrganisationRole, User
    from relais.directory.selectors import to_classify_count

    nothing = {"persons": False, "dpo": False, "to_classify": 0}
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return nothing
    acting = OrganisationRole.objects.filter(user=OuterRef("pk")).filter(
        Q(role__in=[OrganisationRole.Role.ADMIN, OrganisationRole.Role.WORKER])
        | Q(role=OrganisationRole.Role.VOLUNTEER, may_open_person_files=True)
    )
    dpo = NetworkRole.objects.filter(user=OuterRef("pk"), role=NetworkRole.Role.DPO)
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(persons=Exists(acting), dpo=Exists(dpo), to_classify=to_classify_count())
        .values("persons", "dpo", "to_classify")
        .first()
    )
    return row or nothing


def networks_for_dpo(*, user):
    """Networks whose data-protection officer `user` is."""
    from relais.accounts.models import NetworkRole
    from relais.network.models import Network

    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    dpo = NetworkRole.Role.DPO
    return Network.objects.filter(roles__user=user, roles__role=dpo).order_by("name")


def network_for_dpo(*, user, slug: str):
    """The network `slug` if `user` is its DPO; otherwise 404, as for an unknown network."""
    from django.http import Http404

    network = networks_for_dpo(user=user).filter(slug=slug).first()
    if network is None:
        raise Http404
    return network


def access_log_search(
    *,
    network,
    date_from=None,
    date_to=None,
    username: str = "",
    organisation_id: int | None = None,
    action: str = "",
    basis: str = "",
    person_id=None,
) -> QuerySet[AccessLogEntry]:
    """The network's access log for its DPO, filtered; newest first. Dates are aware
    datetimes (from inclusive, to exclusive). The log holds no content."""
    entries = AccessLogEntry.objects.filter(network_id=network.pk)
    if date_from:
        entries = entries.filter(at__gte=date_from)
    if date_to:
        entries = entries.filter(at__lt=date_to)
    if username:
        entries = entries.filter(username__iexact=username.strip())
    if organisation_id:
        entries = entries.filter(organisation_id=organisation_id)
    if action:
        entries = entries.filter(action=action)
    if basis:
        entries = entries.filter(basis=basis)
    if person_id:
        entries = entries.filter(person_id=person_id)
    return entries.order_by("-at", "-id")


def break_glass_queue(*, network) -> QuerySet[BreakGlass]:
    """Break-glasses of the network waiting for the DPO's review, oldest first, each with the
    number of log entries written under it (what was done with the access). One query."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    used = (
        AccessLogEntry.objects.filter(break_glass_id=OuterRef("pk"))
        .order_by()
        .values("break_glass_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return break_glasses_to_review(network=network).annotate(
        log_entries=Coalesce(Subquery(used, output_field=IntegerField()), 0)
    )


def break_glasses_reviewed(*, network, limit: int = 20) -> list[BreakGlass]:
    """The latest reviewed break-glasses of the network. One query."""
    return list(
        BreakGlass.objects.filter(person__network=network)
        .exclude(review=BreakGlass.Review.PENDING)
        .select_related("user", "organisation", "reviewed_by")
        .order_by("-reviewed_at")[:limit]
    )


def reading_alerts(*, network, now=None) -> list[dict]:
    """Users who opened at least ALERT_MIN_FILES different files of other organisations (on a
    consent or a break-glass) within ALERT_WINDOW_MINUTES, over the last ALERT_LOOKBACK_DAYS.

    One aggregate query: each read is counted with the distinct files the same user read in the
    window that starts with it; users whose busiest window reaches the threshold are returned
    with that peak and the first and last such window. Most files first."""
    from datetime import timedelta

    from django.db.models import (
        Count,
        DateTimeField,
        ExpressionWrapper,
        IntegerField,
        Max,
        Min,
        OuterRef,
        Subquery,
    )
    from django.utils import timezone

    from relais.audit.models import Action, Basis

    now = now or timezone.now()
    reads = AccessLogEntry.objects.filter(
        network_id=network.pk,
        user_id__isnull=False,
        basis__in=[Basis.CONSENT, Basis.BREAK_GLASS],
        action__in=[Action.READ, Action.EXPORT],
        at__gte=now - timedelta(days=ALERT_LOOKBACK_DAYS),
    )
    window_end = ExpressionWrapper(
        OuterRef("at") + timedelta(minutes=ALERT_WINDOW_MINUTES), output_field=DateTimeField()
    )
    in_window = (
        reads.filter(user_id=OuterRef("user_id"), at__gte=OuterRef("at"), at__lt=window_end)
        .order_by()
        .values("user_id")
        .annotate(n=Count("person_id", distinct=True))
        .values("n")
    )
    return list(
        reads.annotate(files=Subquery(in_window, output_field=IntegerField()))
        .filter(files__gte=ALERT_MIN_FILES)
        .order_by()
        .values("user_id", "username")
        .annotate(peak=Max("files"), first_at=Min("at"), last_at=Max("at"))
        .order_by("-peak", "username")
    )


def person_export_data(file_data: PersonFile, log) -> dict:
    """The file as its referent organisation exports it (JSON): identity, life project, notes,
    contacts, consents and the access log. Built only from what `file_data` holds."""
    person = file_data.person

    def when(value):
        return value.isoformat() if value else None

    return {
        "id": str(person.id),
        "referent_organisation": person.referent_organisation.name,
        "network": person.network.name,
        "created_at": when(person.created_at),
        "identity": {
            name: getattr(person, name)
            for name in (
                "called_name",
                "first_name",
                "last_name",
                "birth_year",
                "gender",
                "nationality",
                "languages",
                "phone",
                "housing",
            )
        }
        if file_data.identity_visible
        else None,
        "life_project": [
            {
                "id": str(g.id),
                "title": g.title,
                "steps": g.steps,
                "who_helps": g.who_helps,
                "status": g.status,
                "updated_at": when(g.updated_at),
            }
            for g in file_data.goals
        ],
        "notes": [
            {
                "id": str(n.id),
                "at": when(n.created_at),
                "organisation": n.organisation.name,
                "visibility": n.visibility,
                "text": n.text,
                "about_third_party": n.about_third_party,
                "third_party_reason": n.third_party_reason,
            }
            for n in file_data.notes
        ],
        "contacts": [
            {
                "id": str(c.id),
                "on": c.happened_on.isoformat(),
                "organisation": c.organisation.name,
                "kind": c.kind,
                "summary": c.summary,
            }
            for c in file_data.contacts
        ],
        "consents": [
            {
                "id": str(c.id),
                "organisations": [o.name for o in c.organisations.all()],
                "all_signatories": c.all_signatories,
                "scope": c.scope,
                "purpose": c.purpose,
                "method": c.method,
                "given_at": when(c.given_at),
                "expires_at": when(c.expires_at),
                "revoked_at": when(c.revoked_at),
                "state": consent_state(c),
            }
            for c in file_data.consents
        ],
        "access_log": [
            {
                "at": when(e.at),
                "user": e.username,
                "organisation": e.organisation_name,
                "action": e.action,
                "basis": e.basis,
            }
            for e in log
        ],
    }
