"""Invariants of the network models: membership needs a valid signature, transition period."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from relais.network import selectors
from relais.network.models import Membership, Organisation, Signature
from tests.factories import (
    CharterVersionFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def network():
    return NetworkFactory(charter_transition_days=180)


@pytest.fixture
def v1(network):
    return CharterVersionFactory(network=network, number=1, approved_on=date(2021, 10, 18))


def test_active_membership_needs_an_accepted_signature_of_the_current_charter(network, v1):
    membership = MembershipFactory.build(network=network, organisation=OrganisationFactory())
    with pytest.raises(ValidationError, match="charte en vigueur"):
        membership.full_clean()

    SignatureFactory(charter_version=v1, organisation=membership.organisation)
    membership.full_clean()


def test_a_pending_or_refused_signature_does_not_count(network, v1):
    organisation = OrganisationFactory()
    SignatureFactory(charter_version=v1, organisation=organisation, status="pending")
    SignatureFactory(charter_version=v1, organisation=organisation, status="refused")
    membership = MembershipFactory.build(network=network, organisation=organisation)
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_a_signature_of_another_network_does_not_count(network, v1):
    organisation = OrganisationFactory()
    SignatureFactory(charter_version=CharterVersionFactory(), organisation=organisation)
    membership = MembershipFactory.build(network=network, organisation=organisation)
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_an_applicant_needs_no_accepted_signature(network, v1):
    MembershipFactory.build(
        network=network, organisation=OrganisationFactory(), applicant=True
    ).full_clean()


def test_a_draft_is_not_the_charter_in_force(network, v1):
    CharterVersionFactory(network=network, number=2, approved_on=None)
    assert selectors.charter_current(network=network) == v1


class TestTransitionPeriod:
    """After the GA approves a new version, signatures of the previous one stay valid for
    `charter_transition_days`, then no longer."""

    @pytest.fixture
    def v2(self, network, v1):
        return CharterVersionFactory(network=network, number=2, approved_on=date(2024, 1, 10))

    @pytest.fixture
    def signed_v1(self, v1):
        return SignatureFactory(charter_version=v1)

    def test_transition_ends_after_the_networks_number_of_days(self, v2):
        assert v2.transition_ends_on() == date(2024, 1, 10) + timedelta(days=180)

    def test_previous_signature_valid_until_the_last_day(self, network, v2, signed_v1):
        membership = MembershipFactory.build(network=network, organisation=signed_v1.organisation)
        with time_machine.travel(noon(v2.transition_ends_on()), tick=False):
            assert (
                selectors.signature_valid_for(network=network, organisation=membership.organisation)
                == signed_v1
            )
            membership.full_clean()

    def test_previous_signature_invalid_the_day_after(self, network, v2, signed_v1):
        membership = MembershipFactory.build(network=network, organisation=signed_v1.organisation)
        with time_machine.travel(noon(v2.transition_ends_on() + timedelta(days=1)), tick=False):
            assert (
                selectors.signature_valid_for(network=network, organisation=membership.organisation)
                is None
            )
            with pytest.raises(ValidationError):
                membership.full_clean()

    def test_signature_of_the_new_version_stays_valid(self, network, v2, signed_v1):
        signed_v2 = SignatureFactory(charter_version=v2, organisation=signed_v1.organisation)
        with time_machine.travel(noon(date(2030, 1, 1)), tick=False):
            assert (
                selectors.signature_valid_for(network=network, organisation=signed_v1.organisation)
                == signed_v2
            )

    def test_a_version_two_steps_back_never_counts(self, network, v2, signed_v1):
        v3 = CharterVersionFactory(network=network, number=3, approved_on=date(2024, 2, 1))
        with time_machine.travel(noon(date(2024, 2, 2)), tick=False):
            assert selectors.charter_versions_valid_on(network=network) == [v3, v2]
            assert (
                selectors.signature_valid_for(network=network, organisation=signed_v1.organisation)
                is None
            )

    def test_the_network_chooses_the_length(self, v2, signed_v1):
        network = v2.network
        network.charter_transition_days = 0
        network.save()
        with time_machine.travel(noon(date(2024, 1, 11)), tick=False):
            assert (
                selectors.signature_valid_for(network=network, organisation=signed_v1.organisation)
                is None
            )


def test_database_refuses_a_ga_member_without_ga_approval():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(kind=Membership.Kind.GA_MEMBER, ga_approved_on=None)


def test_database_refuses_an_active_membership_without_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(status=Membership.Status.ACTIVE, started_on=None)


def test_one_membership_per_network_and_organisation():
    membership = MembershipFactory(applicant=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            network=membership.network, organisation=membership.organisation, applicant=True
        )


def test_one_live_signature_per_version_and_organisation(v1):
    signature = SignatureFactory(charter_version=v1, status=Signature.Status.PENDING)
    SignatureFactory(
        charter_version=v1, organisation=signature.organisation, status=Signature.Status.REFUSED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatureFactory(charter_version=v1, organisation=signature.organisation)


def test_kind_label_uses_the_networks_name_for_ga_members():
    network = NetworkFactory(ga_member_label="membre effectif")
    assert MembershipFactory.build(network=network, ga_member=True).kind_label() == (
        "membre effectif"
    )
    assert MembershipFactory.build(network=network).kind_label() == "partenaire"


@pytest.mark.parametrize(
    ("country", "raw", "normalised"),
    [("BE", "BE 0207.373.429", "0207.373.429"), ("FR", "732 829 320 00074", "73282932000074")],
)
def test_enterprise_number_is_normalised(country, raw, normalised):
    organisation = Organisation(
        slug="o", name="O", kind="association", country=country, enterprise_number=raw
    )
    organisation.full_clean()
    assert organisation.enterprise_number == normalised


def test_invalid_enterprise_number_is_refused_in_french():
    organisation = Organisation(slug="o", name="O", country="BE", enterprise_number="0123.456.789")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "numéro d'entreprise belge valide" in str(error.value.message_dict["enterprise_number"])


@pytest.mark.django_db
def test_network_time_zone_must_exist():
    from django.core.exceptions import ValidationError

    from tests.factories import NetworkFactory

    network = NetworkFactory.build(time_zone="Europe/Namur")
    with pytest.raises(ValidationError) as error:
        network.full_clean()
    assert "time_zone" in error.value.message_dict
