"""The access policy of person files: the only place that decides who sees what.

It reads like the charters (shared professional secrecy only with the person's informed
consent; nothing kept or passed on without it; the person's access to their own file):

- the **referent organisation** (the one that opened the file) sees the whole file;
- **another organisation** sees the parts named by a valid consent that names it, or that
  names "all signatories" when that organisation signed the network's *current* charter;
- a worker who declared a **break-glass** (danger for the person or a third person) sees the
  shared part for at most 24 hours;
- **volunteers** only when their organisation admin allowed it;
- **coordinators and DPOs** as such see no person content;
- **the person** sees their whole file except notes withheld because they are about a third
  person (GDPR art. 15.4);
- in every other case the file does not exist (404), exactly as for an unknown id.

Org-private notes never leave their organisation. A revoked or expired consent stops access
on the very next request: nothing is cached across requests. Every access that returns
content writes one audit entry in the same transaction.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from relais.accounts.models import OrganisationRole
from relais.audit.models import Action, Basis
from relais.audit.services import audit_write
from relais.core.compiled import DATETIME, ID, UUID, Compiled
from relais.network.models import CharterVersion, Membership, Organisation, Signature

from .models import BREAK_GLASS_HOURS, BreakGlass, Consent, Person

IDENTITY = Consent.Scope.IDENTITY.value
LIFE_PROJECT = Consent.Scope.LIFE_PROJECT.value
SHARED_NOTES = Consent.Scope.SHARED_NOTES.value
PRIVATE_NOTES = "private_notes"
THIRD_PARTY_NOTES = "third_party_notes"

SHARED_PART = frozenset({IDENTITY, LIFE_PROJECT, SHARED_NOTES})
WHOLE_FILE = SHARED_PART | {PRIVATE_NOTES, THIRD_PARTY_NOTES}
PERSON_OWN_VIEW = SHARED_PART | {PRIVATE_NOTES}


class PersonNotFound(Http404):
    """Raised for unknown ids and forbidden files alike: existence is never revealed."""


@dataclass(frozen=True)
class FileAccess:
    """What one viewer may see of one file, and why (the audit basis)."""

    person: Person
    organisation: Organisation | None
    basis: str
    parts: frozenset
    consent_id: uuid.UUID | None = None
    break_glass_id: uuid.UUID | None = None

    def can_see(self, part: str) -> bool:
        return part in self.parts

    @property
    def is_referent(self) -> bool:
        return self.basis == Basis.OWN_ORGANISATION

    def audit(self, *, user, action: Action | str) -> None:
        audit_write(
            user=user,
            organisation=self.organisation,
            person=self.person,
            action=action,
            basis=self.basis,
            consent_id=self.consent_id,
            break_glass_id=self.break_glass_id,
        )


def acting_organisations(user) -> list[Organisation]:
    """Organisations on whose behalf `user` may open person files.

    Allowed: admins and workers of an organisation; volunteers whose organisation admin
    allowed it (`may_open_person_files`). Not allowed: coordinators and DPOs as such,
    anonymous visitors. Cached on the user object for the duration of one request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_relais_acting_organisations", None)
    if cached is None:
        cached = _ACTING_ORGANISATIONS(user_id=user.pk)
        user._relais_acting_organisations = cached
    return cached


def _acting_organisations_queryset(*, user_id) -> QuerySet[Organisation]:
    roles = OrganisationRole.objects.filter(user=user_id).filter(
        Q(role__in=[OrganisationRole.Role.ADMIN, OrganisationRole.Role.WORKER])
        | Q(role=OrganisationRole.Role.VOLUNTEER, may_open_person_files=True)
    )
    return Organisation.objects.filter(pk__in=roles.values("organisation_id")).order_by("pk")


_ACTING_ORGANISATIONS = Compiled(Organisation, _acting_organisations_queryset, user_id=ID)


def _valid_consents(person_ref, now):
    return Consent.objects.filter(
        person=person_ref, revoked_at__isnull=True, given_at__lte=now, expires_at__gt=now
    ).order_by("-given_at")


def _signed_current_charter(*, network_ref, organisation_ref):
    """The organisation signed the network's current charter and is an active member.

    `network_ref` and `organisation_ref` are seen from the Signature and Membership queries;
    the charter subquery sits one level deeper, so an outer reference needs one more OuterRef
    there."""
    charter_network = OuterRef(network_ref) if isinstance(network_ref, OuterRef) else network_ref
    current_charter = (
        CharterVersion.objects.filter(network_id=charter_network, approved_on__isnull=False)
        .order_by("-approved_on", "-number")
        .values("pk")[:1]
    )
    signed = Signature.objects.filter(
        organisation=organisation_ref,
        status=Signature.Status.ACCEPTED,
        charter_version=Subquery(current_charter),
    )
    member = Membership.objects.filter(
        organisation=organisation_ref, network_id=network_ref, status=Membership.Status.ACTIVE
    )
    return Exists(signed) & Exists(member)


