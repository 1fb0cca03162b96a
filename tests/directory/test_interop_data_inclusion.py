"""data·inclusion export: every record validates against the `data-inclusion-schema` models,
vocabularies are mapped, Belgian records follow the documented rule, queries are counted."""

from datetime import date

import pytest
from data_inclusion.schema import v1 as di
from django.test import Client

from relais.core.axes import LE_MANS_AXES
from relais.directory.interop import data_inclusion, service_uuid
from relais.network.models import Municipality, Organisation
from tests.directory.factories import LocationFactory, ServiceFactory
from tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

STRUCTURES = "/api/v1/export/data-inclusion/structures"
SERVICES = "/api/v1/export/data-inclusion/services"


@pytest.fixture
def le_mans():
    network = NetworkFactory(
        slug="le-mans-test",
        country="FR",
        time_zone="Europe/Paris",
        axes=[str(a) for a in LE_MANS_AXES],
    )
    Municipality.objects.create(network=network, name="Le Mans", postcode="72000", code="72181")
    return network


@pytest.fixture
def namur():
    return NetworkFactory(slug="namur-test", country="BE")


def _french_service(network, **kwargs):
    organisation = OrganisationFactory(
        slug="epicerie-solidaire",
        name="Épicerie solidaire du Mans",
        country="FR",
        enterprise_number="73282932000074",
        address="12 rue de la Paix",
        postcode="72000",
        municipality="Le Mans",
        phone="+33 2 43 12 34 56",
        email="contact@example.org",
        latitude="48.007800",
        longitude="0.197800",
    )
    values = {
        "network": network,
        "organisation": organisation,
        "name": "Épicerie sociale",
        "description": "Produits alimentaires à petit prix, sur orientation.",
        "axes": ["aide_alimentaire"],
        "thematiques": [],
        "welcomes": ["familles", "hommes_seuls"],
        "access_modes": ["walk_in", "appointment"],
        "cost": "participation",
        "cost_details": "10 % du prix",
        "phone": "+33 2 43 12 34 56",
        "email": "epicerie@example.org",
        "opening_hours": "Tu,Th 14:00-17:30; PH off",
        "locations": [
            LocationFactory.build(
                address="12 rue de la Paix",
                postcode="72000",
                municipality="Le Mans",
                latitude=48.0078,
                longitude=0.1978,
                name="Local de la Paix",
            )
        ],
    }
    values.update(kwargs)
    return ServiceFactory(**values)


