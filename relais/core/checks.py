"""System checks about the machine relais runs on (`manage.py check`, and at the start of
runserver and migrate): the Debian libraries that WeasyPrint loads to produce PDFs.

- relais.W001: Pango cannot be loaded. relais starts and serves every page, but no PDF (consent
  slips, exports, the pocket guide answer 503). make test fails.
- relais.W002: HarfBuzz-subset is missing. PDFs work but embed whole fonts (larger files).

The packages named in the hints come from system-packages.txt (system_packages.py).
"""

from django.core.checks import Warning, register

from . import pdf
from .system_packages import install_command


@register()
def pdf_libraries(app_configs, **kwargs):
    """What WeasyPrint itself managed to load, as it does when a PDF is asked for."""
    try:
        pdf.weasyprint()
    except pdf.PdfUnavailable as exc:
        return [
            Warning(
                f"PDFs cannot be produced: WeasyPrint cannot load Pango ({exc}). Pages that "
                "are not PDFs work; PDF links answer 503.",
                hint=f"Install the Debian packages: {install_command(needs=('required',), group='pdf')}",
                id="relais.W001",
            )
        ]
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is None:
        return [
            Warning(
                "HarfBuzz-subset is missing: PDFs still work but embed whole fonts (larger "
                "files), and WeasyPrint warns at start-up.",
                hint=f"Install the Debian package: {install_command(needs=('optional',), group='pdf')}",
                id="relais.W002",
            )
        ]
    return []
