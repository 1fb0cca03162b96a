"""Static files for production: `collectstatic` with a manifest storage, as
config/settings/prod.py has it (whitenoise's compressed manifest), must find every file that
the project's and the vendored files refer to (Leaflet's script names its source map)."""

import json

from django.core.management import call_command

from config.settings.base import BASE_DIR


def test_collectstatic_with_a_manifest_finds_every_referenced_file(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert {"css/relais.css", "js/map.js"} <= set(paths)
    if (BASE_DIR / "static" / "vendor" / ".installed").exists():  # make vendor was run
        assert {"vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.js.map"} <= set(paths)