def _get(client: Client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def _assert_valid(services: list[dict], structures: list[dict]) -> None:
    """Every record validates against the package's models; every service's structure is
    among the structures."""
    for record in structures:
        di.Structure.model_validate(record, context={"ignore_warnings": False})
    for record in services:
        di.Service.model_validate(record, context={"ignore_warnings": False})
    assert {s["structure_id"] for s in services} <= {s["id"] for s in structures}


def test_french_service_and_structure(client, le_mans):
    service = _french_service(le_mans)

    services = _get(client, SERVICES, network=le_mans.slug)
    structures = _get(client, STRUCTURES, network=le_mans.slug)
    _assert_valid(services, structures)

    [record] = services
    assert record["id"] == f"relais--{service_uuid(service.pk)}"
    assert record["source"] == "relais"
    assert record["structure_id"] == "relais--epicerie-solidaire"
    assert record["nom"] == "Épicerie sociale"
    assert record["code_postal"] == "72000"
    assert record["code_insee"] == "72181"
    assert record["commune"] == "Le Mans"
    assert record["adresse"] == "12 rue de la Paix"
    assert record["complement_adresse"] == "Local de la Paix"
    assert (record["latitude"], record["longitude"]) == (48.0078, 0.1978)
    assert record["telephone"] == "+33243123456"
    assert record["courriel"] == "epicerie@example.org"
    assert record["horaires_accueil"] == "Tu,Th 14:00-17:30; PH off"
    # No thématique of its own: the axis gives one.
    assert record["thematiques"] == ["equipement-et-alimentation--alimentation"]
    assert record["frais"] == "payant"
    assert record["frais_precisions"] == "10 % du prix"
    assert record["publics"] == ["familles"]
    assert record["publics_precisions"] == "Familles avec enfants, hommes seuls."
    assert record["modes_accueil"] == ["en-presentiel"]
    assert record["modes_mobilisation"] == ["envoyer-un-courriel", "se-presenter", "telephoner"]
    assert record["mobilisable_par"] == ["professionnels", "usagers"]
    assert record["mobilisation_precisions"] == "Sans rendez-vous, sur rendez-vous."
    assert record["date_maj"] == date.today().isoformat()
    # The producer's page of the service: its public sheet.
    assert record["lien_source"] == (
        f"http://testserver/annuaire/public/{le_mans.slug}/services/{service.pk}/"
    )

    [structure] = structures
    assert structure["id"] == "relais--epicerie-solidaire"
    assert structure["nom"] == "Épicerie solidaire du Mans"
    assert structure["siret"] == "73282932000074"
    assert structure["code_postal"] == "72000"
    assert structure["code_insee"] == "72181"
    assert structure["telephone"] == "+33243123456"
    assert (structure["latitude"], structure["longitude"]) == (48.0078, 0.1978)


def test_belgian_records_are_left_out_unless_asked(client, namur, le_mans):
    _french_service(le_mans)
    belgian = ServiceFactory(
        network=namur,
        name="Abri de nuit",
        axes=["accueil_de_nuit"],
        opening_hours="Mo-Su 20:00-08:00",
        organisation=OrganisationFactory(
            slug="abri-namur",
            name="Abri de nuit de Namur",
            country="BE",
            enterprise_number="0207.373.429",
            address="Rue Saint-Nicolas 2",
            postcode="5000",
            municipality="Namur",
        ),
        locations=[
            LocationFactory.build(
                address="Rue Saint-Nicolas 2", postcode="5000", municipality="Namur"
            )
        ],
    )

    assert _get(client, SERVICES, network=namur.slug) == []
    assert _get(client, STRUCTURES, network=namur.slug) == []
    french_only = _get(client, SERVICES)
    assert [r["nom"] for r in french_only] == ["Épicerie sociale"]

    services = _get(client, SERVICES, network=namur.slug, include_be="true")
    structures = _get(client, STRUCTURES, network=namur.slug, include_be="true")
    _assert_valid(services, structures)
    [record] = services
    assert record["id"] == f"relais--{service_uuid(belgian.pk)}"
    assert record["code_postal"] is None
    assert record["code_insee"] is None
    assert record["commune"] == "Namur"
    assert record["adresse"] == "Rue Saint-Nicolas 2, 5000 Namur, Belgique"
    assert record["horaires_accueil"] == "Mo-Su 20:00-08:00"
    assert record["thematiques"] == [
        "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
    ]
    [structure] = structures
    assert structure["siret"] is None  # a BCE number is not a SIRET
    assert structure["code_postal"] is None
    assert structure["adresse"] == "Rue Saint-Nicolas 2, 5000 Namur, Belgique"

    everything = _get(client, SERVICES, include_be="true")
    assert sorted(r["nom"] for r in everything) == ["Abri de nuit", "Épicerie sociale"]
    _assert_valid(everything, _get(client, STRUCTURES, include_be="true"))


def test_professionals_only_services_are_not_exported(client, le_mans):
    _french_service(le_mans, visibility="professionals")
    assert _get(client, SERVICES) == []
    assert _get(client, STRUCTURES) == []


def test_unknown_network_is_404(client):
    assert client.get(SERVICES, {"network": "nowhere"}).status_code == 404
    assert client.get(STRUCTURES, {"network": "nowhere"}).status_code == 404


def test_vocabularies_mapping(client, le_mans):
    organisation = OrganisationFactory(country="FR", postcode="72000", municipality="Le Mans")
    everyone = ServiceFactory(
        network=le_mans,
        organisation=organisation,
        name="Accueil",
        axes=["accueil_ecoute"],
        thematiques=["remobilisation--lien-social", "sante--acces-aux-soins"],
        publics=["femmes"],
        welcomes=["tout_public", "avec_animaux"],
        access_modes=["referral"],
        cost="free",
        description="",
        locations=[LocationFactory.build(postcode="72000", municipality="Le Mans")],
    )
    street = ServiceFactory(
        network=le_mans,
        organisation=organisation,
        name="Maraude",
        axes=["accueil_ecoute"],
        access_modes=[],
        phone="",
        locations=[LocationFactory.build(mobile=True, area_served="Centre-ville et gare")],
    )
    phone_line = ServiceFactory(
        network=le_mans,
        organisation=organisation,
        name="Écoute téléphonique",
        axes=["accueil_ecoute"],
        access_modes=["phone"],
        phone="+33 2 43 12 34 56",
        locations=[],
    )
    records = {r["nom"]: r for r in _get(client, SERVICES)}
    _assert_valid(list(records.values()), _get(client, STRUCTURES))

    record = records[everyone.name]
    assert record["thematiques"] == ["remobilisation--lien-social", "sante--acces-aux-soins"]
    assert record["publics"] == ["tous-publics"]  # stands alone
    assert record["publics_precisions"] == "Tout le monde, personnes avec animaux."
    assert record["frais"] == "gratuit"
    assert record["mobilisable_par"] == ["professionnels"]
    assert record["modes_mobilisation"] is None
    assert record["mobilisation_precisions"] == "Sur orientation d'un service."
    # An empty description gets one (the schema wants at least 5 characters).
    assert record["description"] == f"Accueil ({organisation.name}) : Accueil et écoute."

    record = records[street.name]
    assert record["adresse"] is None
    assert record["latitude"] is None
    assert record["modes_accueil"] == ["en-presentiel"]
    assert record["description"].endswith("Service mobile, zone couverte : Centre-ville et gare.")

    record = records[phone_line.name]
    assert record["modes_accueil"] == ["a-distance"]
    assert record["modes_mobilisation"] == ["telephoner"]
    assert record["telephone"] == "+33243123456"


def test_a_value_the_schema_refuses_is_left_empty_not_the_record(client, le_mans):
    # Django accepts this address; the schema's e-mail validator does not.
    service = _french_service(le_mans, email="accueil@localhost")
    [record] = _get(client, SERVICES)
    assert record["id"] == f"relais--{service_uuid(service.pk)}"
    assert record["courriel"] is None
    di.Service.model_validate(record)


def test_short_and_long_names_fit_the_schema(le_mans):
    organisation = Organisation.objects.create(
        slug="ab", name="AB", country="FR", postcode="72000", municipality="Le Mans"
    )
    ServiceFactory(network=le_mans, organisation=organisation, name="X" * 200, axes=["logement"])
    [service] = data_inclusion.services_export()
    [structure] = data_inclusion.structures_export()
    assert len(service["nom"]) == 150 and service["nom"].endswith("…")
    assert structure["nom"] == "AB (ab)"
    di.Service.model_validate(service)
    di.Structure.model_validate(structure)


def test_query_count_does_not_grow_with_services(client, le_mans, django_assert_num_queries):
    for n in range(3):
        _french_service(le_mans, name=f"Épicerie {n}") if n == 0 else ServiceFactory(
            network=le_mans,
            organisation=OrganisationFactory(country="FR"),
            name=f"Service {n}",
            axes=["logement"],
            locations=[LocationFactory.build(postcode="72000", municipality="Le Mans")],
        )
    # INSEE codes, services (organisation and network joined), locations.
    with django_assert_num_queries(3):
        assert len(_get(client, SERVICES)) == 3
    # INSEE codes, organisations.
    with django_assert_num_queries(2):
        assert len(_get(client, STRUCTURES)) == 3
    # The network, then the same.
    with django_assert_num_queries(4):
        assert len(_get(client, SERVICES, network=le_mans.slug)) == 3


def test_the_site_address_comes_from_the_settings(client, le_mans, settings):
    settings.RELAIS_BASE_URL = "https://relais.example"
    service = _french_service(le_mans)
    [record] = _get(client, SERVICES)
    assert record["lien_source"] == (
        f"https://relais.example/annuaire/public/{le_mans.slug}/services/{service.pk}/"
    )
    assert data_inclusion.services_export()[0]["lien_source"] == record["lien_source"]
