"""Synthetic services for benchmarks (`manage.py generate_services`, `bench/directory.py`).

Fast bulk creation: Service, Location, OpeningInterval and Notice rows are built in memory and
written with `bulk_create`, one transaction per batch, instead of calling `service_save` for
each row. What `service_save` would compute is computed the same way: the search text with
`services.search_text_for`, the search columns with `services.set_located_places`, the
intervals (and `week_hours`, `holiday_hours`) with `hours.slots_for` (cached: a few template hour
strings per kind of service). On SQLite the full-text table is kept in sync by its triggers,
which fire on bulk inserts too; PostgreSQL computes its stored search vector itself.

The services are spread over the networks' organisations (active members) and
municipalities, more of them where the network's organisations are, around the
municipality's centre (geocoded from packaged data); kinds, axes, hours, visibility, costs and
languages follow the demo catalogue. Rows are marked `source="synthetic"`.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from relais.core.db import refresh_statistics
from relais.directory import geocode, hours
from relais.directory.models import Location, Notice, OpeningInterval, Service
from relais.directory.services import search_text_for, set_located_places
from relais.network.models import Membership, Network, Organisation

from .catalogue import KINDS

SOURCE = "synthetic"

# How often each kind appears (roughly what a relais social's directory holds).
KIND_WEIGHTS = {
    "abri_de_nuit": 4,
    "plan_hiver": 1,
    "maison_accueil": 4,
    "accueil_de_jour": 8,
    "restaurant_social": 6,
    "colis": 10,
    "epicerie": 5,
    "travail_de_rue": 6,
    "urgence_sociale": 2,
    "permanence_sociale": 12,
    "adresse_reference": 3,
    "douches": 4,
    "soins": 7,
    "psy_mobile": 2,
    "assuetudes": 3,
    "vestiaire": 5,
    "logement_ais": 4,
    "housing_first": 1,
    "mediation_dettes": 4,
    "droits_etrangers": 3,
    "alphabetisation": 5,
    "lien_social": 6,
    "ecoute": 5,
    "numerique": 4,
    "violences": 2,
    "sante_pass": 2,
}

# Names of the kinds, and a few other usual hours for each (besides the kind's default).
LABELS = {
    "abri_de_nuit": "Abri de nuit",
    "plan_hiver": "Accueil hivernal",
    "maison_accueil": "Maison d'accueil",
    "accueil_de_jour": "Accueil de jour",
    "restaurant_social": "Restaurant social",
    "colis": "Colis alimentaires",
    "epicerie": "Épicerie sociale",
    "travail_de_rue": "Travail de rue",
    "urgence_sociale": "Urgence sociale",
    "permanence_sociale": "Permanence sociale",
    "adresse_reference": "Adresse de référence",
    "douches": "Douches et lessive",
    "soins": "Consultations médicales",
    "psy_mobile": "Équipe mobile de santé mentale",
    "assuetudes": "Accueil assuétudes",
    "vestiaire": "Vestiaire social",
    "logement_ais": "Permanence logement",
    "housing_first": "Logement d'abord",
    "mediation_dettes": "Médiation de dettes",
    "droits_etrangers": "Permanence droit des étrangers",
    "alphabetisation": "Cours de français",
    "lien_social": "Café social",
    "ecoute": "Accueil et écoute",
    "numerique": "Espace numérique",
    "violences": "Accueil violences conjugales",
    "sante_pass": "Accès aux soins",
}
OTHER_HOURS = {
    "abri_de_nuit": ["Mo-Su 19:30-08:30", "Mo-Su 21:00-07:30"],
    "accueil_de_jour": ["Mo-Fr 09:00-17:00; Sa 09:00-12:00", "Mo-Fr 08:00-13:00; PH 09:00-12:00"],
    "restaurant_social": ["Mo-Fr 12:00-13:30", "Mo-Sa 11:45-13:15; PH off", "Mo-Fr 18:30-20:00"],
    "colis": ["We 14:00-16:30", "Fr 09:00-11:30", "Mo 13:30-16:30; Th 09:00-11:30"],
    "epicerie": ["Tu,Th 13:30-17:00; Sa 09:30-12:00", "We 14:00-17:00; Fr 09:00-12:00"],
    "travail_de_rue": ["Mo,We 14:00-18:00", "We,Fr 21:00-01:00", "Mo-Fr 10:00-16:00"],
    "permanence_sociale": ["Mo-Fr 09:00-12:00,13:30-16:30; PH off", "Tu,Th 09:00-11:30; PH off"],
    "soins": ["Mo-Fr 08:00-19:00; PH off", "Mo-Fr 08:30-12:30,14:00-18:30; PH off"],
    "lien_social": ["Mo-Fr 14:00-18:00", "We,Sa 09:00-12:00"],
}
MOBILE_KINDS = {"travail_de_rue", "psy_mobile"}
EXTRA_LANGUAGES = ["nl", "en", "de", "ar", "uk", "ro", "es", "it", "tr", "ru", "pt", "pl"]
NOTICES = [
    (-5, 40, "Plan hiver : ouvert jour et nuit.", Notice.Effect.OPEN),
    (-2, 10, "Fermé pour travaux.", Notice.Effect.CLOSED),
    (7, 14, "Fermeture annuelle.", Notice.Effect.CLOSED),
    (0, 0, "Complet ce soir.", Notice.Effect.INFO),
    (-60, -30, "Horaires d'été.", Notice.Effect.INFO),
]


@dataclass
class Report:
    services: int = 0
    locations: int = 0
    intervals: int = 0
    notices: int = 0


@dataclass
class _Territory:
    """Where one network's synthetic services go."""

    network: Network
    organisations: list[Organisation]
    places: list[tuple[str, str, float, float]] = field(default_factory=list)
    weights: list[int] = field(default_factory=list)


