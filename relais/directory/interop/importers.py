"""`import_services`: read data·inclusion, HSDS or CSV files, then upsert the services.

Readers turn a file into `Row`s (the service's fields, its organisation, its places, or the
reason the row cannot be read). `import_rows` then upserts each row in its own savepoint:
the service is found by (network, source, source id) and written through
`relais.directory.services.service_save`, so an imported service is validated like one
typed in a form (hours, phone, axes of the network, coordinates). A bad row is rejected with
its reason and the others go on; nothing of it is stored.

No row is rejected only because no axis is known: `infer_axes` reads taxonomy terms, the
service's name, its thématiques and its description (`relais.directory.classify`), then the
`--axis` default; a service nothing classifies is imported "à classer" (hidden until a
coordinator or its organisation's admin chooses its axes). HSDS schedules relais cannot say
exactly are kept in words (`schedules.translate_schedules`) with a warning. See
docs/interop.md for the formats and the rules.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pydantic
from data_inclusion.schema import v1 as di
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from relais.core.db import refresh_statistics
from relais.directory import classify
from relais.directory import services as directory_services
from relais.directory import vocabularies as v
from relais.directory.hours import validate_opening_hours
from relais.directory.models import (
    SERVICE_EDITABLE_FIELDS,
    AxesOrigin,
    Location,
    Notice,
    OpeningInterval,
    Service,
    ServiceTranslation,
)
from relais.directory.services import fold
from relais.network import validators as network_validators
from relais.network.models import Network, Organisation
from relais.network.services import NewOrganisation, organisation_create

from . import data_inclusion, hsds, schedules

FORMATS = ("data-inclusion", "hsds", "csv")

SERVICE_FIELDS = SERVICE_EDITABLE_FIELDS
LOCATION_FIELDS = (
    "name",
    "is_mobile",
    "area_served",
    "address",
    "postcode",
    "municipality",
    "latitude",
    "longitude",
)


class ImportFileError(Exception):
    """The file as a whole cannot be read (not JSON, missing CSV columns…)."""


@dataclass
class OrganisationRef:
    name: str
    identifier: str = ""  # SIRET (France) or BCE/KBO number (Belgium)
    slug: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    address: str = ""
    postcode: str = ""
    municipality: str = ""


@dataclass
class Row:
    label: str
    source_id: str = ""
    name: str = ""  # for the report, known even when the row cannot be read
    fields: dict = field(default_factory=dict)
    organisation: OrganisationRef | None = None
    locations: list[dict] | None = None  # None: keep the service's places
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    # Taxonomy terms of the record (HSDS): (code, name), read for the axes.
    terms: list[tuple[str, str]] = field(default_factory=list)


# How a row got its axes (Outcome.axes): the origins of AxesOrigin, and two more.
TO_CLASSIFY = "to_classify"  # no axis found: the service is "à classer"
KEPT = "kept"  # the service's axes, chosen by a person, are kept
AXES_HOW = {
    AxesOrigin.FILE: "donnés par le fichier",
    AxesOrigin.TAXONOMY: "déduits de la taxonomie",
    AxesOrigin.THEMATIQUES: "déduits des thématiques",
    AxesOrigin.KEYWORDS: "déduits des mots du service",
    AxesOrigin.DEFAULT: "axe par défaut (--axis)",
    KEPT: "gardés (axes déjà dans relais)",
    TO_CLASSIFY: "à classer",
}


@dataclass
class Outcome:
    label: str
    source_id: str
    status: str  # created, updated, unchanged, rejected
    reason: str = ""
    name: str = ""
    axes: str = ""  # how the axes came: a key of AXES_HOW
    axes_detail: str = ""  # the words, terms or thématiques that told them
    service_id: int | None = None
    axes_codes: list[str] = field(default_factory=list)  # the service's axes after the import


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def axes_counts(self) -> dict[str, int]:
        """How the imported rows (not the rejected ones) got their axes, in AXES_HOW order."""
        counts = dict.fromkeys(AXES_HOW, 0)
        for outcome in self.outcomes:
            if outcome.status != "rejected" and outcome.axes:
                counts[outcome.axes] += 1
        return counts

    @property
    def to_classify(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status != "rejected" and o.axes == TO_CLASSIFY]

    @property
    def created(self) -> int:
        return self._count("created")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "rejected"]


# Shared helpers


def _str(value) -> str:
    return "" if value is None else str(value).strip()


def _float(value, label: str) -> float | None:
    text = _str(value).replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError as error:
        raise ValueError(f"{label} : nombre attendu, pas « {value} »") from error


def axes_from_thematiques(thematiques: Iterable[str], network_axes: list[str]) -> list[str]:
    """Our axes for data·inclusion thématiques: for each thématique, the first axis of
    `THEMATIQUE_AXES` the network uses."""
    axes: list[str] = []
    for code in thematiques:
        for prefix, candidates in data_inclusion.THEMATIQUE_AXES:
            if code == prefix or code.startswith(prefix + "--"):
                found = next((a for a in candidates if a in network_axes), None)
                if found and found not in axes:
                    axes.append(found)
                break
    return axes


@dataclass(frozen=True)
class AxesGuess:
    """The axes inferred for a row, how (an AxesOrigin, or TO_CLASSIFY) and from what."""

    axes: list[str]
    origin: str
    detail: str = ""


def infer_axes(
    *,
    name: str,
    description: str = "",
    thematiques: Iterable[str] = (),
    terms: Iterable[tuple[str, str]] = (),
    network_axes: list[str],
    default_axes: Iterable[str] = (),
) -> AxesGuess:
    """The axes of a service whose file gives none, in this order (docs/interop.md):

    1. taxonomy terms (HSDS): a term whose code is an axis of the network, or whose name is
       a kind of service of the keyword table (`classify`), e.g. "Hébergement d'urgence";
    2. the words of the service's name (`classify.guess_axes`): "Abri de nuit…";
    3. its data·inclusion thématiques (`axes_from_thematiques`);
    4. the words of its description;
    5. the `--axis` default;
    otherwise no axis: the service is imported "à classer".

    The name comes before the thématiques because thématiques are themes, not kinds of
    services: "travail de rue" and "accueil de jour" share "remobilisation--lien-social".
    """
    network_axes = list(network_axes)
    axes: list[str] = []
    told: list[str] = []
    for code, label in terms:
        if code in v.THEMATIQUE_CODES:
            continue  # read as a thématique (step 3)
        if code in network_axes:
            found = [code]
        else:
            text = label or code.replace("-", " ").replace("_", " ")
            found = classify.guess_axes(name=text, network_axes=network_axes).axes
        if found:
            axes += [a for a in found if a not in axes]
            told.append(label or code)
    if axes:
        return AxesGuess(axes, AxesOrigin.TAXONOMY, ", ".join(f"« {t} »" for t in told))
    guess = classify.guess_axes(name=name, network_axes=network_axes)
    if guess.axes:
        return AxesGuess(guess.axes, AxesOrigin.KEYWORDS, f"« {guess.phrase} » dans le nom")
    thematiques = list(thematiques)
    axes = axes_from_thematiques(thematiques, network_axes)
    if axes:
        return AxesGuess(axes, AxesOrigin.THEMATIQUES, ", ".join(thematiques))
    guess = classify.guess_axes(name="", description=description, network_axes=network_axes)
    if guess.axes:
        return AxesGuess(guess.axes, AxesOrigin.KEYWORDS, f"« {guess.phrase} » dans la description")
    axes = [a for a in default_axes if a in network_axes]
    if axes:
        return AxesGuess(axes, AxesOrigin.DEFAULT)
    return AxesGuess([], TO_CLASSIFY)


# ISO 639-3 (and 639-2/B) codes of the languages we know → our ISO 639-1 codes.
LANGUAGE_ALIASES = {
    "fra": "fr", "fre": "fr", "nld": "nl", "dut": "nl", "deu": "de", "ger": "de",
    "eng": "en", "ara": "ar", "ukr": "uk", "ron": "ro", "rum": "ro", "rus": "ru",
    "spa": "es", "ita": "it", "por": "pt", "tur": "tr", "pol": "pl", "fas": "fa",
    "per": "fa", "pus": "ps", "tir": "ti", "som": "so", "sqi": "sq", "alb": "sq",
    "bul": "bg", "lin": "ln", "wln": "wa",
}  # fmt: skip


def _languages(codes: Iterable[str], row: Row) -> list[str]:
    languages = []
    for code in codes:
        code = _str(code).lower()
        code = LANGUAGE_ALIASES.get(code, code)
        if code in v.LANGUAGES:
            if code not in languages:
                languages.append(code)
        elif code:
            row.warnings.append(f"langue ignorée : {code}")
    return languages


# data·inclusion


def _belgian_address(address: str) -> tuple[str, str, str] | None:
    """Our export's Belgian postal line "Rue de Fer 42, 5000 Namur, Belgique" → parts."""
    match = re.match(r"^(?:(.*), )?(\d{4}) ([^,]+), Belgique$", address or "")
    if not match:
        return None
    return (match.group(1) or "", match.group(2), match.group(3))


