"""The JSON API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from relais.accounts.api import router as auth_router
from relais.accounts.auth import BearerToken
from relais.network.api import router as network_router

api = NinjaAPI(
    title="relais API",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    description="API of relais, the information system of the relais sociaux.",
)
api.add_router("/auth", auth_router)
api.add_router("/networks", network_router)
