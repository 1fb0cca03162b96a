"""PDF documents rendered from templates with WeasyPrint (A4, see core/pdf_base.html).

WeasyPrint is imported on first use, not when relais starts: it loads Pango (a Debian package,
system-packages.txt) as it is imported, and a server without Pango must still start, serve
every page that is not a PDF, and say what is missing (`manage.py check`, relais.W001). A PDF
asked for there raises `PdfUnavailable`, which `PdfUnavailableMiddleware` answers with 503.
"""

from types import ModuleType

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

UNAVAILABLE_MESSAGE = _(
    "Ce serveur ne peut pas produire de documents PDF pour l'instant (une bibliothèque du "
    "système manque). Les autres pages fonctionnent. Prévenez l'équipe technique."
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot load the system libraries it draws with (Pango)."""


def weasyprint() -> ModuleType:
    """The `weasyprint` package, or `PdfUnavailable` when its libraries cannot be loaded.

    Not cached on failure: installing Pango and asking again works without a restart."""
    try:
        import weasyprint
        import weasyprint.urls
    except OSError as exc:  # cffi's dlopen: "cannot load library 'libpango-1.0-0'..."
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """Render an HTML document to PDF. Only data: URLs are fetched: the document never reaches
    the network or the file system, whatever its content."""
    weasy = weasyprint()
    fetcher = weasy.urls.URLFetcher(allowed_protocols={"data"})
    return weasy.HTML(string=html, url_fetcher=fetcher).write_pdf()


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a template to PDF (see `html_to_pdf`)."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
