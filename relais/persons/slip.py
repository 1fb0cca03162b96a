"""Printed papers given to the person: the consent slip (French, Dutch, German, English) and the
access-code slip for "mon dossier" (with a QR code).

The slip's text lives in one small template per language (`persons/slip/text_<lang>.html`),
written in plain words; dates are formatted in the slip's language.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import translation

from relais.core.pdf import render_pdf

from .models import Consent, Person

SLIP_LANGUAGES = {
    "fr": "Français",
    "nl": "Nederlands",
    "de": "Deutsch",
    "en": "English",
}
DEFAULT_LANGUAGE = "fr"


def slip_language(value: str | None) -> str:
    """The slip's language from the `lang` parameter (French when missing or unknown)."""
    value = (value or "").strip().lower()[:5]
    return value if value in SLIP_LANGUAGES else DEFAULT_LANGUAGE


PORTAL_PATH = "/mon-dossier/"


def consent_slip_context(
    *, person: Person, consent: Consent, lang: str, portal_url: str = PORTAL_PATH
) -> dict:
    organisations = [o.name for o in consent.organisations.all()]
    return {
        "lang": lang,
        "person": person,
        "consent": consent,
        "network": person.network,
        "referent": person.referent_organisation,
        "organisations": organisations,
        "all_signatories": consent.all_signatories,
        "scope": consent.scope,
        "text_template": f"persons/slip/text_{lang}.html",
        "languages": SLIP_LANGUAGES,
        "portal_url": portal_url,
    }


def consent_slip_pdf(
    *, person: Person, consent: Consent, lang: str, portal_url: str = PORTAL_PATH
) -> bytes:
    """The slip as an A4 PDF, entirely in `lang`."""
    context = consent_slip_context(person=person, consent=consent, lang=lang, portal_url=portal_url)
    with translation.override(lang):
        return render_pdf("persons/slip/consent_pdf.html", context)


def consent_slip_text(*, person: Person, consent: Consent, lang: str) -> str:
    """The slip's text alone (for tests and previews), in `lang`."""
    context = consent_slip_context(person=person, consent=consent, lang=lang)
    with translation.override(lang):
        return render_to_string(context["text_template"], context)


def qr_code_data_uri(text: str) -> str:
    """A QR code as an inline SVG image (data: URL, allowed by the CSP's img-src)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