def _errors_text(error: pydantic.ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'enregistrement'} : {e['msg']}"
        for e in error.errors()
    )


def read_data_inclusion(data) -> list[Row]:
    """A data·inclusion file: `{"structures": [...], "services": [...]}` (as our two export
    endpoints give them), a data·inclusion API page `{"items": [...]}`, or a list of
    services each with its `structure` nested."""
    structures: list = []
    if isinstance(data, dict) and isinstance(data.get("services"), list):
        services, structures = data["services"], data.get("structures") or []
    elif isinstance(data, dict) and isinstance(data.get("items"), list):
        services = data["items"]
    elif isinstance(data, list):
        services = data
    else:
        raise ImportFileError(
            "Fichier data·inclusion attendu : une liste de services, "
            '{"structures": [...], "services": [...]} ou une page {"items": [...]}.'
        )
    by_id = {s.get("id"): s for s in structures if isinstance(s, dict)}
    rows = []
    for index, record in enumerate(services, start=1):
        row = Row(label=f"service {index}")
        rows.append(row)
        if not isinstance(record, dict):
            row.error = "enregistrement illisible (objet JSON attendu)"
            continue
        row.source_id, row.name = _str(record.get("id")), _str(record.get("nom"))
        if row.source_id:
            row.label += f" ({row.source_id})"
        try:
            service = di.Service.model_validate(record)
        except pydantic.ValidationError as error:
            row.error = f"non conforme à data·inclusion : {_errors_text(error)}"
            continue
        structure_data = record.get("structure") or by_id.get(service.structure_id)
        if not isinstance(structure_data, dict):
            row.error = f"structure inconnue : {service.structure_id}"
            continue
        try:
            structure = di.Structure.model_validate(structure_data)
        except pydantic.ValidationError as error:
            row.error = f"structure non conforme à data·inclusion : {_errors_text(error)}"
            continue
        _fill_from_data_inclusion(row, service, structure)
    return rows


