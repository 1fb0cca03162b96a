"""data·inclusion (data-inclusion-schema v1): export of structures and services, and the
reverse mapping used by `import_services --format data-inclusion`.

Every exported record is built as the package's pydantic model (`Structure`, `Service`), so
it is valid by construction; an optional field our data cannot express in that schema (an
e-mail address its validator refuses, say) is left empty rather than failing the export.

Belgian records: the schema wants French postcodes (5 digits) and INSEE codes. Records in
Belgium (a service of a Belgian network, an organisation in Belgium) are left out unless
`include_be` is true; then `code_postal` and `code_insee` are null, `commune` is the
municipality's name and `adresse` is the full Belgian postal line
("Rue de Fer 42, 5000 Namur, Belgique"), so that no French pipeline mistakes Mons (Hainaut)
for Mons (Var). See docs/interop.md.
"""

import logging
from datetime import date

import pydantic
from data_inclusion.schema import v1 as di
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from relais.core.axes import Axis
from relais.directory import vocabularies as v
from relais.directory.models import Location, Service
from relais.directory.services import fold
from relais.network.models import Municipality, Network, Organisation

from . import first_fixed_location, phone_e164, public_services, service_uuid

logger = logging.getLogger(__name__)

SOURCE = "relais"

# Our axes → data·inclusion thématiques, used when a service names no thématique itself.
AXIS_THEMATIQUES: dict[str, list[str]] = {
    Axis.URGENCE_SOCIALE: ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    Axis.ACCUEIL_DE_JOUR: ["remobilisation--lien-social"],
    Axis.ACCUEIL_DE_NUIT: ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    Axis.TRAVAIL_DE_RUE: ["remobilisation--lien-social"],
    Axis.AIDE_ALIMENTAIRE: ["equipement-et-alimentation--alimentation"],
    Axis.LOGEMENT: ["logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"],
    Axis.ACCUEIL_ECOUTE: ["remobilisation--lien-social"],
    Axis.ACCES_AUX_DROITS: [
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
    ],
    Axis.HYGIENE_SANTE: ["sante--acces-aux-soins"],
    Axis.LIEN_SOCIAL: ["remobilisation--lien-social"],
    Axis.SAVOIRS_DE_BASE: ["lecture-ecriture-calcul--maitriser-le-francais"],
}

# data·inclusion thématiques (exact code, or the part before "--") → our axes, in order of
# preference; the importer keeps the first one the network uses.
THEMATIQUE_AXES: list[tuple[str, list[str]]] = [
    ("equipement-et-alimentation--alimentation", [Axis.AIDE_ALIMENTAIRE, Axis.ACCUEIL_DE_JOUR]),
    ("equipement-et-alimentation", [Axis.ACCUEIL_DE_JOUR, Axis.ACCUEIL_ECOUTE]),
    (
        "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
        [Axis.ACCUEIL_DE_NUIT, Axis.URGENCE_SOCIALE, Axis.LOGEMENT],
    ),
    ("logement-hebergement", [Axis.LOGEMENT, Axis.URGENCE_SOCIALE]),
    ("remobilisation--lien-social", [Axis.ACCUEIL_DE_JOUR, Axis.LIEN_SOCIAL, Axis.ACCUEIL_ECOUTE]),
    ("remobilisation", [Axis.LIEN_SOCIAL, Axis.ACCUEIL_DE_JOUR]),
    ("difficultes-administratives-ou-juridiques", [Axis.ACCES_AUX_DROITS, Axis.URGENCE_SOCIALE]),
    ("difficultes-financieres", [Axis.ACCES_AUX_DROITS, Axis.URGENCE_SOCIALE]),
    ("famille", [Axis.URGENCE_SOCIALE, Axis.ACCUEIL_ECOUTE]),
    ("numerique", [Axis.ACCES_AUX_DROITS, Axis.ACCUEIL_DE_JOUR]),
    ("sante", [Axis.HYGIENE_SANTE, Axis.ACCUEIL_DE_JOUR]),
    ("lecture-ecriture-calcul", [Axis.SAVOIRS_DE_BASE, Axis.ACCUEIL_DE_JOUR]),
]

