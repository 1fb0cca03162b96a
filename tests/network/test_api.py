"""The network API: public reads, coordinator writes, who may write, and query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from relais.accounts.models import ApiToken, NetworkRole
from relais.accounts.services import api_token_issue, api_token_revoke
from relais.network.models import CharterVersion, Membership, Municipality, Signature
from tests.factories import (
    CharterVersionFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
    coordinator_of,
    current_totp,
    network_role,
    organisation_role,
)

NOT_FOUND = {"detail": "Not Found"}


class Api:
    """A JSON client for /api/v1/networks, anonymous or with the bearer token of `user`."""

    def __init__(self, client, user=None):
        self.client = client
        self.user = user
        self.headers = {}
        if user is not None:
            raw, _token = api_token_issue(user=user)
            self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path, **query):
        return self.client.get(f"/api/v1/networks{path}", query, headers=self.headers)

    def post(self, path, body=None):
        return self.client.post(
            f"/api/v1/networks{path}",
            body or {},
            content_type="application/json",
            headers=self.headers,
        )


def member(charter, **organisation):
    """An organisation that signed `charter` and is an active partner of its network."""
    signature = SignatureFactory(
        charter_version=charter, organisation=OrganisationFactory(**organisation)
    )
    return MembershipFactory(network=charter.network, organisation=signature.organisation)


def applicant(charter, **membership):
    """An organisation whose signature of `charter` waits for the coordinator."""
    organisation = OrganisationFactory()
    MembershipFactory(
        network=charter.network,
        organisation=organisation,
        applicant=True,
        applied_on=date(2024, 2, 1),
        **membership,
    )
    return SignatureFactory(
        charter_version=charter, organisation=organisation, status=Signature.Status.PENDING
    )


def snapshot():
    """Every row a write endpoint could touch, to check that a refused request changed nothing."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Membership, Signature, CharterVersion)
    ]


@pytest.fixture
def network(db):
    network = NetworkFactory(
        slug="namur",
        name="Relais social urbain namurois",
        short_name="RSUN",
        axes=["urgence_sociale", "travail_de_rue"],
        description="Un réseau de services contre la grande précarité.",
        coordinator_name="Coordination générale",
        coordinator_email="coordination@rsun.example",
        coordinator_phone="+32 81 24 86 00",
        website="https://rsun.example",
    )
    Municipality.objects.create(network=network, name="Namur", postcode="5000", code="92094")
    return network


@pytest.fixture
def charter(network):
    return CharterVersionFactory(
        network=network, number=1, title="Charte du relais social", approved_on=date(2021, 10, 18)
    )


@pytest.fixture
def anonymous(client):
    return Api(client)


@pytest.fixture
def coordinator(client, network):
    return Api(client, coordinator_of(network))


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "/api/v1/networks/{slug}/organisations" in paths
    assert "/api/v1/networks/{slug}/charter/versions/{number}/approve" in paths


# Public reads


def test_network_list(anonymous, network, django_assert_num_queries):
    NetworkFactory(slug="le-mans", name="Le Mans Solidaire", country="FR")

    with django_assert_num_queries(1):
        response = anonymous.get("")

    assert response.status_code == 200
    assert [n["slug"] for n in response.json()] == ["le-mans", "namur"]
    assert response.json()[1] == {
        "slug": "namur",
        "name": "Relais social urbain namurois",
        "short_name": "RSUN",
        "country": "BE",
        "time_zone": "Europe/Brussels",
        "axes": [
            {"code": "urgence_sociale", "label": "Urgence sociale"},
            {"code": "travail_de_rue", "label": "Travail de rue"},
        ],
        "website": "https://rsun.example",
        "coordinator": {
            "name": "Coordination générale",
            "email": "coordination@rsun.example",
            "phone": "+32 81 24 86 00",
        },
    }


def test_network_detail(anonymous, network, charter):
    CharterVersionFactory(network=network, number=2, approved_on=None)  # a draft is not in force

    response = anonymous.get("/namur")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "namur"
    assert body["description"] == "Un réseau de services contre la grande précarité."
    assert body["ga_member_label"] == "membre effectif"
    assert body["territory"] == [{"name": "Namur", "postcode": "5000", "code": "92094"}]
    assert body["current_charter"] == {
        "number": 1,
        "title": "Charte du relais social",
        "approved_on": "2021-10-18",
    }


