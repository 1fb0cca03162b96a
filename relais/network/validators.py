"""Field validators for the network domain (enterprise numbers, phones, axes, charter texts)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret

from relais.core.axes import Axis


def normalise_enterprise_number(value: str, country: str) -> str:
    """Return the canonical form of a Belgian BCE/KBO number or a French SIRET, or raise."""
    value = (value or "").strip()
    try:
        if country == "FR":
            return siret.validate(value)
        number = be_vat.validate(value)
    except StdnumError as error:
        if country == "FR":
            raise ValidationError(
                _("« %(value)s » n'est pas un numéro SIRET valide (14 chiffres).")
                % {"value": value}
            ) from error
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro d'entreprise belge valide (BCE/KBO).")
            % {"value": value}
        ) from error
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def normalise_phone(value: str, country: str = "BE") -> str:
    try:
        number = phonenumbers.parse(value, country or "BE")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("Numéro de téléphone invalide.")) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Numéro de téléphone invalide."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_phone(value: str) -> None:
    """A valid number: international (+32…, +33…), or Belgian when written nationally.
    Callers that know the country normalise with `normalise_phone(value, country)` first."""
    if value:
        normalise_phone(value, "BE")


def validate_axes(value) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Les axes doivent être une liste."))
    unknown = [code for code in value if code not in Axis.values]
    if unknown:
        raise ValidationError(
            _("Axe inconnu : %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
        )


def validate_sections(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("La charte doit avoir au moins une section."))
    for section in value:
        if not isinstance(section, dict) or not str(section.get("title", "")).strip():
            raise ValidationError(_("Chaque section doit avoir un titre."))


def validate_signatories(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Indiquez au moins un·e signataire."))
    for person in value:
        if not isinstance(person, dict) or not str(person.get("name", "")).strip():
            raise ValidationError(_("Chaque signataire doit avoir un nom."))
        if not str(person.get("function", "")).strip():
            raise ValidationError(_("Chaque signataire doit avoir une fonction."))


def validate_time_zone(value: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("Fuseau horaire inconnu : %(value)s.") % {"value": value}
        ) from error
