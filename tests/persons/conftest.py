"""Personas of the access policy, on one network with a current charter."""

import copy
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie

import pytest
from django.test import Client

from relais.accounts.models import NetworkRole, OrganisationRole
from relais.persons import services
from tests.factories import (
    CharterVersionFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
    login_with_second_factor,
    network_role,
    organisation_role,
)
from tests.shared import SharedRows


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
    return build_world()


def build_world() -> World:
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


@dataclass
class SharedWorld:
    world: World
    cookies: dict[str, SimpleCookie]  # the browser cookies of each user of the world, signed in

    def copy(self) -> World:
        """The test's own objects (as Django's setUpTestData hands out), same rows."""
        assert _SHARED_WORLD.holds(self), "the shared world was rolled back (tests/shared.py)"
        return copy.deepcopy(self.world)

    def client(self, name) -> Client:
        """A new browser on the session of the world's user `name` (a World field)."""
        assert _SHARED_WORLD.holds(self), "the shared world was rolled back (tests/shared.py)"
        client = Client()
        client.cookies = copy.deepcopy(self.cookies[name])
        return client


_SHARED_WORLD = SharedRows("shared_world")
WORLD_USERS = (
    "referent_worker",
    "referent_admin",
    "partner_worker",
    "outsider_worker",
    "foreign_worker",
    "volunteer",
    "allowed_volunteer",
    "coordinator",
    "dpo",
)


def _write_shared_world() -> SharedWorld:
    world = build_world()
    cookies = {}
    for name in WORLD_USERS:
        client = Client()
        login_with_second_factor(client, getattr(world, name))
        cookies[name] = client.cookies
    return SharedWorld(world=world, cookies=cookies)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker) -> SharedWorld:
    """The rows of `world` and a session of each of its users (signed in with the second
    factor), written once for the tests that run one after another and ask for it
    (tests/shared.py); each test runs in a savepoint rolled back after it. A module opts in
    by overriding `world` with `shared_world.copy()` and making its browsers with
    `shared_world.client(name)`."""
    return _SHARED_WORLD.get(django_db_blocker, _write_shared_world)


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
