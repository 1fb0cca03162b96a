"""The services API, mounted at /api/v1/services.

Reads are public (no token needed): an anonymous caller sees the public services; a caller
sending a valid bearer token sees what that user may see (professionals-only services of the
networks they are a member of). Writes need a token of an admin of the service's
organisation; anyone else gets 404, as for an unknown service. Endpoints are thin: reads go
through the selectors, writes through `services.service_save` / `service_delete`, and a
refused input is a 422 naming the field, with nothing stored.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.decorators import decorate_view
from ninja.errors import ValidationError

from relais.accounts.auth import BearerToken
from relais.core.db_routing import replica_reads
from relais.network.models import Membership, Network
from relais.network.schemas import axes_out
from relais.network.validators import normalise_phone

from . import hours, selectors, services
from .models import SERVICE_EDITABLE_FIELDS, AxesOrigin, Location, Service
from .schemas import (
    ClassifyIn,
    LocationIn,
    ServiceDetailOut,
    ServiceFilters,
    ServiceIn,
    ServicePageOut,
    ServicePatch,
    ToClassifyOut,
    parse_point,
)


class _Anonymous:
    """The auth result of a request without a token (truthy, so ninja lets it through)."""

    def __bool__(self) -> bool:
        return True


ANONYMOUS = _Anonymous()


class OptionalBearerToken(BearerToken):
    """Public endpoints that also know a logged-in caller.

    Without an `Authorization` header, the caller is anonymous (a session cookie is ignored:
    the API knows tokens only). With a valid bearer token, `request.user` is its user. With
    an invalid, expired or revoked token: 401, so that a client does not silently get the
    anonymous view.

    The OpenAPI schema shows these operations as public (no security requirement: a token
    is not required); their description says that one may be sent.
    """

    def __init__(self) -> None:
        super().__init__()
        del self.openapi_security_schema

    def __call__(self, request):
        if not request.headers.get(self.header):
            request.user = AnonymousUser()
            return ANONYMOUS
        return super().__call__(request)


optional_token = OptionalBearerToken()
router = Router(tags=["services"])


def _unprocessable(errors: list[tuple[list, str]]):
    return ValidationError([{"loc": loc, "msg": msg, "type": "value_error"} for loc, msg in errors])


def _field_errors(error: DjangoValidationError, prefix: list) -> ValidationError:
    """A Django ValidationError as a 422 whose `loc` names the field (under `prefix`)."""
    if hasattr(error, "error_dict"):
        entries = [
            (prefix if field == NON_FIELD_ERRORS else [*prefix, field], message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        entries = [(prefix, message) for message in error.messages]
    return _unprocessable(entries)


# --- Reads ----------------------------------------------------------------------------------


@router.get("", response=ServicePageOut, auth=optional_token)
@decorate_view(replica_reads)
def service_list(request, filters: Query[ServiceFilters]):
    """Search the directory. Every filter is optional; `near` (`lat,lon`) adds `distance_km`
    and sorts by distance. At most 100 results a page.

    No token needed: anonymous callers see the public services. With a bearer token, the
    professionals-only services of the user's networks are included."""
    near = parse_point(filters.near) if filters.near else None
    sort = filters.sort or ("distance" if near else "relevance")
    try:
        page = selectors.services_search_page(
            page=filters.page,
            page_size=filters.page_size,
            hours=False,
            viewer=request.user,
            q=filters.q,
            network=filters.network,
            axis=filters.axis,
            thematique=filters.thematique,
            public=filters.public,
            welcome=filters.welcome,
            language=filters.language,
            free=filters.free,
            open_at=filters.open_at,
            near=near,
            radius_km=filters.radius_km,
            municipality=filters.municipality,
            postcode=filters.postcode,
            sort=sort,
        )
    except selectors.SearchError as error:
        raise _unprocessable([(["query", error.field], error.message)]) from error
    return {"count": page.count, "items": [_item(service, near) for service in page.items]}


def _item(service: Service, near) -> dict:
    location = selectors.main_location(service, near)
    distance = getattr(service, "distance_km", None)
    return {
        "id": service.pk,
        "name": service.name,
        "organisation": service.organisation,
        "network": service.network.slug,
        "axes": axes_out(service.axes),
        "address": location.address if location else "",
        "postcode": location.postcode if location else "",
        "municipality": location.municipality if location else "",
        "lat": location.latitude if location else None,
        "lon": location.longitude if location else None,
        "mobile": bool(location and location.is_mobile),
        "area_served": location.area_served if location else "",
        "opening_hours": service.opening_hours,
        "open_now": bool(service.open_now),
        "visibility": service.visibility,
        "classified": service.classified,
        "distance_km": round(distance, 2) if distance is not None else None,
    }


def _detail(service: Service) -> dict:
    state = hours.open_state(service, timezone.now())
    return {
        **{field: getattr(service, field) for field in _DETAIL_FIELDS},
        "organisation": service.organisation,
        "network": service.network,
        "axes": axes_out(service.axes),
        "hours": hours.describe(
            service.opening_hours,
            translation.get_language() or "fr",
            country=service.network.country,
        ),
        "open_now": state.open_now,
        "next_opening": state.next_opening,
        "closes_at": state.closes_at,
        "locations": list(service.locations.all()),
        "notices": state.notices,
        "translations": list(service.translations.all()),
    }


_DETAIL_FIELDS = ["id", *SERVICE_EDITABLE_FIELDS, "classified", "axes_origin", "verified_at"]


