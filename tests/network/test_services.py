"""Writes of the network domain: apply, accept, refuse, GA seat, leave, charter versions."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from relais.network import selectors, services
from relais.network.models import CharterVersion, Membership, Organisation, Signature
from tests.factories import (
    CharterVersionFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SIGNATORIES = [{"name": "Camille Dubois", "function": "Présidente"}]


@pytest.fixture
def network():
    return NetworkFactory(name="Relais social de Namur", coordinator_email="coord@example.org")


@pytest.fixture
def charter(network):
    return CharterVersionFactory(network=network, number=1)


@pytest.fixture
def coordinator():
    return UserFactory()


def counts() -> tuple[int, int, int]:
    return Organisation.objects.count(), Membership.objects.count(), Signature.objects.count()


def apply(network, **kwargs) -> Signature:
    arguments = {
        "network": network,
        "signatories": SIGNATORIES,
        "signed_on": date(2025, 3, 1),
        "accepted_sections": [1, 2],
        "contact_email": "contact@abri.example",
    }
    arguments.update(kwargs)
    return services.membership_apply(**arguments)


def new_organisation(**kwargs) -> services.NewOrganisation:
    data = {"name": "L'Abri de nuit", "kind": "association", "enterprise_number": "0207373429"}
    data.update(kwargs)
    return services.NewOrganisation(**data)


class TestApply:
    def test_new_organisation_becomes_an_applicant_with_a_pending_signature(
        self, network, charter, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            signature = apply(network, new_organisation=new_organisation(), ga_requested=True)

        organisation = signature.organisation
        assert organisation.name == "L'Abri de nuit"
        assert organisation.enterprise_number == "0207.373.429"
        assert signature.status == Signature.Status.PENDING
        assert signature.charter_version == charter
        membership = Membership.objects.get(network=network, organisation=organisation)
        assert membership.status == Membership.Status.APPLICANT
        assert membership.ga_requested
        assert membership.contact_email == "contact@abri.example"
        assert [m.to for m in mail.outbox] == [["contact@abri.example"], ["coord@example.org"]]
        assert "Camille Dubois, Présidente" in mail.outbox[0].body
        assert "L'Abri de nuit" in mail.outbox[1].body

    def test_no_mail_when_the_transaction_does_not_commit(
        self, network, charter, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            apply(network, organisation=OrganisationFactory())
        assert len(callbacks) == 2
        assert mail.outbox == []

    def test_existing_organisation(self, network, charter):
        organisation = OrganisationFactory()
        signature = apply(network, organisation=organisation)
        assert signature.organisation == organisation

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"new_organisation": new_organisation(), "accepted_sections": [1]}, "engagement"),
            ({"new_organisation": new_organisation(enterprise_number="123")}, "BCE/KBO"),
            ({}, "Choisissez une organisation"),
        ],
    )
    def test_bad_applications_change_nothing(self, network, charter, kwargs, message):
        before = counts()
        with pytest.raises(ValidationError, match=message):
            apply(network, **kwargs)
        assert counts() == before
        assert mail.outbox == []

    def test_both_an_existing_and_a_new_organisation_is_refused(self, network, charter):
        before = counts()
        with pytest.raises(ValidationError, match="Choisissez une organisation"):
            apply(network, organisation=OrganisationFactory(), new_organisation=new_organisation())
        assert counts()[1:] == before[1:]

    def test_a_network_without_an_approved_charter_takes_no_application(self, network):
        CharterVersionFactory(network=network, approved_on=None)
        with pytest.raises(ValidationError, match="pas encore de charte"):
            apply(network, organisation=OrganisationFactory())

    @pytest.mark.parametrize("status", ["applicant", "active"])
    def test_duplicate_application_changes_nothing(self, network, charter, status):
        membership = MembershipFactory(network=network, status=status)
        before = counts()
        with pytest.raises(ValidationError, match="déjà partenaire"):
            apply(network, organisation=membership.organisation)
        assert counts() == before

    def test_duplicate_enterprise_number_changes_nothing(self, network, charter):
        OrganisationFactory(enterprise_number="0207.373.429")
        before = counts()
        with pytest.raises(ValidationError):
            apply(network, new_organisation=new_organisation(name="Autre nom"))
        assert counts() == before

    def test_an_organisation_may_apply_again_after_a_refusal(self, network, charter, coordinator):
        first = apply(network, organisation=OrganisationFactory())
        services.application_refuse(signature=first, by=coordinator, reason="Hors territoire")
        second = apply(network, organisation=first.organisation)
        membership = Membership.objects.get(organisation=first.organisation)
        assert membership.status == Membership.Status.APPLICANT
        assert membership.refusal_reason == ""
        assert second.status == Signature.Status.PENDING


class TestDecide:
    @pytest.fixture
    def application(self, network, charter):
        return apply(network, organisation=OrganisationFactory(), ga_requested=True)

    def test_accept_makes_an_active_partner_at_once(
        self, application, coordinator, django_capture_on_commit_callbacks
    ):
        with (
            time_machine.travel(datetime(2025, 3, 5, 10, tzinfo=UTC), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            membership = services.application_accept(signature=application, by=coordinator)
        application.refresh_from_db()
        assert application.status == Signature.Status.ACCEPTED
        assert application.decided_by == coordinator
        assert membership.status == Membership.Status.ACTIVE
        assert membership.kind == Membership.Kind.PARTNER
        assert membership.started_on == date(2025, 3, 5)
        assert mail.outbox[-1].to == ["contact@abri.example"]
        assert "membre effectif" in mail.outbox[-1].body  # GA seat asked, still to approve

    def test_accept_twice_is_refused(self, application, coordinator):
        services.application_accept(signature=application, by=coordinator)
        with pytest.raises(ValidationError, match="déjà été traitée"):
            services.application_accept(signature=application, by=coordinator)

    def test_refuse_needs_a_reason(self, application, coordinator):
        with pytest.raises(ValidationError, match="motif"):
            services.application_refuse(signature=application, by=coordinator, reason="  ")
        application.refresh_from_db()
        assert application.status == Signature.Status.PENDING

    def test_refuse(self, application, coordinator, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            membership = services.application_refuse(
                signature=application, by=coordinator, reason="Le service est hors territoire."
            )
        application.refresh_from_db()
        assert application.status == Signature.Status.REFUSED
        assert membership.status == Membership.Status.REFUSED
        assert "Le service est hors territoire." in mail.outbox[-1].body


class TestGaSeatAndLeave:
    def test_ga_seat_approval_makes_a_ga_member(self, network, charter):
        signature = SignatureFactory(charter_version=charter)
        membership = MembershipFactory(
            network=network, organisation=signature.organisation, ga_requested=True
        )
        assert list(selectors.ga_seats_pending(network=network)) == [membership]
        services.ga_seat_approve(membership=membership, approved_on=date(2025, 6, 12))
        membership.refresh_from_db()
        assert membership.kind == Membership.Kind.GA_MEMBER
        assert membership.kind_label() == "membre effectif"
        assert membership.ga_approved_on == date(2025, 6, 12)
        assert list(selectors.ga_seats_pending(network=network)) == []

    def test_only_an_active_member_sits_at_the_ga(self, network, charter):
        membership = MembershipFactory(network=network, applicant=True, ga_requested=True)
        with pytest.raises(ValidationError, match="membre active"):
            services.ga_seat_approve(membership=membership, approved_on=date(2025, 6, 12))

    def test_leave(self, network):
        membership = MembershipFactory(network=network, ga_member=True)
        services.membership_leave(membership=membership, ended_on=date(2025, 12, 31))
        membership.refresh_from_db()
        assert membership.status == Membership.Status.LEFT
        assert membership.ended_on == date(2025, 12, 31)
        assert membership.kind == Membership.Kind.PARTNER
        assert membership.ga_approved_on is None

    def test_only_an_active_member_can_leave(self, network):
        membership = MembershipFactory(network=network, applicant=True)
        with pytest.raises(ValidationError):
            services.membership_leave(membership=membership, ended_on=date(2025, 12, 31))
        membership.refresh_from_db()
        assert membership.status == Membership.Status.APPLICANT

    def test_leaving_before_joining_is_refused(self, network):
        membership = MembershipFactory(network=network, started_on=date(2025, 1, 1))
        with pytest.raises(ValidationError):
            services.membership_leave(membership=membership, ended_on=date(2024, 12, 31))


class TestCharterVersions:
    def test_create_numbers_versions_in_order(self, network, charter):
        draft = services.charter_version_create(
            network=network, title="Charte 2025", sections=[{"title": "Préambule", "body": ""}]
        )
        assert draft.number == 2
        assert draft.approved_on is None
        assert draft.axes == network.axes
        assert selectors.charter_current(network=network) == charter

    def test_create_refuses_empty_sections(self, network):
        with pytest.raises(ValidationError):
            services.charter_version_create(network=network, title="Vide", sections=[])
        assert CharterVersion.objects.count() == 0

    def test_approve_puts_the_version_in_force(self, network, charter):
        draft = CharterVersionFactory(network=network, number=2, approved_on=None)
        services.charter_version_approve(version=draft, approved_on=date(2025, 5, 20))
        assert selectors.charter_current(network=network) == draft
        assert selectors.charter_previous(version=draft) == charter

    def test_approve_before_the_version_in_force_is_refused(self, network, charter):
        draft = CharterVersionFactory(network=network, number=2, approved_on=None)
        with pytest.raises(ValidationError, match="suivre"):
            services.charter_version_approve(version=draft, approved_on=date(2020, 1, 1))

    def test_approve_twice_is_refused(self, charter):
        with pytest.raises(ValidationError, match="déjà approuvée"):
            services.charter_version_approve(version=charter, approved_on=date(2025, 1, 1))

    def test_an_older_draft_cannot_replace_a_newer_version(self, network, charter):
        old_draft = CharterVersionFactory(network=network, number=2, approved_on=None)
        newer = CharterVersionFactory(network=network, number=3, approved_on=None)
        services.charter_version_approve(version=newer, approved_on=date(2025, 5, 20))
        with pytest.raises(ValidationError, match="plus récente"):
            services.charter_version_approve(version=old_draft, approved_on=date(2025, 6, 1))
        assert selectors.charter_current(network=network) == newer


class TestPaperSignature:
    def test_record_with_scan_and_make_partner(
        self, network, charter, coordinator, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        organisation = OrganisationFactory()
        scan = SimpleUploadedFile("charte.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
        signature = services.paper_signature_record(
            version=charter,
            organisation=organisation,
            signatories=SIGNATORIES,
            signed_on=date(2025, 2, 1),
            by=coordinator,
            document=scan,
            make_partner=True,
        )
        assert signature.status == Signature.Status.ACCEPTED
        assert signature.accepted_sections == [1, 2]
        assert signature.document.name.startswith(f"signatures/{network.slug}/")
        membership = Membership.objects.get(network=network, organisation=organisation)
        assert membership.status == Membership.Status.ACTIVE

    def test_a_ga_member_stays_a_ga_member(self, network, charter, coordinator):
        CharterVersionFactory(network=network, number=2, approved_on=date(2025, 1, 1))
        membership = MembershipFactory(network=network, ga_member=True)
        SignatureFactory(charter_version=charter, organisation=membership.organisation)
        services.paper_signature_record(
            version=selectors.charter_current(network=network),
            organisation=membership.organisation,
            signatories=SIGNATORIES,
            signed_on=date(2025, 2, 1),
            by=coordinator,
            make_partner=True,
        )
        membership.refresh_from_db()
        assert membership.kind == Membership.Kind.GA_MEMBER

    def test_a_second_live_signature_gets_a_clear_message(self, network, charter, coordinator):
        pending = apply(network, organisation=OrganisationFactory())
        before = counts()
        with pytest.raises(ValidationError) as error:
            services.paper_signature_record(
                version=charter,
                organisation=pending.organisation,
                signatories=SIGNATORIES,
                signed_on=date(2025, 2, 1),
                by=coordinator,
            )
        assert error.value.messages == ["Cette organisation a déjà signé cette version."]
        assert counts() == before

    def test_a_draft_cannot_be_signed(self, network, coordinator):
        draft = CharterVersionFactory(network=network, approved_on=None)
        with pytest.raises(ValidationError, match="approuvée"):
            services.paper_signature_record(
                version=draft,
                organisation=OrganisationFactory(),
                signatories=SIGNATORIES,
                signed_on=date(2025, 2, 1),
                by=coordinator,
            )


def test_members_to_resign_after_a_new_version(network, charter):
    signed_old = MembershipFactory(network=network)
    SignatureFactory(charter_version=charter, organisation=signed_old.organisation)
    v2 = CharterVersionFactory(network=network, number=2, approved_on=date(2025, 1, 1))
    signed_new = MembershipFactory(network=network)
    SignatureFactory(charter_version=v2, organisation=signed_new.organisation)
    assert list(selectors.memberships_to_resign(network=network)) == [signed_old]


class TestCharterChanges:
    def sections(self, *items):
        return [{"title": t, "body": b, "commitment": c} for t, b, c in items]

    def test_added_removed_changed_and_same_sections(self, network):
        old = CharterVersionFactory(
            network=network,
            number=1,
            sections=self.sections(
                ("Préambule", "Un réseau.", False),
                ("La dignité", "Accueillir avec égards et écoute.", True),
                ("Ancienne section", "À retirer.", True),
            ),
        )
        new = CharterVersionFactory(
            network=network,
            number=2,
            sections=self.sections(
                ("Préambule", "Un réseau.", False),
                ("La dignité", "Accueillir la personne avec égards.", True),
                ("La citoyenneté", "Le droit à l'information.", True),
            ),
        )
        changes = selectors.charter_changes(version=new, previous=old)
        assert [(c.status, c.title) for c in changes] == [
            ("same", "Préambule"),
            ("changed", "La dignité"),
            ("removed", "Ancienne section"),
            ("added", "La citoyenneté"),
        ]
        words = changes[1].words
        assert ("insert", " la personne") in words
        assert ("delete", " et écoute") in words
        # Both texts can be rebuilt from the marks.
        assert "".join(t for op, t in words if op != "delete") == new.sections[1]["body"]
        assert "".join(t for op, t in words if op != "insert") == old.sections[1]["body"]

    def test_renamed_section_and_commitment_flag(self, network):
        old = CharterVersionFactory(
            network=network, number=1, sections=self.sections(("Autonomie", "Faire avec.", False))
        )
        new = CharterVersionFactory(
            network=network,
            number=2,
            sections=self.sections(("L'autonomie", "Faire avec.", True)),
        )
        [change] = selectors.charter_changes(version=new, previous=old)
        assert change.status == "changed"
        assert change.previous_title == "Autonomie"
        assert change.commitment_changed

    def test_first_version_has_no_changes(self, charter):
        assert selectors.charter_changes(version=charter, previous=None) == []
