"""HSDS 3.0 export (behaviour; the schema validation is in tests/conformance/test_hsds.py):
schedules from the weekly intervals, HSDS schedules back to opening_hours, pages, queries."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from relais.directory import hours
from relais.directory.interop import hsds, public_services, service_id_for_uuid, service_uuid
from relais.directory.models import Service
from tests.directory.factories import LocationFactory, NoticeFactory, ServiceFactory
from tests.factories import NetworkFactory

LIST = "/api/v1/export/hsds/services"


def _schedules(service: Service) -> list[tuple[str, str, str]]:
    document = hsds.service_document(public_services().get(pk=service.pk))
    return [(s["byday"], s["opens_at"], s["closes_at"]) for s in document["schedules"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opening_hours", "expected"),
    [
        ("Mo-Fr 09:00-12:00,13:30-17:00", [("MO,TU,WE,TH,FR", "09:00", "12:00"), ("MO,TU,WE,TH,FR", "13:30", "17:00")]),
        # A night shelter: closes the next morning.
        ("Mo-Su 20:00-08:00", [("MO,TU,WE,TH,FR,SA,SU", "20:00", "08:00")]),
        # From Sunday night into Monday morning, across the end of the week.
        ("Su 22:00-02:00", [("SU", "22:00", "02:00")]),
        ("Sa 20:00-26:00", [("SA", "20:00", "02:00")]),
        # More than 24 hours in a row: cut at each midnight.
        (
            "Fr 18:00-24:00; Sa,Su 00:00-24:00; Mo 00:00-08:00",
            [("MO", "00:00", "08:00"), ("FR", "18:00", "00:00"), ("SA,SU", "00:00", "00:00")],
        ),
        ("24/7", [("MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00")]),
        ("Mo-Fr 09:00-17:00; We off; PH off", [("MO,TU,TH,FR", "09:00", "17:00")]),
        ("", []),
    ],
)  # fmt: skip
def test_schedules_from_intervals(opening_hours, expected):
    service = ServiceFactory(opening_hours=opening_hours)
    assert _schedules(service) == expected
    document = hsds.service_document(public_services().get(pk=service.pk))
    for schedule in document["schedules"]:
        assert schedule["freq"] == "WEEKLY"
        assert schedule["notes"] == "Heures locales (Europe/Brussels)."
        assert schedule["service_id"] == document["id"]


@pytest.mark.django_db
def test_schedule_descriptions_in_french():
    service = ServiceFactory(opening_hours="Mo-Fr 20:00-08:00; Su 00:00-24:00")
    document = hsds.service_document(public_services().get(pk=service.pk))
    assert [s["description"] for s in document["schedules"]] == [
        "Du lundi au vendredi : de 20:00 à 08:00 le lendemain.",
        "Dimanche : toute la journée.",
    ]


@pytest.mark.parametrize(
    "opening_hours",
    [
        "Mo-Fr 09:00-12:00,13:30-17:00",
        "Mo-Su 20:00-08:00",
        "Su 22:00-02:00",
        "Mo,We,Fr 08:00-10:00; Sa 20:00-26:00",
        "Fr 18:00-24:00; Sa,Su 00:00-24:00; Mo 00:00-08:00",
        "Mo-Th 21:00-07:00; Fr 21:00-24:00; Sa 00:00-24:00",
        "Tu 08:00-32:00",
        "24/7",
    ],
)
def test_schedules_back_to_the_same_week(opening_hours):
    """intervals → HSDS schedules → opening_hours gives the same open week."""

    class Row:
        def __init__(self, start, end):
            self.start, self.end = start, end

    slots = hours.weekly_slots(opening_hours)
    service = Service(pk=1, network=NetworkFactory.build())
    schedules = hsds.schedules_for(service, [Row(s, e) for s, e in slots])
    value = hsds.opening_hours_from_schedules(schedules)
    hours.validate_opening_hours(value)
    assert hours.weekly_slots(value) == slots


@pytest.mark.parametrize(
    ("schedules", "expected"),
    [
        ([{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}], "Mo-Fr 09:00-17:00"),
        ([{"freq": "WEEKLY", "byday": "SA,SU", "opens_at": "20:00:00", "closes_at": "08:00:00"}], "Sa,Su 20:00-08:00"),
        # A slot after midnight followed by another day's rule: additional rules, not ";".
        (
            [
                {"byday": "MO", "opens_at": "20:00", "closes_at": "08:00"},
                {"byday": "TU", "opens_at": "10:00", "closes_at": "12:00"},
            ],
            "Mo 20:00-08:00, Tu 10:00-12:00",
        ),
        ([{"byday": "MO", "opens_at": "09:00+01:00", "closes_at": "12:00Z"}], "Mo 09:00-12:00"),
        ([{"byday": "mo, we", "opens_at": "9:00", "closes_at": "24:00"}], "Mo,We 09:00-24:00"),
        ([{"byday": "TH", "opens_at": "08:00", "closes_at": "08:00"}], "Th 08:00-32:00"),
        ([{"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "00:00"}], "24/7"),
        ([{"description": "Sur rendez-vous"}], ""),
        ([], ""),
    ],
)  # fmt: skip
def test_opening_hours_from_schedules(schedules, expected):
    value = hsds.opening_hours_from_schedules(schedules)
    assert value == expected
    hours.validate_opening_hours(value)


@pytest.mark.parametrize(
    ("schedule", "reason"),
    [
        ({"freq": "MONTHLY", "byday": "1MO", "opens_at": "09:00", "closes_at": "12:00"}, "fréquence non prise en charge : MONTHLY"),
        ({"byday": "2MO", "opens_at": "09:00", "closes_at": "12:00"}, "jour avec rang « 2MO »"),
        ({"byday": "MONDAY", "opens_at": "09:00", "closes_at": "12:00"}, "jour inconnu « MONDAY »"),
        ({"byday": "MO", "opens_at": "9h", "closes_at": "12:00"}, "heure illisible « 9h »"),
        ({"byday": "MO", "opens_at": "25:00", "closes_at": "12:00"}, "heure illisible « 25:00 »"),
        ({"opens_at": "09:00", "closes_at": "12:00"}, "horaire sans jours (byday)"),
        ({"byday": "MO", "opens_at": "09:00"}, "sans heure d'ouverture ou de fermeture"),
        ({"byday": "MO", "opens_at": "09:00", "closes_at": "12:00", "interval": 2}, "plusieurs semaines"),
        ({"byday": "MO", "opens_at": "09:00", "closes_at": "12:00", "bymonthday": "1"}, "bymonthday"),
    ],
)  # fmt: skip
def test_schedules_that_are_not_a_week_are_refused(schedule, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        hsds.opening_hours_from_schedules([schedule])


@pytest.mark.parametrize(
    ("country", "postcode", "expected"),
    [
        ("BE", "5000", "Namur"),
        ("BE", "1300", "Brabant wallon"),
        ("BE", "6700", "Luxembourg"),
        ("BE", "7000", "Hainaut"),
        ("FR", "72000", "72"),
        ("FR", "20000", "2A"),
        ("FR", "97400", "974"),
        ("BE", "", ""),
    ],
)
def test_state_province(country, postcode, expected):
    assert hsds.state_province(country, postcode) == expected


@pytest.mark.django_db
def test_service_document_content():
    service = ServiceFactory(
        night_shelter=True,
        phone="081 24 86 00",
        email="abri@example.org",
        languages=["fr", "ar"],
        welcomes=["jeunes_18_25"],
        cost="participation",
        cost_details="2 € la nuit",
        verified=True,
        locations=[
            LocationFactory.build(name="Abri", address="Rue Saint-Nicolas 2"),
            LocationFactory.build(mobile=True, area_served="Gare et centre"),
        ],
    )
    NoticeFactory(service=service, closed=True, message="Fermé pour travaux")
    document = hsds.service_document(public_services().get(pk=service.pk))
    assert document["id"] == service_uuid(service.pk)
    assert document["status"] == "temporarily closed"
    assert "Fermé pour travaux" in document["alert"]
    assert document["fees_description"] == "Participation financière : 2 € la nuit"
    assert (document["minimum_age"], document["maximum_age"]) == (18, 25)
    assert document["assured_date"] == timezone.localdate().isoformat()
    assert document["phones"][0]["number"] == "+32 81 24 86 00"
    assert [lang["code"] for lang in document["languages"]] == ["fr", "ar"]
    [sal] = document["service_at_locations"]
    assert sal["location"]["name"] == "Abri"
    assert sal["location"]["addresses"][0]["address_1"] == "Rue Saint-Nicolas 2"
    assert sal["location"]["addresses"][0]["state_province"] == "Namur"
    [area] = document["service_areas"]
    assert area["name"] == "Gare et centre"
    terms = {(a["link_type"], a["taxonomy_term"]["code"]) for a in document["attributes"]}
    assert ("relais-axes", "accueil_de_nuit") in terms
    assert ("relais-publics-accueillis", "jeunes_18_25") in terms
    assert ("relais-cout", "participation") in terms
    hours_attribute = next(
        a for a in document["attributes"] if a["link_type"] == "openstreetmap-opening-hours"
    )
    assert hours_attribute["value"] == "Mo-Su 20:00-08:00"
    # Stable identifiers: the same on every export.
    assert document == hsds.service_document(public_services().get(pk=service.pk))


@pytest.mark.django_db
def test_pages(client):
    network = NetworkFactory()
    services = [ServiceFactory(network=network, name=f"Service {n}") for n in range(5)]
    ServiceFactory(network=network, professionals=True)
    ServiceFactory()  # another network

    page = client.get(LIST, {"network": network.slug, "per_page": 2, "page": 2}).json()
    assert {k: page[k] for k in page if k != "contents"} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 2,
        "size": 2,
        "first_page": False,
        "last_page": False,
        "empty": False,
    }
    assert [d["name"] for d in page["contents"]] == ["Service 2", "Service 3"]
    last = client.get(LIST, {"network": network.slug, "per_page": 2, "page": 3}).json()
    assert (last["size"], last["last_page"]) == (1, True)
    beyond = client.get(LIST, {"network": network.slug, "per_page": 2, "page": 9}).json()
    assert (beyond["empty"], beyond["contents"], beyond["total_items"]) == (True, [], 5)
    assert client.get(LIST).json()["total_items"] == 6

    later = timezone.now() + timedelta(minutes=1)
    assert client.get(LIST, {"modified_after": later.isoformat()}).json()["total_items"] == 0
    Service.objects.filter(pk=services[0].pk).update(updated_at=later)
    assert client.get(LIST, {"modified_after": later.isoformat()}).json()["total_items"] == 1


@pytest.mark.django_db
def test_bad_parameters_and_unknown_ids(client):
    hidden = ServiceFactory(professionals=True)
    shown = ServiceFactory()
    for params in ({"per_page": 101}, {"per_page": 0}, {"page": 0}, {"modified_after": "hier"}):
        response = client.get(LIST, params)
        assert response.status_code == 422, params
    assert client.get(LIST, {"network": "nowhere"}).status_code == 404
    assert client.get(f"{LIST}/{service_uuid(hidden.pk)}").status_code == 404
    assert client.get(f"{LIST}/{service_uuid(10**9)}").status_code == 404
    assert client.get(f"{LIST}/12").status_code == 422
    assert client.get(f"{LIST}/{service_uuid(shown.pk)}").json()["name"] == shown.name


@pytest.mark.django_db
def test_hsds_root(client):
    root = client.get("/api/v1/export/hsds/").json()
    assert root["version"] == "3.0"
    assert root["openapi_url"].endswith("/api/v1/openapi.json")


@pytest.mark.django_db
def test_query_count_does_not_grow_with_services(client, django_assert_num_queries):
    network = NetworkFactory()
    for _n in range(4):
        service = ServiceFactory(
            network=network, locations=[LocationFactory.build(), LocationFactory.build()]
        )
        NoticeFactory(service=service)
    # The network, the count, the services (organisation and network joined), then their
    # locations, regular intervals and notices.
    with django_assert_num_queries(6):
        page = client.get(LIST, {"network": network.slug}).json()
    assert page["size"] == 4
    # The public ids (to match the UUID), then the service and its three prefetches.
    with django_assert_num_queries(5):
        assert client.get(f"{LIST}/{service_uuid(service.pk)}").status_code == 200


def test_service_id_for_uuid():
    ids = range(1, 2000)
    assert all(service_id_for_uuid(service_uuid(i), ids) == i for i in (1, 2, 999, 1999))
    assert service_id_for_uuid(service_uuid(5000), ids) is None
    assert service_id_for_uuid(str(uuid.uuid4()), ids) is None