def _fill_from_data_inclusion(row: Row, service: di.Service, structure: di.Structure) -> None:
    slug = ""
    prefix = f"{data_inclusion.SOURCE}--"
    if structure.id.startswith(prefix):
        slug = structure.id[len(prefix) :]
    row.organisation = OrganisationRef(
        name=structure.nom,
        identifier=structure.siret or "",
        slug=slug,
        email=structure.courriel or "",
        phone=structure.telephone or "",
        website=str(structure.site_web) if structure.site_web else "",
        address=structure.adresse or "",
        postcode=structure.code_postal or "",
        municipality=structure.commune or "",
    )
    modes = {m.value for m in service.modes_mobilisation or ()}
    by = {p.value for p in service.mobilisable_par or ()}
    access = []
    if di.ModeMobilisation.SE_PRESENTER.value in modes:
        access.append(v.AccessMode.WALK_IN.value)
    if di.ModeMobilisation.TELEPHONER.value in modes:
        access.append(v.AccessMode.PHONE.value)
    if by == {di.PersonneMobilisatrice.PROFESSIONNELS.value}:
        access.append(v.AccessMode.REFERRAL.value)
    description, area = service.description, ""
    mark = description.rfind(data_inclusion.MOBILE_MARK)
    if mark >= 0 and description.endswith("."):
        description, area = (
            description[:mark],
            description[mark + len(data_inclusion.MOBILE_MARK) : -1],
        )
    row.fields = {
        "name": service.nom,
        "description": description,
        "thematiques": sorted(t.value for t in service.thematiques or ()),
        "publics": sorted(p.value for p in service.publics or ()),
        "conditions": service.conditions_acces or "",
        "cost": v.Cost.PARTICIPATION.value
        if service.frais == di.Frais.PAYANT
        else v.Cost.FREE.value,
        "cost_details": (service.frais_precisions or "")[:200],
        "access_modes": access,
        "phone": service.telephone or "",
        "email": service.courriel or "",
        "opening_hours": service.horaires_accueil or "",
    }
    address, postcode, municipality = (
        service.adresse or "",
        service.code_postal or "",
        service.commune or "",
    )
    if not postcode and (parts := _belgian_address(address)):
        address, postcode, municipality = parts[0], parts[1], municipality or parts[2]
    row.locations = []
    if address or (municipality and not area):
        row.locations.append(
            {
                "name": service.complement_adresse or "",
                "address": address,
                "postcode": postcode,
                "municipality": municipality,
                "latitude": service.latitude,
                "longitude": service.longitude,
            }
        )
    if area:
        row.locations.append(
            {
                "is_mobile": True,
                "area_served": area[:300],
                "postcode": "" if address else postcode,
                "municipality": "" if address else municipality,
            }
        )


# HSDS


def read_hsds(data, *, today=None) -> list[Row]:
    """An HSDS file: a list of services, an API page (`contents`), or one service. `today`
    (default: the local date) decides which dated schedules have ended."""
    today = today or timezone.localdate()
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        services = data["contents"]
    elif isinstance(data, list):
        services = data
    elif isinstance(data, dict) and "name" in data and "id" in data:
        services = [data]
    else:
        raise ImportFileError(
            'Fichier HSDS attendu : une liste de services ou une page {"contents": [...]}.'
        )
    rows = []
    for index, record in enumerate(services, start=1):
        row = Row(label=f"service {index}")
        rows.append(row)
        if not isinstance(record, dict):
            row.error = "enregistrement illisible (objet JSON attendu)"
            continue
        row.source_id, row.name = _str(record.get("id")), _str(record.get("name"))
        if row.source_id:
            row.label += f" ({row.source_id})"
        try:
            _fill_from_hsds(row, record, today)
        except ValueError as error:
            row.error = str(error)
    return rows


