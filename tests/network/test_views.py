"""Network pages: public pages, the join form, the coordinator's pages and who may see them."""

import html
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import NetworkRole, OrganisationRole
from relais.network import selectors
from relais.network.models import (
    CharterVersion,
    Membership,
    Municipality,
    Organisation,
    Signature,
)
from tests.factories import (
    CharterVersionFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
    coordinator_of,
    login_with_second_factor,
    network_role,
    organisation_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    network = NetworkFactory(
        slug="namur",
        name="Relais social urbain namurois",
        description="Le Relais social met en réseau des services publics et associatifs.",
        coordinator_name="Dominique Lambert",
        coordinator_email="coordination@rsun.example",
        coordinator_phone="+32 81 24 60 00",
    )
    Municipality.objects.create(network=network, name="Namur", postcode="5000")
    Municipality.objects.create(network=network, name="Jambes", postcode="5100")
    Municipality.objects.create(network=network, name="Namur", postcode="5001")
    return network


@pytest.fixture
def charter(network):
    return CharterVersionFactory(
        network=network, number=1, title="Charte du Relais social urbain namurois"
    )


def add_member(network, charter, name, **kwargs) -> Membership:
    organisation = OrganisationFactory(name=name)
    SignatureFactory(charter_version=charter, organisation=organisation)
    return MembershipFactory(network=network, organisation=organisation, **kwargs)


@pytest.fixture
def members(network, charter):
    return [
        add_member(network, charter, "CPAS de Namur", ga_member=True),
        add_member(network, charter, "Restos du Cœur de Namur"),
    ]


def text(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def counts() -> tuple[int, int, int]:
    return Organisation.objects.count(), Membership.objects.count(), Signature.objects.count()


# Every page of a logged-in user: session, user, second-factor check, the menu's networks,
# and the session saved with its activity clock (savepoint, update, release).
LOGGED_IN_PAGE_QUERIES = 8


def logged_in(user) -> Client:
    client = Client()
    login_with_second_factor(client, user)
    return client


@pytest.fixture
def coordinator(network):
    return coordinator_of(network)


@pytest.fixture
def coord(coordinator) -> Client:
    return logged_in(coordinator)


# --- Public pages ----------------------------------------------------------------------------


def test_home_lists_the_networks(client, network):
    NetworkFactory(name="Le Mans Solidaire", country="FR")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Relais social urbain namurois" in text(response)
    assert "Le Mans Solidaire" in text(response)
    assert reverse("network:detail", args=["namur"]) in text(response)


class TestNetworkPage:
    def test_shows_who_territory_axes_charter_signatories_and_contact(
        self, client, network, charter, members
    ):
        response = client.get(reverse("network:detail", args=["namur"]))
        assert response.status_code == 200
        page = text(response)
        assert "<h1>Relais social urbain namurois</h1>" in page
        assert "met en réseau des services publics" in page
        assert 'Jambes <span class="postcode">(5100)</span>' in page
        assert 'Namur <span class="postcode">(5000, 5001)</span>' in page
        assert "Le réseau couvre 2 communes." in page
        assert "Accueil de nuit" in page
        assert "Charte du Relais social urbain namurois" in page
        assert "approuvée par l'assemblée générale le 18 octobre 2021" in page
        assert "La dignité" in page
        assert "CPAS de Namur" in page
        assert "Restos du Cœur de Namur" in page
        assert "membre effectif" in page  # the network's GA label
        assert "signée le 10 janvier 2022" in page
        assert "coordination@rsun.example" in page
        assert reverse("network:join", args=["namur"]) in page

    def test_applicants_and_former_members_are_not_signatories(self, client, network, charter):
        add_member(network, charter, "Partie", status="left", ended_on=date(2024, 1, 1))
        MembershipFactory(
            network=network, organisation=OrganisationFactory(name="Candidate"), applicant=True
        )
        page = text(client.get(reverse("network:detail", args=["namur"])))
        assert "Partie" not in page
        assert "Candidate" not in page

    def test_link_to_older_versions_only_when_there_are_some(self, client, network, charter):
        url = reverse("network:detail", args=["namur"])
        versions = reverse("network:charter_versions", args=["namur"])
        assert versions not in text(client.get(url))
        CharterVersionFactory(network=network, number=2, approved_on=date(2024, 5, 1))
        assert versions in text(client.get(url))

    def test_without_an_approved_charter_nobody_can_sign(self, client, network):
        CharterVersionFactory(network=network, approved_on=None, title="Projet de charte")
        response = client.get(reverse("network:detail", args=["namur"]))
        assert response.status_code == 200
        assert "Projet de charte" not in text(response)
        assert reverse("network:join", args=["namur"]) not in text(response)

    def test_unknown_network(self, client):
        assert client.get(reverse("network:detail", args=["nulle-part"])).status_code == 404

    def test_query_count_does_not_grow_with_members(
        self, client, network, charter, members, django_assert_num_queries
    ):
        url = reverse("network:detail", args=["namur"])
        # network, approved versions, charter in force, municipalities, members.
        with django_assert_num_queries(5):
            client.get(url)
        for n in range(10):
            add_member(network, charter, f"Service {n}", ga_member=n % 2 == 0)
        with django_assert_num_queries(5):
            response = client.get(url)
        assert "Service 9" in text(response)


class TestCharterVersions:
    @pytest.fixture
    def v2(self, network, charter):
        sections = [
            {"title": "Préambule", "body": "Un réseau contre l'exclusion.", "commitment": False},
            {
                "title": "La dignité",
                "body": "Accueillir la personne avec égards.",
                "commitment": True,
            },
            {"title": "La citoyenneté", "body": "Le droit à l'information.", "commitment": True},
        ]
        return CharterVersionFactory(
            network=network, number=2, sections=sections, approved_on=date(2024, 5, 1)
        )

    def test_versions_list_shows_approved_versions_only(self, client, network, charter, v2):
        CharterVersionFactory(network=network, number=3, approved_on=None, title="Brouillon 3")
        response = client.get(reverse("network:charter_versions", args=["namur"]))
        assert response.status_code == 200
        assert reverse("network:charter_version", args=["namur", 1]) in text(response)
        assert reverse("network:charter_version", args=["namur", 2]) in text(response)
        assert "Brouillon 3" not in text(response)

    def test_a_draft_is_not_public(self, client, network, charter):
        CharterVersionFactory(network=network, number=2, approved_on=None)
        assert client.get(reverse("network:charter_version", args=["namur", 2])).status_code == 404

    def test_version_shows_what_changed_with_ins_and_del(self, client, network, charter, v2):
        response = client.get(reverse("network:charter_version", args=["namur", 2]))
        assert response.status_code == 200
        page = text(response)
        assert "Ce qui a changé depuis la version 1" in page
        assert "section ajoutée" in page  # La citoyenneté
        assert "section retirée" in page  # L'autonomie
        assert "section modifiée" in page  # La dignité
        assert (
            '<ins><span class="visually-hidden">[ajout : </span> la personne'
            '<span class="visually-hidden"> fin de l\'ajout]</span></ins>'
        ) in page
        assert "<del>" in page
        assert "1 autre section est restée identique." in page
        assert "C'est la charte en vigueur." in page

    def test_first_version_and_old_version(self, client, network, charter, v2):
        page = text(client.get(reverse("network:charter_version", args=["namur", 1])))
        assert "C'est la première version de la charte." in page
        assert "Cette version n'est plus en vigueur." in page

    def test_changes_are_escaped(self, client, network, charter):
        CharterVersionFactory(
            network=network,
            number=2,
            approved_on=date(2024, 5, 1),
            sections=[
                {"title": "Préambule", "body": "Un réseau <script>alert(1)</script>"},
                {"title": "La dignité", "body": "Accueillir avec égards.", "commitment": True},
                {"title": "L'autonomie", "body": "Faire avec la personne.", "commitment": True},
            ],
        )
        page = client.get(reverse("network:charter_version", args=["namur", 2])).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;" in page


# --- Join ------------------------------------------------------------------------------------


def join_data(**overrides) -> dict:
    data = {
        "organisation": "",
        "name": "L'Abri de nuit",
        "kind": "association",
        "enterprise_number": "0207.373.429",
        "address": "Rue des Brasseurs 12",
        "postcode": "5000",
        "municipality": "Namur",
        "phone": "081 24 60 00",
        "email": "",
        "signed_on": "2025-03-01",
        "signatory_1_name": "Camille Dubois",
        "signatory_1_function": "Présidente",
        "signatory_2_name": "Sam Leroy",
        "signatory_2_function": "Coordinateur",
        "commitment_1": "on",
        "commitment_2": "on",
        "ga_requested": "on",
        "contact_email": "contact@abri.example",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class TestJoin:
    url = "/reseaux/namur/adherer/"

    def test_form_mirrors_the_signature_block(self, client, network, charter):
        response = client.get(self.url)
        assert response.status_code == 200
        page = text(response)
        assert 'name="commitment_1"' in page
        assert 'name="commitment_2"' in page
        assert 'name="commitment_0"' not in page  # the preamble is not a commitment
        assert 'name="signatory_4_name"' in page
        assert 'name="signatory_5_name"' not in page
        assert "devenir membre effectif" in page
        assert 'name="homepage"' in page

    def test_new_organisation_signs_and_applies(
        self, client, network, charter, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url, join_data())
        assert response.status_code == 302
        assert response["Location"] == "/reseaux/namur/adherer/merci/"
        organisation = Organisation.objects.get(name="L'Abri de nuit")
        assert organisation.enterprise_number == "0207.373.429"
        assert organisation.phone == "+32 81 24 60 00"
        membership = Membership.objects.get(organisation=organisation)
        assert membership.status == Membership.Status.APPLICANT
        assert membership.ga_requested
        signature = Signature.objects.get(organisation=organisation)
        assert signature.status == Signature.Status.PENDING
        assert signature.signatories == [
            {"name": "Camille Dubois", "function": "Présidente"},
            {"name": "Sam Leroy", "function": "Coordinateur"},
        ]
        assert signature.accepted_sections == [1, 2]
        assert [m.to for m in mail.outbox] == [
            ["contact@abri.example"],
            ["coordination@rsun.example"],
        ]

        done = client.get(response["Location"])
        assert "L'Abri de nuit a signé la charte" in text(done)
        assert "contact@abri.example" in text(done)

    def test_existing_organisation_signs(self, client, network, charter):
        organisation = OrganisationFactory(name="Croix-Rouge de Namur")
        data = join_data(organisation=str(organisation.pk), name="", enterprise_number="")
        response = client.post(self.url, data)
        assert response.status_code == 302
        assert Membership.objects.get(organisation=organisation).status == "applicant"

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"commitment_2": None}, "Cochez cet engagement"),
            ({"enterprise_number": "0123.456.789"}, "n'est pas un numéro d'entreprise"),
            ({"name": ""}, "Ce champ est obligatoire pour un nouveau service."),
            ({"phone": "12"}, "Numéro de téléphone invalide."),
            (
                {f"signatory_{n}_{part}": "" for n in (1, 2) for part in ("name", "function")},
                "au moins une personne",
            ),
            ({"signatory_2_function": ""}, "Indiquez la fonction de Sam Leroy."),
            ({"signed_on": "2021-01-01"}, "signez-la à cette date ou après"),
            ({"contact_email": "pas-une-adresse"}, "adresse de courriel valide"),
        ],
    )
    def test_bad_input_is_explained_and_creates_nothing(
        self, client, network, charter, overrides, message
    ):
        before = counts()
        response = client.post(self.url, join_data(**overrides))
        assert response.status_code == 200
        assert message in text(response)
        assert 'class="error-summary"' in text(response)
        assert counts() == before
        assert mail.outbox == []

    def test_a_date_in_the_future_is_refused(self, client, network, charter):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        before = counts()
        response = client.post(self.url, join_data(signed_on=tomorrow))
        assert "Cette date est dans le futur." in text(response)
        assert counts() == before

    def test_duplicate_application_of_a_listed_organisation(self, client, network, charter):
        membership = MembershipFactory(network=network, applicant=True)
        before = counts()
        data = join_data(
            organisation=str(membership.organisation.pk), name="", enterprise_number=""
        )
        response = client.post(self.url, data)
        assert response.status_code == 200
        assert "déjà partenaire du réseau ou a déjà une demande en cours" in text(response)
        assert counts() == before

    def test_duplicate_by_enterprise_number_of_a_member(self, client, network, charter, members):
        members[0].organisation.enterprise_number = "0207.373.429"
        members[0].organisation.save()
        before = counts()
        response = client.post(self.url, join_data(name="Autre nom"))
        assert "« CPAS de Namur » est déjà partenaire du réseau" in text(response)
        assert counts() == before

    def test_a_known_organisation_must_be_chosen_from_the_list(self, client, network, charter):
        OrganisationFactory(name="L'Abri de nuit")
        before = counts()
        response = client.post(self.url, join_data(enterprise_number="0403.170.701"))
        assert "choisissez-le dans la liste" in text(response)
        assert counts() == before

    def test_choosing_and_describing_is_ambiguous(self, client, network, charter):
        organisation = OrganisationFactory()
        before = counts()
        response = client.post(self.url, join_data(organisation=str(organisation.pk)))
        assert "Choisissez l'un ou l'autre." in text(response)
        assert counts() == before

    def test_an_empty_post_is_explained(self, client, network, charter):
        response = client.post(self.url, {})
        assert response.status_code == 200
        assert 'class="error-summary"' in text(response)
        assert counts() == (0, 0, 0)

    def test_a_robot_filling_the_honeypot_creates_nothing(self, client, network, charter):
        before = counts()
        response = client.post(self.url, join_data(homepage="http://spam.example"))
        assert response.status_code == 302
        assert counts() == before
        assert mail.outbox == []

    def test_no_approved_charter_no_form(self, client, network):
        response = client.get(self.url)
        assert response.status_code == 200
        assert "pas encore été approuvée" in text(response)
        assert 'name="commitment' not in text(response)
        before = counts()
        client.post(self.url, join_data())
        assert counts() == before


