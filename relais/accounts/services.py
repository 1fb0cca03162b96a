"""Writes for accounts: API tokens and second-factor checks."""

import hashlib
import secrets

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def totp_verify(*, user: User, code: str) -> bool:
    """True when `code` is a current TOTP code (or an unused recovery code) of the user."""
    code = (code or "").strip().replace(" ", "")
    if not code:
        return False
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None and TOTP(totp).validate_code(code):
        return True
    recovery = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    return bool(recovery is not None and recovery.wrap().validate_code(code))


@transaction.atomic
def api_token_issue(*, user: User) -> tuple[str, ApiToken]:
    """Issue a bearer token; the raw value is returned once and only its digest is stored."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=token_digest(raw),
        expires_at=timezone.now() + settings.API_TOKEN_LIFETIME,
    )
    return raw, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
