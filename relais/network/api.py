"""The network API, mounted at /api/v1/networks.

Public reads (`auth=None`): networks, their member organisations and their charter.
Coordinator writes (bearer token): applications, memberships, charter versions. A network
the user does not coordinate answers 404, like an unknown one. Endpoints are thin: reads go
through selectors, writes through services, whose ValidationError becomes a 422.
"""

from django.http import Http404
from ninja import Router, Status

from . import selectors, services
from .models import Membership
from .schemas import (
    ApplicationOut,
    ApprovalIn,
    CharterSummaryOut,
    CharterVersionIn,
    CharterVersionOut,
    GaSeatIn,
    LeaveIn,
    MemberOut,
    MembershipOut,
    NetworkDetailOut,
    NetworkOut,
    RefusalIn,
)

router = Router(tags=["networks"])


# Public reads


@router.get("", response=list[NetworkOut], auth=None)
def network_list(request):
    """Every network on relais."""
    return selectors.networks_public()


@router.get("/{slug}", response=NetworkDetailOut, auth=None)
def network_detail(request, slug: str):
    """One network, its territory and the summary of its charter in force."""
    return selectors.network_get(slug=slug)


@router.get("/{slug}/organisations", response=list[MemberOut], auth=None)
def network_organisations(request, slug: str, membership: Membership.Kind | None = None):
    """Active member organisations, optionally only partners or only GA members."""
    network = selectors.network_get(slug=slug)
    return selectors.network_members(network=network, kind=membership)


@router.get("/{slug}/charter", response=CharterVersionOut, auth=None)
def charter_current(request, slug: str):
    """The charter in force, with the organisations that signed it."""
    version = selectors.charter_current(network=selectors.network_get(slug=slug))
    if version is None:
        raise Http404
    return version


@router.get("/{slug}/charter/versions", response=list[CharterSummaryOut], auth=None)
def charter_versions(request, slug: str):
    """The approved versions of the charter, newest first."""
    return selectors.charter_versions_approved(network=selectors.network_get(slug=slug))


@router.get("/{slug}/charter/versions/{number}", response=CharterVersionOut, auth=None)
def charter_version(request, slug: str, number: int):
    """One approved version of the charter, with the organisations that signed it."""
    network = selectors.network_get(slug=slug)
    return selectors.charter_version_get(network=network, number=number)


# Coordinator writes


def _coordinated(request, slug: str):
    return selectors.network_for_coordinator(user=request.user, slug=slug)


@router.get("/{slug}/applications", response=list[ApplicationOut])
def application_list(request, slug: str):
    """Signatures waiting for the coordinator's decision."""
    return selectors.applications_for_coordinator(network=_coordinated(request, slug))


@router.post("/{slug}/applications/{signature_id}/accept", response=MembershipOut)
def application_accept(request, slug: str, signature_id: int):
    """Accept a signature: the organisation becomes an active partner."""
    signature = selectors.application_get(
        network=_coordinated(request, slug), signature_id=signature_id
    )
    return services.application_accept(signature=signature, by=request.user)


@router.post("/{slug}/applications/{signature_id}/refuse", response=MembershipOut)
def application_refuse(request, slug: str, signature_id: int, payload: RefusalIn):
    """Refuse a signature, with a reason sent to the organisation."""
    signature = selectors.application_get(
        network=_coordinated(request, slug), signature_id=signature_id
    )
    return services.application_refuse(signature=signature, by=request.user, reason=payload.reason)


@router.post("/{slug}/memberships/{organisation_slug}/ga-seat", response=MembershipOut)
def membership_ga_seat(request, slug: str, organisation_slug: str, payload: GaSeatIn):
    """Record the general assembly's approval of an active member's seat."""
    membership = selectors.membership_get(
        network=_coordinated(request, slug), organisation_slug=organisation_slug
    )
    return services.ga_seat_approve(membership=membership, approved_on=payload.approved_on)


@router.post("/{slug}/memberships/{organisation_slug}/leave", response=MembershipOut)
def membership_leave(request, slug: str, organisation_slug: str, payload: LeaveIn):
    """Record that an organisation left the network."""
    membership = selectors.membership_get(
        network=_coordinated(request, slug), organisation_slug=organisation_slug
    )
    return services.membership_leave(membership=membership, ended_on=payload.ended_on)


@router.post("/{slug}/charter/versions", response={201: CharterVersionOut})
def charter_version_create(request, slug: str, payload: CharterVersionIn):
    """Draft a new version of the charter, to be approved by the general assembly."""
    version = services.charter_version_create(
        network=_coordinated(request, slug),
        title=payload.title,
        sections=[section.model_dump() for section in payload.sections],
        axes=payload.axes,
    )
    return Status(201, version)


@router.post("/{slug}/charter/versions/{number}/approve", response=CharterVersionOut)
def charter_version_approve(request, slug: str, number: int, payload: ApprovalIn):
    """Record the general assembly's approval: the version becomes the charter in force."""
    version = selectors.charter_version_get(
        network=_coordinated(request, slug), number=number, drafts=True
    )
    return services.charter_version_approve(version=version, approved_on=payload.approved_on)
