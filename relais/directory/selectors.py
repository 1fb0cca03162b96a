"""Reads of the directory, always scoped to a viewer.

Who sees what (the predicates below say it again, each in its docstring):

- everyone, logged in or not, sees the services whose visibility is `public`;
- a member of a network sees its `professionals` services too: a user with a role in an
  organisation that is an active member of the network (admin, worker or volunteer), or with
  a role in the network itself (coordinator, DPO);
- the people of an organisation always see their own organisation's services;
- a service "à classer" (imported without axes, `classified=False`) is seen only by the people
  of its organisation and the coordinators of its network, until one of them (an admin of the
  organisation, or a coordinator) chooses its axes;
- only the admins of the organisation that owns a service may change or delete it
  (coordinators read their network's services, they do not edit them).

A service the viewer may not see answers the same 404 as a service that does not exist.

Search (`services_search`) filters and sorts in the database, in a constant number of
queries: see the function's docstring for the rules about places and distances.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Sqrt
from django.db.models.lookups import LessThanOrEqual
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.models import NetworkRole, OrganisationRole
from relais.core.axes import Axis
from relais.core.compiled import DATE, FLOAT, ID, INT, OPTION, TEXT, Compiled, Kind, Uncompilable
from relais.network.models import Membership, Municipality, Network, Organisation

from . import geocode, grid, hours, search
from . import vocabularies as v
from .models import Location, Notice, Service, ServiceTranslation

# --- Who may see and change what ---------------------------------------------------------


def _user(viewer):
    """The viewer as a logged-in user, or None for an anonymous visitor."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    return viewer


def visibility_condition(viewer) -> Q:
    """The condition on Service for what `viewer` may see.

    Allowed to see a service:
    - anyone (anonymous visitors included): `public` services;
    - a member of the service's network (a worker, volunteer or admin of an organisation that
      is an active member, a coordinator or DPO of the network): its `professionals`
      services too;
    - a worker, volunteer or admin of the organisation that owns the service: always;
    - a coordinator of the service's network: always.
    A service "à classer" (`classified=False`) is seen by the last two only.
    Not allowed: members of another network, users without any role, for `professionals`.
    """
    user = _user(viewer)
    return _visibility(user.pk if user is not None else None)


def _visibility(user_id: int | None) -> Q:
    """`visibility_condition` for the user of this id (None: an anonymous visitor)."""
    public = Q(visibility=v.Visibility.PUBLIC, classified=True)
    if user_id is None:
        return public
    through_organisations = Membership.objects.filter(
        status=Membership.Status.ACTIVE, organisation__roles__user_id=user_id
    ).values("network_id")
    through_roles = NetworkRole.objects.filter(user_id=user_id).values("network_id")
    coordinated = NetworkRole.objects.filter(user_id=user_id, role=NetworkRole.Role.COORDINATOR)
    own = OrganisationRole.objects.filter(user_id=user_id).values("organisation_id")
    return (
        public
        | (Q(network_id__in=through_organisations) & Q(classified=True))
        | (Q(network_id__in=through_roles) & Q(classified=True))
        | Q(network_id__in=coordinated.values("network_id"))
        | Q(organisation_id__in=own)
    )


def is_network_member(user, network: Network) -> bool:
    """Whether `user` is a member of `network` (one query).

    Allowed: a user with any role (admin, worker, volunteer) in an organisation that has an
    active membership of the network; a coordinator or DPO of the network.
    Not: anonymous visitors, users of applicant, refused or former members, members of
    another network.
    """
    user = _user(user)
    if user is None:
        return False
    return (
        Network.objects.filter(pk=network.pk)
        .filter(
            Q(
                memberships__status=Membership.Status.ACTIVE,
                memberships__organisation__roles__user=user,
            )
            | Q(roles__user=user)
        )
        .exists()
    )


def services_visible_to(viewer) -> QuerySet[Service]:
    """Every service `viewer` may see (see `visibility_condition`)."""
    return Service.objects.filter(visibility_condition(viewer))


def service_editable_by(user, service: Service) -> bool:
    """Whether `user` may change or delete `service` (one query).

    Allowed: the admins of the organisation that owns the service.
    Not: its workers and volunteers, coordinators and DPOs (they read, they do not edit),
    admins of another organisation, anonymous visitors.
    """
    user = _user(user)
    if user is None:
        return False
    return OrganisationRole.objects.filter(
        user=user, organisation_id=service.organisation_id, role=OrganisationRole.Role.ADMIN
    ).exists()


