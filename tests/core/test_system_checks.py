"""The system checks about WeasyPrint's libraries (relais/core/checks.py), and what relais does
when Pango cannot be loaded: it starts, serves its pages, and answers PDFs with 503.

Pango is made unloadable for real: WeasyPrint's modules are taken out of sys.modules and cffi's
dlopen refuses Pango's libraries, so the next `import weasyprint` fails as on a machine
without them; the modules are put back afterwards."""

import subprocess
import sys
from pathlib import Path

import cffi
import pytest
from django.core import checks as django_checks
from django.urls import reverse

from relais.core import checks, pdf
from tests.factories import NetworkFactory

ROOT = Path(__file__).resolve().parents[2]

NO_PANGO = """
import cffi
real = cffi.FFI.dlopen
def dlopen(self, name, flags=0):
    if "pango" in str(name):
        raise OSError(f"cannot load library {name!r}: not installed")
    return real(self, name, flags)
cffi.FFI.dlopen = dlopen
"""


@pytest.fixture
def without_pango(monkeypatch):
    real_dlopen = cffi.FFI.dlopen

    def dlopen(self, name, flags=0):
        if "pango" in str(name):
            raise OSError(f"cannot load library {name!r}: not installed")
        return real_dlopen(self, name, flags)

    saved = {name: m for name, m in sys.modules.items() if name.split(".")[0] == "weasyprint"}
    for name in saved:
        del sys.modules[name]
    monkeypatch.setattr(cffi.FFI, "dlopen", dlopen)
    yield
    for name in [n for n in sys.modules if n.split(".")[0] == "weasyprint"]:
        del sys.modules[name]
    sys.modules.update(saved)


@pytest.fixture
def harfbuzz_subset(monkeypatch):
    """Set what WeasyPrint loaded for HarfBuzz-subset: None when the library is missing."""
    from weasyprint.text import ffi

    def set_to(value):
        monkeypatch.setattr(ffi, "harfbuzz_subset", value)

    return set_to


def _ids(messages):
    return [m.id for m in messages]


def test_the_check_is_registered():
    assert checks.pdf_libraries in django_checks.registry.registry.get_checks()


def test_nothing_is_reported_when_the_libraries_load(harfbuzz_subset):
    harfbuzz_subset(object())
    assert checks.pdf_libraries(None) == []


def test_missing_harfbuzz_subset_is_a_warning_with_its_install_command(harfbuzz_subset):
    harfbuzz_subset(None)
    [message] = checks.pdf_libraries(None)
    assert message.id == "relais.W002"
    assert message.level == django_checks.WARNING
    assert "HarfBuzz-subset is missing" in message.msg
    assert "PDFs still work" in message.msg
    assert message.hint.endswith("apt-get install libharfbuzz-subset0")


def test_pango_that_cannot_be_loaded_is_a_warning_with_its_install_command(without_pango):
    [message] = checks.pdf_libraries(None)
    assert message.id == "relais.W001"
    assert message.level == django_checks.WARNING
    assert "cannot load Pango" in message.msg
    assert "libpango-1.0-0" in message.msg
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core" in message.hint


def test_pdf_rendering_raises_pdf_unavailable_without_pango(without_pango):
    with pytest.raises(pdf.PdfUnavailable, match="libpango"):
        pdf.html_to_pdf("<p>Bonjour</p>")


def test_pdf_rendering_works_again_once_pango_loads():
    """Nothing remembers a failure: once the library is there, PDFs come back."""
    assert pdf.html_to_pdf("<p>Bonjour</p>").startswith(b"%PDF-")


@pytest.mark.django_db
def test_a_pdf_page_answers_503_without_pango(client, without_pango):
    network = NetworkFactory()
    response = client.get(reverse("directory:guide", args=[network.slug]))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "Document PDF indisponible" in content
    assert "ne peut pas produire de documents PDF" in content


@pytest.mark.django_db
def test_the_503_page_speaks_the_visitors_language(client, settings, without_pango):
    network = NetworkFactory()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("directory:guide", args=[network.slug]))
    assert response.status_code == 503
    assert "This server cannot produce PDF documents" in response.content.decode()


@pytest.mark.django_db
def test_the_api_pdf_answers_503_in_json_without_pango(client, without_pango):
    network = NetworkFactory()
    response = client.get(f"/api/v1/networks/{network.slug}/guide.pdf")
    assert response.status_code == 503
    assert "ne peut pas produire de documents PDF" in response.json()["detail"]


@pytest.mark.django_db
def test_the_same_pdf_page_works_with_pango(client):
    network = NetworkFactory()
    response = client.get(reverse("directory:guide", args=[network.slug]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_relais_starts_and_checks_without_pango(tmp_path):
    """A new process, as `manage.py check` on a machine without Pango: every module and the
    URLs import (no module loads WeasyPrint when imported), and the check names the fix."""
    script = NO_PANGO + (
        "import django, sys\n"
        "django.setup()\n"
        "from django.core.checks import run_checks\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "print(sorted(m.id for m in run_checks() if m.id.startswith('relais.W')))\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run(  # noqa: S603 - the current interpreter on our own code
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["['relais.W001']", "False"]
