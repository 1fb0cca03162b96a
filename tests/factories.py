"""Factories with readable traits, shared by every test package."""

from datetime import date

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings

from relais.accounts.models import NetworkRole, OrganisationRole, User
from relais.network.models import CharterVersion, Membership, Network, Organisation, Signature

TEST_TOTP_SECRET = settings.DEMO_TOTP_SECRET


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"reseau-{n}")
    name = factory.Sequence(lambda n: f"Relais social de test {n}")
    country = "BE"
    axes = factory.LazyFunction(
        lambda: ["urgence_sociale", "accueil_de_jour", "accueil_de_nuit", "travail_de_rue"]
    )
    ga_member_label = "membre effectif"
    coordinator_email = "coordination@example.org"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.ASSOCIATION
    postcode = "5000"
    municipality = "Namur"


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion

    network = factory.SubFactory(NetworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Charte de test"
    sections = factory.LazyFunction(
        lambda: [
            {"title": "Préambule", "body": "Un réseau contre l'exclusion.", "commitment": False},
            {"title": "La dignité", "body": "Accueillir avec égards.", "commitment": True},
            {"title": "L'autonomie", "body": "Faire avec la personne.", "commitment": True},
        ]
    )
    approved_on = date(2021, 10, 18)
    axes = factory.LazyAttribute(lambda o: list(o.network.axes))


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    charter_version = factory.SubFactory(CharterVersionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    signatories = factory.LazyFunction(lambda: [{"name": "Alex Martin", "function": "Directeur"}])
    signed_on = date(2022, 1, 10)
    accepted_sections = factory.LazyFunction(lambda: [1, 2])
    status = Signature.Status.ACCEPTED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Membership.Status.ACTIVE
    kind = Membership.Kind.PARTNER
    started_on = date(2022, 1, 15)

    class Params:
        applicant = factory.Trait(status=Membership.Status.APPLICANT, started_on=None)
        ga_member = factory.Trait(kind=Membership.Kind.GA_MEMBER, ga_approved_on=date(2022, 3, 1))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "relais-demo")

    class Params:
        with_totp = factory.Trait(
            totp=factory.PostGeneration(
                lambda user, create, extracted, **kw: Authenticator.objects.create(
                    user=user,
                    type=Authenticator.Type.TOTP,
                    data={"secret": encrypt(TEST_TOTP_SECRET)},
                )
            )
        )

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def organisation_role(user, organisation, role=OrganisationRole.Role.WORKER):
    return OrganisationRole.objects.create(user=user, organisation=organisation, role=role)


def network_role(user, network, role=NetworkRole.Role.COORDINATOR):
    return NetworkRole.objects.create(user=user, network=network, role=role)


def current_totp() -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def login_with_second_factor(client, user) -> None:
    """Log `user` in as if they had just passed their second factor."""
    client.force_login(user)
    session = client.session
    session["_relais_mfa_ok"] = True
    session.save()


def coordinator_of(network, **kwargs) -> User:
    """A coordinator of `network`, enrolled in TOTP."""
    user = UserFactory(with_totp=True, **kwargs)
    network_role(user, network)
    return user