# Who may come → data·inclusion publics (those with an equivalent; the others are said in
# words in `publics_precisions`).
WELCOME_PUBLICS: dict[str, str] = {
    v.Welcome.WOMEN: di.Public.FEMMES.value,
    v.Welcome.FAMILIES: di.Public.FAMILLES.value,
    v.Welcome.YOUNG_ADULTS: di.Public.JEUNES.value,
    v.Welcome.MINORS: di.Public.JEUNES.value,
    v.Welcome.WITHOUT_PAPERS: di.Public.PERSONNES_EXILEES.value,
    v.Welcome.EVERYONE: di.Public.TOUS_PUBLICS.value,
}

# How to come → modes de mobilisation.
ACCESS_MOBILISATION: dict[str, list[str]] = {
    v.AccessMode.WALK_IN: [di.ModeMobilisation.SE_PRESENTER.value],
    v.AccessMode.PHONE: [di.ModeMobilisation.TELEPHONER.value],
    v.AccessMode.APPOINTMENT: [],  # by phone or e-mail, whichever the service gives
    v.AccessMode.REFERRAL: [],  # mobilisable by professionals
}


# Appended to a mobile service's description (the schema has no mobile places); the
# importer reads it back.
MOBILE_MARK = "\n\nService mobile, zone couverte : "


# Helpers


def _date_maj(moment) -> date:
    """The day of the last change, never after today (the schema refuses future dates)."""
    day = timezone.localdate(moment) if moment else timezone.localdate()
    return min(day, date.today())  # noqa: DTZ011 - the schema compares with date.today()


def _nom(name: str, fallback: str) -> str:
    name = " ".join((name or "").split())
    if len(name) < 3:
        name = f"{name} ({fallback})".strip() if name else fallback
    if len(name) > 150:
        name = name[:149].rstrip() + "…"
    return name


def _text(value: str, min_length: int = 1) -> str | None:
    value = (value or "").strip()
    return value if len(value) >= min_length else None


def is_french(country: str) -> bool:
    return country == "FR"


def insee_codes() -> dict[tuple[str, str], str]:
    """(postcode, folded municipality name) → INSEE code, from the French networks'
    territories (one query). A postcode alone also maps when it names one commune."""
    codes: dict[tuple[str, str], str] = {}
    by_postcode: dict[str, set[str]] = {}
    rows = Municipality.objects.filter(network__country="FR").values_list(
        "postcode", "name", "code"
    )
    for postcode, name, code in rows:
        if len(code or "") == 5:
            codes[(postcode, fold(name))] = code
            by_postcode.setdefault(postcode, set()).add(code)
    for postcode, found in by_postcode.items():
        if len(found) == 1:
            codes.setdefault((postcode, ""), next(iter(found)))
    return codes


def _insee(codes, postcode: str, municipality: str) -> str | None:
    return codes.get((postcode, fold(municipality))) or codes.get((postcode, ""))


def _address_fields(*, country: str, address: str, postcode: str, municipality: str, codes) -> dict:
    if is_french(country):
        postcode = postcode.strip()
        return {
            "adresse": _text(address),
            "code_postal": postcode if len(postcode) == 5 and postcode.isdigit() else None,
            "commune": _text(municipality),
            "code_insee": _insee(codes, postcode, municipality) if postcode else None,
        }
    # Belgium (or elsewhere): no French codes; the full postal line keeps the postcode.
    place = " ".join(p for p in (postcode.strip(), municipality.strip()) if p)
    line = ", ".join(p for p in (address.strip(), place, "Belgique") if p)
    return {
        "adresse": line if (address or place) else None,
        "code_postal": None,
        "commune": _text(municipality),
        "code_insee": None,
    }