def test_network_detail_without_charter_and_unknown_network(anonymous, network):
    assert anonymous.get("/namur").json()["current_charter"] is None
    response = anonymous.get("/nowhere")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_organisations_are_the_active_members(anonymous, network, charter):
    partner = member(
        charter,
        slug="abri-de-nuit",
        name="Abri de nuit",
        address="Rue Saint-Nicolas 2",
        postcode="5000",
        municipality="Namur",
        latitude=Decimal("50.465000"),
        longitude=Decimal("4.867000"),
        phone="+32 81 22 34 56",
        website="https://abri.example",
    )
    MembershipFactory(network=network, status=Membership.Status.LEFT)
    applicant(charter)
    MembershipFactory(organisation=partner.organisation)  # a membership of another network

    response = anonymous.get("/namur/organisations")

    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "abri-de-nuit",
            "name": "Abri de nuit",
            "kind": "association",
            "address": "Rue Saint-Nicolas 2",
            "postcode": "5000",
            "municipality": "Namur",
            "lat": 50.465,
            "lon": 4.867,
            "phone": "+32 81 22 34 56",
            "website": "https://abri.example",
            "membership": {
                "kind": "partner",
                "kind_label": "partenaire",
                "since": "2022-01-15",
                "ga_approved_on": None,
            },
        }
    ]


def test_organisations_filtered_by_membership(anonymous, network):
    MembershipFactory(network=network, organisation__name="B partner")
    MembershipFactory(network=network, organisation__name="A member", ga_member=True)

    partners = anonymous.get("/namur/organisations", membership="partner").json()
    members = anonymous.get("/namur/organisations", membership="ga_member").json()

    assert [o["name"] for o in anonymous.get("/namur/organisations").json()] == [
        "A member",
        "B partner",
    ]
    assert [o["name"] for o in partners] == ["B partner"]
    assert [o["name"] for o in members] == ["A member"]
    assert members[0]["membership"] == {
        "kind": "ga_member",
        "kind_label": "membre effectif",
        "since": "2022-01-15",
        "ga_approved_on": "2022-03-01",
    }


