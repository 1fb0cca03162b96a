"""The shapes of the demo services, and the few values derived from them (places, phones)."""

import zlib
from dataclasses import dataclass, field

from relais.network.validators import normalise_phone


@dataclass(frozen=True)
class Place:
    """A fixed address, or the area covered by a mobile service (with its centre)."""

    address: str
    postcode: str
    municipality: str
    latitude: float | None
    longitude: float | None
    name: str = ""
    mobile: bool = False
    area: str = ""

    def values(self) -> dict:
        return {
            "name": self.name,
            "is_mobile": self.mobile,
            "area_served": self.area,
            "address": self.address,
            "postcode": self.postcode,
            "municipality": self.municipality,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }


@dataclass(frozen=True)
class Note:
    """A temporary notice, its dates in days from the day of the load (see loader.py)."""

    starts: int
    ends: int
    message: str
    effect: str = "info"  # Notice.Effect: info, closed, open


@dataclass(frozen=True)
class Translation:
    language: str
    name: str = ""
    description: str = ""
    conditions: str = ""


@dataclass(frozen=True)
class DemoService:
    """One demo service. `axes` are filtered by the network's axes (see `axes_for`)."""

    key: str  # stable, unique within the network: the source_id is "<network>/<key>"
    organisation: str  # slug of an organisation of relais.network.demo
    name: str
    description: str
    axes: tuple[str, ...]
    fallback_axes: tuple[str, ...]
    opening_hours: str
    places: tuple[Place, ...] = ()  # empty: the organisation's own address
    thematiques: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    welcomes: tuple[str, ...] = ()
    conditions: str = ""
    languages: tuple[str, ...] = ("fr",)
    cost: str = "free"
    cost_details: str = ""
    access_modes: tuple[str, ...] = ("walk_in",)
    capacity: int | None = None
    capacity_unit: str = ""
    professionals: bool = False
    verified_days_ago: int | None = 30  # None: never verified
    notes: tuple[Note, ...] = ()
    translations: tuple[Translation, ...] = ()
    email: bool = True
    phone: bool = True
    website: str = ""

    def axes_for(self, network_axes: list[str]) -> list[str]:
        """The service's axes that the network uses, else its fallback axes that it uses."""
        chosen = [a for a in self.axes if a in network_axes]
        return chosen or [a for a in self.fallback_axes if a in network_axes]


@dataclass(frozen=True)
class DemoDirectory:
    """The demo services of one network."""

    network: str  # slug
    phone_prefix: str  # the network's demo area prefix, e.g. "+32 81 24"
    country: str
    services: list[DemoService] = field(default_factory=list)


def jitter(seed: str, spread: float = 0.004) -> tuple[float, float]:
    """A small, stable offset (a few hundred metres at most) derived from a text."""
    number = zlib.crc32(seed.encode())
    return (
        ((number & 0xFFFF) / 0xFFFF - 0.5) * spread,
        (((number >> 16) & 0xFFFF) / 0xFFFF - 0.5) * spread * 1.5,
    )


def places_of(centres: dict[tuple[str, str], tuple[float, float]]):
    """`at` and `mobile` helpers for one territory, given the centres of its municipalities
    (keyed by (name, postcode)); an address without coordinates is put near the centre."""

    def at(
        address: str,
        postcode: str,
        municipality: str,
        latitude: float | None = None,
        longitude: float | None = None,
        *,
        name: str = "",
    ) -> Place:
        if latitude is None or longitude is None:
            lat, lon = centres[(municipality, postcode)]
            dlat, dlon = jitter(f"{address} {postcode}")
            latitude, longitude = round(lat + dlat, 6), round(lon + dlon, 6)
        return Place(address, postcode, municipality, latitude, longitude, name=name)

    def mobile(area: str, postcode: str, municipality: str) -> Place:
        lat, lon = centres[(municipality, postcode)]
        return Place("", postcode, municipality, lat, lon, mobile=True, area=area)

    return at, mobile


def service_phone(prefix: str, index: int) -> str:
    """A valid number in the network's demo range, distinct from the organisations' ones:
    "+32 81 24" → "+32 81 24 70 10", "+32 81 24 70 11"…"""
    country = "FR" if prefix.startswith("+33") else "BE"
    return normalise_phone(f"{prefix} {70 + index // 50:02d} {10 + index % 50:02d}", country)
