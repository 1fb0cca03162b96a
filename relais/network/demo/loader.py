"""Load the demo data. Idempotent: rows are keyed on slugs, usernames and natural keys, and a
row is written only when it is missing or differs from the demo data, so a second run creates
and changes nothing.

Writes go through the network services where they exist (charter_version_create,
signature_record, membership_activate). Pending applications are written directly: the
service for them (membership_apply) e-mails the applicant and the coordinator.
"""

from collections import Counter
from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt, encrypt
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from relais.accounts.models import NetworkRole, OrganisationRole, User
from relais.core.db import refresh_statistics
from relais.network import services
from relais.network.models import (
    CharterVersion,
    Membership,
    Municipality,
    Network,
    Organisation,
    Signature,
)

from . import brabant_wallon, le_mans, luxembourg, mons_borinage, namur
from .accounts import ACCOUNTS
from .base import DemoNetwork, coordinate, enterprise_number, phone, signatories

NETWORKS: list[DemoNetwork] = [
    luxembourg.NETWORK,
    brabant_wallon.NETWORK,
    namur.NETWORK,
    mons_borinage.NETWORK,
    le_mans.NETWORK,
]
DEMO_SOURCE = "démo"  # source_name of the demo charter versions


class Tally:
    """How many rows of each model were created and updated."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        # The models whose tables were written, for the statistics refresh at the end.
        self.written: set[type[models.Model]] = set()

    def add(self, model: type[models.Model], *, created: bool, count: int = 1) -> None:
        if count:
            (self.created if created else self.updated)[model.__name__] += count
            self.written.add(model)

    def touch(self, *written: type[models.Model]) -> None:
        """Tables written as a side effect (not counted in the report)."""
        self.written.update(written)

    def lines(self) -> list[str]:
        labels = sorted(set(self.created) | set(self.updated))
        return [
            f"{label}: {self.created[label]} created, {self.updated[label]} updated"
            for label in labels
        ]


def _save(model, existing, tally: Tally, *, lookup: dict, values: dict):
    """Create the row, or update the fields that differ; leave an up-to-date row alone."""
    if existing is None:
        row = model(**lookup, **values)
        row.full_clean()
        row.save()
        tally.add(model, created=True)
        return row
    changed = {field: value for field, value in values.items() if getattr(existing, field) != value}
    if changed:
        for field, value in changed.items():
            setattr(existing, field, value)
        existing.full_clean()
        existing.save()
        tally.add(model, created=False)
    return existing


@transaction.atomic
def load_demo() -> Tally:
    tally = Tally()
    networks = Network.objects.in_bulk([demo.slug for demo in NETWORKS], field_name="slug")
    for demo in NETWORKS:
        network = _network(demo, networks.get(demo.slug), tally)
        _territory(network, demo, tally)
        charter = _charter(network, demo, tally)
        _organisations(network, charter, demo, tally)
    _accounts(tally)
    from relais.directory.demo.loader import load_services  # the directory builds on these

    load_services(tally)
    from relais.persons.demo import load_persons  # invented persons, after the accounts

    load_persons(tally)
    # The planner's statistics of what was filled, so that the first searches over the demo
    # (or over data generated next) are planned on real figures (relais.core.db).
    refresh_statistics(tally.written)
    return tally


def _network(demo: DemoNetwork, existing: Network | None, tally: Tally) -> Network:
    values = {
        "name": demo.name,
        "short_name": demo.short_name,
        "country": demo.country,
        "time_zone": demo.time_zone,
        "axes": [str(axis) for axis in demo.axes],
        "description": demo.description,
        "ga_member_label": demo.ga_member_label,
        "coordinator_name": demo.coordinator_name,
        "coordinator_email": demo.coordinator_email,
        "coordinator_phone": demo.coordinator_phone,
    }
    return _save(Network, existing, tally, lookup={"slug": demo.slug}, values=values)


def _territory(network: Network, demo: DemoNetwork, tally: Tally) -> None:
    existing = {(m.name, m.postcode): m for m in network.municipalities.all()}
    new, changed = [], []
    for name, postcode, code in demo.territory():
        row = existing.get((name, postcode))
        if row is None:
            new.append(Municipality(network=network, name=name, postcode=postcode, code=code))
        elif row.code != code:
            row.code = code
            changed.append(row)
    Municipality.objects.bulk_create(new)
    Municipality.objects.bulk_update(changed, ["code"])
    tally.add(Municipality, created=True, count=len(new))
    tally.add(Municipality, created=False, count=len(changed))


def _charter(network: Network, demo: DemoNetwork, tally: Tally) -> CharterVersion:
    sections = [section.as_dict() for section in demo.charter_sections]
    existing = network.charter_versions.filter(source_name=DEMO_SOURCE).first()
    if existing is None:
        tally.add(CharterVersion, created=True)
        return services.charter_version_create(
            network=network,
            title=demo.charter_title,
            sections=sections,
            approved_on=demo.charter_approved_on,
            source_name=DEMO_SOURCE,
        )
    values = {
        "title": demo.charter_title,
        "sections": sections,
        "approved_on": demo.charter_approved_on,
        "axes": network.axes,
    }
    return _save(CharterVersion, existing, tally, lookup={}, values=values)


def _organisations(
    network: Network, charter: CharterVersion, demo: DemoNetwork, tally: Tally
) -> None:
    everyone = demo.organisations + demo.applicants
    existing = Organisation.objects.in_bulk([org.slug for org in everyone], field_name="slug")
    memberships = {m.organisation_id: m for m in network.memberships.all()}
    signed = set(
        charter.signatures.filter(
            status__in=[Signature.Status.PENDING, Signature.Status.ACCEPTED]
        ).values_list("organisation_id", flat=True)
    )
    for index, org in enumerate(everyone):
        values = {
            "name": org.name,
            "kind": org.kind,
            "country": demo.country,
            "enterprise_number": (
                enterprise_number(demo.country, demo.number_seed + index) if org.registered else ""
            ),
            "address": org.address,
            "postcode": org.postcode,
            "municipality": org.municipality,
            "latitude": coordinate(org.latitude),
            "longitude": coordinate(org.longitude),
            "phone": phone(demo.phone_prefix, index + 1),
            "email": f"{org.slug}@example.org",
        }
        organisation = _save(
            Organisation, existing.get(org.slug), tally, lookup={"slug": org.slug}, values=values
        )
        people = signatories(org, index)
        if index >= len(demo.organisations):
            if organisation.id not in memberships:
                _application(network, charter, organisation, people, tally)
            continue
        signed_on = charter.approved_on + timedelta(days=20 + 7 * index)
        if organisation.id not in signed:
            services.signature_record(
                version=charter, organisation=organisation, signatories=people, signed_on=signed_on
            )
            tally.add(Signature, created=True)
        _membership(
            network, organisation, memberships.get(organisation.id), org.ga, signed_on, demo, tally
        )


def _membership(network, organisation, membership, ga: bool, since, demo, tally: Tally) -> None:
    kind = Membership.Kind.GA_MEMBER if ga else Membership.Kind.PARTNER
    ga_approved_on = demo.ga_approved_on if ga else None
    wanted = (Membership.Status.ACTIVE, kind, since, ga_approved_on)
    if membership is not None and wanted == (
        membership.status,
        membership.kind,
        membership.started_on,
        membership.ga_approved_on,
    ):
        return
    services.membership_activate(
        network=network,
        organisation=organisation,
        kind=kind,
        since=since,
        ga_approved_on=ga_approved_on,
    )
    tally.add(Membership, created=membership is None)


def _application(network, charter, organisation, people, tally: Tally) -> None:
    """A pending application: an applicant membership and a signature awaiting the
    coordinator, as membership_apply leaves them (without its e-mails)."""
    applied_on = timezone.localdate() - timedelta(days=3)
    membership = Membership(
        network=network,
        organisation=organisation,
        status=Membership.Status.APPLICANT,
        applied_on=applied_on,
        contact_email=organisation.email,
    )
    membership.full_clean()
    membership.save()
    signature = Signature(
        charter_version=charter,
        organisation=organisation,
        signatories=people,
        signed_on=applied_on,
        accepted_sections=[i for i, _section in charter.commitment_sections()],
    )
    signature.full_clean()
    signature.save()
    tally.add(Membership, created=True)
    tally.add(Signature, created=True)


def _accounts(tally: Tally) -> None:
    secret = settings.DEMO_TOTP_SECRET
    users = User.objects.in_bulk([a[0] for a in ACCOUNTS], field_name="username")
    networks = Network.objects.in_bulk(field_name="slug")
    organisations = Organisation.objects.in_bulk(
        {slug for _u, _d, scope, slug, _r in ACCOUNTS if scope == "organisation"},
        field_name="slug",
    )
    password = None
    for username, display_name, _scope, _slug, _role in ACCOUNTS:
        values = {"display_name": display_name, "email": f"{username}@example.org", "is_demo": True}
        if username not in users:
            password = password or make_password(settings.DEMO_PASSWORD)
            values["password"] = password
        users[username] = _save(
            User, users.get(username), tally, lookup={"username": username}, values=values
        )

    totp = {
        a.user_id: a
        for a in Authenticator.objects.filter(user__in=users.values(), type=Authenticator.Type.TOTP)
    }
    network_roles = set(NetworkRole.objects.values_list("user_id", "network_id", "role"))
    organisation_roles = set(
        OrganisationRole.objects.values_list("user_id", "organisation_id", "role")
    )
    for username, _display, scope, slug, role in ACCOUNTS:
        user = users[username]
        authenticator = totp.get(user.id)
        if authenticator is None:
            Authenticator.objects.create(
                user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)}
            )
            tally.add(Authenticator, created=True)
        elif decrypt(authenticator.data.get("secret", "")) != secret:
            authenticator.data = {**authenticator.data, "secret": encrypt(secret)}
            authenticator.save(update_fields=["data"])
            tally.add(Authenticator, created=False)
        if scope == "network" and (user.id, networks[slug].id, role) not in network_roles:
            NetworkRole.objects.create(user=user, network=networks[slug], role=role)
            tally.add(NetworkRole, created=True)
        if scope == "organisation" and (
            (user.id, organisations[slug].id, role) not in organisation_roles
        ):
            OrganisationRole.objects.create(user=user, organisation=organisations[slug], role=role)
            tally.add(OrganisationRole, created=True)