# --- Coordination: who may see it -----------------------------------------------------------


COORDINATION_PAGES = [
    "network:coordination",
    "network:memberships",
    "network:applications",
    "network:ga_seats",
    "network:signatures",
    "network:charter_admin",
    "network:charter_draft",
    "network:members_csv",
    "network:members_xlsx",
    "network:members_pdf",
]


def persona(name: str, network) -> Client:
    """anonymous, a worker of a member organisation, the network's DPO, a coordinator of
    another network."""
    if name == "anonymous":
        return Client()
    user = UserFactory(with_totp=True)
    if name == "worker":
        organisation_role(user, OrganisationFactory(), OrganisationRole.Role.WORKER)
    elif name == "dpo":
        network_role(user, network, NetworkRole.Role.DPO)
    elif name == "other_coordinator":
        network_role(user, NetworkFactory())
    return logged_in(user)


class TestCoordinationAccess:
    @pytest.mark.parametrize("name", COORDINATION_PAGES)
    def test_coordinator_of_the_network(self, coord, network, charter, members, name):
        assert coord.get(reverse(name, args=["namur"])).status_code == 200

    @pytest.mark.parametrize("name", COORDINATION_PAGES)
    def test_anonymous_is_asked_to_log_in(self, network, name):
        url = reverse(name, args=["namur"])
        response = persona("anonymous", network).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "next=" in response["Location"]

    @pytest.mark.parametrize("who", ["worker", "dpo", "other_coordinator"])
    @pytest.mark.parametrize("name", COORDINATION_PAGES)
    def test_everyone_else_gets_not_found(self, network, charter, who, name):
        response = persona(who, network).get(reverse(name, args=["namur"]))
        assert response.status_code == 404

    def test_unknown_network_is_not_found_for_a_coordinator(self, coord):
        assert coord.get("/reseaux/nulle-part/coordination/").status_code == 404

    @pytest.mark.parametrize("who", ["worker", "dpo", "other_coordinator"])
    def test_others_cannot_accept_an_application(self, network, charter, who):
        signature = SignatureFactory(charter_version=charter, status=Signature.Status.PENDING)
        MembershipFactory(network=network, organisation=signature.organisation, applicant=True)
        url = reverse("network:application_accept", args=["namur", signature.id])
        assert persona(who, network).post(url).status_code == 404
        signature.refresh_from_db()
        assert signature.status == Signature.Status.PENDING

    def test_actions_need_post(self, coord, network, charter, members):
        slug = members[0].organisation.slug
        assert (
            coord.get(reverse("network:membership_leave", args=["namur", slug])).status_code == 405
        )

    def test_actions_need_the_csrf_token(self, coordinator, network, charter, members):
        client = Client(enforce_csrf_checks=True)
        login_with_second_factor(client, coordinator)
        slug = members[0].organisation.slug
        url = reverse("network:membership_leave", args=["namur", slug])
        assert client.post(url, {"ended_on": "2025-01-01"}).status_code == 403
        members[0].refresh_from_db()
        assert members[0].status == Membership.Status.ACTIVE

    def test_the_menu_links_to_the_coordination(self, coord, network):
        page = text(coord.get(reverse("home")))
        assert reverse("network:coordination", args=["namur"]) in page


