"""Reads of the network domain. Public reads need no viewer; coordinator reads take one."""

from datetime import date

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from relais.accounts.models import NetworkRole

from .models import CharterVersion, Membership, Network, Organisation, Signature


def networks_public() -> QuerySet[Network]:
    return Network.objects.order_by("name")


def network_get(*, slug: str) -> Network:
    try:
        return Network.objects.get(slug=slug)
    except Network.DoesNotExist as error:
        raise Http404 from error


def charter_current(*, network: Network) -> CharterVersion | None:
    """The charter in force: the latest version approved by the general assembly."""
    return (
        network.charter_versions.filter(approved_on__isnull=False)
        .order_by("-approved_on", "-number")
        .first()
    )


def charter_previous(*, version: CharterVersion) -> CharterVersion | None:
    return (
        CharterVersion.objects.filter(
            network_id=version.network_id, approved_on__isnull=False, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )


def charter_versions_valid_on(*, network: Network, on: date | None = None) -> list[CharterVersion]:
    """Versions whose accepted signatures count on a day: the current one, and the previous one
    while the transition period after the current version's approval runs."""
    on = on or timezone.localdate()
    current = charter_current(network=network)
    if current is None:
        return []
    valid = [current]
    previous = charter_previous(version=current)
    ends = current.transition_ends_on()
    if previous is not None and ends is not None and on <= ends:
        valid.append(previous)
    return valid


def signature_valid_for(
    *, network: Network, organisation: Organisation, on: date | None = None
) -> Signature | None:
    versions = charter_versions_valid_on(network=network, on=on)
    return (
        Signature.objects.filter(
            charter_version__in=versions,
            organisation=organisation,
            status=Signature.Status.ACCEPTED,
        )
        .order_by("-charter_version__number")
        .first()
    )


def organisations_for_network(
    *, network: Network, membership: str | None = None
) -> QuerySet[Organisation]:
    """Active members of a network, optionally only partners or only GA members."""
    memberships = Membership.objects.filter(network=network, status=Membership.Status.ACTIVE)
    if membership:
        memberships = memberships.filter(kind=membership)
    return (
        Organisation.objects.filter(memberships__in=memberships)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(network=network),
                to_attr="network_memberships",
            )
        )
        .order_by("name")
        .distinct()
    )


def charter_signatories(*, version: CharterVersion) -> QuerySet[Signature]:
    return (
        version.signatures.filter(status=Signature.Status.ACCEPTED)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def memberships_for_coordinator(*, network: Network, status: str | None = None):
    qs = Membership.objects.filter(network=network).select_related("organisation", "network")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("organisation__name")


def applications_pending(*, network: Network) -> QuerySet[Signature]:
    """Signatures waiting for the coordinator, with the membership they go with."""
    return (
        Signature.objects.filter(charter_version__network=network, status=Signature.Status.PENDING)
        .select_related("organisation", "charter_version")
        .order_by("created_at")
    )


def ga_seats_pending(*, network: Network) -> QuerySet[Membership]:
    return memberships_for_coordinator(network=network).filter(
        status=Membership.Status.ACTIVE, ga_requested=True, ga_approved_on__isnull=True
    )


def user_coordinates(*, user, network: Network) -> bool:
    """Coordinators of this network (and only they) manage its memberships and charter."""
    if not user.is_authenticated:
        return False
    return NetworkRole.objects.filter(
        user=user, network=network, role=NetworkRole.Role.COORDINATOR
    ).exists()


def organisations_joinable(*, network: Network) -> QuerySet[Organisation]:
    """Organisations that may apply: not already an applicant or active member."""
    taken = Membership.objects.filter(
        network=network,
        status__in=[Membership.Status.APPLICANT, Membership.Status.ACTIVE],
    ).values("organisation_id")
    return Organisation.objects.exclude(Q(id__in=taken)).order_by("name")


def network_members(*, network: Network, kind: str | None = None) -> QuerySet[Membership]:
    """Active memberships of a network with their organisation (one query, whatever the size),
    optionally only partners or only GA members."""
    members = Membership.objects.filter(network=network, status=Membership.Status.ACTIVE)
    if kind:
        members = members.filter(kind=kind)
    return members.select_related("organisation", "network").order_by("organisation__name")


def charter_versions_approved(*, network: Network) -> QuerySet[CharterVersion]:
    """The versions the general assembly approved, newest first (drafts are not public)."""
    return network.charter_versions.filter(approved_on__isnull=False).order_by("-number")


def charter_version_get(*, network: Network, number: int, drafts: bool = False) -> CharterVersion:
    """One version by number; drafts only when asked for (coordinators)."""
    versions = (
        network.charter_versions.all() if drafts else charter_versions_approved(network=network)
    )
    try:
        return versions.get(number=number)
    except CharterVersion.DoesNotExist as error:
        raise Http404 from error


def network_for_coordinator(*, user, slug: str) -> Network:
    """The network if `user` coordinates it. Everyone else gets the same 404 as for an unknown
    slug: coordinators of another network, workers, DPOs."""
    network = None
    if user.is_authenticated:
        network = Network.objects.filter(
            slug=slug, roles__user=user, roles__role=NetworkRole.Role.COORDINATOR
        ).first()
    if network is None:
        raise Http404
    return network


def applications_for_coordinator(*, network: Network) -> QuerySet[Signature]:
    """Pending signatures, each annotated with its membership request (`ga_requested`,
    `applied_on`), in one query."""
    request = Membership.objects.filter(network=network, organisation=OuterRef("organisation"))
    return applications_pending(network=network).annotate(
        ga_requested=Subquery(request.values("ga_requested")[:1]),
        applied_on=Subquery(request.values("applied_on")[:1]),
    )


def application_get(*, network: Network, signature_id: int) -> Signature:
    """A signature of one of the network's charter versions (any status), or 404."""
    try:
        return Signature.objects.select_related("organisation", "charter_version").get(
            id=signature_id, charter_version__network=network
        )
    except Signature.DoesNotExist as error:
        raise Http404 from error


def membership_get(*, network: Network, organisation_slug: str) -> Membership:
    """An organisation's membership of the network (any status), or 404."""
    try:
        return Membership.objects.select_related("organisation", "network").get(
            network=network, organisation__slug=organisation_slug
        )
    except Membership.DoesNotExist as error:
        raise Http404 from error
