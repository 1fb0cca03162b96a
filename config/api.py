"""The JSON API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

import logging

from django.core.exceptions import ValidationError
from ninja import NinjaAPI

from relais.accounts.api import router as auth_router
from relais.accounts.auth import BearerToken
from relais.core.pdf import UNAVAILABLE_MESSAGE, PdfUnavailable
from relais.directory.api import router as directory_router
from relais.directory.guide_api import router as guide_router
from relais.directory.interop.api import router as interop_router
from relais.network.api import router as network_router
from relais.persons.api import consents_router
from relais.persons.api import router as persons_router
from relais.persons.me_api import router as me_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="relais API",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    description="API of relais, the information system of the relais sociaux.",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """A service refused the input: 422 with the same shape as request validation errors,
    each entry naming the field (`loc`) it is about."""
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", field], "msg": message, "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        detail = [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PdfUnavailable)
def pdf_unavailable(request, exc: PdfUnavailable):
    """WeasyPrint cannot load Pango on this server (relais.core.pdf): 503, not a server error."""
    logger.error("PDF unavailable for %s: %s (see manage.py check)", request.path, exc)
    return api.create_response(request, {"detail": str(UNAVAILABLE_MESSAGE)}, status=503)


api.add_router("/auth", auth_router)
api.add_router("/networks", network_router)
api.add_router("/networks", guide_router)  # GET /networks/{slug}/guide.pdf (pocket guide)
api.add_router("/services", directory_router)
api.add_router("/persons", persons_router)
api.add_router("/consents", consents_router)
api.add_router("/export", interop_router)
api.add_router("/me", me_router)