def test_organisations_with_an_unknown_membership_kind(anonymous, network):
    response = anonymous.get("/namur/organisations", membership="effective")

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", "membership"]]
    assert anonymous.get("/nowhere/organisations").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_organisations_query_count_does_not_grow(
    anonymous, network, size, django_assert_num_queries
):
    MembershipFactory.create_batch(size // 2, network=network)
    MembershipFactory.create_batch(size // 2, network=network, ga_member=True)

    with django_assert_num_queries(2):
        response = anonymous.get("/namur/organisations")

    assert len(response.json()) == size


def test_current_charter(anonymous, network, charter):
    member(charter, slug="abri-de-nuit", name="Abri de nuit")
    applicant(charter)  # not a signatory until accepted

    response = anonymous.get("/namur/charter")

    assert response.status_code == 200
    assert response.json() == {
        "number": 1,
        "title": "Charte du relais social",
        "approved_on": "2021-10-18",
        "axes": [
            {"code": "urgence_sociale", "label": "Urgence sociale"},
            {"code": "travail_de_rue", "label": "Travail de rue"},
        ],
        "sections": [
            {"title": "Préambule", "body": "Un réseau contre l'exclusion.", "commitment": False},
            {"title": "La dignité", "body": "Accueillir avec égards.", "commitment": True},
            {"title": "L'autonomie", "body": "Faire avec la personne.", "commitment": True},
        ],
        "signatories": [
            {
                "organisation": {"slug": "abri-de-nuit", "name": "Abri de nuit"},
                "signed_on": "2022-01-10",
                "signatories": [{"name": "Alex Martin", "function": "Directeur"}],
            }
        ],
    }


@pytest.mark.parametrize("size", [2, 20])
def test_charter_query_count_does_not_grow(
    anonymous, network, charter, size, django_assert_num_queries
):
    for _ in range(size):
        member(charter)

    with django_assert_num_queries(3):
        response = anonymous.get("/namur/charter")

    assert len(response.json()["signatories"]) == size


def test_no_charter_yet(anonymous, network):
    CharterVersionFactory(network=network, approved_on=None)

    assert anonymous.get("/namur/charter").status_code == 404
    assert anonymous.get("/nowhere/charter").status_code == 404


def test_charter_versions(anonymous, network, charter):
    CharterVersionFactory(
        network=network, number=2, title="Charte 2024", approved_on=date(2024, 3, 1)
    )
    CharterVersionFactory(network=network, number=3, title="Brouillon", approved_on=None)

    response = anonymous.get("/namur/charter/versions")

    assert response.status_code == 200
    assert response.json() == [
        {"number": 2, "title": "Charte 2024", "approved_on": "2024-03-01"},
        {"number": 1, "title": "Charte du relais social", "approved_on": "2021-10-18"},
    ]
    old = anonymous.get("/namur/charter/versions/1")
    assert old.status_code == 200
    assert old.json()["title"] == "Charte du relais social"
    assert anonymous.get("/namur/charter/versions/3").status_code == 404  # draft
    assert anonymous.get("/namur/charter/versions/9").status_code == 404
    assert anonymous.get("/nowhere/charter/versions").status_code == 404


# Who may write


WRITES = [
    ("get", "/namur/applications", None, 200),
    ("post", "/namur/applications/{signature}/accept", None, 200),
    ("post", "/namur/applications/{signature}/refuse", {"reason": "Hors territoire"}, 200),
    ("post", "/namur/memberships/{member}/ga-seat", {"approved_on": "2024-03-01"}, 200),
    ("post", "/namur/memberships/{member}/leave", {"ended_on": "2024-06-30"}, 200),
    ("post", "/namur/charter/versions", {"title": "Charte", "sections": [{"title": "I"}]}, 201),
    ("post", "/namur/charter/versions/{draft}/approve", {"approved_on": "2025-01-20"}, 200),
]


def persona(name, network, organisation):
    """The user behind each persona of the permission matrix (None: anonymous)."""
    if name == "anonymous":
        return None
    if name == "coordinator":
        return coordinator_of(network)
    if name == "coordinator_elsewhere":
        return coordinator_of(NetworkFactory())
    user = UserFactory()
    if name == "dpo":
        network_role(user, network, NetworkRole.Role.DPO)
    if name == "worker":
        organisation_role(user, organisation)
    return user


@pytest.mark.parametrize(("method", "path", "body", "success"), WRITES)
@pytest.mark.parametrize(
    ("name", "allowed", "refused_with"),
    [
        ("coordinator", True, None),
        ("anonymous", False, 401),
        ("worker", False, 404),
        ("dpo", False, 404),
        ("coordinator_elsewhere", False, 404),
    ],
)
def test_only_the_networks_coordinators_write(
    client, network, charter, method, path, body, success, name, allowed, refused_with
):
    signature = applicant(charter)
    active = member(charter)
    draft = CharterVersionFactory(network=network, number=2, approved_on=None)
    path = path.format(signature=signature.id, member=active.organisation.slug, draft=draft.number)
    api = Api(client, persona(name, network, active.organisation))
    before = snapshot()

    response = api.post(path, body) if method == "post" else api.get(path)

    if allowed:
        assert response.status_code == success, response.json()
    else:
        assert response.status_code == refused_with
        assert response.json() == (NOT_FOUND if refused_with == 404 else {"detail": "Unauthorized"})
        assert snapshot() == before


def test_a_token_from_the_auth_endpoint_opens_the_coordinator_endpoints(client, network):
    user = coordinator_of(network)
    issued = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": "relais-demo", "otp": current_totp()},
        content_type="application/json",
    )
    headers = {"Authorization": f"Bearer {issued.json()['token']}"}

    assert client.get("/api/v1/networks/namur/applications", headers=headers).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(user=user))
    assert client.get("/api/v1/networks/namur/applications", headers=headers).status_code == 401


def test_an_unknown_token_is_unauthorized(client, network):
    response = client.get(
        "/api/v1/networks/namur/applications", headers={"Authorization": "Bearer forged"}
    )
    assert response.status_code == 401


def test_unknown_network_for_a_coordinator(coordinator, network):
    assert coordinator.get("/nowhere/applications").json() == NOT_FOUND


# Applications


