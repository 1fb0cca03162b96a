"""Opening hours: validation of OpenStreetMap `opening_hours` strings (opening-hours-py)."""

from datetime import datetime, timedelta

import opening_hours
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_opening_hours(value: str) -> None:
    if not value:
        return
    try:
        opening_hours.OpeningHours(value)
    except (opening_hours.ParserError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Horaires illisibles : « %(value)s ». Exemple : « Mo-Fr 09:00-17:00; PH off ».")
            % {"value": value}
        ) from error


WEEK_MINUTES = 7 * 24 * 60
# A week without public holidays in Belgium or France, used as the reference week.
REFERENCE_MONDAY = datetime(2024, 1, 8)  # noqa: DTZ001 - local wall-clock time


def weekly_slots(value: str, country: str | None = None) -> list[tuple[int, int]]:
    """Open slots of a regular week as (start, end) minutes since Monday 00:00."""
    if not value:
        return []
    oh = opening_hours.OpeningHours(value, country=country)
    slots = []
    for start, end, state, _comment in oh.intervals(
        REFERENCE_MONDAY, REFERENCE_MONDAY + timedelta(days=7)
    ):
        if state == opening_hours.State.OPEN:
            slots.append((_minutes(start), _minutes(end) or WEEK_MINUTES))
    return slots


def _minutes(moment: datetime) -> int:
    delta = moment - REFERENCE_MONDAY
    return int(delta.total_seconds() // 60) % WEEK_MINUTES if delta.days < 7 else WEEK_MINUTES


def materialise(*, service) -> None:
    """Replace the service's OpeningInterval rows by those of its current hours."""
    from .models import OpeningInterval

    service.intervals.all().delete()
    country = service.network.country if service.network_id else None
    OpeningInterval.objects.bulk_create(
        OpeningInterval(service=service, start=start, end=end)
        for start, end in weekly_slots(service.opening_hours, country)
        if start < end
    )
