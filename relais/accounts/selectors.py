"""Reads about accounts."""

from allauth.mfa.models import Authenticator

from .models import User


def second_factor_required(user: User) -> bool:
    """Who must use a second factor: every account that holds an organisation or network role,
    and staff. Persons never have an account; a user without any role is not forced."""
    return user.is_staff or user.has_any_role()


def second_factor_missing(user: User) -> bool:
    """True when the user must have a second factor and has not enrolled one yet (recovery
    codes alone do not count). One query for an enrolled user."""
    enrolled = (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
    return not enrolled and second_factor_required(user)
