"""The pocket guide in the API: `GET /api/v1/networks/{slug}/guide.pdf` (public, no token).

A router of its own, mounted at `/networks` next to the network API's router.
"""

from typing import Literal

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError

from relais.core.db_routing import replica_reads
from relais.core.pdf import pdf_response
from relais.network import selectors as network_selectors

from . import guide
from .vocabularies import PUBLIC_DIRECTORY_LANGUAGES

router = Router(tags=["directory"])


class GuideQuery(Schema):
    municipality: str = ""
    axis: str = ""
    size: Literal["a6", "a5"] = "a6"
    lang: Literal[tuple(PUBLIC_DIRECTORY_LANGUAGES)] = "fr"  # type: ignore[valid-type]


@router.get(
    "/{slug}/guide.pdf",
    auth=None,
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
@decorate_view(replica_reads)
def network_guide(request, slug: str, filters: Query[GuideQuery]) -> HttpResponse:
    """The network's printable pocket guide (PDF): its public services grouped by axis, with
    addresses, hours in words, phones and a QR code to each online sheet; optionally for one
    `municipality` (name or postcode) or one `axis`, in A6 (default) or A5, in one of the
    public directory's languages."""
    network = network_selectors.network_get(slug=slug)
    if filters.axis and filters.axis not in network.axes:
        raise ValidationError(
            [
                {
                    "loc": ["query", "axis"],
                    "msg": _("Axe hors de la liste du réseau : %(code)s.") % {"code": filters.axis},
                    "type": "value_error",
                }
            ]
        )

    def sheet_url(service) -> str:
        path = reverse("directory:public_service", args=[network.slug, service.pk])
        return request.build_absolute_uri(f"{path}?lang={filters.lang}")

    with translation.override(filters.lang):
        content = guide.guide_pdf(
            network=network,
            sheet_url=sheet_url,
            municipality=filters.municipality,
            axis=filters.axis,
            size=filters.size,
            language=filters.lang,
        )
    return pdf_response(
        content,
        filename=guide.guide_filename(
            network=network, municipality=filters.municipality, axis=filters.axis
        ),
    )
