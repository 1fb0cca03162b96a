"""The pocket guide: a printable booklet (A6 by default, A5 on request) of a network's public
services, grouped by axis, optionally for one municipality or one axis. Names, addresses,
hours in words, phones and a QR code to each service's online public sheet.

Used by the page `GET /annuaire/guide/<network>.pdf` and by the API
`GET /api/v1/networks/{slug}/guide.pdf`.
"""

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import qrcode
import qrcode.image.svg
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from relais.core import pdf
from relais.core.axes import axis_label
from relais.network.models import Network

from . import hours
from . import vocabularies as v
from .models import Location, Service, ServiceTranslation

PAGE_SIZES = {"a6": "A6", "a5": "A5"}


def guide_services(*, network: Network, municipality: str = "") -> QuerySet[Service]:
    """The network's public services (never those for professionals only, nor those "à
    classer"), with their
    locations and translations, optionally in one municipality (name or postcode). The axis
    is chosen by `guide_sections` (JSON containment is not portable to SQLite, and a guide
    holds tens of services, not thousands)."""
    services = Service.objects.filter(
        network=network, visibility=v.Visibility.PUBLIC, classified=True
    )
    municipality = municipality.strip()
    if municipality:
        services = services.filter(
            Q(locations__municipality__iexact=municipality)
            | Q(locations__postcode=municipality)
            | Q(locations__area_served__icontains=municipality)
        ).distinct()
    return (
        services.select_related("organisation")
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.order_by("id")),
            Prefetch("translations", queryset=ServiceTranslation.objects.all()),
        )
        .order_by("name", "id")
    )


@lru_cache(maxsize=4096)
def qr_data_uri(url: str) -> str:
    """An SVG QR code of `url`, as a data: URI (the PDF renderer fetches nothing else). The
    same URL always gives the same code: kept for the process's next guides."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


@dataclass
class GuideEntry:
    service: Service
    name: str
    locations: list[Location]
    hours: list[str]
    url: str
    qr: str


@dataclass
class GuideSection:
    axis: str
    label: str
    entries: list[GuideEntry] = field(default_factory=list)


def _translated_name(service: Service, language: str) -> str:
    for item in service.translations.all():
        if item.language == language and item.name.strip():
            return item.name
    return service.name


def guide_sections(
    *,
    network: Network,
    sheet_url: Callable[[Service], str],
    municipality: str = "",
    axis: str = "",
    language: str | None = None,
) -> list[GuideSection]:
    """Sections in the order of the network's axes; a service with several axes appears in
    each of them (the guide is read section by section)."""
    language = language or translation.get_language()
    axes = [axis] if axis else list(network.axes)
    sections = {code: GuideSection(axis=code, label=axis_label(code)) for code in axes}
    for service in guide_services(network=network, municipality=municipality):
        entry = None
        for code in service.axes:
            if code not in sections:
                continue
            if entry is None:
                url = sheet_url(service)
                entry = GuideEntry(
                    service=service,
                    name=_translated_name(service, language),
                    locations=list(service.locations.all()),
                    hours=[
                        *hours.describe(service.opening_hours, language, country=network.country),
                        *service.hours_text.splitlines(),
                    ],
                    url=url,
                    qr=qr_data_uri(url),
                )
            sections[code].entries.append(entry)
    return [section for section in sections.values() if section.entries]


def guide_pdf(
    *,
    network: Network,
    sheet_url: Callable[[Service], str],
    municipality: str = "",
    axis: str = "",
    size: str = "a6",
    language: str | None = None,
) -> bytes:
    """The booklet as PDF bytes, in `language` (default: the active one)."""
    language = language or translation.get_language()
    with translation.override(language):
        sections = guide_sections(
            network=network,
            sheet_url=sheet_url,
            municipality=municipality,
            axis=axis,
            language=language,
        )
        html = render_to_string(
            "directory/guide.html",
            {
                "network": network,
                "sections": sections,
                "municipality": municipality.strip(),
                "axis": axis_label(axis) if axis else "",
                "page_size": PAGE_SIZES.get(size, "A6"),
                "today": timezone.localdate(),
                "count": len({e.service.pk for s in sections for e in s.entries}),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )
    return _pdf_of(html)


# A guide is public and the same for everyone who asks for the same HTML: its PDF (several
# seconds of WeasyPrint for a network's services) is kept in the cache under the digest of
# that HTML, so that a change of any service, translation, date or option makes a new one and
# nothing is ever served stale. Only public documents go there, never a person's file.
GUIDE_CACHE_SECONDS = 7 * 24 * 60 * 60


def _pdf_of(html: str) -> bytes:
    key = "relais:guide-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = pdf.html_to_pdf(html)
        cache.set(key, content, GUIDE_CACHE_SECONDS)
    return content


def guide_filename(*, network: Network, municipality: str = "", axis: str = "") -> str:
    parts = ["guide", network.slug]
    if axis:
        parts.append(axis)
    if municipality:
        parts.append("".join(c for c in municipality.lower() if c.isalnum()) or "commune")
    return "-".join(parts) + ".pdf"
