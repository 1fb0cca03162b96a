"""Writes of the network domain: keyword-only verbs on nouns, one transaction each."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import selectors
from .models import CharterVersion, Membership, Network, Organisation, Signature


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    kind: str
    enterprise_number: str
    address: str = ""
    postcode: str = ""
    municipality: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def organisation_create(*, network: Network, data: NewOrganisation) -> Organisation:
    organisation = Organisation(
        slug=_unique_slug(data.name),
        name=data.name.strip(),
        kind=data.kind,
        country=network.country,
        enterprise_number=data.enterprise_number,
        address=data.address,
        postcode=data.postcode,
        municipality=data.municipality,
        phone=data.phone,
        email=data.email,
        website=data.website,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_apply(
    *,
    network: Network,
    signatories: list[dict],
    signed_on: date,
    accepted_sections: list[int],
    contact_email: str,
    ga_requested: bool = False,
    organisation: Organisation | None = None,
    new_organisation: NewOrganisation | None = None,
) -> Signature:
    """An organisation signs the network's current charter and applies to become a partner.

    Creates the organisation when it is new, an applicant membership and a pending signature,
    then e-mails a confirmation once the transaction is committed.
    """
    charter = selectors.charter_current(network=network)
    if charter is None:
        raise ValidationError(_("Ce réseau n'a pas encore de charte approuvée."))
    required = {i for i, _section in charter.commitment_sections()}
    if not required <= set(accepted_sections):
        raise ValidationError(
            {"accepted_sections": _("Chaque engagement de la charte doit être accepté.")}
        )
    if (organisation is None) == (new_organisation is None):
        raise ValidationError(_("Choisissez une organisation existante ou décrivez la vôtre."))
    if organisation is None:
        organisation = organisation_create(network=network, data=new_organisation)

    membership = Membership.objects.filter(network=network, organisation=organisation).first()
    if membership and membership.status in (Membership.Status.APPLICANT, Membership.Status.ACTIVE):
        raise ValidationError(
            _("%(name)s est déjà partenaire ou a déjà une demande en cours.")
            % {"name": organisation.name}
        )
    if membership is None:
        membership = Membership(network=network, organisation=organisation)
    membership.status = Membership.Status.APPLICANT
    membership.ga_requested = ga_requested
    membership.applied_on = timezone.localdate()
    membership.contact_email = contact_email
    membership.refusal_reason = ""
    membership.ended_on = None
    membership.save()

    signature = Signature(
        charter_version=charter,
        organisation=organisation,
        signatories=signatories,
        signed_on=signed_on,
        accepted_sections=sorted(set(accepted_sections)),
    )
    signature.full_clean(validate_constraints=False)  # IntegrityError below: clear message
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as error:
        raise ValidationError(_("Cette organisation a déjà signé cette charte.")) from error

    context = {"network": network, "organisation": organisation, "signature": signature}
    transaction.on_commit(
        lambda: _mail(
            to=[contact_email],
            subject=_("Votre signature de la charte de %(network)s") % {"network": network.name},
            template="network/email/application_received.txt",
            context=context,
        )
    )
    if network.coordinator_email:
        transaction.on_commit(
            lambda: _mail(
                to=[network.coordinator_email],
                subject=_("Nouvelle demande d'adhésion : %(name)s") % {"name": organisation.name},
                template="network/email/application_for_coordinator.txt",
                context=context,
            )
        )
    return signature


def _mail(*, to: list[str], subject: str, template: str, context: dict) -> None:
    send_mail(subject, render_to_string(template, context), None, to)


def _membership_of(signature: Signature) -> Membership:
    return Membership.objects.select_for_update().get(
        network_id=signature.charter_version.network_id, organisation_id=signature.organisation_id
    )


@transaction.atomic
def application_accept(*, signature: Signature, by) -> Membership:
    """The coordinator accepts a signature: the organisation becomes an active partner at once."""
    if signature.status != Signature.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    signature.status = Signature.Status.ACCEPTED
    signature.decided_by = by
    signature.decided_at = timezone.now()
    signature.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    membership = _membership_of(signature)
    if membership.status != Membership.Status.ACTIVE:
        membership.status = Membership.Status.ACTIVE
        membership.started_on = timezone.localdate()
        membership.ended_on = None
    membership.full_clean()
    membership.save()
    if membership.contact_email:
        context = {"membership": membership, "network": membership.network}
        transaction.on_commit(
            lambda: _mail(
                to=[membership.contact_email],
                subject=_("Bienvenue dans %(network)s") % {"network": membership.network.name},
                template="network/email/application_accepted.txt",
                context=context,
            )
        )
    return membership


@transaction.atomic
def application_refuse(*, signature: Signature, by, reason: str) -> Membership:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    if signature.status != Signature.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    signature.status = Signature.Status.REFUSED
    signature.decided_by = by
    signature.decided_at = timezone.now()
    signature.refusal_reason = reason
    signature.save()
    membership = _membership_of(signature)
    if membership.status == Membership.Status.APPLICANT:
        membership.status = Membership.Status.REFUSED
        membership.refusal_reason = reason
        membership.save()
    if membership.contact_email:
        context = {"membership": membership, "network": membership.network, "reason": reason}
        transaction.on_commit(
            lambda: _mail(
                to=[membership.contact_email],
                subject=_("Votre demande d'adhésion à %(network)s")
                % {"network": membership.network.name},
                template="network/email/application_refused.txt",
                context=context,
            )
        )
    return membership


@transaction.atomic
def ga_seat_approve(*, membership: Membership, approved_on: date) -> Membership:
    """A general assembly approved the organisation's seat: it becomes a GA member."""
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Seule une organisation membre active peut siéger."))
    membership.kind = Membership.Kind.GA_MEMBER
    membership.ga_approved_on = approved_on
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_leave(*, membership: Membership, ended_on: date) -> Membership:
    """An active member leaves the network (it may apply again later)."""
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Seule une organisation membre active peut quitter le réseau."))
    if membership.started_on and ended_on < membership.started_on:
        raise ValidationError(
            {"ended_on": _("La date de départ ne peut pas précéder la date d'adhésion.")}
        )
    membership.status = Membership.Status.LEFT
    membership.ended_on = ended_on
    membership.kind = Membership.Kind.PARTNER
    membership.ga_approved_on = None
    membership.save()
    return membership


