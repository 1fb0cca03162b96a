import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SESSION_STARTED = "_relais_started"
SESSION_SEEN = "_relais_seen"


class SessionLifetimeMiddleware:
    """End a session after SESSION_IDLE_SECONDS without a request or SESSION_ABSOLUTE_SECONDS in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_SEEN, now)
            if started is None:
                request.session[SESSION_STARTED] = started = now
            if (
                now - seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                return redirect(f"{reverse('account_login')}?next={request.path}")
            request.session[SESSION_SEEN] = now
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """An account that holds any role must enrol a second factor before using relais.

    Until it has one, every page but the enrolment pages, logout and static files redirects
    to the second-factor page.
    """

    allowed_prefixes = ("/comptes/", "/static/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and not request.path.startswith("/api/")
            and not request.session.get("_relais_mfa_ok")
        ):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user).exists():
                request.session["_relais_mfa_ok"] = True
            elif user.has_any_role() or user.is_staff:
                return redirect("mfa_activate_totp")
        return self.get_response(request)