# --- Coordination: pages and actions ------------------------------------------------------


class TestOverview:
    def test_counts_and_members_to_resign(self, coord, network, charter, members):
        MembershipFactory(network=network, applicant=True)
        members[1].ga_requested = True
        members[1].save()
        CharterVersionFactory(network=network, number=2, approved_on=timezone.localdate())
        page = text(coord.get(reverse("network:coordination", args=["namur"])))
        assert '<span class="stat-number">2</span> membres actifs' in page
        assert '<span class="stat-number">1</span> demande à examiner' in page
        assert '<span class="stat-number">1</span> siège à l\'AG en attente' in page
        assert "Membres qui doivent signer la charte en vigueur" in page
        assert "CPAS de Namur" in page
        assert "période de transition" in page


class TestMemberships:
    def url(self, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return reverse("network:memberships", args=["namur"]) + (f"?{query}" if query else "")

    def test_list_and_filters(self, coord, network, charter, members):
        MembershipFactory(
            network=network, organisation=OrganisationFactory(name="Candidat"), applicant=True
        )
        page = text(coord.get(self.url()))
        assert "CPAS de Namur" in page
        assert "Candidat" in page
        page = text(coord.get(self.url(status="applicant")))
        assert "Candidat" in page
        assert "CPAS de Namur" not in page
        page = text(coord.get(self.url(kind="ga_member")))
        assert "CPAS de Namur" in page
        assert "Restos du Cœur" not in page

    def test_query_count_does_not_grow_with_members(
        self, coord, network, charter, members, django_assert_num_queries
    ):
        coord.get(self.url())  # the session is warm
        with django_assert_num_queries(LOGGED_IN_PAGE_QUERIES + 2):  # network, memberships
            coord.get(self.url())
        for n in range(10):
            add_member(network, charter, f"Service {n}", ga_member=n % 2 == 0)
        with django_assert_num_queries(LOGGED_IN_PAGE_QUERIES + 2):
            response = coord.get(self.url())
        assert "Service 9" in text(response)

    def test_leave(self, coord, network, charter, members):
        membership = members[0]
        url = reverse("network:membership_leave", args=["namur", membership.organisation.slug])
        response = coord.post(url, {"ended_on": "2025-06-30"})
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.status == Membership.Status.LEFT
        assert membership.ended_on == date(2025, 6, 30)
        public = text(coord.get(reverse("network:detail", args=["namur"])))
        assert '<span class="signatory-name">CPAS de Namur</span>' not in public

    def test_leave_before_joining_is_refused(self, coord, network, charter, members):
        membership = members[0]
        url = reverse("network:membership_leave", args=["namur", membership.organisation.slug])
        response = coord.post(url, {"ended_on": "2020-01-01"})
        assert response.status_code == 400
        assert "ne peut pas précéder" in text(response)
        membership.refresh_from_db()
        assert membership.status == Membership.Status.ACTIVE

    def test_leave_of_another_networks_member_is_not_found(self, coord, network, charter):
        other = MembershipFactory()
        url = reverse("network:membership_leave", args=["namur", other.organisation.slug])
        assert coord.post(url, {"ended_on": "2025-06-30"}).status_code == 404


class TestApplications:
    @pytest.fixture
    def application(self, network, charter):
        signature = SignatureFactory(
            charter_version=charter,
            organisation=OrganisationFactory(name="L'Abri de nuit"),
            status=Signature.Status.PENDING,
        )
        MembershipFactory(
            network=network,
            organisation=signature.organisation,
            applicant=True,
            ga_requested=True,
            contact_email="contact@abri.example",
        )
        return signature

    def test_queue(self, coord, application):
        page = text(coord.get(reverse("network:applications", args=["namur"])))
        assert "L'Abri de nuit" in page
        assert "Alex Martin (Directeur)" in page
        assert "demande à devenir membre effectif" in page

    def test_queue_query_count(
        self, coord, network, charter, application, django_assert_num_queries
    ):
        url = reverse("network:applications", args=["namur"])
        coord.get(url)
        with django_assert_num_queries(LOGGED_IN_PAGE_QUERIES + 2):  # network, applications
            coord.get(url)
        for _ in range(5):
            signature = SignatureFactory(charter_version=charter, status=Signature.Status.PENDING)
            MembershipFactory(network=network, organisation=signature.organisation, applicant=True)
        with django_assert_num_queries(LOGGED_IN_PAGE_QUERIES + 2):
            coord.get(url)

    def test_accept(self, coord, application, django_capture_on_commit_callbacks):
        url = reverse("network:application_accept", args=["namur", application.id])
        with django_capture_on_commit_callbacks(execute=True):
            response = coord.post(url)
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == Signature.Status.ACCEPTED
        membership = Membership.objects.get(organisation=application.organisation)
        assert membership.status == Membership.Status.ACTIVE
        assert mail.outbox[-1].to == ["contact@abri.example"]
        page = text(coord.get(response["Location"]))
        assert "est maintenant partenaire du réseau" in page

    def test_refuse_needs_a_reason(self, coord, application):
        url = reverse("network:application_refuse", args=["namur", application.id])
        response = coord.post(url, {"reason": ""})
        assert response.status_code == 400
        assert "Ce champ est obligatoire." in text(response)
        assert f'id="refus-{application.id}-reason"' in text(response)
        application.refresh_from_db()
        assert application.status == Signature.Status.PENDING

    def test_refuse(self, coord, application):
        url = reverse("network:application_refuse", args=["namur", application.id])
        response = coord.post(url, {"reason": "Le service n'est pas sur notre territoire."})
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == Signature.Status.REFUSED
        assert application.refusal_reason == "Le service n'est pas sur notre territoire."

    def test_a_signature_of_another_network_is_not_found(self, coord, network, charter):
        other = SignatureFactory(status=Signature.Status.PENDING)
        url = reverse("network:application_accept", args=["namur", other.id])
        assert coord.post(url).status_code == 404


class TestGaSeats:
    def test_approve_with_the_ga_date(self, coord, network, charter, members):
        membership = members[1]
        membership.ga_requested = True
        membership.save()
        page = text(coord.get(reverse("network:ga_seats", args=["namur"])))
        assert "Restos du Cœur de Namur" in page
        url = reverse("network:ga_seat_approve", args=["namur", membership.organisation.slug])
        assert coord.post(url, {"approved_on": "2025-06-12"}).status_code == 302
        membership.refresh_from_db()
        assert membership.kind == Membership.Kind.GA_MEMBER
        assert membership.ga_approved_on == date(2025, 6, 12)

    def test_a_future_ga_date_is_refused(self, coord, network, charter, members):
        membership = members[1]
        url = reverse("network:ga_seat_approve", args=["namur", membership.organisation.slug])
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        response = coord.post(url, {"approved_on": future})
        assert response.status_code == 400
        membership.refresh_from_db()
        assert membership.kind == Membership.Kind.PARTNER


class TestSignatures:
    def test_record_a_paper_signature_with_a_scan(
        self, coord, coordinator, network, charter, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        organisation = OrganisationFactory(name="Maison médicale de Bomel")
        scan = SimpleUploadedFile("charte.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
        response = coord.post(
            reverse("network:signatures", args=["namur"]),
            {
                "organisation": organisation.pk,
                "version": charter.pk,
                "signed_on": "2025-02-01",
                "signatory_1_name": "Dr Claire Petit",
                "signatory_1_function": "Médecin coordinatrice",
                "document": scan,
                "make_partner": "on",
            },
        )
        assert response.status_code == 302
        signature = Signature.objects.get(organisation=organisation)
        assert signature.status == Signature.Status.ACCEPTED
        assert signature.decided_by == coordinator
        assert Membership.objects.get(organisation=organisation).status == "active"

        page = text(coord.get(reverse("network:signatures", args=["namur"])))
        document_url = reverse("network:signature_document", args=["namur", signature.id])
        assert document_url in page
        document = coord.get(document_url)
        assert document.status_code == 200
        assert b"".join(document.streaming_content) == b"%PDF-1.4 scan"
        assert persona("other_coordinator", network).get(document_url).status_code == 404
        assert persona("anonymous", network).get(document_url).status_code == 302

    def test_a_scan_must_be_a_pdf_or_an_image(self, coord, network, charter):
        organisation = OrganisationFactory()
        before = counts()
        response = coord.post(
            reverse("network:signatures", args=["namur"]),
            {
                "organisation": organisation.pk,
                "version": charter.pk,
                "signed_on": "2025-02-01",
                "signatory_1_name": "Alex",
                "signatory_1_function": "Directeur",
                "document": SimpleUploadedFile("charte.exe", b"MZ"),
            },
        )
        assert response.status_code == 400
        assert counts() == before

    def test_a_second_signature_of_the_same_version_is_explained(
        self, coord, network, charter, members
    ):
        before = counts()
        response = coord.post(
            reverse("network:signatures", args=["namur"]),
            {
                "organisation": members[0].organisation.pk,
                "version": charter.pk,
                "signed_on": "2025-02-01",
                "signatory_1_name": "Alex",
                "signatory_1_function": "Directeur",
            },
        )
        assert response.status_code == 400
        assert "Cette organisation a déjà signé cette version." in text(response)
        assert counts() == before


class TestCharterAdmin:
    def test_draft_starts_from_the_version_in_force(self, coord, network, charter):
        page = text(coord.get(reverse("network:charter_draft", args=["namur"])))
        assert "# La dignité [engagement]" in page
        assert "# Préambule\n" in page

    def test_create_then_approve_a_new_version(self, coord, network, charter):
        charter_text = (
            "# Préambule\nUn réseau contre l'exclusion.\n\n"
            "# La dignité [engagement]\nAccueillir la personne avec égards.\n\n"
            "# La participation [engagement]\nAssocier chacun aux actions qui le concernent.\n"
        )
        response = coord.post(
            reverse("network:charter_draft", args=["namur"]),
            {"title": "Charte 2025", "source": "sections", "text": charter_text},
        )
        assert response.status_code == 302
        draft = CharterVersion.objects.get(network=network, number=2)
        assert draft.approved_on is None
        assert draft.sections[2] == {
            "title": "La participation",
            "body": "Associer chacun aux actions qui le concernent.",
            "commitment": True,
        }
        page = text(coord.get(response["Location"]))
        assert "section ajoutée" in page
        assert "Brouillon" in page

        url = reverse("network:charter_approve", args=["namur", 2])
        assert coord.post(url, {"approved_on": "2025-05-20"}).status_code == 302
        assert selectors.charter_current(network=network) == draft
        assert 'name="commitment_2"' in text(Client().get("/reseaux/namur/adherer/"))

    def test_text_must_start_with_a_section_title(self, coord, network, charter):
        response = coord.post(
            reverse("network:charter_draft", args=["namur"]),
            {"title": "Charte", "source": "sections", "text": "Du texte sans titre"},
        )
        assert response.status_code == 400
        assert "Le texte doit commencer par le titre d'une section" in text(response)
        assert CharterVersion.objects.count() == 1

    def test_a_charter_pasted_from_a_document(self, coord, network, charter):
        document = (
            "Charte du Relais social urbain namurois\n\n"
            "Le Relais social met en réseau des services publics et associatifs.\n\n"
            "Nous, partenaires du Relais social urbain namurois, nous nous engageons à "
            "respecter les principes fondamentaux suivants :\n\n"
            "1. La dignité\n\nTout usager mérite le respect.\n\n"
            "2. La solidarité\n\nTout individu a le droit à la protection sociale.\n"
        )
        response = coord.post(
            reverse("network:charter_draft", args=["namur"]),
            {"title": "", "source": "document", "text": document},
        )
        assert response.status_code == 302
        draft = CharterVersion.objects.get(network=network, number=2)
        assert draft.title == "Charte du Relais social urbain namurois"
        commitments = [s["title"] for s in draft.sections if s["commitment"]]
        assert commitments == ["La dignité", "La solidarité"]

    def test_an_empty_document_is_explained(self, coord, network, charter):
        response = coord.post(
            reverse("network:charter_draft", args=["namur"]),
            {"title": "", "source": "document", "text": "   \n  "},
        )
        assert response.status_code == 400
        assert CharterVersion.objects.count() == 1

    def test_approval_date_before_the_version_in_force_is_refused(self, coord, network, charter):
        CharterVersionFactory(network=network, number=2, approved_on=None)
        url = reverse("network:charter_approve", args=["namur", 2])
        response = coord.post(url, {"approved_on": "2020-01-01"})
        assert response.status_code == 400
        assert "La date doit suivre l'approbation de la version en vigueur." in text(response)
        assert selectors.charter_current(network=network) == charter

    def test_coordinator_sees_drafts_public_does_not(self, coord, network, charter):
        CharterVersionFactory(network=network, number=2, approved_on=None)
        url = reverse("network:charter_admin_version", args=["namur", 2])
        response = coord.get(url)
        assert response.status_code == 200
        assert reverse("network:charter_approve", args=["namur", 2]) in text(response)
        assert persona("anonymous", network).get(url).status_code == 302
