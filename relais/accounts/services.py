"""Writes for accounts: API tokens, second-factor checks, demo accounts."""

import hashlib
import secrets

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User


def token_digest(raw: str) -> str:
    """The SHA-256 hex digest stored in place of a token: the raw value is never stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> bool:
    """True when `code` is a current authenticator-app (TOTP) code or an unused recovery code
    of the user. A code that passes is used up: TOTP codes are remembered (in the cache)
    for their period, recovery codes are marked used."""
    code = (code or "").strip().replace(" ", "")
    if not code:
        return False
    authenticators = Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    )
    for authenticator in authenticators:
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    return False


@transaction.atomic
def api_token_issue(*, user: User) -> tuple[str, ApiToken]:
    """Issue a bearer token valid for API_TOKEN_LIFETIME; the raw value is returned once and
    only its digest is stored."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=token_digest(raw),
        expires_at=timezone.now() + settings.API_TOKEN_LIFETIME,
        with_second_factor=True,
    )
    return raw, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


@transaction.atomic
def demo_accounts_delete() -> int:
    """Delete the demo accounts (known password and second-factor secret) and what belongs to
    them (roles, tokens, authenticators). Returns how many accounts were deleted."""
    _total, per_model = User.objects.filter(is_demo=True).delete()
    return per_model.get(User._meta.label, 0)
