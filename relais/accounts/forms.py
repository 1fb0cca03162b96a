from allauth.core import context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.models import Authenticator
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.signals import user_login_failed


class LockoutAuthenticateForm(AuthenticateForm):
    """The second step of the web login (MFA_FORMS["authenticate"]).

    As for the API token, a wrong code counts towards the django-axes lockout of the
    username and address, and a locked pair is refused whatever the code: django-axes then
    answers with its lockout page.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"  # digits keypad on phones

    def clean_code(self) -> str:
        request = context.request
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_allowed(request, credentials):
            try:
                return super().clean_code()
            except forms.ValidationError:
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
                raise
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        raise get_adapter().validation_error("incorrect_code")

    @property
    def has_security_key(self) -> bool:
        """Whether the login page offers the security-key (WebAuthn) option."""
        return Authenticator.objects.filter(
            user=self.user, type=Authenticator.Type.WEBAUTHN
        ).exists()
