"""Interoperability of the directory: data·inclusion and Open Referral HSDS 3.0.

- `data_inclusion`: export of structures and services as `data-inclusion-schema` v1 models,
  and the reverse mapping used by the importer;
- `hsds`: export of services as HSDS 3.0 compiled service objects (and paginated lists),
  and HSDS weekly schedules → OpenStreetMap `opening_hours`;
- `importers`: the readers of `manage.py import_services` (data·inclusion, HSDS, CSV) and the
  idempotent upsert through `relais.directory.services.service_save`;
- `api`: the public export endpoints under `/api/v1/export/`.

Only public services are exported. Identifiers exposed outside are UUIDs derived with
`uuid5` from our database ids (see `stable_uuid`), or slugs for organisations.
See docs/interop.md.
"""

import hashlib
import uuid
from collections.abc import Iterable

import phonenumbers
from django.db.models import Prefetch, Q, QuerySet

from relais.directory.models import Location, Notice, OpeningInterval, Service
from relais.directory.vocabularies import Visibility
from relais.network.models import Network

# What every export shows: public services whose axes are chosen (not "à classer").
PUBLIC = Q(visibility=Visibility.PUBLIC, classified=True)

# The namespace of every UUID relais derives for its exports. Never change it: consumers
# match records across harvests by these identifiers.
RELAIS_NAMESPACE = uuid.UUID("6f1d3c2a-8a53-5d0e-9b6a-2f3c6b7a9e41")


def stable_uuid(*parts: object) -> str:
    """A UUID that stays the same for the same path of ids: `stable_uuid("service", 12)`."""
    return str(uuid.uuid5(RELAIS_NAMESPACE, "/".join(str(p) for p in parts)))


def service_uuid(service_id: int) -> str:
    return stable_uuid("service", service_id)


def service_id_for_uuid(wanted: uuid.UUID | str, service_ids: Iterable[int]) -> int | None:
    """The id among `service_ids` whose `service_uuid` is `wanted` (uuid5 does not reverse).

    Compares SHA-1 digests directly (about ten times faster than building each UUID): a
    scan of 100 000 ids takes a fraction of a second. A stored UUID column would make it a
    lookup."""
    target = uuid.UUID(str(wanted)).bytes
    prefix = RELAIS_NAMESPACE.bytes + b"service/"
    # uuid5 keeps the first 16 bytes of the digest and overwrites 4 version and 2 variant bits.
    head, tail = target[:6], target[9:]
    for service_id in service_ids:
        digest = hashlib.sha1(prefix + str(service_id).encode(), usedforsecurity=False).digest()
        if digest[:6] == head and digest[9:16] == tail and service_uuid(service_id) == str(wanted):
            return service_id
    return None


def organisation_uuid(organisation_id: int) -> str:
    return stable_uuid("organisation", organisation_id)


def public_services(*, network: Network | None = None, hours: bool = True) -> QuerySet[Service]:
    """Services anyone may read (visibility `public`, classified: never those "à classer"),
    with what the exports need in a constant number of queries: organisation and network
    joined, locations prefetched, and with `hours` the weekly intervals (regular weeks only)
    and the notices."""
    services = Service.objects.filter(PUBLIC)
    if network is not None:
        services = services.filter(network=network)
    prefetches = [Prefetch("locations", queryset=Location.objects.order_by("id"))]
    if hours:
        prefetches += [
            Prefetch(
                "intervals",
                queryset=OpeningInterval.objects.filter(holiday=False).order_by("start"),
            ),
            Prefetch("notices", queryset=Notice.objects.order_by("starts_on", "id")),
        ]
    return (
        services.select_related("organisation", "network")
        .prefetch_related(*prefetches)
        .order_by("id")
    )


def _phone(value: str, country: str, number_format) -> str | None:
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, country or "BE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, number_format)


def phone_e164(value: str, country: str) -> str | None:
    """`+3281123456`: the number in E.164, or None when it does not parse."""
    return _phone(value, country, phonenumbers.PhoneNumberFormat.E164)


def phone_international(value: str, country: str) -> str | None:
    """`+32 81 12 34 56`, or None when it does not parse."""
    return _phone(value, country, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def first_fixed_location(locations: list[Location]) -> Location | None:
    return next((loc for loc in locations if not loc.is_mobile), None)