def _grants_queryset(
    *, person_id, network_id, user_id, organisation_ids, now, opened_since
) -> QuerySet:
    """For each acting organisation, the valid consents that cover it (their scopes are
    united; the newest one is named in the audit) and the user's open break-glass (opened
    after `opened_since`, BREAK_GLASS_HOURS before now, whatever its expiry says)."""
    organisation = OuterRef(OuterRef("pk"))
    named = Consent.organisations.through.objects.filter(
        consent=OuterRef("pk"), organisation=organisation
    )
    covering = _valid_consents(person_id, now).filter(
        Exists(named)
        | Q(all_signatories=True)
        & _signed_current_charter(network_ref=network_id, organisation_ref=organisation)
    )
    break_glass = (
        BreakGlass.objects.filter(
            person=person_id,
            user=user_id,
            organisation=OuterRef("pk"),
            started_at__lte=now,
            started_at__gt=opened_since,
            expires_at__gt=now,
        )
        .exclude(review=BreakGlass.Review.NOT_JUSTIFIED)
        .order_by("-started_at")
    )
    # The scopes of all covering consents in one number: bit i set if one of them shares the
    # i-th scope of Consent.SCOPE_FIELDS.
    scopes = (
        covering.order_by()
        .values("person")
        .annotate(
            scopes=sum(
                Max(Cast(name, IntegerField())) * (1 << bit)
                for bit, name in enumerate(Consent.SCOPE_FIELDS.values())
            )
        )
        .values("scopes")
    )
    return (
        Organisation.objects.filter(pk__in=organisation_ids)
        .annotate(
            consent_id=Subquery(covering.order_by("-given_at", "-pk").values("pk")[:1]),
            scopes=Subquery(scopes, output_field=IntegerField()),
            break_glass_id=Subquery(break_glass.values("pk")[:1]),
        )
        .values("id", "consent_id", "scopes", "break_glass_id")
    )


# The grants query is the policy's longest: built and compiled once per process (per database
# and number of acting organisations), run with each request's values.
_GRANTS = Compiled(
    Organisation,
    _grants_queryset,
    person_id=UUID,
    network_id=ID,
    user_id=ID,
    organisation_ids=[ID],
    now=DATETIME,
    opened_since=DATETIME,
)


def _grants_for(*, user, person: Person, organisations: list[Organisation], now) -> list[dict]:
    """One query: `_grants_queryset` for this request."""
    return _GRANTS(
        person_id=person.pk,
        network_id=person.network_id,
        user_id=user.pk,
        organisation_ids=[o.pk for o in organisations],
        now=now,
        opened_since=now - timedelta(hours=BREAK_GLASS_HOURS),
    )


def _decide(*, user, person: Person, organisations: list[Organisation]) -> FileAccess | None:
    by_id = {o.pk: o for o in organisations}
    if person.referent_organisation_id in by_id:
        return FileAccess(
            person=person,
            organisation=by_id[person.referent_organisation_id],
            basis=Basis.OWN_ORGANISATION,
            parts=WHOLE_FILE,
        )
    best, glass = None, None
    for row in _grants_for(
        user=user, person=person, organisations=organisations, now=timezone.now()
    ):
        organisation = by_id[row["id"]]
        if row["consent_id"]:
            scope = frozenset(
                code for bit, code in enumerate(Consent.SCOPE_FIELDS) if row["scopes"] & (1 << bit)
            )
            if best is None or len(scope) > len(best.parts):
                best = FileAccess(
                    person=person,
                    organisation=organisation,
                    basis=Basis.CONSENT,
                    parts=scope,
                    consent_id=row["consent_id"],
                )
        if row["break_glass_id"] and glass is None:
            glass = FileAccess(
                person=person,
                organisation=organisation,
                basis=Basis.BREAK_GLASS,
                parts=SHARED_PART,
                break_glass_id=row["break_glass_id"],
            )
    # A break-glass is used only for what no consent opens, whatever the organisations' order.
    if glass is not None and (best is None or best.parts != SHARED_PART):
        return glass
    return best


def _parse_id(person_id) -> uuid.UUID:
    try:
        return person_id if isinstance(person_id, uuid.UUID) else uuid.UUID(str(person_id))
    except (TypeError, ValueError) as error:
        raise PersonNotFound from error


def _person_queryset(*, person_id) -> QuerySet[Person]:
    return Person.objects.select_related("referent_organisation", "network").filter(
        pk=person_id, anonymised_at__isnull=True
    )


_PERSON = Compiled(Person, _person_queryset, person_id=UUID)


