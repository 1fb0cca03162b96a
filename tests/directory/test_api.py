"""The services API: public search and sheets, what a token changes, organisation admins'
writes, 422s naming the field with nothing stored, and the number of queries of a page."""

from datetime import date

import pytest

from relais.accounts.models import OrganisationRole
from relais.accounts.services import api_token_issue, api_token_revoke
from relais.directory import hours, services
from relais.directory.models import Location, Notice, OpeningInterval, Service
from tests.directory.factories import LocationFactory, NoticeFactory, ServiceFactory
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    coordinator_of,
    organisation_role,
)

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not Found"}
NAMUR = (50.4688, 4.8624)
JAMBES = (50.4545, 4.8790)
BOUGE = (50.4776, 4.8960)
MONS = (50.4542, 3.9523)


class Api:
    """A JSON client for /api/v1/services, anonymous or with the bearer token of `user`."""

    def __init__(self, client, user=None):
        self.client = client
        self.headers = {}
        if user is not None:
            raw, _token = api_token_issue(user=user)
            self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path="", **query):
        return self.client.get(f"/api/v1/services{path}", query, headers=self.headers)

    def post(self, body, path=""):
        return self.client.post(
            f"/api/v1/services{path}", body, content_type="application/json", headers=self.headers
        )

    def patch(self, path, body):
        return self.client.patch(
            f"/api/v1/services{path}", body, content_type="application/json", headers=self.headers
        )

    def delete(self, path):
        return self.client.delete(f"/api/v1/services{path}", headers=self.headers)


def place(point, **kwargs):
    lat, lon = point
    return LocationFactory.build(latitude=lat, longitude=lon, **kwargs)


