"""Services "à classer" (imported without axes): hidden from the public, the network's
members, the map, the pocket guide and the exports; seen by their organisation and their
network's coordinators, who choose the axes on the page "Services à classer" (or the API)."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relais.directory import guide, selectors, services
from relais.directory.interop import public_services
from relais.directory.models import Service
from tests.directory.factories import ServiceFactory
from tests.directory.test_api import Api
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    coordinator_of,
    login_with_second_factor,
    network_role,
    organisation_role,
)

pytestmark = pytest.mark.django_db

AXES = ["urgence_sociale", "accueil_de_jour", "accueil_de_nuit", "travail_de_rue"]


@pytest.fixture
def network():
    return NetworkFactory(slug="namur", name="Relais social urbain namurois", axes=AXES)


@pytest.fixture
def owner(network):
    organisation = OrganisationFactory(slug="livres", name="Livres en liberté")
    MembershipFactory(network=network, organisation=organisation)
    return organisation


@pytest.fixture
def partner(network):
    organisation = OrganisationFactory(slug="phare", name="Le Phare")
    MembershipFactory(network=network, organisation=organisation)
    return organisation


def pending(network, organisation, name="Bibliothèque de rue", **kwargs) -> Service:
    return ServiceFactory(
        network=network,
        organisation=organisation,
        name=name,
        axes=[],
        classified=False,
        source="hsds",
        source_id=name,
        **kwargs,
    )


@pytest.fixture
def library(network, owner):
    return pending(network, owner)


def person(organisation=None, role="worker"):
    user = UserFactory(with_totp=True)
    if organisation is not None:
        organisation_role(user, organisation, role)
    return user


def logged_in(client, user):
    login_with_second_factor(client, user)
    return client


# --- Who sees it -----------------------------------------------------------------------------


def test_hidden_from_the_public_and_the_network_seen_by_its_organisation_and_coordinators(
    network, owner, partner, library
):
    other = NetworkFactory(slug="mons", axes=AXES)
    seen = {
        "anonymous": None,
        "owner worker": person(owner),
        "owner admin": person(owner, "admin"),
        "partner worker": person(partner),
        "coordinator": coordinator_of(network),
        "dpo": person(),
        "other coordinator": coordinator_of(other),
    }
    network_role(seen["dpo"], network, role="dpo")
    visible = {
        who
        for who, user in seen.items()
        if selectors.services_visible_to(user).filter(pk=library.pk)
    }
    assert visible == {"owner worker", "owner admin", "coordinator"}


def test_public_pages_api_map_guide_and_exports_leave_it_out(client, network, owner, library):
    classified = ServiceFactory(network=network, organisation=owner, name="Bibliothèque du parc")
    # Search (the public directory, the map's points) and the sheet.
    html = client.get("/annuaire/public/namur/", {"q": "bibliotheque"}).text
    assert "Bibliothèque du parc" in html and "Bibliothèque de rue" not in html
    assert client.get(f"/annuaire/public/namur/services/{library.pk}/").status_code == 404
    assert client.get(f"/annuaire/services/{library.pk}/").status_code == 404
    # API.
    names = [item["name"] for item in Api(client).get(q="bibliotheque").json()["items"]]
    assert names == ["Bibliothèque du parc"]
    assert Api(client).get(f"/{library.pk}").status_code == 404
    # Pocket guide.
    sections = guide.guide_sections(network=network, sheet_url=lambda s: f"/{s.pk}")
    assert [e.name for s in sections for e in s.entries] == ["Bibliothèque du parc"]
    # HSDS and data·inclusion exports.
    assert list(public_services(network=network)) == [classified]
    body = client.get("/api/v1/export/hsds/services", {"network": "namur"}).json()
    assert [s["name"] for s in body["contents"]] == ["Bibliothèque du parc"]
    records = client.get(
        "/api/v1/export/data-inclusion/services", {"network": "namur", "include_be": "true"}
    ).json()
    assert [r["nom"] for r in records] == ["Bibliothèque du parc"]


def test_its_organisation_still_manages_it(client, owner, library):
    admin = person(owner, "admin")
    html = logged_in(client, admin).get("/annuaire/gerer/").text
    assert "Bibliothèque de rue" in html and "à classer" in html
    assert f"/annuaire/a-classer/#service-{library.pk}" in html
    edit = client.get(f"/annuaire/gerer/{library.pk}/").text
    assert "Ce service est « à classer »" in edit


# --- The page ----------------------------------------------------------------------------------


def test_the_page_per_role(client, network, owner, partner, library):
    pending(network, partner, name="Atelier vélo")
    assert client.get("/annuaire/a-classer/").status_code == 302  # log in first
    for user in (person(owner), person(partner), person()):
        assert logged_in(client, user).get("/annuaire/a-classer/").status_code == 404
        client.logout()

    html = logged_in(client, coordinator_of(network)).get("/annuaire/a-classer/").text
    assert "Bibliothèque de rue" in html and "Atelier vélo" in html
    assert "Relais social urbain namurois" in html
    client.logout()

    html = logged_in(client, person(owner, "admin")).get("/annuaire/a-classer/").text
    assert "Bibliothèque de rue" in html and "Atelier vélo" not in html
    client.logout()

    html = logged_in(client, coordinator_of(NetworkFactory(slug="mons"))).get(
        "/annuaire/a-classer/"
    )
    assert html.status_code == 200
    assert "Aucun service à classer" in html.text


def test_the_page_costs_the_same_queries_for_one_or_ten_services(client, network, owner):
    coordinator = coordinator_of(network)
    logged_in(client, coordinator)
    pending(network, owner, name="Premier")

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/annuaire/a-classer/").status_code == 200
        return len(context.captured_queries)

    one = queries()
    for number in range(9):
        pending(network, owner, name=f"Service {number}")
    assert queries() == one
    # Session, user, second factor, menu (2), session saved (3): 8; then who may classify,
    # the services and their locations.
    assert one <= 12


def test_choosing_axes_classifies_and_publishes(client, network, owner, library):
    coordinator = coordinator_of(network)
    logged_in(client, coordinator)
    response = client.post(
        f"/annuaire/a-classer/{library.pk}/",
        {f"service-{library.pk}-axes": ["travail_de_rue", "accueil_de_jour"]},
    )
    assert response.status_code == 302
    library.refresh_from_db()
    assert library.axes == ["accueil_de_jour", "travail_de_rue"]  # in the network's order
    assert (library.classified, library.axes_origin, library.classified_by) == (
        True,
        "",
        coordinator,
    )
    assert library.classified_at is not None
    assert "est maintenant dans l'annuaire public" in html.unescape(client.get(response.url).text)
    client.logout()
    assert client.get(f"/annuaire/public/namur/services/{library.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("axes", "message"),
    [
        ([], "Choisissez au moins un axe."),
        (["logement"], "Sélectionnez un choix valide"),  # not one of Namur's axes
    ],
)
def test_a_bad_choice_is_an_error_and_changes_nothing(
    client, network, owner, library, axes, message
):
    logged_in(client, person(owner, "admin"))
    response = client.post(
        f"/annuaire/a-classer/{library.pk}/", {f"service-{library.pk}-axes": axes}
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'class="field field-checkboxes has-error"' in response.text
    library.refresh_from_db()
    assert (library.axes, library.classified) == ([], False)


def test_someone_elses_or_a_classified_service_is_404(client, network, owner, partner, library):
    done = ServiceFactory(network=network, organisation=owner)
    logged_in(client, person(partner, "admin"))
    data = {f"service-{library.pk}-axes": ["accueil_de_jour"]}
    assert client.post(f"/annuaire/a-classer/{library.pk}/", data).status_code == 404
    client.logout()
    logged_in(client, coordinator_of(network))
    data = {f"service-{done.pk}-axes": ["accueil_de_jour"]}
    assert client.post(f"/annuaire/a-classer/{done.pk}/", data).status_code == 404
    assert client.get(f"/annuaire/a-classer/{library.pk}/").status_code == 405
    library.refresh_from_db()
    assert not library.classified


def test_the_edit_form_classifies_too(client, network, owner, library):
    admin = person(owner, "admin")
    logged_in(client, admin)
    page = client.get(f"/annuaire/gerer/{library.pk}/")
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, [])}
    data.update(
        network=network.pk,
        axes=["accueil_de_jour"],
        cost="free",
        visibility="public",
        **{"lieux-TOTAL_FORMS": "0", "lieux-INITIAL_FORMS": "0"},
    )
    response = client.post(f"/annuaire/gerer/{library.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    library.refresh_from_db()
    assert (library.axes, library.classified, library.classified_by) == (
        ["accueil_de_jour"],
        True,
        admin,
    )


# --- The menu ----------------------------------------------------------------------------------


def test_the_menu_counts_the_services_to_classify(client, network, owner, partner, library):
    pending(network, partner, name="Atelier vélo")
    html = logged_in(client, coordinator_of(network)).get("/annuaire/").text
    assert 'href="/annuaire/a-classer/">Services à classer<span class="nav-count">2</span>' in html
    client.logout()
    html = logged_in(client, person(owner, "admin")).get("/annuaire/").text
    assert 'Services à classer<span class="nav-count">1</span>' in html
    client.logout()
    html = logged_in(client, person(owner)).get("/annuaire/").text
    assert "Services à classer" not in html
    client.logout()
    services.service_classify(service=library, axes=["accueil_de_jour"], by=None)
    html = logged_in(client, person(owner, "admin")).get("/annuaire/").text
    assert "Services à classer" not in html


# --- The API -------------------------------------------------------------------------------------


def test_the_api_lists_and_classifies(client, network, owner, partner, library):
    coordinator = coordinator_of(network)
    body = Api(client, coordinator).get("/to-classify").json()
    assert [(item["id"], item["network"]["slug"]) for item in body] == [(library.pk, "namur")]
    assert [axis["code"] for axis in body[0]["network_axes"]] == AXES
    assert Api(client, person(partner)).get("/to-classify").json() == []

    detail = Api(client, person(owner)).get(f"/{library.pk}").json()
    assert (detail["classified"], detail["axes"]) == (False, [])

    api = Api(client, coordinator)
    response = api.post({"axes": []}, path=f"/{library.pk}/classify")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "axes"]
    response = api.post({"axes": ["logement"]}, path=f"/{library.pk}/classify")
    assert response.status_code == 422
    other = Api(client, coordinator_of(NetworkFactory(slug="mons")))
    assert (
        other.post({"axes": ["accueil_de_jour"]}, path=f"/{library.pk}/classify").status_code == 404
    )
    library.refresh_from_db()
    assert not library.classified

    response = api.post({"axes": ["accueil_de_jour"]}, path=f"/{library.pk}/classify")
    assert response.status_code == 200, response.json()
    assert (response.json()["classified"], response.json()["axes_origin"]) == (True, "")
    assert [a["code"] for a in response.json()["axes"]] == ["accueil_de_jour"]
    assert Api(client).get(f"/{library.pk}").status_code == 200


# --- The model ---------------------------------------------------------------------------------


def test_a_classified_service_has_axes(network, owner):
    from django.core.exceptions import ValidationError

    service = Service(network=network, organisation=owner, name="X", axes=[])
    with pytest.raises(ValidationError) as error:
        service.full_clean(exclude=["search_text"])
    assert error.value.message_dict["axes"] == ["Choisissez au moins un axe."]
    service.classified = False
    service.full_clean(exclude=["search_text"])


def test_saving_axes_classifies_a_service_and_records_who(network, owner, library):
    admin = person(owner, "admin")
    library.axes = ["accueil_de_nuit"]
    services.service_save(service=library, by=admin)
    library.refresh_from_db()
    assert (library.classified, library.classified_by) == (True, admin)
