"""API tokens, mounted at /api/v1/auth."""

from datetime import datetime

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext, gettext_lazy
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from . import services

router = Router(tags=["auth"])

# The one answer to every failure (unknown user, wrong password, wrong code, lockout), so
# that the API never reveals which part was wrong nor whether an account exists.
GENERIC_FAILURE = gettext_lazy("Identifiants ou code invalides.")


class TokenIn(Schema):
    username: str = ""
    password: str = ""
    otp: str = ""


class TokenOut(Schema):
    token: str
    expires_at: datetime


class TokenInfoOut(Schema):
    username: str
    expires_at: datetime


class ErrorOut(Schema):
    detail: str


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut})
def token_create(request, payload: TokenIn):
    """Exchange username, password and a second-factor code (authenticator app or recovery
    code) for an 8-hour bearer token.

    Every failure answers 401 with the same message. Wrong passwords and wrong codes count
    towards the same django-axes lockout as the web login (username + IP address): once
    locked, even correct credentials are refused.
    """
    # The django-axes backend refuses a locked username + address before any password check.
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise HttpError(401, gettext(GENERIC_FAILURE))
    if not services.second_factor_verify(user=user, code=payload.otp):
        user_login_failed.send(
            sender=__name__, credentials={"username": payload.username}, request=request
        )
        raise HttpError(401, gettext(GENERIC_FAILURE))
    if settings.AXES_RESET_ON_SUCCESS:
        axes_reset(ip=get_client_ip_address(request), username=user.get_username())
    raw, token = services.api_token_issue(user=user)
    return {"token": raw, "expires_at": token.expires_at}


@router.get("/token", response=TokenInfoOut)
def token_read(request):
    """Whose token this request carries and until when it is valid."""
    return {"username": request.user.get_username(), "expires_at": request.api_token.expires_at}


@router.delete("/token", response={204: None})
def token_revoke(request):
    """Revoke the token used for this request: it answers 401 from now on."""
    services.api_token_revoke(token=request.api_token)
    return Status(204, None)