def build(model: type[pydantic.BaseModel], fields: dict) -> dict | None:
    """Build the model (valid by construction) and dump it as JSON-ready data.

    An optional field the schema refuses is emptied and the record built again; a record
    whose required fields are refused is left out (and logged)."""
    required = {name for name, f in model.model_fields.items() if f.is_required()}
    for _attempt in range(2):
        try:
            record = model(**fields)
        except pydantic.ValidationError as error:
            refused = {e["loc"][0] for e in error.errors() if e["loc"]}
            if refused & required or not refused:
                logger.warning("data·inclusion: record %s left out: %s", fields.get("id"), error)
                return None
            fields = {**fields, **dict.fromkeys(refused)}
            continue
        data = record.model_dump(mode="json")
        return {k: sorted(val) if isinstance(val, list) else val for k, val in data.items()}
    return None  # pragma: no cover - the second attempt has no optional field left to empty


# Export


def structure_id(organisation: Organisation) -> str:
    return f"{SOURCE}--{organisation.slug}"


def service_id(service: Service) -> str:
    return f"{SOURCE}--{service_uuid(service.pk)}"


def structure_record(organisation: Organisation, *, codes) -> dict | None:
    french = is_french(organisation.country)
    fields = {
        "source": SOURCE,
        "id": structure_id(organisation),
        "nom": _nom(organisation.name, organisation.slug),
        "date_maj": _date_maj(organisation.updated_at),
        "siret": organisation.enterprise_number if french else None,
        "telephone": phone_e164(organisation.phone, organisation.country),
        "courriel": organisation.email or None,
        "site_web": organisation.website or None,
        "latitude": float(organisation.latitude) if organisation.latitude is not None else None,
        "longitude": float(organisation.longitude) if organisation.longitude is not None else None,
        **_address_fields(
            country=organisation.country,
            address=organisation.address,
            postcode=organisation.postcode,
            municipality=organisation.municipality,
            codes=codes,
        ),
    }
    return build(di.Structure, fields)


def _thematiques(service: Service) -> list[str] | None:
    codes = set(service.thematiques)
    if not codes:
        for axis in service.axes:
            codes.update(AXIS_THEMATIQUES.get(axis, []))
    return sorted(codes) or None


def _publics(service: Service) -> list[str] | None:
    codes = set(service.publics) | {
        WELCOME_PUBLICS[w] for w in service.welcomes if w in WELCOME_PUBLICS
    }
    if di.Public.TOUS_PUBLICS.value in codes:
        # "tous-publics" stands alone: nobody is turned away.
        return [di.Public.TOUS_PUBLICS.value]
    return sorted(codes) or None


def _labels(choices, codes) -> str:
    labels = dict(choices)
    return ", ".join(str(labels[c]) for c in codes if c in labels)


def _description(service: Service, mobile: list[Location]) -> str:
    text = (service.description or "").strip()
    if len(text) < 5:
        axes = _labels(Axis.choices, service.axes)
        text = f"{service.name} ({service.organisation.name})" + (f" : {axes}." if axes else ".")
    areas = "; ".join(loc.area_served for loc in mobile if loc.area_served)
    if areas:
        text += f"{MOBILE_MARK}{areas}."
    return text[:10000]


def _mobilisation(service: Service) -> dict:
    modes = set(service.access_modes)
    mobilisation: set[str] = set()
    for mode in modes:
        mobilisation.update(ACCESS_MOBILISATION.get(mode, []))
    if v.AccessMode.APPOINTMENT in modes:
        if service.phone:
            mobilisation.add(di.ModeMobilisation.TELEPHONER.value)
        if service.email:
            mobilisation.add(di.ModeMobilisation.ENVOYER_UN_COURRIEL.value)
    by: set[str] = set()
    if modes:
        by.add(di.PersonneMobilisatrice.PROFESSIONNELS.value)
        if modes - {v.AccessMode.REFERRAL}:
            by.add(di.PersonneMobilisatrice.USAGERS.value)
    precisions = _labels(v.AccessMode.choices, service.access_modes)
    return {
        "modes_mobilisation": sorted(mobilisation) or None,
        "mobilisable_par": sorted(by) or None,
        "mobilisation_precisions": precisions.capitalize() + "." if precisions else None,
    }


