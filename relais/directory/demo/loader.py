"""Load the demo services of the five networks, after their organisations (load_demo).

Idempotent: a demo service is keyed on `source="demo"` and `source_id="<network>/<key>"`; it is
saved through `services.service_save` (validation, search text, opening intervals) only when it
is missing or differs from the demo data, so a second run creates and changes nothing and
costs a handful of queries. Dates are relative to the day of the first load: the verification
date is set when the service is created (afterwards it is the organisation's to renew), and a
notice is written when missing and moved forward once it has ended.
"""

from datetime import timedelta

from django.utils import timezone

from relais.accounts.models import User
from relais.directory import services
from relais.directory.models import (
    Location,
    Notice,
    OpeningInterval,
    Service,
    ServiceTranslation,
)
from relais.network.models import Network, Organisation

from . import brabant_wallon, le_mans, luxembourg, mons_borinage, namur
from .base import DemoDirectory, DemoService, Place, service_phone

DIRECTORIES: list[DemoDirectory] = [
    luxembourg.DIRECTORY,
    brabant_wallon.DIRECTORY,
    namur.DIRECTORY,
    mons_borinage.DIRECTORY,
    le_mans.DIRECTORY,
]
SOURCE = "demo"
# Demo accounts recorded as having verified their organisation's services.
VERIFIERS = {"cpas-namur": "admin.cpas-namur", "restos-namur": "admin.restos-namur"}
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


def source_id(directory: DemoDirectory, demo: DemoService) -> str:
    return f"{directory.network}/{demo.key}"


def load_services(tally) -> None:
    """Create or put back the demo services; `tally` counts rows (see network.demo.loader).

    A second run reads the demo services with their networks and organisations, locations,
    translations and notices (four queries) and writes nothing."""
    existing, networks, organisations = {}, {}, {}
    rows = (
        Service.objects.filter(source=SOURCE)
        .select_related("network", "organisation")
        .prefetch_related("locations", "translations", "notices")
    )
    for service in rows:
        existing[service.source_id] = service
        networks[service.network.slug] = service.network
        organisations[service.organisation.slug] = service.organisation
    _complete(networks, Network, {d.network for d in DIRECTORIES})
    _complete(
        organisations,
        Organisation,
        {demo.organisation for d in DIRECTORIES for demo in d.services},
    )
    known = set(existing)
    verifiers: dict[str, User] | None = None
    now, today = timezone.now(), timezone.localdate()
    for directory in DIRECTORIES:
        network = networks[directory.network]
        for index, demo in enumerate(directory.services):
            key = source_id(directory, demo)
            verifier = None
            if key not in known and demo.organisation in VERIFIERS:
                if verifiers is None:
                    verifiers = User.objects.in_bulk(VERIFIERS.values(), field_name="username")
                verifier = verifiers.get(VERIFIERS[demo.organisation])
            service = _service(
                network,
                organisations[demo.organisation],
                directory,
                index,
                demo,
                existing.pop(key, None),
                verifier,
                now,
                tally,
            )
            fresh = key not in known
            _translations(service, demo, fresh, tally)
            _notices(service, demo, fresh, today, tally)
    for stale in existing.values():  # no longer in the demo data
        services.service_delete(service=stale)
        tally.add(Service, created=False)


def _complete(rows: dict, model, slugs: set[str]) -> None:
    """Fetch the networks or organisations that no demo service led to (first run)."""
    missing = slugs - rows.keys()
    if missing:
        rows.update(model.objects.in_bulk(missing, field_name="slug"))
    unknown = slugs - rows.keys()
    if unknown:
        raise LookupError(f"Demo services refer to unknown {model.__name__}: {sorted(unknown)}")