def territories(networks: Sequence[Network]) -> list[_Territory]:
    """The organisations and located municipalities of each network.

    Raises ValueError for a network without active member organisations or without any
    municipality that can be geocoded (run `manage.py load_demo` first)."""
    result = []
    for network in networks:
        organisations = list(
            Organisation.objects.filter(
                memberships__network=network, memberships__status=Membership.Status.ACTIVE
            ).order_by("pk")
        )
        if not organisations:
            raise ValueError(f"Le réseau {network.slug} n'a aucune organisation membre.")
        where = {}
        for organisation in organisations:
            key = (organisation.municipality, organisation.postcode)
            where[key] = where.get(key, 0) + 1
        territory = _Territory(network=network, organisations=organisations)
        # Sorted in Python, not by the database's collation: the same seed gives the same
        # services on SQLite and PostgreSQL.
        for name, postcode in sorted(network.municipalities.values_list("name", "postcode")):
            place = _locate(name, postcode, network)
            if place is None:
                continue
            territory.places.append((name, postcode, place.latitude, place.longitude))
            territory.weights.append(1 + 20 * where.get((name, postcode), 0))
        if not territory.places:
            raise ValueError(f"Le réseau {network.slug} n'a aucune commune localisable.")
        result.append(territory)
    return result


def _locate(name: str, postcode: str, network: Network):
    if network.country == "FR":
        return geocode.geocode_municipality(name, network=network) or geocode.geocode_postcode(
            postcode, "FR"
        )
    return geocode.geocode_postcode(postcode, "BE") or geocode.geocode_municipality(
        name, network=network
    )