def service_page(service: Service, base_url: str) -> str | None:
    """The public sheet of the service on this site (absolute), when the base URL is known."""
    if not base_url:
        return None
    path = reverse("directory:public_service", args=[service.network.slug, service.pk])
    return base_url.rstrip("/") + path


def service_record(service: Service, *, codes, base_url: str = "") -> dict | None:
    country = service.network.country
    locations = list(service.locations.all())
    fixed = first_fixed_location(locations)
    mobile = [loc for loc in locations if loc.is_mobile]
    if fixed is not None:
        place = _address_fields(
            country=country,
            address=fixed.address,
            postcode=fixed.postcode,
            municipality=fixed.municipality,
            codes=codes,
        )
        place.update(
            complement_adresse=_text(fixed.name),
            latitude=fixed.latitude,
            longitude=fixed.longitude,
        )
    else:
        # A mobile service meets people where they are: no address, the municipality only.
        municipality = next((m.municipality for m in mobile if m.municipality), "")
        place = {"commune": _text(municipality)}
    welcomes = _labels(v.Welcome.choices, service.welcomes)
    fields = {
        "source": SOURCE,
        "structure_id": structure_id(service.organisation),
        "id": service_id(service),
        "nom": _nom(service.name, service.organisation.name),
        "description": _description(service, mobile),
        "date_maj": _date_maj(service.updated_at),
        "lien_source": service_page(service, base_url),
        "thematiques": _thematiques(service),
        "frais": di.Frais.GRATUIT.value if service.cost == v.Cost.FREE else di.Frais.PAYANT.value,
        "frais_precisions": _text(service.cost_details),
        "publics": _publics(service),
        "publics_precisions": welcomes.capitalize() + "." if welcomes else None,
        "conditions_acces": _text(service.conditions),
        "telephone": phone_e164(service.phone, country),
        "courriel": service.email or None,
        "modes_accueil": [di.ModeAccueil.EN_PRESENTIEL.value]
        if locations
        else ([di.ModeAccueil.A_DISTANCE.value] if service.phone else None),
        "horaires_accueil": _text(service.opening_hours),
        **_mobilisation(service),
        **place,
    }
    return build(di.Service, fields)


def _country_filter(services: QuerySet[Service], include_be: bool) -> QuerySet[Service]:
    return services if include_be else services.filter(network__country="FR")


def services_export(
    *, network: Network | None = None, include_be: bool = False, base_url: str = ""
) -> list[dict]:
    """The data·inclusion services of the public services (of one network); `base_url`
    (`https://relais.example`) makes `lien_source` the service's public sheet."""
    codes = insee_codes()
    base_url = base_url or settings.RELAIS_BASE_URL
    with translation.override("fr"):
        records = (
            service_record(s, codes=codes, base_url=base_url)
            for s in _country_filter(public_services(network=network, hours=False), include_be)
        )
        return [r for r in records if r is not None]


def structures_export(*, network: Network | None = None, include_be: bool = False) -> list[dict]:
    """The data·inclusion structures: the organisations of the exported services."""
    services = _country_filter(public_services(network=network, hours=False), include_be)
    organisations = Organisation.objects.filter(
        pk__in=services.order_by().values("organisation_id")
    ).order_by("slug")
    codes = insee_codes()
    with translation.override("fr"):
        records = (structure_record(o, codes=codes) for o in organisations)
        return [r for r in records if r is not None]
