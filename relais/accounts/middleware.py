import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import second_factor_missing

SESSION_STARTED = "_relais_started"
SESSION_SEEN = "_relais_seen"


class SessionLifetimeMiddleware:
    """End a session after SESSION_IDLE_SECONDS without a request or SESSION_ABSOLUTE_SECONDS
    after the login, whichever comes first; the user is sent back to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        if request.user.is_authenticated:
            session = request.session
            started = session.get(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            if (
                now - seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        # Only sessions carry the clock: a login during this request starts it; API
        # requests authenticated by a bearer token create no session.
        if SESSION_KEY in request.session:
            request.session.setdefault(SESSION_STARTED, now)
            request.session[SESSION_SEEN] = now
        return response


class RequireSecondFactorMiddleware:
    """An account that holds a role (or is staff) must enrol a second factor before using relais.

    Until it has one, every page redirects to the authenticator-app enrolment, except the
    second-factor pages themselves (where a security key can be chosen instead), the
    password confirmation they may ask for, logout, the language switch, the health check,
    static files and the API (whose tokens require a second-factor code anyway).

    Enrolment is checked on every request, never remembered in the session: removing the
    last authenticator takes effect on the very next page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not request.path.startswith(_exempt_prefixes())
            and second_factor_missing(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("mfa_index"),
        reverse("account_reauthenticate"),
        reverse("account_logout"),
        reverse("set_language"),
        reverse("healthz"),
        reverse("api:api-root"),
        settings.STATIC_URL,
    )
