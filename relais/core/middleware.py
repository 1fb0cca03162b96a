import logging

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from .pdf import UNAVAILABLE_MESSAGE, PdfUnavailable

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """French first: pages are in French unless the visitor picked another language with the
    language switch (cookie). The browser's Accept-Language is not used, so that a visitor
    whose browser prefers English does not get French text with English dates."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PdfUnavailableMiddleware:
    """A PDF asked for on a server where WeasyPrint cannot load Pango (relais.core.pdf): a page
    that says so, with status 503, instead of a server error; the cause goes to the error log.
    The API answers the same way in JSON (config/api.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PdfUnavailable):
            return None
        logger.error("PDF unavailable for %s: %s (see manage.py check)", request.path, exception)
        return render(
            request, "core/pdf_unavailable.html", {"message": UNAVAILABLE_MESSAGE}, status=503
        )
