from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "relais.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import checks  # noqa: F401