def _terms(record: dict) -> dict[str, list[tuple[str, str]]]:
    """Attributes by taxonomy: {taxonomy: [(code, value), ...]}."""
    terms: dict[str, list[tuple[str, str]]] = {}
    for attribute in record.get("attributes") or []:
        if not isinstance(attribute, dict):
            continue
        term = attribute.get("taxonomy_term") or {}
        taxonomy = _str(term.get("taxonomy") or attribute.get("link_type"))
        code = _str(term.get("code"))
        if code:
            terms.setdefault(taxonomy, []).append((code, _str(attribute.get("value"))))
    return terms


def _hsds_cost(record: dict, terms) -> tuple[str, str]:
    fees = _str(record.get("fees_description") or record.get("fees"))
    if terms.get(hsds.TAXONOMY_COST):
        cost = terms[hsds.TAXONOMY_COST][0][0]
        details = re.sub(r"^(Gratuit\.|Participation financière\s*(:|\.)?)\s*", "", fees)
        return cost, details[:200]
    paid = any(
        isinstance(o, dict) and (o.get("amount") or 0) > 0 for o in record.get("cost_options") or []
    )
    if not fees and not paid:
        return v.Cost.FREE.value, ""
    if not paid and re.search(r"\b(gratuit|gratuite|free|gratis|kosteloos)\b", fees, re.I):
        return v.Cost.FREE.value, fees[:200]
    return v.Cost.PARTICIPATION.value, fees[:200]


OUR_TAXONOMIES = ("relais-", "data-inclusion-", "openstreetmap-")


def _foreign_terms(record: dict) -> list[tuple[str, str]]:
    """The taxonomy terms of another producer's vocabulary, as (code, name): from the
    `attributes` (HSDS 3.0) and from a `taxonomy_terms` list (older feeds)."""
    found: list[tuple[str, str]] = []
    terms = [
        (attribute.get("taxonomy_term") or {}, attribute.get("link_type"))
        for attribute in record.get("attributes") or []
        if isinstance(attribute, dict)
    ]
    terms += [(term, "") for term in record.get("taxonomy_terms") or [] if isinstance(term, dict)]
    for term, link_type in terms:
        if not isinstance(term, dict):
            continue
        taxonomy = _str(term.get("taxonomy") or link_type)
        if taxonomy.startswith(OUR_TAXONOMIES):
            continue
        code, name = _str(term.get("code")), _str(term.get("name") or term.get("term"))
        if (code or name) and (code, name) not in found:
            found.append((code, name))
    return found


def _hsds_schedules(record: dict) -> list[dict]:
    """The schedules of the service, of its service_at_locations and of their locations."""
    found = list(record.get("schedules") or [])
    for sal in record.get("service_at_locations") or []:
        if isinstance(sal, dict):
            found += sal.get("schedules") or []
            found += (sal.get("location") or {}).get("schedules") or []
    return [s for s in found if isinstance(s, dict)]


def _hsds_hours(record: dict, terms, row: Row, today) -> tuple[str, str]:
    """(opening_hours, hours in words) of an HSDS service: our exact OpenStreetMap string when
    the record carries it (its description-only schedules as words), else the translation of
    its schedules (`schedules.translate_schedules`), whose warnings go to the report."""
    found = _hsds_schedules(record)
    for _code, value in terms.get(hsds.TAXONOMY_OPENING_HOURS, []):
        try:
            validate_opening_hours(value)
        except ValidationError:
            row.warnings.append("attribut opening_hours illisible : horaires repris des plannings")
        else:
            words = [
                schedules.schedule_words(s)
                for s in found
                if not _str(s.get("opens_at"))
                and not _str(s.get("closes_at"))
                and _str(s.get("notes")) != hsds.RULES_WORDS_NOTE  # the attribute says it
            ]
            return value, "\n".join(w for w in words if w)
    try:
        translation = schedules.translate_schedules(found, today=today)
    except ValueError as error:
        raise ValueError(f"horaires : {error}") from error
    row.warnings += [f"horaires : {warning}" for warning in translation.warnings]
    return translation.opening_hours, "\n".join(translation.words)


