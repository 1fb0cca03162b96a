from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security)
def demo_accounts_absent_in_production(app_configs, **kwargs):
    """Refuse to deploy while demo accounts (known password and TOTP secret) exist."""
    if not getattr(settings, "RELAIS_PRODUCTION", False):
        return []
    from .models import User

    try:
        demo = User.objects.filter(is_demo=True).exists()
    except DatabaseError:
        return []
    if demo:
        return [
            Error(
                "Demo accounts exist in this database.",
                hint="Run `manage.py delete_demo_accounts` before serving production.",
                id="relais.E001",
            )
        ]
    return []