@router.get("/to-classify", response=list[ToClassifyOut])
def services_to_classify(request):
    """The services « à classer » the caller may classify: imported without axes, hidden from
    everyone but their organisation and their network's coordinators. Coordinators see their
    networks', organisation admins their organisations' (others: an empty list). Two
    queries."""
    return [
        {
            "id": service.pk,
            "name": service.name,
            "description": service.description,
            "organisation": service.organisation,
            "network": service.network,
            "network_axes": axes_out(service.network.axes),
            "source": service.source,
            "source_id": service.source_id,
        }
        for service in selectors.services_to_classify_for(request.user)
    ]


@router.get("/{service_id}", response=ServiceDetailOut, auth=optional_token)
@decorate_view(replica_reads)
def service_detail(request, service_id: int):
    """One service with its locations, current notices, hours in words and translations.

    No token needed for a public service; a professionals-only service needs the token of a
    member of its network (otherwise 404)."""
    return _detail(selectors.service_get_for(request.user, service_id))


# --- Writes ---------------------------------------------------------------------------------


_SCALAR_FIELDS = [
    "name",
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
    "email",
    "website",
    "opening_hours",
    "hours_text",
    "capacity",
    "capacity_unit",
    "visibility",
]


def _locations(payload: list[LocationIn]) -> list[Location]:
    """Unsaved locations, each checked so that an error names its place in the list."""
    locations, errors = [], []
    for index, item in enumerate(payload):
        location = Location(
            name=item.name,
            is_mobile=item.mobile,
            area_served=item.area_served,
            address=item.address,
            postcode=item.postcode,
            municipality=item.municipality,
            latitude=item.lat,
            longitude=item.lon,
        )
        try:
            location.full_clean(exclude=["service"])
        except DjangoValidationError as error:
            renamed = {"latitude": "lat", "longitude": "lon", "is_mobile": "mobile"}
            for field, messages in error.message_dict.items():
                loc = ["body", "locations", index]
                if field != NON_FIELD_ERRORS:
                    loc.append(renamed.get(field, field))
                errors += [(loc, message) for message in messages]
        locations.append(location)
    if errors:
        raise _unprocessable(errors)
    return locations


def _apply(service: Service, data: dict) -> None:
    for field in _SCALAR_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field != "capacity":
                raise _unprocessable([(["body", field], _("Ce champ ne peut pas être vide."))])
            setattr(service, field, value)
    if "axes" in data:
        service.axes_origin = AxesOrigin.CHOSEN  # chosen by the caller
    if "phone" in data:
        phone = (data["phone"] or "").strip()
        if phone:
            try:
                phone = normalise_phone(phone, service.network.country)
            except DjangoValidationError as error:
                raise _field_errors(error, ["body", "phone"]) from error
        service.phone = phone


def _save(service: Service, locations: list[Location] | None, user) -> Service:
    try:
        services.service_save(service=service, locations=locations, by=user)
    except DjangoValidationError as error:
        raise _field_errors(error, ["body"]) from error
    return selectors.service_get_for(user, service.pk)


def _network_for(organisation, slug: str | None) -> Network:
    """The network of a new service: `slug` if the organisation is an active member of it,
    else the only network it is an active member of."""
    memberships = Membership.objects.filter(
        organisation=organisation, status=Membership.Status.ACTIVE
    ).select_related("network")
    if slug:
        memberships = memberships.filter(network__slug=slug)
    networks = [membership.network for membership in memberships]
    if len(networks) == 1:
        return networks[0]
    if slug:
        message = _("L'organisation n'est pas membre active de ce réseau.")
    elif networks:
        message = _("L'organisation est membre de plusieurs réseaux : précisez le réseau.")
    else:
        message = _("L'organisation n'est membre active d'aucun réseau.")
    raise _unprocessable([(["body", "network"], message)])


@router.post("", response={201: ServiceDetailOut})
def service_create(request, payload: ServiceIn):
    """Add a service to an organisation the caller administers (others: 404)."""
    organisation = selectors.organisation_for_admin(request.user, payload.organisation)
    network = _network_for(organisation, payload.network)
    data = payload.model_dump(exclude={"organisation", "network", "locations"}, exclude_unset=True)
    service = Service(organisation=organisation, network=network)
    _apply(service, data)
    locations = _locations(payload.locations)
    return Status(201, _detail(_save(service, locations, request.user)))


@router.patch("/{service_id}", response=ServiceDetailOut)
def service_update(request, service_id: int, payload: ServicePatch):
    """Change the fields sent (`locations`, when sent, replaces every location)."""
    service = selectors.service_get_for_edit(request.user, service_id)
    data = payload.model_dump(exclude={"locations"}, exclude_unset=True)
    _apply(service, data)
    locations = _locations(payload.locations) if payload.locations is not None else None
    return _detail(_save(service, locations, request.user))


@router.post("/{service_id}/classify", response=ServiceDetailOut)
def service_classify(request, service_id: int, payload: ClassifyIn):
    """Choose the axes of a service « à classer » (a coordinator of its network or an admin of
    its organisation; others, and services already classified: 404). It then becomes visible
    per its visibility. No axis, or an axis outside the network's: 422 on `axes`."""
    service = selectors.service_to_classify_get(request.user, service_id)
    try:
        services.service_classify(service=service, axes=payload.axes, by=request.user)
    except DjangoValidationError as error:
        raise _field_errors(error, ["body"]) from error
    return _detail(selectors.service_get_for(request.user, service.pk))


@router.delete("/{service_id}", response={204: None})
def service_remove(request, service_id: int):
    """Delete a service of an organisation the caller administers (others: 404)."""
    service = selectors.service_get_for_edit(request.user, service_id)
    services.service_delete(service=service)
    return Status(204, None)
