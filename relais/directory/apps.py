from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "relais.directory"
    label = "directory"

    def ready(self) -> None:
        # Registers the post_migrate hook that (re)creates the SQLite full-text triggers,
        # which Django drops whenever it rebuilds the services table to alter it.
        from . import search  # noqa: F401
