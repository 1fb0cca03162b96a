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

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

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
)
from django.db.models.functions import Coalesce, Sqrt
from django.db.models.lookups import LessThanOrEqual
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.models import NetworkRole, OrganisationRole
from relais.core.axes import Axis
from relais.network.models import Membership, Municipality, Network, Organisation

from . import geocode, grid, search
from . import vocabularies as v
from .models import Location, Notice, Service

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
    public = Q(visibility=v.Visibility.PUBLIC, classified=True)
    user = _user(viewer)
    if user is None:
        return public
    through_organisations = Membership.objects.filter(
        status=Membership.Status.ACTIVE, organisation__roles__user=user
    ).values("network_id")
    through_roles = NetworkRole.objects.filter(user=user).values("network_id")
    coordinated = NetworkRole.objects.filter(user=user, role=NetworkRole.Role.COORDINATOR)
    own = OrganisationRole.objects.filter(user=user).values("organisation_id")
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


def _distance_sq(lat: float, lon: float) -> ExpressionWrapper:
    """Squared equirectangular distance in km² from (lat, lon) to the `latitude`, `longitude`
    of the row (a Location, or a Service's first located place): plain arithmetic, the same
    on SQLite and PostgreSQL (error < 0.1 % within 100 km here)."""
    kx = KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01)
    dx = (F("longitude") - Value(float(lon))) * Value(kx)
    dy = (F("latitude") - Value(float(lat))) * Value(KM_PER_DEGREE)
    return ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())


def _box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def _bounding_box(lat: float, lon: float, radius_km: float) -> Q:
    lat_min, lat_max, lon_min, lon_max = _box(lat, lon, radius_km)
    return Q(latitude__range=(lat_min, lat_max), longitude__range=(lon_min, lon_max))


def _in_cells(lat: float, lon: float, radius_km: float) -> Q:
    """Services whose first located place is in a grid cell that the bounding box of the
    radius touches (`grid`; index on `geo_cell`)."""
    cells = grid.cells_in(*_box(lat, lon, radius_km))
    if cells and isinstance(cells[0], tuple):
        condition = Q()
        for first, last in cells:
            condition |= Q(geo_cell__range=(first, last))
        return condition
    return Q(geo_cell__in=cells)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (for display; the database sorts by the equirectangular
    approximation, which gives the same order at the scale of a network)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _place_condition(*, municipality: str | None, postcode: str | None, known: str | None) -> Q:
    """Services with a location in the place: a fixed location whose municipality (as typed,
    or as relais knows it: `known`) or postcode is the one asked, or a mobile location whose
    municipality is that one or whose area served mentions it."""
    conditions = Q()
    if municipality:
        names = {municipality.strip()}
        if known and geocode.name_key(known) == geocode.name_key(municipality):
            names.add(known)
        fixed = Q()
        mobile = Q()
        for name in names:
            fixed |= Q(municipality__iexact=name)
            mobile |= Q(municipality__iexact=name) | Q(area_served__icontains=name)
        located = Location.objects.filter(Q(is_mobile=False) & fixed).values("service_id")
        roaming = Location.objects.filter(Q(is_mobile=True) & mobile).values("service_id")
        conditions &= Q(id__in=located) | Q(id__in=roaming)
    if postcode:
        postcode = postcode.strip()
        located = Location.objects.filter(postcode=postcode).values("service_id")
        roaming = Location.objects.filter(is_mobile=True, area_served__icontains=postcode).values(
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
    from . import hours

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
    # One small query for the networks: their time zones and countries serve the hours
    # engine (a moment in each network's local time) and the geocoding (the country).
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

    # The conditions and annotations are gathered, then applied at once (each `filter` or
    # `annotate` copies the whole query).
    queryset = services_visible_to(viewer)
    conditions: list = []
    annotations: dict = {}

    # Network and vocabularies.
    if isinstance(network, Network):
        conditions.append(Q(network=network))
    elif network:
        conditions.append(Q(network__slug=network))
    for field, value in (
        ("axes", axis),
        ("thematiques", thematique),
        ("publics", public),
        ("welcomes", welcome),
        ("languages", language),
    ):
        if value:
            conditions.append(Q(search.JSONListHas(field, value)))
    if free is True:
        conditions.append(Q(cost=v.Cost.FREE))
    elif free is False:
        conditions.append(~Q(cost=v.Cost.FREE))

    # Text.
    condition, words = search.text_filter(q, using=queryset.db)
    if condition is not None:
        conditions.append(condition)
        annotations["relevance"] = search.relevance(words)

    # Hours, with the networks read above. When the moment asked for is "now", every result
    # is open now.
    now = now or timezone.now()
    if open_at is not None:
        conditions.append(
            hours.open_at_condition(
                open_at, networks=networks, every_network=True, using=queryset.db
            )
        )
    if open_at is not None and open_at == now:
        annotations["open_now"] = Value(True, output_field=BooleanField())
    else:
        annotations["open_now"] = ExpressionWrapper(
            hours.open_at_condition(now, networks=networks, every_network=True, using=queryset.db),
            output_field=BooleanField(),
        )

    # Places and distances.
    in_place = (
        _place_condition(
            municipality=municipality, postcode=postcode, known=by_name.name if by_name else None
        )
        if named_place
        else None
    )
    if centre is not None:
        lat, lon = centre
        # A service's first located place is in its own row (Service.latitude, longitude:
        # one index, combined with the others'); the few services with several located places
        # (`located_places` > 1, a partial index) are looked up in Location.
        several = Q(located_places__gt=1)
        located = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
        if radius_km is not None:
            r2 = radius_km * radius_km
            own = (
                _in_cells(lat, lon, radius_km)
                & _bounding_box(lat, lon, radius_km)
                & Q(LessThanOrEqual(_distance_sq(lat, lon), r2))
            )
            other = (
                located.filter(_bounding_box(lat, lon, radius_km))
                .annotate(d2=_distance_sq(lat, lon))
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
            .annotate(d2=Min(_distance_sq(lat, lon)))
            .values("d2")
        )
        # The distance to the nearest located place: from the row itself for a service with
        # one place, from Location for the others; evaluated once per row.
        annotations["distance_km"] = Sqrt(
            Case(
                When(several, then=Subquery(nearest, output_field=FloatField())),
                default=_distance_sq(lat, lon),
                output_field=FloatField(),
            )
        )
    elif in_place is not None:
        conditions.append(in_place)

    # Order.
    by_distance = [F("distance_km").asc(nulls_last=True)] if centre is not None else []
    by_relevance = [F("relevance").desc()] if words else []
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