def _hsds_organisation(data) -> OrganisationRef:
    if not isinstance(data, dict) or not _str(data.get("name")):
        raise ValueError("organisation : nom manquant")
    ref = OrganisationRef(
        name=_str(data["name"]), email=_str(data.get("email")), website=_str(data.get("website"))
    )
    for identifier in data.get("organization_identifiers") or []:
        kind = _str(identifier.get("identifier_type")).lower()
        scheme = _str(identifier.get("identifier_scheme")).upper()
        value = _str(identifier.get("identifier"))
        if kind == "slug" and scheme == "RELAIS":
            ref.slug = value
        elif kind in ("siret", "bce", "kbo") or scheme in ("FR-SIRET", "BE-BCE_KBO"):
            ref.identifier = value
    return ref


def _hsds_locations(record: dict, row: Row) -> list[dict]:
    locations = []
    for sal in record.get("service_at_locations") or []:
        location = (sal or {}).get("location") if isinstance(sal, dict) else None
        if not isinstance(location, dict):
            continue
        addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
        address = next(
            (a for a in addresses if a.get("address_type") == "physical"),
            addresses[0] if addresses else {},
        )
        line = ", ".join(
            p for p in (_str(address.get("address_1")), _str(address.get("address_2"))) if p
        )
        if not line and not _str(address.get("city")):
            row.warnings.append("lieu sans adresse ni commune ignoré")
            continue
        locations.append(
            {
                "name": _str(location.get("name")),
                "address": line,
                "postcode": _str(address.get("postal_code")),
                "municipality": _str(address.get("city")),
                "latitude": _float(location.get("latitude"), "latitude"),
                "longitude": _float(location.get("longitude"), "longitude"),
            }
        )
    for area in record.get("service_areas") or []:
        if isinstance(area, dict) and (_str(area.get("name")) or _str(area.get("description"))):
            locations.append(_hsds_area(area))
    return locations


_MOBILE_PLACE = re.compile(rf"^{re.escape(hsds.MOBILE_DESCRIPTION)} : (?:(\d{{4,5}}) )?(.+)\.$")


def _hsds_area(area: dict) -> dict:
    """A mobile place from a service area (and, in our own export's form, its municipality
    and its centre)."""
    name, description = _str(area.get("name")), _str(area.get("description"))
    place = {"is_mobile": True, "area_served": (name or description)[:300]}
    if match := _MOBILE_PLACE.match(description):
        place.update(postcode=match.group(1) or "", municipality=match.group(2)[:120])
    if _str(area.get("extent_type")).lower() == "geojson":
        try:
            point = json.loads(area.get("extent") or "")
            longitude, latitude = point["coordinates"]
            if point.get("type") == "Point":
                place.update(latitude=float(latitude), longitude=float(longitude))
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # an area's polygon is not a place: the area's name is enough
    return place


def _fill_from_hsds(row: Row, record: dict, today) -> None:
    if not _str(record.get("name")):
        raise ValueError("nom : manquant")
    status = _str(record.get("status")) or "active"
    if status in ("inactive", "defunct"):
        raise ValueError(f"service inactif ou disparu (status : {status})")
    row.organisation = _hsds_organisation(record.get("organization"))
    terms = _terms(record)
    codes = {taxonomy: [c for c, _v in values] for taxonomy, values in terms.items()}
    thematiques = codes.get(hsds.TAXONOMY_THEMATIQUES) or [
        c for values in codes.values() for c in values if c in v.THEMATIQUE_CODES
    ]
    cost, cost_details = _hsds_cost(record, terms)
    phones = [p for p in record.get("phones") or [] if isinstance(p, dict) and p.get("number")]
    for sal in record.get("service_at_locations") or []:
        if isinstance(sal, dict):
            phones += [
                p for p in sal.get("phones") or [] if isinstance(p, dict) and p.get("number")
            ]
    row.fields = {
        "name": _str(record["name"]),
        "description": _str(record.get("description")),
        "thematiques": list(dict.fromkeys(thematiques)),
        "publics": codes.get(hsds.TAXONOMY_PUBLICS, []),
        "welcomes": codes.get(hsds.TAXONOMY_WELCOMES, []),
        "access_modes": codes.get(hsds.TAXONOMY_ACCESS, []),
        "conditions": _str(record.get("eligibility_description")),
        "languages": _languages(
            [lang.get("code") for lang in record.get("languages") or [] if isinstance(lang, dict)],
            row,
        ),
        "cost": cost,
        "cost_details": cost_details,
        "phone": _str(phones[0]["number"]) if phones else "",
        "email": _str(record.get("email")),
        "website": _str(record.get("url")),
    }
    row.fields["opening_hours"], row.fields["hours_text"] = _hsds_hours(record, terms, row, today)
    row.fields["hours_text"] = row.fields["hours_text"][:1000]
    row.terms = _foreign_terms(record)
    if hsds.TAXONOMY_AXES in codes:
        row.fields["axes"] = codes[hsds.TAXONOMY_AXES]
    for unit, value in terms.get(hsds.TAXONOMY_CAPACITY, [])[:1]:
        if value.isdigit():
            row.fields.update(capacity=int(value), capacity_unit=unit)
    row.locations = _hsds_locations(record, row)


