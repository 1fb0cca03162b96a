"""Personas of the access policy, on one network with a current charter."""

from dataclasses import dataclass
from datetime import date

import pytest

from relais.accounts.models import NetworkRole, OrganisationRole
from relais.persons import services
from tests.factories import (
    CharterVersionFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
    network_role,
    organisation_role,
)


@dataclass
class World:
    network: object
    other_network: object
    referent: object  # organisation that opens the file
    partner: object  # signed the current charter
    outsider: object  # member of the network, signed only an older charter
    foreign: object  # partner of another network
    referent_worker: object
    referent_admin: object
    partner_worker: object
    outsider_worker: object
    foreign_worker: object
    volunteer: object
    allowed_volunteer: object
    coordinator: object
    dpo: object
    person: object


def _member(network, charter, organisation, signed=True):
    if signed:
        SignatureFactory(charter_version=charter, organisation=organisation)
    MembershipFactory(network=network, organisation=organisation)


@pytest.fixture
def world(db):
    network = NetworkFactory(slug="namur-test")
    old = CharterVersionFactory(network=network, number=1, approved_on=date(2015, 1, 1))
    current = CharterVersionFactory(network=network, number=2, approved_on=date(2021, 10, 18))
    referent = OrganisationFactory(slug="cpas-test", name="CPAS de test")
    partner = OrganisationFactory(slug="abri-test", name="Abri de nuit")
    outsider = OrganisationFactory(slug="ancien-test", name="Ancien signataire")
    for org in (referent, partner):
        _member(network, current, org)
    SignatureFactory(charter_version=old, organisation=outsider)
    MembershipFactory(network=network, organisation=outsider, started_on=date(2015, 2, 1))

    other_network = NetworkFactory(slug="ailleurs")
    other_charter = CharterVersionFactory(network=other_network, number=1)
    foreign = OrganisationFactory(slug="loin", name="Service lointain")
    _member(other_network, other_charter, foreign)

    def user(name, org=None, role=OrganisationRole.Role.WORKER, **kw):
        u = UserFactory(username=name, with_totp=True)
        if org is not None:
            r = organisation_role(u, org, role)
            if kw:
                OrganisationRole.objects.filter(pk=r.pk).update(**kw)
        return u

    referent_worker = user("worker.referent", referent)
    coordinator = user("coord")
    network_role(coordinator, network, NetworkRole.Role.COORDINATOR)
    dpo = user("dpo", None)
    dpo.email = "dpo@example.org"
    dpo.save()
    network_role(dpo, network, NetworkRole.Role.DPO)
    person = services.person_create(
        user=referent_worker, organisation=referent, called_name="Jojo", birth_year=1980
    )
    return World(
        network=network,
        other_network=other_network,
        referent=referent,
        partner=partner,
        outsider=outsider,
        foreign=foreign,
        referent_worker=referent_worker,
        referent_admin=user("admin.referent", referent, OrganisationRole.Role.ADMIN),
        partner_worker=user("worker.partner", partner),
        outsider_worker=user("worker.outsider", outsider),
        foreign_worker=user("worker.foreign", foreign),
        volunteer=user("volunteer", referent, OrganisationRole.Role.VOLUNTEER),
        allowed_volunteer=user(
            "volunteer.allowed",
            referent,
            OrganisationRole.Role.VOLUNTEER,
            may_open_person_files=True,
        ),
        coordinator=coordinator,
        dpo=dpo,
        person=person,
    )


@pytest.fixture
def api_headers(db):
    """`api_headers(user)`: the Authorization header of a bearer token of `user`, issued
    once per test (tokens are always obtained with the second factor)."""
    from relais.accounts.services import api_token_issue

    issued = {}

    def headers(user):
        if user.pk not in issued:
            raw, _token = api_token_issue(user=user)
            issued[user.pk] = {"Authorization": f"Bearer {raw}"}
        return issued[user.pk]

    return headers