def generate(
    *,
    count: int,
    networks: Sequence[Network],
    seed: int = 0,
    batch_size: int = 2000,
    progress: Callable[[int], object] | None = None,
) -> Report:
    """Create `count` synthetic services spread evenly over `networks`."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    areas = territories(networks)
    kinds = list(KIND_WEIGHTS)
    kind_weights = [KIND_WEIGHTS[k] for k in kinds]
    now = timezone.now()
    today = timezone.localdate()
    report = Report()
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        rows: list[tuple[Service, Location, list[tuple[bool, int, int]], tuple | None]] = []
        for offset in range(size):
            number = start + offset
            area = areas[number % len(areas)]
            kind = rng.choices(kinds, kind_weights)[0]
            rows.append(_row(rng, area, kind, number, seed, now))
        with transaction.atomic():
            Service.objects.bulk_create([service for service, *_rest in rows])
            locations, intervals, notices = [], [], []
            for service, location, slots, notice in rows:
                location.service_id = service.pk
                locations.append(location)
                intervals += [
                    OpeningInterval(service_id=service.pk, holiday=h, start=s, end=e)
                    for h, s, e in slots
                ]
                if notice is not None:
                    starts, ends, message, effect = notice
                    notices.append(
                        Notice(
                            service_id=service.pk,
                            starts_on=today + timedelta(days=starts),
                            ends_on=today + timedelta(days=ends),
                            message=message,
                            effect=effect,
                        )
                    )
            Location.objects.bulk_create(locations)
            OpeningInterval.objects.bulk_create(intervals)
            Notice.objects.bulk_create(notices)
        report.services += size
        report.locations += len(locations)
        report.intervals += len(intervals)
        report.notices += len(notices)
        if progress is not None:
            progress(size)
    # Without this, the first searches over the new rows are planned with the statistics of
    # the tables before the load (relais.core.db).
    refresh_statistics([Service, Location, OpeningInterval, Notice])
    return report


def _row(rng: random.Random, area: _Territory, kind: str, number: int, seed: int, now):
    defaults = KINDS[kind]
    network = area.network
    organisation = area.organisations[rng.randrange(len(area.organisations))]
    name, postcode, lat, lon = rng.choices(area.places, area.weights)[0]
    axes = [a for a in defaults["axes"] if a in network.axes] or [
        a for a in defaults.get("fallback_axes", ()) if a in network.axes
    ]
    if not axes:
        axes = [network.axes[number % len(network.axes)]]
    opening_hours = rng.choice([defaults["opening_hours"], *OTHER_HOURS.get(kind, [])])
    languages = list(defaults.get("languages", ("fr",)))
    if rng.random() < 0.3:
        extra = rng.choice(EXTRA_LANGUAGES)
        if extra not in languages:
            languages.append(extra)
    unit = defaults.get("capacity_unit", "")
    capacity = None
    if unit and rng.random() < 0.8:
        capacity = rng.randint(5, 40) if unit in {"beds", "places"} else rng.randint(20, 200)
    professionals = defaults.get("professionals", False) or rng.random() < 0.08
    days_ago = rng.randint(0, 420)
    service = Service(
        network=network,
        organisation=organisation,
        name=f"{LABELS[kind]} — {name} n° {number + 1}",
        description=defaults["description"],
        axes=axes,
        thematiques=list(defaults.get("thematiques", ())),
        publics=list(defaults.get("publics", ())),
        welcomes=list(defaults.get("welcomes", ())),
        conditions=defaults.get("conditions", ""),
        languages=languages,
        cost=defaults.get("cost", "free"),
        cost_details=defaults.get("cost_details", ""),
        access_modes=list(defaults.get("access_modes", ("walk_in",))),
        email=f"service-{seed}-{number + 1}@example.org",
        opening_hours=opening_hours,
        capacity=capacity,
        capacity_unit=unit if capacity is not None else "",
        visibility="professionals" if professionals else "public",
        verified_at=None if rng.random() < 0.05 else now - timedelta(days=days_ago),
        source=SOURCE,
    )
    mobile = kind in MOBILE_KINDS
    location = Location(
        is_mobile=mobile,
        area_served=f"{name} et environs" if mobile else "",
        address="" if mobile else f"Rue {rng.choice(STREETS)} {rng.randint(1, 180)}",
        postcode=postcode,
        municipality=name,
        latitude=round(lat + rng.gauss(0, 0.012), 6),
        longitude=round(lon + rng.gauss(0, 0.018), 6),
    )
    service.search_text = search_text_for(service=service, locations=[location])
    set_located_places(service, [location])
    regular, holiday = hours.slots_for(opening_hours, network.country)
    service.week_hours, service.holiday_hours = list(regular), list(holiday)
    slots = [(False, s, e) for s, e in regular] + [(True, s, e) for s, e in holiday]
    notice = rng.choice(NOTICES) if rng.random() < 0.03 else None
    return service, location, slots, notice


STREETS = [
    "de la Gare", "de l'Église", "du Marché", "des Écoles", "du Moulin", "de la Station",
    "Haute", "Basse", "du Pont", "des Tilleuls", "de Bruxelles", "de Namur", "de France",
    "Saint-Nicolas", "du Château", "de la Poste", "des Champs", "Victor Hugo", "Jean Jaurès",
    "de la Libération", "du Parc", "des Alliés", "du Commerce", "de l'Industrie",
]  # fmt: skip