def services_editable_by(user) -> QuerySet[Service]:
    """The services `user` may change: those of the organisations the user administers."""
    user = _user(user)
    if user is None:
        return Service.objects.none()
    administered = OrganisationRole.objects.filter(
        user=user, role=OrganisationRole.Role.ADMIN
    ).values("organisation_id")
    return Service.objects.filter(organisation_id__in=administered)


def services_to_classify_for(user) -> QuerySet[Service]:
    """The services "à classer" that `user` may classify, by network, organisation and name.

    Allowed: the coordinators of the service's network; the admins of its organisation.
    Not: workers, volunteers, DPOs, members of another network, anonymous visitors.
    """
    user = _user(user)
    if user is None:
        return Service.objects.none()
    coordinated = NetworkRole.objects.filter(user=user, role=NetworkRole.Role.COORDINATOR).values(
        "network_id"
    )
    administered = OrganisationRole.objects.filter(
        user=user, role=OrganisationRole.Role.ADMIN
    ).values("organisation_id")
    return (
        Service.objects.filter(classified=False)
        .filter(Q(network_id__in=coordinated) | Q(organisation_id__in=administered))
        .select_related("network", "organisation")
        .order_by("network__name", "organisation__name", "name", "pk")
    )


def may_classify(user) -> bool:
    """Whether `user` has a page "Services à classer": a coordinator of a network or an admin
    of an organisation (one query). Others (workers, volunteers, DPOs, anonymous): no."""
    user = _user(user)
    if user is None:
        return False
    return (
        NetworkRole.objects.filter(user=user, role=NetworkRole.Role.COORDINATOR).exists()
        or OrganisationRole.objects.filter(user=user, role=OrganisationRole.Role.ADMIN).exists()
    )