def _values(network, organisation, directory: DemoDirectory, index: int, demo: DemoService):
    capacity_unit = demo.capacity_unit if demo.capacity is not None else ""
    return {
        "organisation_id": organisation.id,
        "name": demo.name,
        "description": demo.description,
        "axes": demo.axes_for(network.axes),
        "thematiques": list(demo.thematiques),
        "publics": list(demo.publics),
        "welcomes": list(demo.welcomes),
        "conditions": demo.conditions,
        "languages": list(demo.languages),
        "cost": demo.cost,
        "cost_details": demo.cost_details,
        "access_modes": list(demo.access_modes),
        "phone": service_phone(directory.phone_prefix, index) if demo.phone else "",
        "email": f"{demo.key}.{directory.network}@example.org" if demo.email else "",
        "website": demo.website,
        "opening_hours": demo.opening_hours,
        "capacity": demo.capacity,
        "capacity_unit": capacity_unit,
        "visibility": "professionals" if demo.professionals else "public",
    }


def _places(organisation: Organisation, demo: DemoService) -> list[dict]:
    places = demo.places or (
        Place(
            organisation.address,
            organisation.postcode,
            organisation.municipality,
            float(organisation.latitude),
            float(organisation.longitude),
        ),
    )
    return [place.values() for place in places]


def _service(
    network, organisation, directory, index, demo, existing, verifier, now, tally
) -> Service:
    values = _values(network, organisation, directory, index, demo)
    places = _places(organisation, demo)
    if existing is None:
        service = Service(
            network=network, source=SOURCE, source_id=source_id(directory, demo), **values
        )
        if demo.verified_days_ago is not None:
            service.verified_at = now - timedelta(days=demo.verified_days_ago)
            service.verified_by = verifier
        services.service_save(service=service, locations=[Location(**place) for place in places])
        tally.add(Service, created=True)
        tally.touch(OpeningInterval)  # materialised by service_save
        tally.add(Location, created=True, count=len(places))
        return service
    service = existing
    changed = {f: v for f, v in values.items() if getattr(service, f) != v}
    if service.verified_at is None and demo.verified_days_ago is not None:
        changed["verified_at"] = now - timedelta(days=demo.verified_days_ago)
    current = [
        {f: getattr(location, f) for f in LOCATION_FIELDS} for location in service.locations.all()
    ]
    if changed or current != places:
        for field, value in changed.items():
            setattr(service, field, value)
        service.network, service.organisation = network, organisation
        services.service_save(
            service=service,
            locations=[Location(**place) for place in places] if current != places else None,
        )
        tally.add(Service, created=False)
        tally.touch(OpeningInterval)
        if current != places:
            tally.add(Location, created=False, count=len(places))
    return service


def _translations(service: Service, demo: DemoService, fresh: bool, tally) -> None:
    if not demo.translations:
        return
    existing = {} if fresh else {t.language: t for t in service.translations.all()}
    for wanted in demo.translations:
        current = existing.get(wanted.language)
        fields = {
            "name": wanted.name,
            "description": wanted.description,
            "conditions": wanted.conditions,
        }
        if current is not None and all(getattr(current, f) == v for f, v in fields.items()):
            continue
        services.translation_save(service=service, language=wanted.language, **fields)
        tally.add(ServiceTranslation, created=current is None)


def _notices(service: Service, demo: DemoService, fresh: bool, today, tally) -> None:
    if not demo.notes:
        return
    existing = {} if fresh else {n.message: n for n in service.notices.all()}
    for note in demo.notes:
        starts_on = today + timedelta(days=note.starts)
        ends_on = today + timedelta(days=note.ends)
        current = existing.get(note.message)
        if current is None:
            services.notice_add(
                service=service,
                starts_on=starts_on,
                ends_on=ends_on,
                message=note.message,
                effect=note.effect,
            )
            tally.add(Notice, created=True)
        elif current.ends_on < today or current.effect != note.effect:
            current.starts_on, current.ends_on, current.effect = starts_on, ends_on, note.effect
            current.full_clean()
            current.save()
            tally.add(Notice, created=False)
