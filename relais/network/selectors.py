"""Reads of the network domain. Public reads need no viewer; coordinator reads take one."""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
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


# --- Pages: public network page, coordinator pages, exports -------------------------------


def _last_signed_on(network: Network) -> Subquery:
    """The date of the organisation's latest accepted signature of one of the network's
    charter versions (for an annotation on Membership)."""
    signatures = Signature.objects.filter(
        organisation=OuterRef("organisation_id"),
        charter_version__network=network,
        status=Signature.Status.ACCEPTED,
    ).order_by("-signed_on")
    return Subquery(signatures.values("signed_on")[:1])


def members_with_signature(*, network: Network, kind: str | None = None) -> QuerySet[Membership]:
    """Active memberships with their organisation and `last_signed_on`, in one query."""
    return network_members(network=network, kind=kind).annotate(
        last_signed_on=_last_signed_on(network)
    )


def memberships_filtered(
    *, network: Network, status: str | None = None, kind: str | None = None
) -> QuerySet[Membership]:
    """Every membership of the network (coordinator's list), with `last_signed_on`."""
    memberships = memberships_for_coordinator(network=network, status=status)
    if kind:
        memberships = memberships.filter(kind=kind)
    return memberships.annotate(last_signed_on=_last_signed_on(network))


def memberships_to_resign(*, network: Network) -> QuerySet[Membership]:
    """Active members that have not signed the charter in force. During the transition period
    their signature of the previous version still counts; after it, they no longer meet the
    membership condition."""
    current = charter_current(network=network)
    members = network_members(network=network)
    if current is None:
        return members.none()
    signed_current = Signature.objects.filter(
        charter_version=current, status=Signature.Status.ACCEPTED
    ).values("organisation_id")
    return members.exclude(organisation_id__in=signed_current).annotate(
        last_signed_on=_last_signed_on(network)
    )


def membership_counts(*, network: Network) -> dict[str, int]:
    """How many memberships per status and GA members, in one query."""
    active = Q(status=Membership.Status.ACTIVE)
    return Membership.objects.filter(network=network).aggregate(
        active=Count("id", filter=active),
        ga_members=Count("id", filter=active & Q(kind=Membership.Kind.GA_MEMBER)),
        applicants=Count("id", filter=Q(status=Membership.Status.APPLICANT)),
        ga_waiting=Count("id", filter=active & Q(ga_requested=True, ga_approved_on__isnull=True)),
    )


def signatures_for_coordinator(
    *, network: Network, status: str | None = None
) -> QuerySet[Signature]:
    signatures = Signature.objects.filter(charter_version__network=network).select_related(
        "organisation", "charter_version"
    )
    if status:
        signatures = signatures.filter(status=status)
    return signatures.order_by("-signed_on", "organisation__name")


def charter_versions_for_coordinator(*, network: Network) -> QuerySet[CharterVersion]:
    """Every version, drafts included, with its number of accepted signatures."""
    return network.charter_versions.annotate(
        accepted_count=Count("signatures", filter=Q(signatures__status=Signature.Status.ACCEPTED))
    ).order_by("-number")


def organisations_for_paper_signature() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


@dataclass(frozen=True)
class SectionChange:
    """One section of a charter version compared with the previous version.

    `status` is "added", "removed", "changed" or "same"; for a changed section, `words` is a
    list of (operation, text) with operation "equal", "insert" or "delete".
    """

    status: str
    title: str
    body: str = ""
    commitment: bool = False
    previous_title: str = ""
    commitment_changed: bool = False
    words: list[tuple[str, str]] = field(default_factory=list)


def _section_key(section: dict) -> str:
    return " ".join(str(section.get("title", "")).casefold().split())


_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences, whitespace kept, so that joining the texts gives them back."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    words: list[tuple[str, str]] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation in ("delete", "replace"):
            words.append(("delete", "".join(old_words[i1:i2])))
        if operation in ("insert", "replace"):
            words.append(("insert", "".join(new_words[j1:j2])))
        if operation == "equal":
            words.append(("equal", "".join(new_words[j1:j2])))
    return [(op, text) for op, text in words if text]


def charter_changes(
    *, version: CharterVersion, previous: CharterVersion | None
) -> list[SectionChange]:
    """What changed from `previous` to `version`, section by section (matched by title)."""
    if previous is None:
        return []
    old, new = previous.sections, version.sections
    matcher = difflib.SequenceMatcher(
        a=[_section_key(s) for s in old], b=[_section_key(s) for s in new], autojunk=False
    )
    changes: list[SectionChange] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                changes.append(_compare(before, after))
            continue
        # In a replaced block, a section whose title or text is close to the one at the same
        # place was renamed or rewritten; the others were removed and added.
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        if operation == "replace" and len(removed) == len(added):
            pairs = list(zip(removed, added, strict=True))
            if all(_similar(before, after) for before, after in pairs):
                changes.extend(_compare(before, after) for before, after in pairs)
                continue
        changes.extend(_section_change("removed", s) for s in removed)
        changes.extend(_section_change("added", s) for s in added)
    return changes


def _similar(before: dict, after: dict) -> bool:
    def ratio(key: str) -> float:
        a, b = str(before.get(key, "")), str(after.get(key, ""))
        return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()

    return ratio("title") >= 0.6 or ratio("body") >= 0.6


def _section_change(status: str, section: dict) -> SectionChange:
    return SectionChange(
        status=status,
        title=str(section.get("title", "")),
        body=str(section.get("body", "")),
        commitment=bool(section.get("commitment")),
    )


def _compare(before: dict, after: dict) -> SectionChange:
    old_body, new_body = str(before.get("body", "")), str(after.get("body", ""))
    old_title, new_title = str(before.get("title", "")), str(after.get("title", ""))
    commitment_changed = bool(before.get("commitment")) != bool(after.get("commitment"))
    if old_body == new_body and old_title == new_title and not commitment_changed:
        return _section_change("same", after)
    return SectionChange(
        status="changed",
        title=new_title,
        body=new_body,
        commitment=bool(after.get("commitment")),
        previous_title=old_title if old_title != new_title else "",
        commitment_changed=commitment_changed,
        words=_word_diff(old_body, new_body),
    )
