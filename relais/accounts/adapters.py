from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by organisation admins and coordinators, never by open sign-up."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _("Nom d'utilisateur ou mot de passe incorrect."),
    }

    def is_open_for_signup(self, request) -> bool:
        return False