def test_application_list(coordinator, charter):
    signature = applicant(charter, ga_requested=True)
    member(charter)

    response = coordinator.get("/namur/applications")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": signature.id,
            "organisation": {
                "slug": signature.organisation.slug,
                "name": signature.organisation.name,
            },
            "charter_version": 1,
            "signatories": [{"name": "Alex Martin", "function": "Directeur"}],
            "signed_on": "2022-01-10",
            "accepted_sections": [1, 2],
            "ga_requested": True,
            "applied_on": "2024-02-01",
        }
    ]


@pytest.mark.parametrize("size", [2, 20])
def test_application_list_query_count_does_not_grow(
    coordinator, charter, size, django_assert_num_queries
):
    for _ in range(size):
        applicant(charter)

    with django_assert_num_queries(3):  # token, network, applications
        response = coordinator.get("/namur/applications")

    assert len(response.json()) == size


def test_accept_an_application(coordinator, charter):
    signature = applicant(charter)

    response = coordinator.post(f"/namur/applications/{signature.id}/accept")

    assert response.status_code == 200
    assert response.json() == {
        "organisation": {"slug": signature.organisation.slug, "name": signature.organisation.name},
        "status": "active",
        "kind": "partner",
        "kind_label": "partenaire",
        "since": timezone.localdate().isoformat(),
        "ended_on": None,
        "ga_requested": False,
        "ga_approved_on": None,
        "refusal_reason": "",
    }
    signature.refresh_from_db()
    assert signature.status == Signature.Status.ACCEPTED
    assert signature.decided_by == coordinator.user


def test_an_application_is_decided_once(coordinator, charter):
    signature = applicant(charter)
    coordinator.post(f"/namur/applications/{signature.id}/accept")
    before = snapshot()

    again = coordinator.post(f"/namur/applications/{signature.id}/accept")
    refuse = coordinator.post(f"/namur/applications/{signature.id}/refuse", {"reason": "Non"})

    assert again.status_code == refuse.status_code == 422
    assert again.json()["detail"][0]["msg"] == "Cette demande a déjà été traitée."
    assert snapshot() == before


def test_application_of_another_network(coordinator, network):
    elsewhere = applicant(CharterVersionFactory())
    before = snapshot()

    response = coordinator.post(f"/namur/applications/{elsewhere.id}/accept")

    assert response.status_code == 404
    assert coordinator.post("/namur/applications/999999/accept").status_code == 404
    assert snapshot() == before


def test_refuse_an_application(coordinator, charter):
    signature = applicant(charter)

    response = coordinator.post(
        f"/namur/applications/{signature.id}/refuse", {"reason": "Hors du territoire."}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    assert response.json()["refusal_reason"] == "Hors du territoire."
    signature.refresh_from_db()
    assert signature.status == Signature.Status.REFUSED


@pytest.mark.parametrize("body", [{"reason": "  "}, {}])
def test_a_refusal_needs_a_reason(coordinator, charter, body):
    signature = applicant(charter)
    before = snapshot()

    response = coordinator.post(f"/namur/applications/{signature.id}/refuse", body)

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "reason"], "msg": "Indiquez le motif du refus.", "type": "value_error"}
    ]
    assert snapshot() == before


# Memberships


def test_approve_a_ga_seat(coordinator, charter):
    active = member(charter)

    response = coordinator.post(
        f"/namur/memberships/{active.organisation.slug}/ga-seat", {"approved_on": "2024-03-01"}
    )

    assert response.status_code == 200
    assert response.json()["kind"] == "ga_member"
    assert response.json()["kind_label"] == "membre effectif"
    assert response.json()["ga_approved_on"] == "2024-03-01"
    active.refresh_from_db()
    assert active.kind == Membership.Kind.GA_MEMBER


def test_only_an_active_member_gets_a_ga_seat(coordinator, charter):
    signature = applicant(charter)
    before = snapshot()

    response = coordinator.post(
        f"/namur/memberships/{signature.organisation.slug}/ga-seat", {"approved_on": "2024-03-01"}
    )

    assert response.status_code == 422
    assert (
        response.json()["detail"][0]["msg"] == "Seule une organisation membre active peut siéger."
    )
    assert snapshot() == before


