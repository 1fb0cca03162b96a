"""Opening hours: validation of OpenStreetMap `opening_hours` strings (opening-hours-py)."""

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
