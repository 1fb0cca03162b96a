"""Shapes of the services API (`/api/v1/services`).

Output schemas read services annotated and prefetched by the selectors; what needs a
computation (the location shown in a list, the hours in words, open now) is resolved from
the loaded rows, never by a query of its own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from relais.core.axes import Axis
from relais.network.schemas import AxisOut, OrganisationRefOut

from . import vocabularies as v

# --- Query parameters -----------------------------------------------------------------------


class ServiceFilters(Schema):
    """Query parameters of `GET /api/v1/services`."""

    q: str | None = Field(None, max_length=200, description="Mots cherchés (accents ignorés).")
    network: str | None = Field(None, max_length=60, description="Identifiant d'un réseau.")
    axis: Axis | None = None
    thematique: str | None = Field(None, description="Thématique data·inclusion.")
    public: str | None = Field(None, description="Public data·inclusion.")
    welcome: v.Welcome | None = Field(None, description="Qui peut venir.")
    language: str | None = Field(None, description="Langue parlée (code ISO 639-1).")
    free: bool | None = Field(None, description="true : gratuit ; false : participation.")
    open_at: datetime | None = Field(None, description="Ouvert à ce moment (ISO 8601).")
    near: str | None = Field(None, description="Point de départ « lat,lon ».")
    radius_km: float | None = Field(None, gt=0, le=500)
    municipality: str | None = Field(None, max_length=120)
    postcode: str | None = Field(None, max_length=10)
    sort: Literal["relevance", "distance", "name"] | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)

    @field_validator("thematique")
    @classmethod
    def _thematique(cls, value):
        if value and value not in v.THEMATIQUE_CODES:
            raise ValueError(f"unknown thematique: {value}")
        return value

    @field_validator("public")
    @classmethod
    def _public(cls, value):
        if value and value not in v.PUBLIC_CODES:
            raise ValueError(f"unknown public: {value}")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value):
        if value and value not in v.LANGUAGES:
            raise ValueError(f"unknown language: {value}")
        return value

    @field_validator("near")
    @classmethod
    def _near(cls, value):
        if value in (None, ""):
            return None
        parse_point(value)
        return value


def parse_point(value: str) -> tuple[float, float]:
    """ "50.46,4.86" → (50.46, 4.86); ValueError for anything else or out of range."""
    parts = value.split(",")
    if len(parts) != 2:
        raise ValueError("expected 'lat,lon', e.g. '50.4669,4.8675'")
    try:
        lat, lon = (float(part.strip()) for part in parts)
    except ValueError as error:
        raise ValueError("expected 'lat,lon', e.g. '50.4669,4.8675'") from error
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("latitude must be within [-90, 90] and longitude within [-180, 180]")
    return lat, lon


# --- Output -------------------------------------------------------------------------------


class NetworkRefOut(Schema):
    slug: str
    name: str


class ServiceItemOut(Schema):
    """One result of the list: the service and the place to show (the nearest location
    when `near` is given, else the first fixed one)."""

    id: int
    name: str
    organisation: OrganisationRefOut
    network: str
    axes: list[AxisOut]
    address: str
    postcode: str
    municipality: str
    lat: float | None
    lon: float | None
    mobile: bool
    area_served: str
    opening_hours: str
    open_now: bool
    visibility: str
    classified: bool = Field(
        description="false: « à classer », imported without axes; seen only by its "
        "organisation and its network's coordinators until its axes are chosen."
    )
    distance_km: float | None = Field(
        None, description="Distance to the nearest location, when `near` (or a place) is given."
    )


class ServicePageOut(Schema):
    count: int
    items: list[ServiceItemOut]


class LocationOut(Schema):
    name: str
    mobile: bool = Field(alias="is_mobile")
    area_served: str
    address: str
    postcode: str
    municipality: str
    lat: float | None = Field(alias="latitude")
    lon: float | None = Field(alias="longitude")


class NoticeOut(Schema):
    starts_on: date
    ends_on: date
    message: str
    effect: str


class TranslationOut(Schema):
    language: str
    name: str
    description: str
    conditions: str


class ServiceDetailOut(Schema):
    id: int
    name: str
    description: str
    organisation: OrganisationRefOut
    network: NetworkRefOut
    axes: list[AxisOut]
    thematiques: list[str]
    publics: list[str]
    welcomes: list[str]
    conditions: str
    languages: list[str]
    cost: str
    cost_details: str
    access_modes: list[str]
    phone: str
    email: str
    website: str
    opening_hours: str
    hours: list[str] = Field(description="The opening hours in words, in the request's language.")
    hours_text: str = Field(
        description="What the opening hours cannot say, in words (French, as typed or imported)."
    )
    open_now: bool
    next_opening: datetime | None
    closes_at: datetime | None
    capacity: int | None
    capacity_unit: str
    visibility: str
    classified: bool = Field(description="false: « à classer » (see the list's field).")
    axes_origin: str = Field(
        description="Where the axes come from: '' chosen by a person, 'file', 'taxonomy', "
        "'thematiques', 'keywords' (the service's words) or 'default' (an import's default)."
    )
    verified_at: datetime | None
    locations: list[LocationOut]
    notices: list[NoticeOut]
    translations: list[TranslationOut]


# --- Input --------------------------------------------------------------------------------


class LocationIn(Schema):
    name: str = ""
    mobile: bool = False
    area_served: str = ""
    address: str = ""
    postcode: str = ""
    municipality: str = ""
    lat: float | None = None
    lon: float | None = None


class ServicePatch(Schema):
    """Fields of a service; in a PATCH, only those sent change (`locations` replaces all)."""

    name: str | None = None
    description: str | None = None
    axes: list[str] | None = None
    thematiques: list[str] | None = None
    publics: list[str] | None = None
    welcomes: list[str] | None = None
    conditions: str | None = None
    languages: list[str] | None = None
    cost: str | None = None
    cost_details: str | None = None
    access_modes: list[str] | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    opening_hours: str | None = None
    hours_text: str | None = None
    capacity: int | None = None
    capacity_unit: str | None = None
    visibility: str | None = None
    locations: list[LocationIn] | None = None


class ServiceIn(ServicePatch):
    """A new service of `organisation` (slug) in `network` (slug; optional when the
    organisation is an active member of one network only)."""

    organisation: str
    network: str | None = None
    name: str
    locations: list[LocationIn] = []


class ClassifyIn(Schema):
    """The axes chosen for a service « à classer » (axes of its network, at least one)."""

    axes: list[str]


class ToClassifyOut(Schema):
    """A service « à classer » that the caller may classify."""

    id: int
    name: str
    description: str
    organisation: OrganisationRefOut
    network: NetworkRefOut
    network_axes: list[AxisOut]
    source: str
    source_id: str
