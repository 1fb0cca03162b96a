"""The shapes of the demo data, and the few values derived from it (phones, numbers, names)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from stdnum import luhn

from relais.network.models import Organisation
from relais.network.validators import normalise_enterprise_number, normalise_phone

PUBLIC = Organisation.Kind.PUBLIC_SERVICE
ASSOCIATION = Organisation.Kind.ASSOCIATION
SOCIAL_CENTRE = Organisation.Kind.SOCIAL_CENTRE
HEALTH = Organisation.Kind.HEALTH


@dataclass(frozen=True)
class Org:
    slug: str
    name: str
    kind: str
    address: str
    postcode: str
    municipality: str
    latitude: float
    longitude: float
    ga: bool = False  # sits at the general assembly
    registered: bool = False  # has a (fictitious) enterprise number / SIRET


@dataclass(frozen=True)
class Section:
    title: str
    body: str
    commitment: bool = True

    def as_dict(self) -> dict:
        return {"title": self.title, "body": self.body, "commitment": self.commitment}


@dataclass(frozen=True)
class DemoNetwork:
    slug: str
    name: str
    short_name: str
    country: str
    axes: list[str]
    description: str
    ga_member_label: str
    coordinator_name: str
    phone_prefix: str  # area prefix; each organisation gets a number in it
    charter_title: str
    charter_approved_on: date
    charter_sections: list[Section]
    ga_approved_on: date  # the general assembly that seated the GA members
    territory: Callable[[], list[tuple[str, str, str]]]  # (name, postcode, NIS/INSEE code)
    organisations: list[Org]
    applicants: list[Org] = field(default_factory=list)  # pending, in the coordinator's queue
    number_seed: int = 0  # keeps fictitious enterprise numbers distinct between networks

    @property
    def time_zone(self) -> str:
        return "Europe/Paris" if self.country == "FR" else "Europe/Brussels"

    @property
    def coordinator_email(self) -> str:
        return f"coord.{self.slug}@example.org"

    @property
    def coordinator_phone(self) -> str:
        return phone(self.phone_prefix, 0)


def phone(prefix: str, index: int) -> str:
    """A valid number in the network's area: "+32 81 24" → "+32 81 24 20 50"."""
    country = "FR" if prefix.startswith("+33") else "BE"
    return normalise_phone(f"{prefix} {20 + index:02d} {50 + index:02d}", country)


def enterprise_number(country: str, seed: int) -> str:
    """A fictitious but checksum-valid Belgian enterprise number or French SIRET."""
    if country == "FR":
        siren = f"99{seed:06d}"
        siren += luhn.calc_check_digit(siren)
        number = f"{siren}0001"
        number += luhn.calc_check_digit(number)
    else:
        first = f"{9_870_000 + seed:08d}"
        number = f"{first}{97 - int(first) % 97:02d}"
    return normalise_enterprise_number(number, country)


def coordinate(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"))


# Invented people, combined to sign the charters and to name the demo accounts.
FIRST_NAMES = [
    "Claire", "Marc", "Sophie", "Julien", "Nadia", "Thomas", "Isabelle", "Karim", "Anne",
    "Pierre", "Fatima", "Luc", "Élodie", "Samuel", "Chantal", "Olivier", "Aïcha", "Benoît",
    "Laura", "Mehdi", "Véronique", "François", "Inès", "Damien",
]  # fmt: skip
LAST_NAMES = [
    "Dumont", "Lejeune", "Lambert", "Renard", "Collignon", "Gérard", "Delvaux", "Marchal",
    "Piron", "Leclercq", "Hubert", "Masson", "Jacquet", "Noël", "Bodart", "Gillet", "Mathieu",
    "Poncelet",
]  # fmt: skip
FUNCTIONS = {
    PUBLIC: ["Président·e", "Directeur·rice général·e"],
    ASSOCIATION: ["Président·e", "Coordinateur·rice"],
    SOCIAL_CENTRE: ["Directeur·rice", "Président·e"],
    HEALTH: ["Directeur·rice médical·e", "Coordinateur·rice"],
}


def person(index: int) -> str:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return f"{first} {last}"


def signatories(org: Org, index: int) -> list[dict]:
    names = FUNCTIONS.get(org.kind, FUNCTIONS[ASSOCIATION])
    return [{"name": person(index), "function": names[index % len(names)]}]
