"""The members list of a network as CSV, XLSX and PDF (for the coordination)."""

from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core import pdf, xlsx

from . import selectors
from .models import Network

PHONE_COLUMN = 6


def member_headers() -> list[str]:
    return [
        _("Organisation"),
        _("Qualité"),
        _("Membre depuis"),
        _("Siège approuvé par l'AG le"),
        _("Code postal"),
        _("Commune"),
        _("Téléphone"),
        _("Site web"),
        _("Dernière signature de la charte"),
    ]


def member_rows(network: Network) -> list[list]:
    """One row per active member, in name order (one query)."""
    return [
        [
            m.organisation.name,
            m.kind_label(),
            m.started_on,
            m.ga_approved_on,
            m.organisation.postcode,
            m.organisation.municipality,
            m.organisation.phone,
            m.organisation.website,
            m.last_signed_on,
        ]
        for m in selectors.members_with_signature(network=network)
    ]


def _today(network: Network):
    return timezone.localtime(timezone.now(), ZoneInfo(network.time_zone)).date()


def _filename(network: Network, extension: str) -> str:
    return f"membres-{network.slug}-{_today(network).isoformat()}.{extension}"


def members_csv(network: Network) -> HttpResponse:
    return xlsx.csv_response(
        member_headers(),
        member_rows(network),
        filename=_filename(network, "csv"),
        safe_columns={PHONE_COLUMN},
    )


def members_xlsx(network: Network) -> HttpResponse:
    content = xlsx.xlsx_bytes(_("Membres"), member_headers(), member_rows(network))
    return xlsx.xlsx_response(content, filename=_filename(network, "xlsx"))


def members_pdf_context(network: Network) -> dict:
    return {
        "network": network,
        "headers": member_headers(),
        "rows": member_rows(network),
        "today": _today(network),
    }


def members_pdf(network: Network, *, request=None) -> HttpResponse:
    content = pdf.render_pdf(
        "network/pdf/members.html", members_pdf_context(network), request=request
    )
    return pdf.pdf_response(content, filename=_filename(network, "pdf"))
