from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken
from .services import token_digest


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; sets request.user and request.api_token."""

    def authenticate(self, request, token: str):
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(
                digest=token_digest(token),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                user__is_active=True,
            )
            .first()
        )
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token
