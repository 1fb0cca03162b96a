"""Open Referral HSDS 3.0: services as compiled service objects, paginated lists, and the
conversion of HSDS weekly schedules into OpenStreetMap `opening_hours` (for the importer).

Each exported service nests its organisation, its places (`service_at_locations` with their
location and address; `service_areas` for mobile services), its weekly schedules, phone,
languages, and our vocabularies as `attributes` (taxonomy terms). Identifiers are UUIDs
derived with uuid5 from our ids (`relais.directory.interop.stable_uuid`).

Schedules come from the materialised `OpeningInterval` rows of a regular week: one schedule
per set of days with the same hours, `freq=WEEKLY`, `byday="MO,TU"`, `opens_at`/`closes_at`
in local time of the network ("HH:MM", no offset: Belgian and French offsets change with
daylight saving time; the time zone is in `notes`). A `closes_at` earlier than or equal to
`opens_at` closes the next day: a night shelter is `opens_at=20:00, closes_at=08:00`.
A slot longer than 24 hours is cut at midnight. The exact OpenStreetMap string (with its
public-holiday rules) also travels as the `openstreetmap-opening-hours` attribute.
"""

import json
import math
import re
from datetime import UTC, date, datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

from relais.core.axes import Axis
from relais.directory import hours as hours_module
from relais.directory import vocabularies as v
from relais.directory.models import Location, Notice, Service
from relais.network.models import Organisation

from . import organisation_uuid, phone_international, service_uuid, stable_uuid

HSDS_VERSION = "3.0"
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
DAY = 24 * 60
WEEK = 7 * DAY

# Taxonomies of the attributes (code → label), read back by the importer.
TAXONOMY_AXES = "relais-axes"
TAXONOMY_THEMATIQUES = "data-inclusion-thematiques"
TAXONOMY_PUBLICS = "data-inclusion-publics"
TAXONOMY_WELCOMES = "relais-publics-accueillis"
TAXONOMY_ACCESS = "relais-modes-acces"
TAXONOMY_COST = "relais-cout"
TAXONOMY_CAPACITY = "relais-capacite"
TAXONOMY_OPENING_HOURS = "openstreetmap-opening-hours"

TAXONOMY_NAMES = {
    TAXONOMY_AXES: "Axes des relais sociaux",
    TAXONOMY_THEMATIQUES: "Thématiques data·inclusion",
    TAXONOMY_PUBLICS: "Publics data·inclusion",
    TAXONOMY_WELCOMES: "Qui peut venir",
    TAXONOMY_ACCESS: "Comment venir",
    TAXONOMY_COST: "Coût",
    TAXONOMY_CAPACITY: "Capacité",
    TAXONOMY_OPENING_HOURS: "Horaires au format OpenStreetMap opening_hours",
}

BELGIAN_PROVINCES = [
    (1000, 1299, "Bruxelles-Capitale"),
    (1300, 1499, "Brabant wallon"),
    (1500, 1999, "Brabant flamand"),
    (2000, 2999, "Anvers"),
    (3000, 3499, "Brabant flamand"),
    (3500, 3999, "Limbourg"),
    (4000, 4999, "Liège"),
    (5000, 5999, "Namur"),
    (6000, 6599, "Hainaut"),
    (6600, 6999, "Luxembourg"),
    (7000, 7999, "Hainaut"),
    (8000, 8999, "Flandre-Occidentale"),
    (9000, 9999, "Flandre-Orientale"),
]


def state_province(country: str, postcode: str) -> str:
    """Belgium: the province (from the postcode); France: the département's number."""
    postcode = (postcode or "").strip()
    if not postcode.isdigit():
        return ""
    if country == "BE" and len(postcode) == 4:
        number = int(postcode)
        return next((name for low, high, name in BELGIAN_PROVINCES if low <= number <= high), "")
    if country == "FR" and len(postcode) == 5:
        if postcode.startswith("20"):
            return "2A" if int(postcode) < 20200 else "2B"
        return postcode[:3] if postcode.startswith("97") else postcode[:2]
    return ""


# Export: schedules