def snapshot():
    """Every row a write could touch, to check that a refused request changed nothing."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Service, Location, OpeningInterval, Notice)
    ]


def locs(response) -> list[list]:
    return [entry["loc"] for entry in response.json()["detail"]]


@pytest.fixture
def namur():
    return NetworkFactory(
        slug="namur",
        axes=["urgence_sociale", "accueil_de_jour", "accueil_de_nuit", "aide_alimentaire"],
    )


@pytest.fixture
def owner(namur):
    organisation = OrganisationFactory(slug="abri-namurois", name="Abri Namurois")
    MembershipFactory(network=namur, organisation=organisation)
    return organisation


@pytest.fixture
def admin(owner):
    user = UserFactory(with_totp=True)
    organisation_role(user, owner, OrganisationRole.Role.ADMIN)
    return user


@pytest.fixture
def worker(owner):
    user = UserFactory(with_totp=True)
    organisation_role(user, owner, OrganisationRole.Role.WORKER)
    return user


# --- List ---------------------------------------------------------------------------------


def test_list_is_public_and_shaped(client, namur, owner):
    service = ServiceFactory(
        network=namur,
        organisation=owner,
        name="Épicerie sociale",
        axes=["aide_alimentaire"],
        opening_hours="24/7",
        locations=[place(JAMBES, address="Rue de Dave 12", postcode="5100", municipality="Jambes")],
    )
    ServiceFactory(network=namur, organisation=owner, name="Pro", professionals=True)

    response = Api(client).get(q="epicerie")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": service.pk,
                "name": "Épicerie sociale",
                "organisation": {"slug": "abri-namurois", "name": "Abri Namurois"},
                "network": "namur",
                "axes": [{"code": "aide_alimentaire", "label": "Aide alimentaire"}],
                "address": "Rue de Dave 12",
                "postcode": "5100",
                "municipality": "Jambes",
                "lat": JAMBES[0],
                "lon": JAMBES[1],
                "mobile": False,
                "area_served": "",
                "opening_hours": "24/7",
                "open_now": True,
                "visibility": "public",
                "classified": True,
                "distance_km": None,
            }
        ],
    }
    assert Api(client).get().json()["count"] == 1  # the professionals' service is hidden


def test_near_adds_the_distance_and_sorts_by_it(client, namur):
    ServiceFactory(network=namur, name="Mons", locations=[place(MONS)])
    ServiceFactory(network=namur, name="Bouge", locations=[place(BOUGE)])
    ServiceFactory(network=namur, name="Jambes", locations=[place(JAMBES)])
    ServiceFactory(network=namur, name="Maraude", locations=[LocationFactory.build(mobile=True)])

    items = Api(client).get(near="50.4688,4.8624").json()["items"]
    assert [item["name"] for item in items] == ["Jambes", "Bouge", "Mons"]
    assert items[0]["distance_km"] == pytest.approx(1.99, abs=0.05)
    assert items[2]["distance_km"] == pytest.approx(63.6, abs=1.5)
    within = Api(client).get(near="50.4688, 4.8624", radius_km=3).json()
    assert [item["name"] for item in within["items"]] == ["Jambes", "Bouge"]
    assert within["count"] == 2


def test_each_filter_through_the_api(client, namur):
    other = NetworkFactory(slug="mons-borinage")
    ServiceFactory(
        network=namur,
        name="Abri",
        night_shelter=True,
        publics=["personnes-en-situation-durgence"],
        welcomes=["avec_animaux"],
        languages=["fr", "nl"],
        locations=[place(JAMBES, municipality="Jambes", postcode="5100")],
    )
    ServiceFactory(
        network=namur,
        name="Épicerie",
        axes=["aide_alimentaire"],
        cost="participation",
        thematiques=["difficultes-financieres--acquerir-une-autonomie-budgetaire"],
        languages=["fr"],
        locations=[place(BOUGE, municipality="Namur", postcode="5000")],
    )
    ServiceFactory(network=other, name="Ailleurs", locations=[place(MONS, postcode="7000")])
    api = Api(client)

    def names(**query):
        response = api.get(**query)
        assert response.status_code == 200, response.json()
        return [item["name"] for item in response.json()["items"]]

    assert names(network="namur") == ["Abri", "Épicerie"]
    assert names(axis="accueil_de_nuit") == ["Abri"]
    assert names(thematique="difficultes-financieres--acquerir-une-autonomie-budgetaire") == [
        "Épicerie"
    ]
    assert names(public="personnes-en-situation-durgence") == ["Abri"]
    assert names(welcome="avec_animaux") == ["Abri"]
    assert names(language="nl") == ["Abri"]
    assert names(free="true") == ["Abri", "Ailleurs"]
    assert names(free="false") == ["Épicerie"]
    assert names(open_at="2025-03-11T23:00:00+01:00") == ["Abri"]
    assert names(open_at="2025-03-11T10:00:00+01:00") == ["Ailleurs", "Épicerie"]
    assert names(municipality="Jambes") == ["Abri"]
    assert names(postcode="5000", radius_km=20) == ["Épicerie", "Abri"]
    assert names(q="abri", sort="name") == ["Abri"]


def test_pages(client, namur):
    for i in range(7):
        ServiceFactory(network=namur, name=f"Service {i}")
    api = Api(client)

    first = api.get(page_size=3).json()
    third = api.get(page_size=3, page=3).json()
    after = api.get(page_size=3, page=5).json()
    assert first["count"] == third["count"] == after["count"] == 7
    assert [item["name"] for item in first["items"]] == ["Service 0", "Service 1", "Service 2"]
    assert [item["name"] for item in third["items"]] == ["Service 6"]
    assert after["items"] == []


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ({"page_size": 500}, ["query", "page_size"]),
        ({"page_size": 0}, ["query", "page_size"]),
        ({"page": 0}, ["query", "page"]),
        ({"near": "abc"}, ["query", "near"]),
        ({"near": "50.4"}, ["query", "near"]),
        ({"near": "95,4"}, ["query", "near"]),
        ({"axis": "piscine"}, ["query", "axis"]),
        ({"thematique": "bricolage"}, ["query", "thematique"]),
        ({"public": "martiens"}, ["query", "public"]),
        ({"welcome": "personne"}, ["query", "welcome"]),
        ({"language": "klingon"}, ["query", "language"]),
        ({"open_at": "demain soir"}, ["query", "open_at"]),
        ({"open_at": "2025-13-45T25:00"}, ["query", "open_at"]),
        ({"free": "peut-etre"}, ["query", "free"]),
        ({"radius_km": 5}, ["query", "radius_km"]),
        ({"radius_km": 900, "near": "50.4,4.8"}, ["query", "radius_km"]),
        ({"municipality": "Atlantide", "radius_km": 5}, ["query", "municipality"]),
        ({"postcode": "99999", "radius_km": 5}, ["query", "postcode"]),
        ({"sort": "distance"}, ["query", "sort"]),
        ({"sort": "prix"}, ["query", "sort"]),
    ],
)
def test_bad_parameters_are_422_naming_them(client, namur, query, loc):
    ServiceFactory(network=namur)
    response = Api(client).get(**query)
    assert response.status_code == 422
    assert locs(response) == [loc]


def test_a_token_shows_the_professionals_services_of_the_users_networks(client, namur, worker):
    ServiceFactory(network=namur, name="Public")
    ServiceFactory(network=namur, name="Pro", professionals=True)
    elsewhere = NetworkFactory(slug="mons-borinage")
    ServiceFactory(network=elsewhere, name="Pro de Mons", professionals=True)

    def names(api):
        return [item["name"] for item in api.get().json()["items"]]

    assert names(Api(client)) == ["Public"]
    assert names(Api(client, worker)) == ["Pro", "Public"]
    assert names(Api(client, coordinator_of(namur))) == ["Pro", "Public"]
    assert names(Api(client, coordinator_of(elsewhere))) == ["Pro de Mons", "Public"]
    assert names(Api(client, UserFactory())) == ["Public"]


def test_an_invalid_token_is_401_not_anonymous(client, namur, worker):
    ServiceFactory(network=namur)
    api = Api(client, worker)
    _raw, token = api_token_issue(user=worker)
    api_token_revoke(token=token)
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.get("/api/v1/services", headers=bad).status_code == 401
    assert client.get("/api/v1/services/1", headers=bad).status_code == 401
    assert api.get().status_code == 200


def test_a_session_cookie_is_not_a_token(client, namur, worker):
    ServiceFactory(network=namur, name="Pro", professionals=True)
    client.force_login(worker)
    assert Api(client).get().json()["count"] == 0


def _many(namur, owner, count=25):
    for i in range(count):
        service = ServiceFactory(
            network=namur,
            organisation=owner,
            name=f"Abri {i:02d}",
            night_shelter=bool(i % 2),
            professionals=not i % 3,
            locations=[place(JAMBES), place(BOUGE)],
        )
        NoticeFactory(service=service)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "abri", "near": "50.46,4.86", "radius_km": 10},
        {
            "q": "abri",
            "axis": "accueil_de_nuit",
            "open_at": "2025-03-11T23:00:00+01:00",
            "near": "50.46,4.86",
            "municipality": "Namur",
            "radius_km": 10,
            "network": "namur",
            "free": "true",
        },
    ],
)
def test_a_page_of_twenty_results_takes_at_most_five_queries(
    client, namur, owner, worker, django_assert_num_queries, query
):
    _many(namur, owner)
    anonymous, member = Api(client), Api(client, worker)
    # networks (time zones for open now), the page with its count, the organisations and the
    # locations of the page's services
    with django_assert_num_queries(4):
        response = anonymous.get(page_size=20, **query)
    assert response.status_code == 200
    # + the token
    with django_assert_num_queries(5):
        response = member.get(page_size=20, **query)
    assert response.status_code == 200
    assert len(response.json()["items"]) == min(20, response.json()["count"])


# --- Detail -------------------------------------------------------------------------------


def test_detail(client, namur, owner):
    service = ServiceFactory(
        network=namur,
        organisation=owner,
        name="Abri de nuit",
        opening_hours="Mo-Fr 20:00-08:00; PH off",
        phone="+32 81 22 33 44",
        locations=[
            place(JAMBES, address="Rue de Dave 12", postcode="5100", municipality="Jambes"),
            LocationFactory.build(mobile=True, area_served="Gare de Namur"),
        ],
    )
    NoticeFactory(service=service, message="Plan hiver", open=True)
    NoticeFactory(service=service, starts_on=date(2020, 1, 1), ends_on=date(2020, 1, 2))
    services.translation_save(service=service, language="nl", name="Nachtopvang")

    response = Api(client).get(f"/{service.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Abri de nuit"
    assert body["organisation"] == {"slug": "abri-namurois", "name": "Abri Namurois"}
    assert body["network"] == {"slug": "namur", "name": namur.name}
    # The hours engine's words, in French by default.
    assert body["hours"] == hours.describe(service.opening_hours, "fr", country="BE")
    assert body["hours"][-1] == "jours fériés : fermé"
    assert body["open_now"] is True  # the winter-plan notice covers today
    assert [n["message"] for n in body["notices"]] == ["Plan hiver"]
    assert [loc["municipality"] for loc in body["locations"]] == ["Jambes", "Namur"]
    assert body["locations"][1]["mobile"] is True
    assert body["translations"] == [
        {"language": "nl", "name": "Nachtopvang", "description": "", "conditions": ""}
    ]


def test_detail_of_a_professionals_service(client, namur, owner, worker):
    service = ServiceFactory(network=namur, organisation=owner, professionals=True)
    assert Api(client).get(f"/{service.pk}").json() == NOT_FOUND
    assert Api(client).get(f"/{service.pk}").status_code == 404
    assert Api(client, worker).get(f"/{service.pk}").status_code == 200
    outsider = coordinator_of(NetworkFactory(slug="ailleurs"))
    assert Api(client, outsider).get(f"/{service.pk}").status_code == 404
    assert Api(client).get("/999999").status_code == 404


# --- Writes -------------------------------------------------------------------------------


def body(**fields):
    return {
        "organisation": "abri-namurois",
        "name": "Douches",
        "description": "Douches et lessive.",
        "axes": ["accueil_de_jour"],
        "opening_hours": "Mo-Fr 09:00-12:00",
        "phone": "081 22 33 44",
        "locations": [
            {
                "address": "Rue de Dave 12",
                "postcode": "5100",
                "municipality": "Jambes",
                "lat": JAMBES[0],
                "lon": JAMBES[1],
            }
        ],
        **fields,
    }


def test_an_admin_creates_a_service(client, namur, admin):
    response = Api(client, admin).post(body())
    assert response.status_code == 201, response.json()
    created = response.json()
    service = Service.objects.get(pk=created["id"])
    assert (service.network, service.organisation.slug, service.name) == (
        namur,
        "abri-namurois",
        "Douches",
    )
    assert service.phone == "+32 81 22 33 44"  # normalised with the network's country
    assert service.locations.get().municipality == "Jambes"
    assert service.intervals.filter(holiday=False).count() == 5
    assert created["hours"] == ["lundi au vendredi : 9 h – 12 h"]
    # Searchable at once.
    assert [i["id"] for i in Api(client).get(q="lessive jambes").json()["items"]] == [service.pk]


def test_the_network_is_chosen_or_must_be_named(client, namur, owner, admin):
    other = NetworkFactory(slug="mons-borinage", axes=["accueil_de_jour"])
    api = Api(client, admin)
    assert api.post(body(network="mons-borinage")).status_code == 422  # not a member
    MembershipFactory(network=other, organisation=owner)
    before = snapshot()
    response = api.post(body())
    assert response.status_code == 422
    assert locs(response) == [["body", "network"]]
    assert snapshot() == before
    response = api.post(body(network="mons-borinage"))
    assert response.status_code == 201
    assert Service.objects.get(pk=response.json()["id"]).network == other


@pytest.mark.parametrize("who", ["worker", "coordinator", "other admin", "no role"])
def test_only_the_organisations_admins_create(client, namur, owner, worker, who):
    users = {
        "worker": worker,
        "coordinator": coordinator_of(namur),
        "no role": UserFactory(),
    }
    if who == "other admin":
        other = OrganisationFactory(slug="autre")
        MembershipFactory(network=namur, organisation=other)
        users[who] = UserFactory(with_totp=True)
        organisation_role(users[who], other, OrganisationRole.Role.ADMIN)
    response = Api(client, users[who]).post(body())
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert Service.objects.count() == 0


def test_writes_need_a_token(client, namur, owner):
    service = ServiceFactory(network=namur, organisation=owner)
    api = Api(client)
    assert api.post(body()).status_code == 401
    assert api.patch(f"/{service.pk}", {"name": "X"}).status_code == 401
    assert api.delete(f"/{service.pk}").status_code == 401
    assert Service.objects.get().name == service.name


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"opening_hours": "du lundi au vendredi"}, ["body", "opening_hours"]),
        ({"opening_hours": "Mo-Fr 09:00-12:00; SH off"}, ["body", "opening_hours"]),
        ({"axes": ["logement"]}, ["body", "axes"]),  # not one of the network's axes
        ({"axes": ["piscine"]}, ["body", "axes"]),
        ({"phone": "12"}, ["body", "phone"]),
        ({"thematiques": ["bricolage"]}, ["body", "thematiques"]),
        ({"languages": ["klingon"]}, ["body", "languages"]),
        ({"visibility": "secret"}, ["body", "visibility"]),
        ({"email": "pas-un-email"}, ["body", "email"]),
        ({"name": ""}, ["body", "name"]),
        (
            {"locations": [{"municipality": "Jambes", "lat": 123.0, "lon": 4.8}]},
            ["body", "locations", 0, "lat"],
        ),
        (
            {"locations": [{"municipality": "Jambes", "lat": 50.4, "lon": 4.8}, {"lat": 50.4}]},
            ["body", "locations", 1],
        ),
        ({"locations": [{"mobile": True}]}, ["body", "locations", 0, "area_served"]),
        ({"axes": "accueil_de_jour"}, ["body", "payload", "axes"]),
    ],
)
def test_invalid_input_is_422_naming_the_field_and_nothing_is_stored(
    client, namur, admin, fields, loc
):
    existing = ServiceFactory(
        network=namur, organisation=admin.organisation_roles.get().organisation
    )
    before = snapshot()
    api = Api(client, admin)

    response = api.post(body(**fields))
    assert response.status_code == 422, response.json()
    assert loc in locs(response)
    assert snapshot() == before

    patch = {key: value for key, value in body(**fields).items() if key != "organisation"}
    response = api.patch(f"/{existing.pk}", patch)
    assert response.status_code == 422, response.json()
    assert loc in locs(response)
    assert snapshot() == before


def test_an_admin_changes_a_service(client, namur, owner, admin):
    service = ServiceFactory(
        network=namur, organisation=owner, name="Douches", locations=[place(JAMBES)]
    )
    api = Api(client, admin)

    response = api.patch(f"/{service.pk}", {"name": "Bains-douches", "opening_hours": "24/7"})
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Bains-douches"
    service.refresh_from_db()
    assert (service.name, service.opening_hours) == ("Bains-douches", "24/7")
    assert service.locations.count() == 1  # not sent: kept
    assert [i["name"] for i in Api(client).get(q="bains").json()["items"]] == ["Bains-douches"]

    response = api.patch(
        f"/{service.pk}",
        {"locations": [{"mobile": True, "area_served": "Gare de Namur", "municipality": "Namur"}]},
    )
    assert response.status_code == 200
    assert [loc["mobile"] for loc in response.json()["locations"]] == [True]


@pytest.mark.parametrize("who", ["worker", "coordinator", "other admin", "volunteer"])
def test_others_get_404_on_patch_and_delete(client, namur, owner, worker, who):
    service = ServiceFactory(network=namur, organisation=owner, name="Douches")
    users = {"worker": worker, "coordinator": coordinator_of(namur)}
    if who == "other admin":
        other = OrganisationFactory(slug="autre")
        MembershipFactory(network=namur, organisation=other)
        users[who] = UserFactory(with_totp=True)
        organisation_role(users[who], other, OrganisationRole.Role.ADMIN)
    if who == "volunteer":
        users[who] = UserFactory(with_totp=True)
        organisation_role(users[who], owner, OrganisationRole.Role.VOLUNTEER)
    before = snapshot()
    api = Api(client, users[who])

    response = api.patch(f"/{service.pk}", {"name": "Autre"})
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = api.delete(f"/{service.pk}")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert snapshot() == before


def test_an_admin_deletes_a_service(client, namur, owner, admin):
    service = ServiceFactory(network=namur, organisation=owner, name="Douches")
    NoticeFactory(service=service)
    api = Api(client, admin)

    response = api.delete(f"/{service.pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Service.objects.filter(pk=service.pk).exists()
    assert Location.objects.count() == Notice.objects.count() == 0
    assert Api(client).get(q="douches").json()["count"] == 0
    assert api.delete(f"/{service.pk}").status_code == 404


def test_french_phone_numbers_are_read_with_the_networks_country(client):
    le_mans = NetworkFactory(slug="le-mans", country="FR", axes=["accueil_ecoute"])
    organisation = OrganisationFactory(slug="ccas-le-mans", country="FR")
    MembershipFactory(network=le_mans, organisation=organisation)
    admin = UserFactory(with_totp=True)
    organisation_role(admin, organisation, OrganisationRole.Role.ADMIN)

    response = Api(client, admin).post(
        body(
            organisation="ccas-le-mans",
            axes=["accueil_ecoute"],
            phone="02 43 47 47 47",
            locations=[{"municipality": "Le Mans", "postcode": "72000"}],
        )
    )
    assert response.status_code == 201, response.json()
    assert response.json()["phone"] == "+33 2 43 47 47 47"


def test_the_openapi_schema_lists_the_services_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/services"]) == {"get", "post"}
    assert set(paths["/api/v1/services/{service_id}"]) == {"get", "patch", "delete"}
