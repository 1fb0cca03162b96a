"""Public export endpoints, mounted at /api/v1/export (no authentication: public services
only).

- `GET /data-inclusion/structures`, `GET /data-inclusion/services`: data·inclusion records
  (`network`, `include_be`);
- `GET /hsds/`: what this HSDS endpoint is; `GET /hsds/services` (paginated like HSDS's
  `/services`: `page`, `per_page`, `network`, `modified_after`) and
  `GET /hsds/services/{id}` (one compiled service object).
"""

from datetime import datetime
from uuid import UUID

from data_inclusion.schema import v1 as di
from django.conf import settings
from django.http import Http404, JsonResponse
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from relais.core.db_routing import replica_reads
from relais.directory.models import Service
from relais.network.selectors import network_get

from . import PUBLIC, data_inclusion, hsds, public_services, service_id_for_uuid

router = Router(tags=["export"])

JSON_OPTIONS = {"ensure_ascii": False}


def _network(slug: str | None):
    return network_get(slug=slug) if slug else None


class DataInclusionFilters(Schema):
    network: str | None = Field(None, description="identifiant (slug) d'un réseau")
    include_be: bool = Field(
        False,
        description="inclure les enregistrements situés en Belgique (code postal et code "
        "INSEE vides, adresse postale belge complète dans `adresse`)",
    )


@router.get(
    "/data-inclusion/structures",
    auth=None,
    response=list[di.Structure],
    summary="Structures au format data·inclusion",
)
@decorate_view(replica_reads)
def data_inclusion_structures(request, filters: Query[DataInclusionFilters]):
    """The organisations of the exported public services, as data·inclusion structures."""
    records = data_inclusion.structures_export(
        network=_network(filters.network), include_be=filters.include_be
    )
    return JsonResponse(records, safe=False, json_dumps_params=JSON_OPTIONS)


@router.get(
    "/data-inclusion/services",
    auth=None,
    response=list[di.Service],
    summary="Services au format data·inclusion",
)
@decorate_view(replica_reads)
def data_inclusion_services(request, filters: Query[DataInclusionFilters]):
    """The public services as data·inclusion services."""
    records = data_inclusion.services_export(
        network=_network(filters.network),
        include_be=filters.include_be,
        base_url=settings.RELAIS_BASE_URL or request.build_absolute_uri("/").rstrip("/"),
    )
    return JsonResponse(records, safe=False, json_dumps_params=JSON_OPTIONS)


class HsdsFilters(Schema):
    network: str | None = Field(None, description="identifiant (slug) d'un réseau")
    page: int = Field(1, ge=1, description="numéro de la page (à partir de 1)")
    per_page: int = Field(50, ge=1, le=100, description="services par page (100 au plus)")
    modified_after: datetime | None = Field(
        None, description="seulement les services modifiés à partir de cet instant (ISO 8601)"
    )


class HsdsPage(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict]


class HsdsRoot(Schema):
    version: str
    profile: str
    openapi_url: str


@router.get("/hsds/", auth=None, response=HsdsRoot, summary="HSDS : version et profil")
def hsds_root(request):
    """What this HSDS 3.0 endpoint is."""
    return {
        "version": hsds.HSDS_VERSION,
        "profile": "https://docs.openreferral.org/en/latest/hsds/",
        "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
    }


@router.get(
    "/hsds/services",
    auth=None,
    response=HsdsPage,
    summary="Services au format HSDS 3.0 (paginés)",
)
@decorate_view(replica_reads)
def hsds_services(request, filters: Query[HsdsFilters]):
    """A page of public services, each fully nested (organisation, locations, schedules)."""
    services = public_services(network=_network(filters.network))
    if filters.modified_after is not None:
        services = services.filter(updated_at__gte=filters.modified_after)
    page = hsds.services_page(services, page=filters.page, per_page=filters.per_page)
    return JsonResponse(page, json_dumps_params=JSON_OPTIONS)


@router.get(
    "/hsds/services/{service_id}",
    auth=None,
    response=dict,
    summary="Un service au format HSDS 3.0",
)
@decorate_view(replica_reads)
def hsds_service(request, service_id: UUID):
    """One public service as a compiled HSDS service object."""
    # uuid5 does not reverse: compare with the UUID of each public service's id.
    pks = Service.objects.filter(PUBLIC).values_list("pk", flat=True)
    pk = service_id_for_uuid(service_id, pks.iterator(chunk_size=5000))
    if pk is None:
        raise Http404
    service = public_services().get(pk=pk)
    return JsonResponse(hsds.service_document(service), json_dumps_params=JSON_OPTIONS)
