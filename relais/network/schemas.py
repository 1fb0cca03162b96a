"""Shapes of the network API. Output schemas read model instances; renamed or nested fields
use dotted aliases or resolvers, and resolvers only call selectors."""

from datetime import date

from ninja import Field, Schema

from relais.core.axes import axis_label

from . import selectors


class AxisOut(Schema):
    code: str
    label: str


def axes_out(codes: list[str]) -> list[dict]:
    return [{"code": code, "label": axis_label(code)} for code in codes]


class CoordinatorOut(Schema):
    name: str
    email: str
    phone: str


class NetworkOut(Schema):
    slug: str
    name: str
    short_name: str
    country: str
    time_zone: str
    axes: list[AxisOut]
    website: str
    coordinator: CoordinatorOut

    @staticmethod
    def resolve_axes(obj) -> list[dict]:
        return axes_out(obj.axes)

    @staticmethod
    def resolve_coordinator(obj) -> dict:
        return {
            "name": obj.coordinator_name,
            "email": obj.coordinator_email,
            "phone": obj.coordinator_phone,
        }


class MunicipalityOut(Schema):
    name: str
    postcode: str
    code: str


class CharterSummaryOut(Schema):
    number: int
    title: str
    approved_on: date | None


class NetworkDetailOut(NetworkOut):
    description: str
    ga_member_label: str
    territory: list[MunicipalityOut] = Field(alias="municipalities")
    current_charter: CharterSummaryOut | None

    @staticmethod
    def resolve_current_charter(obj):
        return selectors.charter_current(network=obj)


class OrganisationRefOut(Schema):
    slug: str
    name: str


class MemberMembershipOut(Schema):
    kind: str
    kind_label: str
    since: date | None = Field(alias="started_on")
    ga_approved_on: date | None


class MemberOut(Schema):
    """An active member organisation, read from its membership."""

    slug: str = Field(alias="organisation.slug")
    name: str = Field(alias="organisation.name")
    kind: str = Field(alias="organisation.kind")
    address: str = Field(alias="organisation.address")
    postcode: str = Field(alias="organisation.postcode")
    municipality: str = Field(alias="organisation.municipality")
    lat: float | None = Field(alias="organisation.latitude")
    lon: float | None = Field(alias="organisation.longitude")
    phone: str = Field(alias="organisation.phone")
    website: str = Field(alias="organisation.website")
    membership: MemberMembershipOut

    @staticmethod
    def resolve_membership(obj):
        return obj


class SectionOut(Schema):
    title: str
    body: str = ""
    commitment: bool = False


class SignatoryOut(Schema):
    name: str
    function: str


class CharterSignatureOut(Schema):
    organisation: OrganisationRefOut
    signed_on: date
    signatories: list[SignatoryOut]


class CharterVersionOut(CharterSummaryOut):
    axes: list[AxisOut]
    sections: list[SectionOut]
    signatories: list[CharterSignatureOut]

    @staticmethod
    def resolve_axes(obj) -> list[dict]:
        return axes_out(obj.axes)

    @staticmethod
    def resolve_signatories(obj):
        return selectors.charter_signatories(version=obj)


class ApplicationOut(Schema):
    id: int
    organisation: OrganisationRefOut
    charter_version: int = Field(alias="charter_version.number")
    signatories: list[SignatoryOut]
    signed_on: date
    accepted_sections: list[int]
    ga_requested: bool
    applied_on: date


class MembershipOut(Schema):
    organisation: OrganisationRefOut
    status: str
    kind: str
    kind_label: str
    since: date | None = Field(alias="started_on")
    ended_on: date | None
    ga_requested: bool
    ga_approved_on: date | None
    refusal_reason: str


class RefusalIn(Schema):
    reason: str = ""


class GaSeatIn(Schema):
    approved_on: date


class LeaveIn(Schema):
    ended_on: date


class SectionIn(Schema):
    title: str
    body: str = ""
    commitment: bool = False


class CharterVersionIn(Schema):
    title: str
    sections: list[SectionIn]
    axes: list[str] | None = None


class ApprovalIn(Schema):
    approved_on: date