@transaction.atomic
def membership_activate(
    *,
    network: Network,
    organisation: Organisation,
    kind: str,
    since: date,
    ga_approved_on: date | None = None,
) -> Membership:
    """Record an existing active membership (used by imports and demo data); the invariant
    (a valid signature of the current charter) is enforced."""
    membership, _created = Membership.objects.get_or_create(
        network=network, organisation=organisation, defaults={"applied_on": since}
    )
    membership.status = Membership.Status.ACTIVE
    membership.kind = kind
    membership.started_on = since
    membership.ga_approved_on = ga_approved_on if kind == Membership.Kind.GA_MEMBER else None
    membership.ga_requested = kind == Membership.Kind.GA_MEMBER
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def charter_version_create(
    *,
    network: Network,
    title: str,
    sections: list[dict],
    axes: list[str] | None = None,
    approved_on: date | None = None,
    source_name: str = "",
) -> CharterVersion:
    number = (network.charter_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CharterVersion(
        network=network,
        number=number,
        title=title.strip(),
        sections=sections,
        axes=list(axes if axes is not None else network.axes),
        approved_on=approved_on,
        source_name=source_name,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def charter_version_approve(*, version: CharterVersion, approved_on: date) -> CharterVersion:
    """The general assembly approved this version; it becomes the charter in force."""
    if version.approved_on is not None:
        raise ValidationError(_("Cette version est déjà approuvée."))
    current = selectors.charter_current(network=version.network)
    if current is not None and version.number < current.number:
        raise ValidationError(
            _("Une version plus récente est déjà en vigueur : rédigez une nouvelle version.")
        )
    if current is not None and approved_on < current.approved_on:
        raise ValidationError(
            {"approved_on": _("La date doit suivre l'approbation de la version en vigueur.")}
        )
    version.approved_on = approved_on
    version.save(update_fields=["approved_on", "updated_at"])
    return version


@transaction.atomic
def signature_record(
    *,
    version: CharterVersion,
    organisation: Organisation,
    signatories: list[dict],
    signed_on: date,
    by=None,
    document=None,
) -> Signature:
    """Record a signature received on paper: accepted straight away."""
    signature = Signature(
        charter_version=version,
        organisation=organisation,
        signatories=signatories,
        signed_on=signed_on,
        accepted_sections=[i for i, _s in version.commitment_sections()],
        status=Signature.Status.ACCEPTED,
        decided_by=by,
        decided_at=timezone.now(),
    )
    if document is not None:
        signature.document = document
    signature.full_clean(validate_constraints=False)  # IntegrityError below: clear message
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as error:
        raise ValidationError(_("Cette organisation a déjà signé cette version.")) from error
    return signature


@transaction.atomic
def paper_signature_record(
    *,
    version: CharterVersion,
    organisation: Organisation,
    signatories: list[dict],
    signed_on: date,
    by,
    document=None,
    make_partner: bool = False,
) -> Signature:
    """Record a charter signed on paper (accepted at once). With `make_partner`, an
    organisation that is not an active member yet becomes an active partner today."""
    if version.approved_on is None:
        raise ValidationError(
            {"version": _("On ne peut signer qu'une version approuvée par l'assemblée générale.")}
        )
    signature = signature_record(
        version=version,
        organisation=organisation,
        signatories=signatories,
        signed_on=signed_on,
        by=by,
        document=document,
    )
    if make_partner:
        membership = Membership.objects.filter(
            network_id=version.network_id, organisation=organisation
        ).first()
        if membership is None or membership.status != Membership.Status.ACTIVE:
            membership_activate(
                network=version.network,
                organisation=organisation,
                kind=Membership.Kind.PARTNER,
                since=timezone.localdate(),
            )
    return signature