def _find_person(pk: uuid.UUID) -> Person | None:
    """The file `pk` with its network and referent organisation, unless anonymised."""
    found = _PERSON(person_id=pk)
    return found[0] if found else None


def _person(person_id) -> Person:
    person = _find_person(_parse_id(person_id))
    if person is None:
        raise PersonNotFound
    return person


def access_for(user, person_id) -> FileAccess:
    """Decide, without auditing: for callers that audit a write themselves (services).

    The decision runs even for an unknown id, so that an unknown file and a forbidden one
    cost the same queries (existence is not revealed by timing either)."""
    organisations = acting_organisations(user)
    if not organisations:
        raise PersonNotFound
    pk = _parse_id(person_id)
    person = _find_person(pk)
    probe = person or Person(pk=pk, network_id=0, referent_organisation_id=0)
    access = _decide(user=user, person=probe, organisations=organisations)
    if person is None or access is None or not access.parts:
        raise PersonNotFound
    return access


@transaction.atomic
def get_person_for(user, person_id, purpose: Action | str = Action.READ) -> FileAccess:
    """The file `person_id` as `user` may see it, after writing the audit entry for `purpose`.

    Raises PersonNotFound (HTTP 404) for an unknown id and for a file the user may not see.
    """
    access = access_for(user, person_id)
    access.audit(user=user, action=purpose)
    return access


def may_declare_break_glass(user, person_id) -> tuple[Person, Organisation]:
    """Any worker or admin of an organisation (volunteers only if allowed) may open the
    shared part of a file in an emergency, within the file's network (for the first of their
    organisations that is an active member of it). Others: 404."""
    organisations = acting_organisations(user)
    person = _find_person(_parse_id(person_id))
    # The memberships are asked for an unknown file too (network 0): an unknown id and a file
    # of another network cost the same queries.
    members = set(
        Membership.objects.filter(
            organisation_id__in=[o.pk for o in organisations],
            network_id=person.network_id if person is not None else 0,
            status=Membership.Status.ACTIVE,
        ).values_list("organisation_id", flat=True)
    )
    in_network = [o for o in organisations if o.pk in members]
    if person is None or not in_network:
        raise PersonNotFound
    return person, in_network[0]


def persons_visible_to(user) -> QuerySet[Person]:
    """Files the user's organisations may see: their own, and those a valid consent opens to
    them. Break-glass files are not listed: they are opened by id, one at a time."""
    organisations = acting_organisations(user)
    if not organisations:
        return Person.objects.none()
    now = timezone.now()
    ids = [o.pk for o in organisations]
    signed_current = Organisation.objects.filter(pk__in=ids).filter(
        _signed_current_charter(
            network_ref=OuterRef(OuterRef("network_id")), organisation_ref=OuterRef("pk")
        )
    )
    # Listing a file shows the person's name: only consents that share the identity count.
    consents = _valid_consents(OuterRef("pk"), now).filter(shares_identity=True)
    return Person.objects.filter(anonymised_at__isnull=True).filter(
        Q(referent_organisation_id__in=ids)
        | Exists(consents.filter(organisations__in=ids))
        | (Exists(consents.filter(all_signatories=True)) & Exists(signed_current))
    )


def own_file(person_id) -> FileAccess:
    """The person's own view of their file (self-access portal)."""
    person = _person(person_id)
    return FileAccess(person=person, organisation=None, basis=Basis.PERSON, parts=PERSON_OWN_VIEW)


@transaction.atomic
def is_referent_admin(user, file: FileAccess) -> bool:
    """Admins of the file's referent organisation (they export, correct and erase it)."""
    return (
        file.is_referent
        and OrganisationRole.objects.filter(
            user=user, organisation=file.organisation, role=OrganisationRole.Role.ADMIN
        ).exists()
    )


@transaction.atomic
def get_referent_admin_file_for(user, person_id, purpose: Action | str) -> FileAccess:
    """The whole file for an admin of its referent organisation, after writing the audit entry
    for `purpose`: for exercising the person's rights (export of everything).

    Allowed: admins of the referent organisation. Everyone else, its workers included:
    PersonNotFound, and nothing is written to the log.
    """
    access = access_for(user, person_id)
    if not is_referent_admin(user, access):
        raise PersonNotFound
    access.audit(user=user, action=purpose)
    return access


def get_referent_file_for(user, person_id, purpose: Action | str = Action.READ) -> FileAccess:
    """The whole file for a member of its referent organisation, after writing the audit
    entry for `purpose`: for what only the referent organisation may do (read the access
    log, export the file).

    Allowed: admins and workers of the referent organisation, its volunteers if allowed.
    Everyone else, including organisations a consent or a break-glass opens the shared part
    to: PersonNotFound, and nothing is written to the log.
    """
    access = access_for(user, person_id)
    if not access.is_referent:
        raise PersonNotFound
    access.audit(user=user, action=purpose)
    return access
