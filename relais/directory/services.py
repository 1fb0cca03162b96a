"""Writes of the directory: keyword-only verbs on nouns, one transaction each.

Every write of a service goes through `service_save`, which validates the service and its
locations, keeps the search text up to date and materialises the weekly opening intervals.
"""

import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.network import validators as network_validators

from . import grid, hours
from .models import AxesOrigin, Location, Notice, Service, ServiceTranslation


def fold(text: str) -> str:
    """Lower-case text without accents: "Épicerie sociale" → "epicerie sociale"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return folded.replace("œ", "oe").replace("æ", "ae")


def search_text_for(*, service: Service, locations: Iterable[Location]) -> str:
    """Name, description, organisation and places, folded; then the grid cells of the located
    places as words (`grid.tokens`), at the end so that they never move a real word."""
    locations = list(locations)
    parts = [service.name, service.description, service.organisation.name]
    parts += [f"{loc.municipality} {loc.postcode} {loc.area_served}" for loc in locations]
    cells = grid.tokens((loc.latitude, loc.longitude) for loc in locations)
    return " ".join([fold(" ".join(p for p in parts if p)), *cells]).strip()


@transaction.atomic
def service_save(
    *, service: Service, locations: list[Location] | None = None, by=None, verified: bool = False
) -> Service:
    """Create or update a service (and replace its locations when given).

    Validation errors (hours, axes outside the network's list, phone, coordinates…) raise
    ValidationError with the field names, and nothing is stored.
    """
    if service.network_id and service.axes:
        outside = [a for a in service.axes if a not in service.network.axes]
        if outside:
            raise ValidationError(
                {
                    "axes": _("Axe hors de la liste du réseau : %(codes)s.")
                    % {"codes": ", ".join(outside)}
                }
            )
    if service.phone and service.network_id:
        # A national number ("02 43 12 34 56") is read in the network's country.
        try:
            service.phone = network_validators.normalise_phone(
                service.phone, service.network.country
            )
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
    if service.axes and not service.classified:
        # Axes given to a service "à classer" (its sheet's form, the API, an import): classified.
        service.classified = True
        if by is not None:
            service.classified_at, service.classified_by = timezone.now(), by
    service.full_clean(exclude=["search_text"])
    if locations is not None:
        for location in locations:
            location.service = service
            location.full_clean(exclude=["service"])
    if verified:
        service.verified_at = timezone.now()
        service.verified_by = by
    service.save()
    if locations is not None:
        service.locations.all().delete()
        for location in locations:
            location.pk = None
            location.service = service
        Location.objects.bulk_create(locations)
    current = locations if locations is not None else list(service.locations.all())
    service.search_text = search_text_for(service=service, locations=current)
    set_located_places(service, current)
    hours.materialise(service=service)
    Service.objects.filter(pk=service.pk).update(
        **{name: getattr(service, name) for name in SEARCH_COLUMNS}
    )
    return service


# The columns of a service that the services layer derives for the search (see Service).
SEARCH_COLUMNS = (
    "search_text",
    "latitude",
    "longitude",
    "geo_cell",
    "located_places",
    "week_hours",
    "holiday_hours",
)


def set_located_places(service: Service, locations: Iterable[Location]) -> None:
    """Set the service's first located place and the number of its located places."""
    located = sorted(
        (loc for loc in locations if loc.latitude is not None and loc.longitude is not None),
        key=lambda loc: (loc.pk is None, loc.pk or 0),
    )
    first = located[0] if located else None
    service.latitude = first.latitude if first else None
    service.longitude = first.longitude if first else None
    service.geo_cell = grid.cell_of(service.latitude, service.longitude)
    service.located_places = len(located)


@transaction.atomic
def service_classify(*, service: Service, axes: list[str], by) -> Service:
    """A coordinator of the service's network or an admin of its organisation chooses the
    axes of a service (usually one imported "à classer"); the service then becomes visible
    like any other (public, or to the network's professionals). Raises ValidationError on
    `axes` when none is chosen or one is not the network's; nothing changes then."""
    chosen = list(dict.fromkeys(axes))
    if not chosen:
        raise ValidationError({"axes": _("Choisissez au moins un axe.")})
    outside = [a for a in chosen if a not in service.network.axes]
    if outside:
        raise ValidationError(
            {
                "axes": _("Axe hors de la liste du réseau : %(codes)s.")
                % {"codes": ", ".join(outside)}
            }
        )
    service.axes = [a for a in service.network.axes if a in chosen]
    service.axes_origin = AxesOrigin.CHOSEN
    service.classified = True
    service.classified_at, service.classified_by = timezone.now(), by
    service.save(
        update_fields=[
            "axes",
            "axes_origin",
            "classified",
            "classified_at",
            "classified_by",
            "updated_at",
        ]
    )
    return service


@transaction.atomic
def service_verify(*, service: Service, by) -> Service:
    """The organisation confirms the sheet is up to date."""
    service.verified_at = timezone.now()
    service.verified_by = by
    service.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return service


@transaction.atomic
def service_delete(*, service: Service) -> None:
    service.delete()


@transaction.atomic
def notice_add(*, service: Service, starts_on, ends_on, message: str, effect: str) -> Notice:
    notice = Notice(
        service=service, starts_on=starts_on, ends_on=ends_on, message=message, effect=effect
    )
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def translation_save(
    *, service: Service, language: str, name: str = "", description: str = "", conditions: str = ""
) -> ServiceTranslation:
    translation, _created = ServiceTranslation.objects.get_or_create(
        service=service, language=language
    )
    translation.name = name
    translation.description = description
    translation.conditions = conditions
    translation.full_clean()
    translation.save()
    return translation


@transaction.atomic
def notice_withdraw(*, notice: Notice) -> None:
    """Withdraw a temporary notice (published by mistake, or the closure ended early)."""
    notice.delete()