@pytest.mark.parametrize("body", [{}, {"approved_on": "le 1er mars"}])
def test_a_ga_seat_needs_a_date(coordinator, charter, body):
    active = member(charter)
    before = snapshot()

    response = coordinator.post(f"/namur/memberships/{active.organisation.slug}/ga-seat", body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "approved_on"
    assert snapshot() == before


def test_membership_of_an_organisation_outside_the_network(coordinator, network):
    outsider = MembershipFactory()  # a member of another network

    response = coordinator.post(
        f"/namur/memberships/{outsider.organisation.slug}/leave", {"ended_on": "2024-06-30"}
    )

    assert response.status_code == 404
    assert Membership.objects.get().status == Membership.Status.ACTIVE


def test_leave_the_network(coordinator, network):
    active = MembershipFactory(network=network, ga_member=True)

    response = coordinator.post(
        f"/namur/memberships/{active.organisation.slug}/leave", {"ended_on": "2024-06-30"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "left"
    assert response.json()["ended_on"] == "2024-06-30"
    assert response.json()["kind"] == "partner"
    assert response.json()["ga_approved_on"] is None
    assert coordinator.get("/namur/organisations").json() == []


@pytest.mark.parametrize(
    ("status", "ended_on", "loc"),
    [
        (Membership.Status.APPLICANT, "2024-06-30", ["body"]),
        (Membership.Status.LEFT, "2024-06-30", ["body"]),
        (Membership.Status.ACTIVE, "2021-12-31", ["body", "ended_on"]),  # before joining
        (Membership.Status.ACTIVE, "fin juin", ["body", "payload", "ended_on"]),
    ],
)
def test_a_bad_leave_is_refused(coordinator, network, status, ended_on, loc):
    membership = MembershipFactory(network=network, status=status)
    before = snapshot()

    response = coordinator.post(
        f"/namur/memberships/{membership.organisation.slug}/leave", {"ended_on": ended_on}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert snapshot() == before


# Charter versions


def test_draft_and_approve_a_charter_version(coordinator, anonymous, charter):
    created = coordinator.post(
        "/namur/charter/versions",
        {
            "title": "Charte 2025",
            "sections": [
                {"title": "Préambule", "body": "Ensemble."},
                {"title": "Engagement", "commitment": True},
            ],
            "axes": ["logement"],
        },
    )

    assert created.status_code == 201
    assert created.json() == {
        "number": 2,
        "title": "Charte 2025",
        "approved_on": None,
        "axes": [{"code": "logement", "label": "Logement"}],
        "sections": [
            {"title": "Préambule", "body": "Ensemble.", "commitment": False},
            {"title": "Engagement", "body": "", "commitment": True},
        ],
        "signatories": [],
    }
    assert anonymous.get("/namur/charter").json()["number"] == 1

    approved = coordinator.post("/namur/charter/versions/2/approve", {"approved_on": "2025-01-20"})

    assert approved.status_code == 200
    assert approved.json()["approved_on"] == "2025-01-20"
    assert anonymous.get("/namur/charter").json()["number"] == 2


def test_a_new_version_takes_the_networks_axes_by_default(coordinator, network):
    response = coordinator.post(
        "/namur/charter/versions", {"title": "Charte", "sections": [{"title": "I"}]}
    )

    assert [axis["code"] for axis in response.json()["axes"]] == network.axes


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Charte", "sections": []}, "sections"),
        ({"title": "Charte", "sections": [{"title": " "}]}, "sections"),
        ({"title": "Charte", "sections": [{"title": "I"}], "axes": ["jardinage"]}, "axes"),
        ({"title": "", "sections": [{"title": "I"}]}, "title"),
        ({"title": "Charte"}, "sections"),
    ],
)
def test_a_bad_charter_version_is_refused(coordinator, charter, body, field):
    before = snapshot()

    response = coordinator.post("/namur/charter/versions", body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field
    assert snapshot() == before


@pytest.mark.parametrize(
    ("number", "approved_on", "field"),
    [
        (1, "2025-01-20", None),  # already approved
        (2, "2020-01-01", "approved_on"),  # before the version in force
    ],
)
def test_a_bad_approval_is_refused(coordinator, network, charter, number, approved_on, field):
    CharterVersionFactory(network=network, number=2, approved_on=None)
    before = snapshot()

    response = coordinator.post(
        f"/namur/charter/versions/{number}/approve", {"approved_on": approved_on}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == (["body", field] if field else ["body"])
    assert snapshot() == before


def test_approve_an_unknown_version(coordinator, charter):
    response = coordinator.post("/namur/charter/versions/9/approve", {"approved_on": "2025-01-20"})
    assert response.status_code == 404
