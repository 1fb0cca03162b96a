"""PDF documents rendered from templates with WeasyPrint (A4, see core/pdf_base.html)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a template to PDF. Only data: URLs are fetched: the document never reaches the
    network or the file system, whatever its content."""
    html = render_to_string(template_name, context, request=request)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