# CSV

CSV_REQUIRED = ("source_id", "name", "organisation")
CSV_COLUMNS = (
    "source_id",
    "name",
    "organisation",
    "organisation_id",
    "organisation_slug",
    "description",
    "axes",
    "thematiques",
    "publics",
    "welcomes",
    "conditions",
    "languages",
    "cost",
    "cost_details",
    "access_modes",
    "location_name",
    "address",
    "postcode",
    "municipality",
    "lat",
    "lon",
    "mobile",
    "area_served",
    "opening_hours",
    "hours_text",
    "phone",
    "email",
    "website",
    "capacity",
    "capacity_unit",
    "visibility",
)
CSV_LISTS = ("axes", "thematiques", "publics", "welcomes", "access_modes")
CSV_TEXTS = (
    "description",
    "conditions",
    "cost_details",
    "opening_hours",
    "hours_text",
    "phone",
    "email",
    "website",
)
CSV_PLACE = (
    "location_name",
    "address",
    "postcode",
    "municipality",
    "lat",
    "lon",
    "mobile",
    "area_served",
)
COST_VALUES = {
    "free": "free",
    "gratuit": "free",
    "participation": "participation",
    "payant": "participation",
}
VISIBILITY_VALUES = {
    "public": "public",
    "professionals": "professionals",
    "professionnels": "professionals",
    "pro": "professionals",
}
YES = {"1", "oui", "yes", "true", "vrai", "o", "y", "x"}
NO = {"", "0", "non", "no", "false", "faux", "n"}


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def read_csv(text: str) -> tuple[list[Row], list[str]]:
    """CSV with a header line (`,` or `;` separated, UTF-8); columns in docs/interop.md.
    Returns the rows and the warnings about the file (ignored columns)."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise ImportFileError("Fichier CSV vide.")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    header = [(h or "").strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise ImportFileError("Colonnes obligatoires manquantes : " + ", ".join(missing) + ".")
    unknown = [c for c in header if c and c not in CSV_COLUMNS]
    warnings = [f"colonnes ignorées : {', '.join(unknown)}"] if unknown else []
    rows = []
    line = 1
    for record in reader:
        start, line = line + 1, reader.line_num
        values = {k: _str(val) for k, val in record.items() if k}
        if not any(values.values()):
            continue
        row = Row(
            label=f"ligne {start}",
            source_id=values.get("source_id", ""),
            name=values.get("name", ""),
        )
        rows.append(row)
        if None in record:
            row.error = "plus de valeurs que de colonnes"
            continue
        try:
            _fill_from_csv(row, values, header)
        except ValueError as error:
            row.error = str(error)
    return rows, warnings


def _fill_from_csv(row: Row, values: dict, header: list[str]) -> None:
    row.organisation = OrganisationRef(
        name=values["organisation"],
        identifier=values.get("organisation_id", ""),
        slug=values.get("organisation_slug", ""),
    )
    if not row.organisation.name:
        raise ValueError("organisation : manquante")
    fields: dict = {"name": values["name"]}
    for column in CSV_TEXTS:
        if column in header:
            fields[column] = values[column]
    for column in CSV_LISTS:
        if column in header:
            fields[column] = _split(values[column])
    if "languages" in header:
        fields["languages"] = _languages(_split(values["languages"]), row)
    if "cost" in header:
        cost = values["cost"].lower()
        if cost and cost not in COST_VALUES:
            raise ValueError(f"coût : valeur inconnue « {values['cost']} » (free ou participation)")
        fields["cost"] = COST_VALUES.get(cost, "free")
    if "visibility" in header:
        visibility = values["visibility"].lower()
        if visibility and visibility not in VISIBILITY_VALUES:
            raise ValueError(
                f"visibilité : valeur inconnue « {values['visibility']} » (public ou professionals)"
            )
        fields["visibility"] = VISIBILITY_VALUES.get(visibility, "public")
    if "capacity" in header:
        capacity = values["capacity"]
        if capacity and not capacity.isdigit():
            raise ValueError(f"capacité : nombre entier attendu, pas « {capacity} »")
        fields["capacity"] = int(capacity) if capacity else None
        fields["capacity_unit"] = values.get("capacity_unit", "") if capacity else ""
    row.fields = fields
    if any(column in header for column in CSV_PLACE):
        mobile_text = values.get("mobile", "").lower()
        if mobile_text not in YES | NO:
            raise ValueError(f"mobile : oui ou non, pas « {values['mobile']} »")
        place = {
            "name": values.get("location_name", ""),
            "is_mobile": mobile_text in YES,
            "area_served": values.get("area_served", ""),
            "address": values.get("address", ""),
            "postcode": values.get("postcode", ""),
            "municipality": values.get("municipality", ""),
            "latitude": _float(values.get("lat"), "lat"),
            "longitude": _float(values.get("lon"), "lon"),
        }
        has_place = any(place[k] for k in ("address", "postcode", "municipality", "area_served"))
        row.locations = [place] if has_place or place["is_mobile"] else []


# Reading a file


def read_file(path: Path | str, fmt: str, *, today=None) -> tuple[list[Row], list[str]]:
    """The rows of a file and the warnings about the file itself (`today`: see read_hsds)."""
    if fmt not in FORMATS:
        raise ImportFileError(f"Format inconnu : {fmt} ({', '.join(FORMATS)}).")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(f"Lecture impossible de {path} : {error}") from error
    if fmt == "csv":
        return read_csv(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"JSON illisible : {error}") from error
    if fmt == "hsds":
        return read_hsds(data, today=today), []
    return read_data_inclusion(data), []


# Upsert


class _Organisations:
    """Finds the organisation of a row (and creates it when none matches), with the names
    of all organisations read once per import."""

    def __init__(self, network: Network, report: Report):
        self.network = network
        self.report = report
        self._by_name: dict[str, list[int]] | None = None

    def _names(self) -> dict[str, list[int]]:
        if self._by_name is None:
            self._by_name = {}
            for pk, name in Organisation.objects.values_list("pk", "name"):
                self._by_name.setdefault(fold(name).strip(), []).append(pk)
        return self._by_name

    def _enterprise_number(self, value: str) -> str:
        countries = [self.network.country] + [c for c in ("BE", "FR") if c != self.network.country]
        for country in countries:
            try:
                return network_validators.normalise_enterprise_number(value, country)
            except ValidationError:
                continue
        raise ValidationError(
            {"organisation": f"numéro d'entreprise (BCE) ou SIRET invalide : « {value} »"}
        )

    def get(self, ref: OrganisationRef) -> Organisation:
        number = self._enterprise_number(ref.identifier) if ref.identifier else ""
        if number:
            found = Organisation.objects.filter(enterprise_number=number).first()
            if found:
                return found
        if ref.slug:
            found = Organisation.objects.filter(slug=ref.slug).first()
            if found and (not ref.name or fold(found.name).strip() == fold(ref.name).strip()):
                return found
        matches = self._names().get(fold(ref.name).strip(), [])
        if len(matches) == 1:
            return Organisation.objects.get(pk=matches[0])
        if len(matches) > 1:
            raise ValidationError(
                {
                    "organisation": f"plusieurs organisations s'appellent « {ref.name} » : "
                    "donnez leur numéro d'entreprise ou leur identifiant (slug)"
                }
            )
        return self._create(ref, number)

    def _create(self, ref: OrganisationRef, number: str) -> Organisation:
        phone = ""
        if ref.phone:
            try:
                phone = network_validators.normalise_phone(ref.phone, self.network.country)
            except ValidationError:
                phone = ""  # the organisation's phone is not the row's business
        try:
            organisation = organisation_create(
                network=self.network,
                data=NewOrganisation(
                    name=ref.name[:200],
                    kind=Organisation.Kind.OTHER,
                    enterprise_number=number if self._valid_here(number) else "",
                    address=ref.address[:200],
                    postcode=ref.postcode[:10],
                    municipality=ref.municipality[:120],
                    phone=phone,
                    email=ref.email,
                    website=ref.website,
                ),
            )
        except ValidationError as error:
            raise ValidationError({"organisation": _reason(error)}) from error
        self._names().setdefault(fold(organisation.name).strip(), []).append(organisation.pk)
        self.report.organisations_created.append(organisation.name)
        return organisation

    def _valid_here(self, number: str) -> bool:
        """Whether the number is valid in the network's country (organisations are created
        in it)."""
        if not number:
            return False
        try:
            network_validators.normalise_enterprise_number(number, self.network.country)
        except ValidationError:
            return False
        return True


def _verbose(name: str) -> str:
    if name == "__all__":
        return ""
    for model in (Service, Location):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def _reason(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        parts = []
        for name, messages in error.message_dict.items():
            label = _verbose(name)
            text = " ".join(messages)
            parts.append(f"{label} : {text}" if label else text)
        return "; ".join(parts)
    return " ".join(error.messages)


def _location_values(location) -> tuple:
    if isinstance(location, dict):
        values = {**dict.fromkeys(LOCATION_FIELDS, ""), "is_mobile": False, **location}
        values["latitude"] = location.get("latitude")
        values["longitude"] = location.get("longitude")
    else:
        values = {f: getattr(location, f) for f in LOCATION_FIELDS}
    return tuple(values[f] if values[f] is not None else None for f in LOCATION_FIELDS)


@dataclass(frozen=True)
class _Upserted:
    status: str
    axes: str
    axes_detail: str
    service_id: int
    axes_codes: list[str]


def _upsert(row: Row, *, network: Network, source: str, default_axes, organisations) -> _Upserted:
    existing = (
        Service.objects.filter(network=network, source=source, source_id=row.source_id)
        .select_related("organisation")
        .first()
    )
    organisation = organisations.get(row.organisation)
    service = existing or Service(network=network, source=source, source_id=row.source_id)
    fields = dict(row.fields)
    if fields.get("axes"):
        how, detail = AxesOrigin.FILE, ""
        fields.update(axes_origin=AxesOrigin.FILE, classified=True)
    else:
        fields.pop("axes", None)
        guess = infer_axes(
            name=_str(fields.get("name")),
            description=_str(fields.get("description")),
            thematiques=fields.get("thematiques") or [],
            terms=row.terms,
            network_axes=network.axes,
            default_axes=default_axes,
        )
        how, detail = guess.origin, guess.detail
        # A guess replaces only a guess: axes chosen by a person (or given by an earlier file)
        # stay, and a service already classified is never made "à classer" again.
        revisable = (
            existing is None
            or not existing.classified
            or existing.axes_origin in AxesOrigin.inferred()
        )
        if revisable and guess.axes:
            fields.update(axes=guess.axes, axes_origin=guess.origin, classified=True)
        elif existing is None or not existing.classified:
            fields.update(axes=[], axes_origin=AxesOrigin.CHOSEN, classified=False)
        else:
            how, detail = KEPT, ""
    if fields.get("phone"):
        try:
            fields["phone"] = network_validators.normalise_phone(fields["phone"], network.country)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
    if fields.get("cost_details"):
        fields["cost_details"] = fields["cost_details"][:200]
    before = {name: getattr(service, name) for name in fields} if existing else None
    before_org = service.organisation_id if existing else None
    for name, value in fields.items():
        setattr(service, name, "" if value is None and name not in ("capacity",) else value)
    service.organisation = organisation
    locations = None
    if row.locations is not None:
        locations = [
            Location(**{k: val for k, val in place.items() if k in LOCATION_FIELDS})
            for place in row.locations
        ]
    if existing is not None:
        same_fields = before == {name: getattr(service, name) for name in fields}
        same_places = locations is None or [_location_values(loc) for loc in locations] == [
            _location_values(loc) for loc in existing.locations.order_by("id")
        ]
        if same_fields and same_places and before_org == organisation.pk:
            return _Upserted("unchanged", how, detail, existing.pk, list(service.axes))
    directory_services.service_save(service=service, locations=locations)
    status = "updated" if existing else "created"
    return _Upserted(status, how, detail, service.pk, list(service.axes))


def import_rows(
    rows: Iterable[Row],
    *,
    network: Network,
    source: str,
    default_axes: Iterable[str] = (),
    report: Report | None = None,
) -> Report:
    """Upsert every row, each in its own savepoint; return what happened to each."""
    report = report or Report()
    organisations = _Organisations(network, report)
    seen: dict[str, str] = {}
    default_axes = list(default_axes)
    for row in rows:
        outcome = Outcome(label=row.label, source_id=row.source_id, status="rejected")
        outcome.name = _str(row.fields.get("name")) or row.name
        report.outcomes.append(outcome)
        report.warnings += [f"{row.label} : {w}" for w in row.warnings]
        if row.error:
            outcome.reason = row.error
            continue
        if not row.source_id:
            outcome.reason = "identifiant à la source manquant"
            continue
        if len(row.source_id) > 200:
            outcome.reason = "identifiant à la source trop long (200 caractères au plus)"
            continue
        if row.source_id in seen:
            outcome.reason = (
                f"identifiant en double dans le fichier (déjà vu : {seen[row.source_id]})"
            )
            continue
        seen[row.source_id] = row.label
        if not outcome.name:
            outcome.reason = "nom : manquant"
            continue
        created_before = len(report.organisations_created)
        try:
            with transaction.atomic():
                done = _upsert(
                    row,
                    network=network,
                    source=source,
                    default_axes=default_axes,
                    organisations=organisations,
                )
            outcome.status, outcome.axes = done.status, done.axes
            outcome.axes_detail, outcome.service_id = done.axes_detail, done.service_id
            outcome.axes_codes = done.axes_codes
        except ValidationError as error:
            outcome.status, outcome.reason = "rejected", _reason(error)
        except (DatabaseError, ValueError, TypeError) as error:
            outcome.status, outcome.reason = "rejected", f"erreur : {error}"
        if outcome.status == "rejected":
            # The organisation created for this row was rolled back with it.
            del report.organisations_created[created_before:]
            organisations._by_name = None
    if report.created or report.updated:
        # A feed of thousands of services must not be searched with the statistics of the
        # tables before it (relais.core.db).
        refresh_statistics(
            [Service, Location, OpeningInterval, Notice, ServiceTranslation, Organisation]
        )
    return report
