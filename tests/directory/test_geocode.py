"""Geocoding by postcode or municipality name, from packaged data only."""

import csv

import pytest
from countrystatecity_postal_codes import get_postcodes_of_country

from relais.directory import geocode
from relais.directory.selectors import haversine_km
from relais.network.demo.territory import LE_MANS_METROPOLE
from relais.network.models import Municipality
from tests.factories import NetworkFactory

# Town halls, for distances.
NAMUR = (50.4650, 4.8660)
MONS = (50.4545, 3.9520)
ARLON = (49.6833, 5.8167)
LE_MANS = (48.0077, 0.1996)


def within(place, point, km) -> bool:
    return place is not None and haversine_km(place.point, point) <= km


@pytest.mark.parametrize(
    ("postcode", "name", "point", "km"),
    [
        ("5000", "Namur", NAMUR, 6),
        ("7000", "Mons", MONS, 3),
        ("6700", "Arlon", ARLON, 3),
        (" 5000 ", "Namur", NAMUR, 6),
        ("B-7000", "Mons", MONS, 3),
    ],
)
def test_belgian_postcodes(postcode, name, point, km):
    place = geocode.geocode_postcode(postcode)
    assert place.name == name
    assert place.country == "BE"
    assert within(place, point, km)


def test_french_postcodes_of_the_sarthe():
    le_mans = geocode.geocode_postcode("72000")
    assert (le_mans.name, le_mans.country) == ("Le Mans", "FR")
    assert within(le_mans, LE_MANS, 1)
    south = geocode.geocode_postcode("72100")
    assert south.name == "Le Mans"
    assert within(south, LE_MANS, 5)
    # A postcode shared by several communes: the middle of their centres.
    shared = geocode.geocode_postcode("72650")
    assert "Aigné" in shared.name
    assert "La Milesse" in shared.name
    assert within(shared, LE_MANS, 10)


@pytest.mark.parametrize("postcode", ["9999", "99999", "75001", "abc", "", "123"])
def test_unknown_postcodes(postcode):
    assert geocode.geocode_postcode(postcode) is None


@pytest.mark.parametrize(
    ("name", "expected", "point", "km"),
    [
        ("Namur", "Namur", NAMUR, 6),
        ("NAMUR", "Namur", NAMUR, 6),
        ("mons", "Mons", MONS, 3),
        ("Bergen", "Mons", MONS, 3),  # Dutch
        ("Aarlen", "Arlon", ARLON, 3),  # Dutch
        ("marche en famenne", "Marche-en-Famenne", (50.2267, 5.3444), 5),
        ("Le Mans", "Le Mans", LE_MANS, 1),
        ("le mans", "Le Mans", LE_MANS, 1),
        ("yvre l'eveque", "Yvré-l'Évêque", (48.0186, 0.2707), 2),
        ("YVRÉ-L'ÉVÊQUE", "Yvré-l'Évêque", (48.0186, 0.2707), 2),
        ("Sablé-sur-Sarthe", "Sablé-sur-Sarthe", (47.8397, -0.3336), 2),
    ],
)
def test_municipality_names_any_spelling(name, expected, point, km):
    place = geocode.geocode_municipality(name)
    assert place.name == expected
    assert within(place, point, km)


def test_unknown_municipalities():
    assert geocode.geocode_municipality("Atlantide") is None
    assert geocode.geocode_municipality("") is None
    assert geocode.geocode_municipality("Le Mans", country="BE") is None


@pytest.mark.django_db
def test_a_network_territory_adds_its_own_names():
    network = NetworkFactory(country="BE")
    Municipality.objects.create(network=network, name="Jambes (Namur)", postcode="5100")
    assert geocode.geocode_municipality("Jambes (Namur)") is None
    place = geocode.geocode_municipality("jambes (namur)", network=network)
    assert (place.name, place.postcode, place.country) == ("jambes (namur)", "5100", "BE")
    assert within(place, NAMUR, 10)
    # The network's country first: "Le Mans" is not looked for in Belgium only.
    le_mans = NetworkFactory(country="FR")
    assert geocode.geocode_municipality("Le Mans", network=le_mans).postcode == "72000"


def test_geocode_takes_a_postcode_or_a_name():
    assert geocode.geocode("5000").name == "Namur"
    assert geocode.geocode("72530").name == "Yvré-l'Évêque"
    assert geocode.geocode("Bergen").name == "Mons"
    assert geocode.geocode("Nulle part") is None
    assert geocode.postcode_country("5000") == "BE"
    assert geocode.postcode_country("72000") == "FR"
    assert geocode.postcode_country("0500") is None


def test_the_packaged_sarthe_file():
    """Every row is a postcode of the Sarthe in the postcode package, inside the
    département, and the 19 communes of Le Mans Métropole (the `le-mans` network's
    territory) are all there with the same postcodes."""
    with geocode.SARTHE_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sarthe_postcodes = {p.code for p in get_postcodes_of_country("FR") if p.code.startswith("72")}
    for row in rows:
        assert row["postcode"] in sarthe_postcodes, row
        assert 47.55 <= float(row["latitude"]) <= 48.5, row
        assert -0.45 <= float(row["longitude"]) <= 0.95, row
    metropole = {(row["name"], row["postcode"]) for row in rows if row["le_mans_metropole"] == "1"}
    assert metropole == {(name, postcode) for name, postcode, _code in LE_MANS_METROPOLE}
    # The communes of the métropole are within 15 km of Le Mans.
    for row in rows:
        if row["le_mans_metropole"] == "1":
            point = (float(row["latitude"]), float(row["longitude"]))
            assert haversine_km(point, LE_MANS) < 15, row


def test_every_network_municipality_of_the_demo_le_mans_territory_is_geocoded():
    for name, postcode, _code in LE_MANS_METROPOLE:
        assert geocode.geocode_municipality(name, country="FR").postcode in {postcode, "72000"}
        assert geocode.geocode_postcode(postcode) is not None