def service_to_classify_get(user, service_id) -> Service:
    """One service "à classer" that `user` may classify (`services_to_classify_for`), with
    its locations; otherwise 404 (an unknown id, a classified service, someone else's)."""
    try:
        return (
            services_to_classify_for(user)
            .prefetch_related(Prefetch("locations", queryset=Location.objects.order_by("pk")))
            .get(pk=int(service_id))
        )
    except (Service.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def to_classify_count() -> Coalesce:
    """A subquery counting the services "à classer" the user `OuterRef("pk")` may classify,
    for the menu (annotated on the menu's own query: no query of its own)."""
    coordinated = NetworkRole.objects.filter(
        user=OuterRef(OuterRef("pk")), role=NetworkRole.Role.COORDINATOR
    ).values("network_id")
    administered = OrganisationRole.objects.filter(
        user=OuterRef(OuterRef("pk")), role=OrganisationRole.Role.ADMIN
    ).values("organisation_id")
    counted = (
        Service.objects.filter(classified=False)
        .filter(Q(network_id__in=coordinated) | Q(organisation_id__in=administered))
        .order_by()
        .values("classified")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def organisation_for_admin(user, slug: str) -> Organisation:
    """The organisation `slug` if `user` is one of its admins; otherwise the same 404 as an
    unknown slug (workers, volunteers, coordinators, admins of another organisation)."""
    user = _user(user)
    organisation = None
    if user is not None:
        organisation = Organisation.objects.filter(
            slug=slug, roles__user=user, roles__role=OrganisationRole.Role.ADMIN
        ).first()
    if organisation is None:
        raise Http404
    return organisation


def _detail_queryset(queryset: QuerySet[Service], *, today=None) -> QuerySet[Service]:
    return queryset.select_related("organisation", "network", "verified_by").prefetch_related(
        "locations", "translations", _current_notices(today)
    )


def service_get_for(viewer, service_id) -> Service:
    """One service with its locations, current notices and translations, if
    `viewer` may see it (`visibility_condition`); otherwise 404, as for an unknown id."""
    try:
        return _detail_queryset(services_visible_to(viewer)).get(pk=int(service_id))
    except (Service.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def service_get_for_edit(user, service_id) -> Service:
    """One service if `user` may change it (`service_editable_by`); otherwise 404."""
    try:
        return _detail_queryset(services_editable_by(user)).get(pk=int(service_id))
    except (Service.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _current_notices(today=None) -> Prefetch:
    """Notices still running or to come (a day of margin for time zones), by start date."""
    today = today or timezone.localdate()
    return Prefetch(
        "notices",
        queryset=Notice.objects.filter(ends_on__gte=today - timedelta(days=1)).order_by(
            "starts_on", "ends_on", "pk"
        ),
    )


# --- Search ------------------------------------------------------------------------------


class SearchError(ValueError):
    """A search parameter that cannot be used; `field` names it (the API answers 422)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


logger = logging.getLogger(__name__)

SORTS = ("relevance", "distance", "name")
# Mean radius of the Earth (6371.0088 km) × π / 180: kilometres per degree of latitude.
KM_PER_DEGREE = 111.19508
MAX_RADIUS_KM = 500.0


def _check_code(field: str, value, allowed, message: str):
    if value in (None, ""):
        return None
    if value not in allowed:
        raise SearchError(field, message % {"code": value})
    return value


def _kx(lat: float) -> float:
    """Kilometres per degree of longitude at this latitude."""
    return KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01)


def _distance_sq(lat: float, lon: float, kx: float | None = None) -> ExpressionWrapper:
    """Squared equirectangular distance in km² from (lat, lon) to the `latitude`, `longitude`
    of the row (a Location, or a Service's first located place): plain arithmetic, the same
    on SQLite and PostgreSQL (error < 0.1 % within 100 km here). `kx`: `_kx(lat)`."""
    kx = _kx(lat) if kx is None else kx
    dx = (F("longitude") - Value(float(lon))) * Value(float(kx))
    dy = (F("latitude") - Value(float(lat))) * Value(KM_PER_DEGREE)
    return ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())


def _box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / _kx(lat)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def _in_box(lat_min: float, lat_max: float, lon_min: float, lon_max: float) -> Q:
    return Q(latitude__range=(lat_min, lat_max), longitude__range=(lon_min, lon_max))


def _padded(values: list[int]) -> list[int]:
    """`values` and copies of its last one up to the next power of two: a search compiles its
    query once per number of cells (relais.core.compiled), so about ten numbers serve every
    radius."""
    size = 1
    while size < len(values):
        size *= 2
    return values + values[-1:] * (size - len(values))


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (for display; the database sorts by the equirectangular
    approximation, which gives the same order at the scale of a network)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _place_names(municipality: str | None, known: str | None) -> list[str]:
    """The names a municipality asked for goes by: as typed, and as relais knows it."""
    if not municipality:
        return []
    names = [municipality.strip()]
    if known and known not in names and geocode.name_key(known) == geocode.name_key(municipality):
        names.append(known)
    return names


def _place_condition(
    *, names: list[str], postcodes: list[str], patterns=None, postcode_patterns=None
) -> Q:
    """Services with a location in the place: a fixed location whose municipality is one of
    `names` (a municipality as typed, and as relais knows it) or whose postcode is the one
    asked, or a mobile location whose municipality is that one or whose area served mentions
    it."""
    patterns = names if patterns is None else patterns
    postcode_patterns = postcodes if postcode_patterns is None else postcode_patterns
    conditions = Q()
    if names:
        fixed = Q()
        mobile = Q()
        for name, pattern in zip(names, patterns, strict=True):
            fixed |= Q(municipality__iexact=name)
            mobile |= Q(municipality__iexact=name) | Q(area_served__icontains=pattern)
        located = Location.objects.filter(Q(is_mobile=False) & fixed).values("service_id")
        roaming = Location.objects.filter(Q(is_mobile=True) & mobile).values("service_id")
        conditions &= Q(id__in=located) | Q(id__in=roaming)
    for postcode, pattern in zip(postcodes, postcode_patterns, strict=True):
        located = Location.objects.filter(postcode=postcode).values("service_id")
        roaming = Location.objects.filter(is_mobile=True, area_served__icontains=pattern).values(
            "service_id"
        )
        conditions &= Q(id__in=located) | Q(id__in=roaming)
    return conditions


def _geocode_place(*, municipality, postcode, network, networks):
    """The municipality and the postcode asked for, located (None when unknown).

    A name is looked for in the packaged data of the network's country; a name not found
    there is looked for in the network's territory (its own spellings: one small query).
    """
    country = slug = None
    if isinstance(network, Network):
        country, slug = network.country, network.slug
    elif network:
        slug = network
        country = next((n.country for n in networks if n.slug == network), None)
    by_name = by_code = None
    if municipality:
        by_name = geocode.geocode_municipality(municipality, country=country)
        if by_name is None and slug:
            territory = Municipality.objects.filter(network__slug=slug).values_list(
                "name", "postcode"
            )
            by_name = geocode.geocode_municipality(
                municipality, country=country, territory=territory
            )
    if postcode:
        by_code = geocode.geocode_postcode(postcode)
    return by_name, by_code


def services_search(
    *,
    viewer,
    q: str | None = None,
    network: Network | str | None = None,
    axis: str | None = None,
    thematique: str | None = None,
    public: str | None = None,
    welcome: str | None = None,
    language: str | None = None,
    free: bool | None = None,
    open_at: datetime | None = None,
    near: tuple[float, float] | None = None,
    radius_km: float | None = None,
    municipality: str | None = None,
    postcode: str | None = None,
    sort: str = "relevance",
    now: datetime | None = None,
) -> QuerySet[Service]:
    """The services `viewer` may see that match, as a queryset annotated with:

    - `open_now` (bool): open at `now` (default: the current time), decided in the database
      by the hours engine (`hours.open_at_condition`);
    - `relevance` (int, higher is better) when `q` has words (see `search.relevance`);
    - `distance_km` (float or None) when a point is known: `near`, or the centre of the
      `municipality` / `postcode` asked for. It is the distance to the service's nearest
      location with coordinates.

    Text: every word of `q`, case and accents ignored, the last word as a prefix, in the
    name, description, organisation and municipalities (`search`).
    Lists (`axis`, `thematique`, `public` (data·inclusion publics), `welcome` (who may
    come), `language`): the service lists that code. `free=True`: free services only;
    `free=False`: services asking a participation. `open_at`: open at that moment.

    Places and distances:
    - `municipality` / `postcode` without `radius_km`: the services *in* that place: a fixed
      location there, or a mobile location (street work) covering it;
    - `radius_km`: the services with a located place within that distance of `near`, or of
      the centre of the `municipality` / `postcode` (geocoded) when `near` is not given; the
      services in the named place (above) are always included, so that a mobile team covering
      the municipality, which has no coordinates, is not lost;
    - `near` without `radius_km` nor place: every service with coordinates;
    - mobile services (no coordinates) are therefore left out of "near" results, unless
      their area covers the municipality or postcode asked for.

    Sorting: "relevance" (default: relevance when `q`, then distance when known, then name);
    "distance" (nearest first, services without distance last); "name".
    Raises SearchError (with the parameter's name) for an unknown code or an impossible
    combination (a radius without any point, a place that cannot be geocoded, ...).
    """
    arguments = _search_arguments(
        viewer=viewer,
        q=q,
        network=network,
        axis=axis,
        thematique=thematique,
        public=public,
        welcome=welcome,
        language=language,
        free=free,
        open_at=open_at,
        near=near,
        radius_km=radius_km,
        municipality=municipality,
        postcode=postcode,
        sort=sort,
        now=now,
    )
    return _search_queryset(**arguments)


def _search_arguments(
    *,
    viewer,
    q,
    network,
    axis,
    thematique,
    public,
    welcome,
    language,
    free,
    open_at,
    near,
    radius_km,
    municipality,
    postcode,
    sort,
    now,
) -> dict:
    """The search's parameters checked (SearchError otherwise) and turned into the arguments
    of `_search_queryset`: options, which choose the query's shape, and values, which only
    fill it (see `SEARCH_KINDS`). Reads the networks (one small query: their time zones and
    countries serve the hours and the geocoding) and, for a name not found in the packaged
    data, the network's territory."""
    # Check every parameter before any query.
    axis = _check_code("axis", axis, set(Axis.values), _("Axe inconnu : %(code)s."))
    thematique = _check_code(
        "thematique", thematique, v.THEMATIQUE_CODES, _("Thématique inconnue : %(code)s.")
    )
    public = _check_code("public", public, v.PUBLIC_CODES, _("Public inconnu : %(code)s."))
    welcome = _check_code(
        "welcome", welcome, set(v.Welcome.values), _("Public inconnu : %(code)s.")
    )
    language = _check_code("language", language, set(v.LANGUAGES), _("Langue inconnue : %(code)s."))
    if sort not in SORTS:
        raise SearchError("sort", _("Tri inconnu : %(code)s.") % {"code": sort})
    if radius_km is not None and not (0 < radius_km <= MAX_RADIUS_KM):
        raise SearchError(
            "radius_km",
            _("Le rayon doit être compris entre 0 et %(max)s km.") % {"max": int(MAX_RADIUS_KM)},
        )
    if near is not None and not (-90 <= near[0] <= 90 and -180 <= near[1] <= 180):
        raise SearchError("near", _("Coordonnées hors limites."))
    networks = list(Network.objects.only("id", "slug", "time_zone", "country"))
    named_place = bool(municipality or postcode)
    by_name, by_code = _geocode_place(
        municipality=municipality, postcode=postcode, network=network, networks=networks
    )
    centre = near
    if centre is None and named_place:
        located_place = by_code or by_name
        centre = located_place.point if located_place else None
        if centre is None and radius_km is not None:
            field = "postcode" if postcode else "municipality"
            raise SearchError(field, _("Lieu inconnu : indiquez une commune ou un code postal."))
    if radius_km is not None and centre is None:
        raise SearchError(
            "radius_km", _("Un rayon demande un point, une commune ou un code postal.")
        )
    if sort == "distance" and centre is None:
        raise SearchError("sort", _("Le tri par distance demande un point de départ."))

    user = _user(viewer)
    words = search.query_words(q)
    now = now or timezone.now()
    open_at_plan = (
        hours.open_plan(open_at, networks=networks, every_network=True) if open_at else None
    )
    # When the moment asked for is "now", every result is open now.
    now_plan = (
        None
        if open_at is not None and open_at == now
        else hours.open_plan(now, networks=networks, every_network=True)
    )
    cells: list = []
    rows: list[int] = []
    point: list[float] = []
    radius: list[float] = []
    if centre is not None:
        lat, lon = float(centre[0]), float(centre[1])
        point = [lat, lon, _kx(lat)]
        if radius_km is not None:
            box = _box(lat, lon, radius_km)
            radius = [*box, float(radius_km) * float(radius_km)]
            found = grid.cells_in(*box)
            if found and isinstance(found[0], tuple):
                rows = [cell for pair in found for cell in pair]
            else:
                cells = _padded(list(found))
    # SQLite: the cells of a radius search with words go into the full-text query (see
    # `grid`), not into a condition on `geo_cell`.
    text_cells: list[int] = []
    if words and cells and connections[router.db_for_read(Service)].vendor == "sqlite":
        text_cells, cells = sorted(set(cells)), []
    names = _place_names(municipality, by_name.name if by_name else None)
    postcodes = [postcode.strip()] if postcode else []
    arguments = {
        "user": [user.pk] if user is not None else [],
        "network_id": [network.pk] if isinstance(network, Network) else [],
        "network_slug": [network] if network and not isinstance(network, Network) else [],
        "axis": [axis] if axis else [],
        "thematique": [thematique] if thematique else [],
        "public": [public] if public else [],
        "welcome": [welcome] if welcome else [],
        "language": [language] if language else [],
        "free": free,
        "text": [(tuple(words), tuple(text_cells))] if words else [],
        "spellings": search.all_spellings(words),
        "point": point,
        "radius": radius,
        "cells": cells,
        "cell_rows": rows,
        "place_names": names,
        "place_patterns": names,
        "postcodes": postcodes,
        "postcode_patterns": postcodes,
        "sort": sort,
    }
    for prefix, plan in (("open_at", open_at_plan), ("open_now", now_plan)):
        minutes, days, ids = plan.flat() if plan is not None else ([], [], [])
        arguments |= {
            prefix: plan.shape() if plan is not None else None,
            f"{prefix}_minutes": minutes,
            f"{prefix}_days": days,
            f"{prefix}_networks": ids,
        }
    return arguments


def _open_q(shape, minutes, days, ids, using: str) -> Q:
    return hours.open_condition(hours.OpenPlan.from_parts(shape, minutes, days, ids), using=using)


def _search_queryset(
    *,
    user,
    network_id,
    network_slug,
    axis,
    thematique,
    public,
    welcome,
    language,
    free,
    text,
    spellings,
    point,
    radius,
    cells,
    cell_rows,
    place_names,
    place_patterns,
    postcodes,
    postcode_patterns,
    sort,
    open_at,
    open_at_minutes,
    open_at_days,
    open_at_networks,
    open_now,
    open_now_minutes,
    open_now_days,
    open_now_networks,
) -> QuerySet[Service]:
    """The search's queryset from `_search_arguments` (see `services_search`). Builds only;
    every value it is given ends up a parameter of the SQL, so that the query can be
    compiled once per shape (`relais.core.compiled`)."""
    queryset = Service.objects.filter(_visibility(user[0] if user else None))
    using = queryset.db
    conditions: list = []
    annotations: dict = {}

    # Network and vocabularies.
    if network_id:
        conditions.append(Q(network_id=network_id[0]))
    elif network_slug:
        conditions.append(Q(network__slug=network_slug[0]))
    for field, value in (
        ("axes", axis),
        ("thematiques", thematique),
        ("publics", public),
        ("welcomes", welcome),
        ("languages", language),
    ):
        if value:
            conditions.append(Q(search.JSONListHas(field, value[0])))
    if free is True:
        conditions.append(Q(cost=v.Cost.FREE))
    elif free is False:
        conditions.append(~Q(cost=v.Cost.FREE))

    # Text.
    if text:
        words, text_cells = text[0]
        if connections[using].vendor == "postgresql":
            conditions.append(Q(search.TextMatch(list(words))))
        else:
            conditions.append(Q(pk__in=search.MatchingIds(list(words), text_cells)))
        annotations["relevance"] = search.relevance_of(spellings)

    # Hours.
    if open_at is not None:
        conditions.append(_open_q(open_at, open_at_minutes, open_at_days, open_at_networks, using))
    if open_now is None:
        annotations["open_now"] = Value(True, output_field=BooleanField())
    else:
        annotations["open_now"] = ExpressionWrapper(
            _open_q(open_now, open_now_minutes, open_now_days, open_now_networks, using),
            output_field=BooleanField(),
        )

    # Places and distances.
    named_place = bool(place_names or postcodes)
    in_place = (
        _place_condition(
            names=place_names,
            patterns=place_patterns,
            postcodes=postcodes,
            postcode_patterns=postcode_patterns,
        )
        if named_place
        else None
    )
    if point:
        lat, lon, kx = point
        # A service's first located place is in its own row (Service.latitude, longitude and
        # its grid cell: an index, combined with the others'); the few services with several
        # located places (`located_places` > 1, a partial index) are looked up in Location.
        several = Q(located_places__gt=1)
        located = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
        if radius:
            lat_min, lat_max, lon_min, lon_max, r2 = radius
            if cells:
                in_cells = Q(geo_cell__in=cells)
            else:
                in_cells = Q()
                for first, last in zip(cell_rows[::2], cell_rows[1::2], strict=True):
                    in_cells |= Q(geo_cell__range=(first, last))
            own = (
                in_cells
                & _in_box(lat_min, lat_max, lon_min, lon_max)
                & Q(LessThanOrEqual(_distance_sq(lat, lon, kx), r2))
            )
            other = (
                located.filter(_in_box(lat_min, lat_max, lon_min, lon_max))
                .annotate(d2=_distance_sq(lat, lon, kx))
                .filter(d2__lte=r2)
                .values("service_id")
            )
            within = own | (several & Q(id__in=other))
            conditions.append(within | in_place if in_place else within)
        elif in_place is not None:
            conditions.append(in_place)
        else:
            conditions.append(Q(located_places__gt=0))
        nearest = (
            located.filter(service_id=OuterRef("pk"))
            .order_by()
            .values("service_id")
            .annotate(d2=Min(_distance_sq(lat, lon, kx)))
            .values("d2")
        )
        # The distance to the nearest located place: from the row itself for a service with
        # one place, from Location for the others; evaluated once per row.
        annotations["distance_km"] = Sqrt(
            Case(
                When(several, then=Subquery(nearest, output_field=FloatField())),
                default=_distance_sq(lat, lon, kx),
                output_field=FloatField(),
            )
        )
    elif in_place is not None:
        conditions.append(in_place)

    # Order.
    by_distance = [F("distance_km").asc(nulls_last=True)] if point else []
    by_relevance = [F("relevance").desc()] if text else []
    if sort == "distance":
        order = [*by_distance, *by_relevance]
    elif sort == "relevance":
        order = [*by_relevance, *by_distance]
    else:
        order = []
    return (
        queryset.filter(*conditions)
        .annotate(**annotations)
        .select_related("organisation", "network")
        .defer("search_text")
        .order_by(*order, "name", "pk")
    )


# --- Pages of results ----------------------------------------------------------------------


@dataclass
class ServicePage:
    """One page of results: the total `count` and the services of the page, with their
    organisation, network, locations (and, as asked, current notices) loaded."""

    count: int
    items: list[Service]
    page: int
    page_size: int

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


MAX_PAGE_SIZE = 100


def services_page(
    queryset: QuerySet[Service],
    *,
    page: int = 1,
    page_size: int = 20,
    hours: bool = True,
    today=None,
) -> ServicePage:
    """A page of `queryset` (from `services_search`) in at most four queries:

    1. the ids of the page, its sort keys (`relevance`, `distance_km`) and the total count (a
       window function), in the search's order: every result of the search goes through
       this query (the sort and the count need them all), so it carries nothing else;
    2. the page's services by id, with their organisation, network and the search's other
       annotations (`open_now`, and whatever the caller added), for these 20 rows only;
    3. and 4. their locations and current notices (`hours=False`: no notices, for the API
       list; the weekly slots are in the service's own row).

    A page after the last one costs one more query, for the count; an empty first page costs
    only the first query.
    """
    page = max(1, int(page))
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    offset = (page - 1) * page_size
    annotations = queryset.query.annotations
    keys = [name for name in ("relevance", "distance_km") if name in annotations]
    ranked = list(
        queryset.annotate(total_count=Window(Count("pk"))).values_list("pk", "total_count", *keys)[
            offset : offset + page_size
        ]
    )
    if not ranked:
        count = queryset.count() if page > 1 else 0
        return ServicePage(count=count, items=[], page=page, page_size=page_size)
    prefetch: list = [Prefetch("locations", queryset=Location.objects.order_by("pk"))]
    if hours:
        prefetch.append(_current_notices(today))
    others = {name: value for name, value in annotations.items() if name not in keys}
    by_id = {
        service.pk: service
        for service in Service.objects.filter(pk__in=[row[0] for row in ranked])
        .annotate(**others)
        .select_related("organisation", "network")
        .defer("search_text")
        .prefetch_related(*prefetch)
    }
    items = []
    for pk, _total, *values in ranked:
        service = by_id[pk]
        for name, value in zip(keys, values, strict=True):
            setattr(service, name, value)
        items.append(service)
    return ServicePage(count=ranked[0][1], items=items, page=page, page_size=page_size)


# --- A page of search results, its queries compiled once per shape ------------------------
#
# The search builds a large query (visibility, text, vocabularies, hours, places, distance,
# order): building and compiling it through the ORM costs more Python than the database
# spends running it (docs/performance.md). Its structure depends only on which filters are
# asked (the options below); the rest are values. So the page's two queries are compiled once
# per process and shape (relais.core.compiled: the ORM still writes the SQL, from sentinel
# values; every request binds its own values as parameters), and a shape that cannot be
# compiled falls back to `services_page(services_search(...))`, which returns the same page.

TEXT_QUERY = Kind(
    "text query", lambda n: ((TEXT.sentinel(n),), ()), lambda value, c: search.text_query(value, c)
)
JSON_CODE = Kind("json code", TEXT.sentinel, lambda value, c: search.json_code_parameter(value, c))
IEXACT = Kind("iexact", TEXT.sentinel, lambda value, c: c.ops.prep_for_iexact_query(value))
CONTAINS = Kind("contains", TEXT.sentinel, lambda value, c: f"%{c.ops.prep_for_like_query(value)}%")
# Minutes of the week are compared with small integer columns: sentinels in their range.
MINUTE = Kind("minute", lambda n: 20_000 + n, lambda value, c: int(value))
# Grid cells (`Service.geo_cell`, an IntegerField: PostgreSQL's backend binds them as int4).
CELL = Kind(
    "cell",
    INT.sentinel,
    lambda value, c: c.ops.adapt_integerfield_value(int(value), "IntegerField"),
)

SEARCH_KINDS = {
    "user": [ID],
    "network_id": [ID],
    "network_slug": [TEXT],
    "axis": [JSON_CODE],
    "thematique": [JSON_CODE],
    "public": [JSON_CODE],
    "welcome": [JSON_CODE],
    "language": [JSON_CODE],
    "free": OPTION,
    "text": [TEXT_QUERY],
    "spellings": [TEXT],
    "point": [FLOAT],
    "radius": [FLOAT],
    "cells": [CELL],
    "cell_rows": [CELL],
    "place_names": [IEXACT],
    "place_patterns": [CONTAINS],
    "postcodes": [TEXT],
    "postcode_patterns": [CONTAINS],
    "sort": OPTION,
    "open_at": OPTION,
    "open_at_minutes": [MINUTE],
    "open_at_days": [DATE],
    "open_at_networks": [ID],
    "open_now": OPTION,
    "open_now_minutes": [MINUTE],
    "open_now_days": [DATE],
    "open_now_networks": [ID],
}
_SORT_KEYS = ("relevance", "distance_km")
_OPEN_NOW_ARGUMENTS = ("open_now", "open_now_minutes", "open_now_days", "open_now_networks")
_WITHOUT_OPEN_NOW = {
    "open_now": None,
    "open_now_minutes": [],
    "open_now_days": [],
    "open_now_networks": [],
}


def _ranked_queryset(*, offset: int, size: int, **arguments):
    """The page's ids, sort keys and total count (the first query of a page)."""
    queryset = _search_queryset(**arguments)
    keys = [name for name in _SORT_KEYS if name in queryset.query.annotations]
    return queryset.annotate(total_count=Window(Count("pk"))).values("pk", "total_count", *keys)[
        offset : offset + size
    ]


def _page_rows_queryset(
    *, ids, local, open_now, open_now_minutes, open_now_days, open_now_networks
):
    """The page's services by id, with their organisation, network, `open_now` and, for a
    language other than French, `local_name` (the second query of a page)."""
    queryset = Service.objects.filter(pk__in=ids)
    using = queryset.db
    if open_now is None:
        state = Value(True, output_field=BooleanField())
    else:
        state = ExpressionWrapper(
            _open_q(open_now, open_now_minutes, open_now_days, open_now_networks, using),
            output_field=BooleanField(),
        )
    annotations = {"open_now": state}
    if local:
        annotations["local_name"] = _local_name(local[0])
    return (
        queryset.annotate(**annotations)
        .select_related("organisation", "network")
        .defer("search_text")
    )


def _local_name(language: str) -> Subquery:
    """The service's name in `language` (None when its organisation has not translated it)."""
    translated = ServiceTranslation.objects.filter(service=OuterRef("pk"), language=language)
    return Subquery(translated.values("name")[:1])


_RANKED = Compiled(Service, _ranked_queryset, offset=OPTION, size=OPTION, **SEARCH_KINDS)
_PAGE_ROWS = Compiled(
    Service,
    _page_rows_queryset,
    ids=[ID],
    local=[TEXT],
    open_now=OPTION,
    open_now_minutes=[MINUTE],
    open_now_days=[DATE],
    open_now_networks=[ID],
)
_SEARCH_DEFAULTS = {
    "q": None,
    "network": None,
    "axis": None,
    "thematique": None,
    "public": None,
    "welcome": None,
    "language": None,
    "free": None,
    "open_at": None,
    "near": None,
    "radius_km": None,
    "municipality": None,
    "postcode": None,
    "sort": "relevance",
    "now": None,
}


def services_search_page(
    *,
    page: int = 1,
    page_size: int = 20,
    hours: bool = True,
    today=None,
    local_language: str | None = None,
    **filters,
) -> ServicePage:
    """A page of `services_search(**filters)`: the same services in the same order with the
    same total and annotations as `services_page(services_search(**filters), …)`, in at most
    five queries (the networks, the page's ids and total, its services, their locations and
    current notices), compiled once per process and shape. `local_language`: each service
    also gets its `local_name` in that language (None when not translated; French needs
    none). Raises SearchError like `services_search`."""
    arguments = _search_arguments(**{**_SEARCH_DEFAULTS, **filters})
    page = max(1, int(page))
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    local = [local_language] if local_language and local_language != "fr" else []
    try:
        # `open_now` is not in the first query (it serves the page's rows only).
        ranked = _RANKED(
            offset=(page - 1) * page_size, size=page_size, **(arguments | _WITHOUT_OPEN_NOW)
        )
        if not ranked:
            count = _search_queryset(**arguments).count() if page > 1 else 0
            return ServicePage(count=count, items=[], page=page, page_size=page_size)
        rows = _PAGE_ROWS(
            ids=_padded([row["pk"] for row in ranked]),
            local=local,
            **{name: arguments[name] for name in _OPEN_NOW_ARGUMENTS},
        )
    except EmptyResultSet:  # a condition no service can meet (no network yet, say)
        return ServicePage(count=0, items=[], page=page, page_size=page_size)
    except Uncompilable:
        logger.warning("directory search: a shape that cannot be compiled", exc_info=True)
        queryset = _search_queryset(**arguments)
        if local:
            queryset = queryset.annotate(local_name=_local_name(local[0]))
        return services_page(queryset, page=page, page_size=page_size, hours=hours, today=today)
    by_id = {service.pk: service for service in rows}
    items = []
    for row in ranked:
        service = by_id[row["pk"]]
        for name in _SORT_KEYS:
            if name in row:
                setattr(service, name, row[name])
        items.append(service)
    prefetch: list = [Prefetch("locations", queryset=Location.objects.order_by("pk"))]
    if hours:
        prefetch.append(_current_notices(today))
    prefetch_related_objects(items, *prefetch)
    return ServicePage(count=ranked[0]["total_count"], items=items, page=page, page_size=page_size)


def main_location(service: Service, near: tuple[float, float] | None = None) -> Location | None:
    """The location to show for a service in a list: the nearest one with coordinates when
    a point is known, else the first fixed one, else the first (from prefetched rows)."""
    locations = list(service.locations.all())
    if not locations:
        return None
    if near is not None:
        located = [loc for loc in locations if loc.latitude is not None]
        if located:
            return min(located, key=lambda loc: haversine_km(near, (loc.latitude, loc.longitude)))
    fixed = [loc for loc in locations if not loc.is_mobile]
    return (fixed or locations)[0]
