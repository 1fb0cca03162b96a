from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from ninja import Router, Schema
from ninja.errors import HttpError

from . import services

router = Router(tags=["auth"])

GENERIC_FAILURE = "Identifiants ou code invalides."


class TokenIn(Schema):
    username: str = ""
    password: str = ""
    otp: str = ""


class TokenOut(Schema):
    token: str
    expires_at: datetime


@router.post("/token", auth=None, response={200: TokenOut})
def token_create(request, payload: TokenIn):
    """Exchange username, password and a second-factor code for an 8-hour bearer token.

    Every failure answers 401 with the same message; failures count towards the same
    django-axes lockout as the web login (username + IP).
    """
    credentials = {"username": payload.username}
    if AxesProxyHandler.is_locked(request, credentials):
        raise HttpError(401, GENERIC_FAILURE)
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise HttpError(401, GENERIC_FAILURE)
    if not services.totp_verify(user=user, code=payload.otp):
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        raise HttpError(401, GENERIC_FAILURE)
    raw, token = services.api_token_issue(user=user)
    return {"token": raw, "expires_at": token.expires_at}


@router.delete("/token", response={204: None})
def token_revoke(request):
    """Revoke the token used for this request."""
    services.api_token_revoke(token=request.api_token)
    return 204, None