def _hhmm(minutes: int) -> str:
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def weekly_slots(intervals) -> list[tuple[int, int]]:
    """Open slots of the week from OpeningInterval rows: touching rows joined, and a slot
    running from Sunday night into Monday morning joined across the end of the week (its end
    is then past 10080)."""
    slots: list[list[int]] = []
    for interval in sorted(intervals, key=lambda i: (i.start, i.end)):
        if slots and interval.start <= slots[-1][1]:
            slots[-1][1] = max(slots[-1][1], interval.end)
        else:
            slots.append([interval.start, interval.end])
    if len(slots) > 1 and slots[0][0] == 0 and slots[-1][1] == WEEK:
        first = slots.pop(0)
        slots[-1][1] = WEEK + first[1]
    return [(start, end) for start, end in slots]


def schedule_pieces(slots) -> list[tuple[int, int, int]]:
    """(day, opens, closes) in minutes from that day's midnight; a slot of at most 24 hours
    is one piece (closes may be past midnight), a longer one is cut at each midnight."""
    pieces = []
    for start, end in slots:
        current = start
        while current < end:
            stop = end if end - current <= DAY else (current // DAY + 1) * DAY
            day = (current // DAY) % 7
            pieces.append((day, current % DAY, current % DAY + (stop - current)))
            current = stop
    return pieces


def _day_names(days: list[int]) -> str:
    """ "Du lundi au vendredi, dimanche" for [0, 1, 2, 3, 4, 6]."""
    parts = []
    for run in _runs(days):
        if len(run) >= 3:
            parts.append(f"du {DAY_NAMES[run[0]]} au {DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _runs(days: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def schedules_for(service: Service, intervals) -> list[dict]:
    """The service's weekly schedules, one per group of days with the same hours."""
    groups: dict[tuple[int, int], list[int]] = {}
    for day, opens, closes in schedule_pieces(weekly_slots(intervals)):
        groups.setdefault((opens, closes), [])
        if day not in groups[(opens, closes)]:
            groups[(opens, closes)].append(day)
    sid = service_uuid(service.pk)
    schedules = []
    for (opens, closes), days in sorted(groups.items(), key=lambda item: (min(item[1]), item[0])):
        days.sort()
        byday = ",".join(DAYS[d] for d in days)
        names = _day_names(days)
        description = f"{names} : de {_hhmm(opens)} à {_hhmm(closes)}"
        if closes > DAY:
            description += " le lendemain"
        elif closes == DAY and opens == 0:
            description = f"{names} : toute la journée"
        schedules.append(
            {
                "id": stable_uuid("service", service.pk, "schedule", byday, opens, closes),
                "service_id": sid,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": byday,
                "opens_at": _hhmm(opens),
                "closes_at": _hhmm(closes),
                "description": description + ".",
                "notes": f"Heures locales ({service.network.time_zone}).",
            }
        )
    return schedules


# Hours that weekly schedules cannot carry travel as schedules with a description only: the
# words of calendar rules ("1er samedi du mois : 10 h – 12 h", also exact in the
# openstreetmap-opening-hours attribute) and the hours in words typed by the organisation.
RULES_WORDS_NOTE = "Horaires en toutes lettres, d'après les horaires OpenStreetMap."
TEXT_NOTE = "Horaires en toutes lettres."


def words_schedules(service: Service) -> list[dict]:
    sid = service_uuid(service.pk)
    found = []
    if service.opening_hours and hours_module.is_irregular(service.opening_hours):
        lines = hours_module.describe(service.opening_hours, "fr", country=service.network.country)
        text = " ; ".join(lines) + "."
        found.append(("rules", text[:1].upper() + text[1:], RULES_WORDS_NOTE))
    if service.hours_text:
        found.append(("text", service.hours_text, TEXT_NOTE))
    return [
        {
            "id": stable_uuid("service", service.pk, "schedule", kind),
            "service_id": sid,
            "description": text,
            "notes": note,
        }
        for kind, text, note in found
    ]


# Export: the service


def _attribute(service: Service, taxonomy: str, code: str, name: str, value: str = "") -> dict:
    term_id = stable_uuid("taxonomy_term", taxonomy, code)
    attribute = {
        "id": stable_uuid("service", service.pk, "attribute", taxonomy, code),
        "link_id": service_uuid(service.pk),
        "link_type": taxonomy,
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": name,
            "description": f"{TAXONOMY_NAMES[taxonomy]} : {name}",
            "taxonomy": taxonomy,
        },
    }
    if value:
        attribute["value"] = value
    return attribute


def _label(choices, code: str) -> str:
    return str(dict(choices).get(code, code))


def _attributes(service: Service) -> list[dict]:
    from data_inclusion.schema.v1 import Public, Thematique

    attributes = [
        _attribute(service, TAXONOMY_AXES, a, _label(Axis.choices, a)) for a in service.axes
    ]
    attributes += [
        _attribute(service, TAXONOMY_THEMATIQUES, t, Thematique(t).label)
        for t in service.thematiques
    ]
    attributes += [
        _attribute(service, TAXONOMY_PUBLICS, p, Public(p).label) for p in service.publics
    ]
    attributes += [
        _attribute(service, TAXONOMY_WELCOMES, w, _label(v.Welcome.choices, w))
        for w in service.welcomes
    ]
    attributes += [
        _attribute(service, TAXONOMY_ACCESS, m, _label(v.AccessMode.choices, m))
        for m in service.access_modes
    ]
    attributes.append(
        _attribute(service, TAXONOMY_COST, service.cost, _label(v.Cost.choices, service.cost))
    )
    if service.capacity is not None and service.capacity_unit:
        attributes.append(
            _attribute(
                service,
                TAXONOMY_CAPACITY,
                service.capacity_unit,
                _label(v.CapacityUnit.choices, service.capacity_unit),
                str(service.capacity),
            )
        )
    if service.opening_hours:
        attributes.append(
            _attribute(
                service,
                TAXONOMY_OPENING_HOURS,
                "opening_hours",
                "Horaires OpenStreetMap",
                service.opening_hours,
            )
        )
    return attributes


def organisation_document(organisation: Organisation) -> dict:
    oid = organisation_uuid(organisation.pk)
    document = {
        "id": oid,
        "name": organisation.name,
        "description": ", ".join(
            p
            for p in (
                _label(Organisation.Kind.choices, organisation.kind).capitalize(),
                organisation.municipality,
            )
            if p
        ),
        "organization_identifiers": [
            {
                "id": stable_uuid("organisation", organisation.pk, "identifier", "slug"),
                "organization_id": oid,
                "identifier_scheme": "relais",
                "identifier_type": "slug",
                "identifier": organisation.slug,
            }
        ],
    }
    if organisation.enterprise_number:
        french = organisation.country == "FR"
        document["organization_identifiers"].append(
            {
                "id": stable_uuid("organisation", organisation.pk, "identifier", "enterprise"),
                "organization_id": oid,
                "identifier_scheme": "FR-SIRET" if french else "BE-BCE_KBO",
                "identifier_type": "siret" if french else "bce",
                "identifier": organisation.enterprise_number,
            }
        )
    if organisation.email:
        document["email"] = organisation.email
    if organisation.website:
        document["website"] = organisation.website
    return document


def _location_document(service: Service, index: int, location: Location) -> dict:
    country = service.network.country
    lid = stable_uuid("service", service.pk, "location", index)
    document = {
        "id": lid,
        "location_type": "physical",
        "organization_id": organisation_uuid(service.organisation_id),
        "addresses": [
            {
                "id": stable_uuid("service", service.pk, "location", index, "address"),
                "location_id": lid,
                "address_1": location.address,
                "city": location.municipality,
                "state_province": state_province(country, location.postcode),
                "postal_code": location.postcode,
                "country": country,
                "address_type": "physical",
            }
        ],
    }
    if location.name:
        document["name"] = location.name
    if location.latitude is not None and location.longitude is not None:
        document["latitude"] = location.latitude
        document["longitude"] = location.longitude
    return document


MOBILE_DESCRIPTION = "Service mobile (travail de rue, maraude)"


def _area_document(service: Service, index: int, location: Location) -> dict:
    """A mobile service's area: its name, the municipality in the description ("Service
    mobile (travail de rue, maraude) : 5000 Namur."), its centre as a GeoJSON point."""
    place = f"{location.postcode} {location.municipality}".strip()
    document = {
        "id": stable_uuid("service", service.pk, "area", index),
        "service_id": service_uuid(service.pk),
        "name": location.area_served,
        "description": f"{MOBILE_DESCRIPTION} : {place}." if place else f"{MOBILE_DESCRIPTION}.",
    }
    if location.latitude is not None and location.longitude is not None:
        document["extent"] = json.dumps(
            {"type": "Point", "coordinates": [location.longitude, location.latitude]}
        )
        document["extent_type"] = "geojson"
    return document


def _notices_text(notices: list[Notice], today: date) -> tuple[str, bool]:
    """The alert (notices running or to come) and whether a closing notice runs today."""
    lines, closed = [], False
    for notice in notices:
        if notice.ends_on < today:
            continue
        if notice.effect == Notice.Effect.CLOSED and notice.starts_on <= today:
            closed = True
        lines.append(
            f"Du {date_format(notice.starts_on, 'SHORT_DATE_FORMAT')} "
            f"au {date_format(notice.ends_on, 'SHORT_DATE_FORMAT')} : {notice.message}"
        )
    return "\n".join(lines), closed


def _fees(service: Service) -> str:
    if service.cost == v.Cost.FREE:
        return "Gratuit." + (f" {service.cost_details}" if service.cost_details else "")
    return "Participation financière" + (
        f" : {service.cost_details}" if service.cost_details else "."
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def service_document(service: Service, *, today: date | None = None) -> dict:
    """The compiled HSDS service object of one service (locations, intervals and notices
    prefetched, see `public_services`)."""
    with translation.override("fr"):
        return _service_document(service, today or timezone.localdate())


def _service_document(service: Service, today: date) -> dict:
    sid = service_uuid(service.pk)
    locations = list(service.locations.all())
    alert, closed = _notices_text(list(service.notices.all()), today)
    document: dict = {
        "id": sid,
        "organization_id": organisation_uuid(service.organisation_id),
        "name": service.name,
        "description": service.description,
        "status": "temporarily closed" if closed else "active",
        "fees_description": _fees(service),
        "last_modified": _iso(service.updated_at),
    }
    if service.email:
        document["email"] = service.email
    if service.website:
        document["url"] = service.website
    if service.conditions:
        document["eligibility_description"] = service.conditions
    if service.access_modes:
        document["application_process"] = (
            ", ".join(_label(v.AccessMode.choices, m) for m in service.access_modes).capitalize()
            + "."
        )
    if service.welcomes == [v.Welcome.YOUNG_ADULTS]:
        document.update(minimum_age=18, maximum_age=25)
    elif service.welcomes == [v.Welcome.MINORS]:
        document["maximum_age"] = 17
    if service.verified_at:
        document["assured_date"] = timezone.localdate(service.verified_at).isoformat()
    if alert:
        document["alert"] = alert
    number = phone_international(service.phone, service.network.country)
    document["phones"] = (
        [
            {
                "id": stable_uuid("service", service.pk, "phone"),
                "service_id": sid,
                "number": number,
                "type": "voice",
            }
        ]
        if number
        else []
    )
    document["schedules"] = schedules_for(service, service.intervals.all()) + words_schedules(
        service
    )
    document["service_areas"] = [
        _area_document(service, index, location)
        for index, location in enumerate(locations)
        if location.is_mobile
    ]
    document["service_at_locations"] = [
        {
            "id": stable_uuid("service", service.pk, "service_at_location", index),
            "service_id": sid,
            "location_id": stable_uuid("service", service.pk, "location", index),
            "location": _location_document(service, index, location),
        }
        for index, location in enumerate(locations)
        if not location.is_mobile
    ]
    document["languages"] = [
        {
            "id": stable_uuid("service", service.pk, "language", code),
            "service_id": sid,
            "name": v.LANGUAGES.get(code, code),
            "code": code,
        }
        for code in service.languages
    ]
    document["organization"] = organisation_document(service.organisation)
    document["attributes"] = _attributes(service)
    return document


def services_page(services, *, page: int, per_page: int) -> dict:
    """One page of services, as HSDS's paginated `/services`."""
    total = services.count()
    total_pages = max(1, math.ceil(total / per_page))
    offset = (page - 1) * per_page
    today = timezone.localdate()
    contents = (
        [service_document(s, today=today) for s in services[offset : offset + per_page]]
        if offset < total
        else []
    )
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# Import: HSDS schedules → OpenStreetMap opening_hours

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def parse_time(value: str) -> int:
    """Minutes since midnight of "HH:MM", "HH:MM:SS", with or without an offset (ignored:
    times are taken as local times of the network)."""
    match = _TIME.match((value or "").strip())
    if not match:
        raise ValueError(f"heure illisible « {value} »")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"heure illisible « {value} »")
    return hours * 60 + minutes


def _osm_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _osm_range(opens: int, closes: int) -> str:
    if closes <= DAY:
        return f"{_osm_time(opens)}-{_osm_time(closes)}"
    if closes - DAY < opens:  # past midnight: the usual "20:00-08:00"
        return f"{_osm_time(opens)}-{_osm_time(closes - DAY)}"
    return f"{_osm_time(opens)}-{_osm_time(closes)}"  # extended time: "08:00-32:00"


def _days_selector(days: list[int]) -> str:
    parts = []
    for run in _runs(days):
        if len(run) >= 3:
            parts.append(f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}")
        else:
            parts.extend(OSM_DAYS[d] for d in run)
    return ",".join(parts)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _week_slots(per_day: dict[int, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """The slots of a week (minutes since Monday, split at the end of the week)."""
    ranges = []
    for day, day_ranges in per_day.items():
        for opens, closes in day_ranges:
            start, end = day * DAY + opens, day * DAY + closes
            if end > WEEK:
                ranges += [(start, WEEK), (0, end - WEEK)]
            else:
                ranges.append((start, end))
    return _merge(ranges)


def opening_hours_from_schedules(schedules: list[dict]) -> str:
    """An OpenStreetMap `opening_hours` string from HSDS weekly schedules.

    Understood: `freq` WEEKLY (or absent), `byday` ("MO,TU"), `opens_at` and `closes_at`; a
    closing time earlier than or equal to the opening time is on the next day. Anything
    else (monthly schedules, ranked days, intervals of several weeks) raises ValueError with
    the reason in French. The importer calls it for the weekly part of a service's schedules
    only: `schedules.translate_schedules` handles the rest (calendar rules, words)."""
    per_day: dict[int, list[tuple[int, int]]] = {}
    for schedule in schedules:
        opens_at, closes_at = schedule.get("opens_at"), schedule.get("closes_at")
        if not opens_at and not closes_at:
            continue  # a schedule that only describes itself in words
        if not opens_at or not closes_at:
            raise ValueError("horaire sans heure d'ouverture ou de fermeture")
        freq = (schedule.get("freq") or "WEEKLY").upper()
        if freq != "WEEKLY":
            raise ValueError(
                f"fréquence non prise en charge : {freq} (seulement une semaine type, WEEKLY)"
            )
        if schedule.get("interval") not in (None, 1, "1"):
            raise ValueError("un intervalle de plusieurs semaines n'est pas pris en charge")
        for unsupported in ("bymonthday", "byyearday", "byweekno"):
            if schedule.get(unsupported):
                raise ValueError(f"« {unsupported} » n'est pas pris en charge")
        byday = (schedule.get("byday") or "").replace(" ", "").upper()
        if not byday:
            raise ValueError("horaire sans jours (byday)")
        opens, closes = parse_time(opens_at), parse_time(closes_at)
        if opens == DAY:
            raise ValueError(f"heure d'ouverture illisible « {opens_at} »")
        if closes <= opens:
            closes += DAY
        for token in byday.split(","):
            match = _BYDAY.match(token)
            if not match:
                raise ValueError(f"jour inconnu « {token} »")
            if match.group(1):
                raise ValueError(f"jour avec rang « {token} » non pris en charge")
            per_day.setdefault(DAYS.index(match.group(2)), []).append((opens, closes))
    if not per_day:
        return ""
    per_day = {day: _merge(ranges) for day, ranges in per_day.items()}
    if len(per_day) == 7 and all(r == [(0, DAY)] for r in per_day.values()):
        return "24/7"
    groups: dict[str, list[int]] = {}
    for day in sorted(per_day):
        times = ",".join(_osm_range(o, c) for o, c in per_day[day])
        groups.setdefault(times, []).append(day)
    rules = [f"{_days_selector(days)} {times}" for times, days in groups.items()]
    past_midnight = any(c > DAY for ranges in per_day.values() for _o, c in ranges)
    # A rule after ";" replaces the whole of its days, also what the day before spilled
    # into them: rules with slots past midnight are additional rules (",") instead.
    value = (", " if past_midnight else "; ").join(rules)
    if _merge(hours_module.weekly_slots(value)) != _week_slots(per_day):
        raise ValueError(f"conversion des horaires incohérente : « {value} »")
    return value
