"""Shapes of the persons API.

Inputs are validated here (types, choices, lengths); rules of relais (who may do what, what
a consent must name, how long a break-glass reason must be) stay in the services.

Outputs are built from a `selectors.PersonFile`, which only holds what the viewer may see:
the `*_out` helpers never read a model the access policy did not hand over.
"""

import uuid
from datetime import date, datetime

from ninja import Field, Schema

from relais.audit.models import AccessLogEntry

from .models import Consent, Contact, Gender, Goal, Housing, Nationality, Note, Person

# Input


class PersonFieldsIn(Schema):
    """The optional fields of a file; each one may be left out (the form says why we ask)."""

    first_name: str = Field("", max_length=120)
    last_name: str = Field("", max_length=120)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    gender: Gender | None = None
    nationality: Nationality | None = None
    languages: list[str] = Field(default_factory=list, max_length=10)
    phone: str = Field("", max_length=30)
    housing: Housing | None = None


class PersonIn(PersonFieldsIn):
    organisation: str | None = Field(
        None,
        description="Slug of the organisation that opens the file (the referent organisation); "
        "optional when you act for one organisation only.",
    )
    called_name: str = Field(..., min_length=1, max_length=120)


class PersonPatch(Schema):
    """Only the fields sent are changed; `null` clears an optional field."""

    called_name: str | None = Field(None, min_length=1, max_length=120)
    first_name: str | None = Field(None, max_length=120)
    last_name: str | None = Field(None, max_length=120)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    gender: Gender | None = None
    nationality: Nationality | None = None
    languages: list[str] | None = Field(None, max_length=10)
    phone: str | None = Field(None, max_length=30)
    housing: Housing | None = None


# `null` in an optional text or choice field means "not said": stored as "".
_BLANK_WHEN_NULL = {"first_name", "last_name", "gender", "nationality", "phone", "housing"}


def person_fields(data: dict) -> dict:
    """Model values from validated input (enums to their codes, null to blank)."""
    fields = {}
    for name, value in data.items():
        if value is None and name in _BLANK_WHEN_NULL:
            value = ""
        elif value is None and name == "languages":
            value = []
        elif hasattr(value, "value"):
            value = value.value
        fields[name] = value
    return fields


class NoteIn(Schema):
    text: str = Field(..., max_length=20_000)
    visibility: Note.Visibility
    about_third_party: bool = False
    third_party_reason: str = Field("", max_length=300)


class ContactIn(Schema):
    happened_on: date
    kind: Contact.Kind
    summary: str = Field("", max_length=5_000)


class GoalIn(Schema):
    title: str = Field(..., max_length=1_000)
    status: Goal.Status = Goal.Status.PLANNED
    who_helps: str = Field("", max_length=300)
    steps: list[str] = Field(default_factory=list, max_length=50)


class GoalPatch(Schema):
    title: str | None = Field(None, max_length=1_000)
    status: Goal.Status | None = None
    who_helps: str | None = Field(None, max_length=300)
    steps: list[str] | None = Field(None, max_length=50)


class ConsentIn(Schema):
    organisations: list[str] = Field(
        default_factory=list, description="Slugs of the organisations the consent names."
    )
    all_signatories: bool = Field(
        False, description="Every organisation that signed the network's current charter."
    )
    scope: list[Consent.Scope] = Field(..., min_length=1)
    method: Consent.Method
    purpose: str = Field(..., max_length=300)
    expires_at: datetime | None = Field(None, description="Default: 12 months from now.")


class BreakGlassIn(Schema):
    reason: str = Field(..., max_length=2_000)


# Output


class IdOut(Schema):
    id: uuid.UUID


class OrganisationRefOut(Schema):
    slug: str
    name: str


class IdentityOut(Schema):
    called_name: str
    first_name: str
    last_name: str
    birth_year: int | None
    gender: str
    nationality: str
    languages: list[str]
    phone: str
    housing: str


class PersonCreatedOut(IdentityOut):
    id: uuid.UUID
    referent_organisation: OrganisationRefOut
    created_at: datetime


class PersonListItemOut(Schema):
    id: uuid.UUID
    called_name: str
    first_name: str
    last_name: str
    birth_year: int | None
    referent_organisation: OrganisationRefOut


class PersonPageOut(Schema):
    items: list[PersonListItemOut]
    count: int
    page: int
    page_size: int


class GoalOut(Schema):
    id: uuid.UUID
    title: str
    status: str
    who_helps: str
    steps: list
    created_at: datetime
    updated_at: datetime


class NoteOut(Schema):
    id: uuid.UUID
    text: str
    visibility: str
    organisation: OrganisationRefOut
    author: str
    created_at: datetime
    about_third_party: bool
    third_party_reason: str


class ContactOut(Schema):
    id: uuid.UUID
    happened_on: date
    kind: str
    summary: str
    organisation: OrganisationRefOut


class ConsentOut(Schema):
    id: uuid.UUID
    organisations: list[OrganisationRefOut]
    all_signatories: bool
    scope: list[str]
    purpose: str
    method: str
    given_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    revoked_by_person: bool
    recorded_by_organisation: OrganisationRefOut
    valid: bool


class AccessOut(Schema):
    basis: str
    parts: list[str]
    organisation: OrganisationRefOut | None
    consent_id: uuid.UUID | None
    break_glass_id: uuid.UUID | None


class PersonFileOut(Schema):
    id: uuid.UUID
    referent_organisation: OrganisationRefOut
    identity: IdentityOut | None
    goals: list[GoalOut]
    notes: list[NoteOut]
    contacts: list[ContactOut]
    consents: list[ConsentOut]
    access: AccessOut


class ConsentRevokedOut(Schema):
    id: uuid.UUID
    revoked_at: datetime


class BreakGlassOut(Schema):
    id: uuid.UUID
    expires_at: datetime


class AccessCodeOut(Schema):
    file_code: str
    access_code: str


class AccessLogEntryOut(Schema):
    at: datetime
    organisation: str
    action: str
    basis: str


class BreakGlassRecordOut(Schema):
    id: uuid.UUID
    organisation: OrganisationRefOut
    started_at: datetime
    expires_at: datetime
    reason: str
    review: str
    reviewed_at: datetime | None


class CorrectionRecordOut(Schema):
    id: uuid.UUID
    text: str
    created_at: datetime
    handled_at: datetime | None


class PersonExportOut(PersonFileOut):
    exported_at: datetime
    created_at: datetime
    last_activity_at: datetime
    file_code: str | None
    break_glasses: list[BreakGlassRecordOut]
    corrections: list[CorrectionRecordOut]
    access_log: list[AccessLogEntryOut]


def organisation_out(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"slug": organisation.slug, "name": organisation.name}


def identity_out(person: Person) -> dict:
    return {
        "called_name": person.called_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_year": person.birth_year,
        "gender": person.gender,
        "nationality": person.nationality,
        "languages": list(person.languages or []),
        "phone": person.phone,
        "housing": person.housing,
    }


def person_created_out(person: Person) -> dict:
    return {
        "id": person.pk,
        "referent_organisation": organisation_out(person.referent_organisation),
        "created_at": person.created_at,
        **identity_out(person),
    }


def person_list_item_out(person: Person) -> dict:
    return {
        "id": person.pk,
        "called_name": person.called_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_year": person.birth_year,
        "referent_organisation": organisation_out(person.referent_organisation),
    }


def goal_out(goal: Goal) -> dict:
    return {
        "id": goal.pk,
        "title": goal.title,
        "status": goal.status,
        "who_helps": goal.who_helps,
        "steps": list(goal.steps or []),
        "created_at": goal.created_at,
        "updated_at": goal.updated_at,
    }


def note_out(note: Note) -> dict:
    return {
        "id": note.pk,
        "text": note.text,
        "visibility": note.visibility,
        "organisation": organisation_out(note.organisation),
        "author": str(note.author) if note.author is not None else "",
        "created_at": note.created_at,
        "about_third_party": note.about_third_party,
        "third_party_reason": note.third_party_reason,
    }


def contact_out(contact: Contact) -> dict:
    return {
        "id": contact.pk,
        "happened_on": contact.happened_on,
        "kind": contact.kind,
        "summary": contact.summary,
        "organisation": organisation_out(contact.organisation),
    }


def consent_out(consent: Consent) -> dict:
    return {
        "id": consent.pk,
        "organisations": [organisation_out(o) for o in consent.organisations.all()],
        "all_signatories": consent.all_signatories,
        "scope": consent.scope,
        "purpose": consent.purpose,
        "method": consent.method,
        "given_at": consent.given_at,
        "expires_at": consent.expires_at,
        "revoked_at": consent.revoked_at,
        "revoked_by_person": consent.revoked_by_person,
        "recorded_by_organisation": organisation_out(consent.recorded_by_organisation),
        "valid": consent.is_valid(),
    }


def access_out(file) -> dict:
    return {
        "basis": str(file.basis),
        "parts": sorted(file.parts),
        "organisation": organisation_out(file.organisation),
        "consent_id": file.consent_id,
        "break_glass_id": file.break_glass_id,
    }


def person_file_out(person_file) -> dict:
    """The file as the viewer may see it; a part they may not see is empty (identity: null)."""
    person = person_file.person
    return {
        "id": person.pk,
        "referent_organisation": organisation_out(person.referent_organisation),
        "identity": identity_out(person) if person_file.identity_visible else None,
        "goals": [goal_out(g) for g in person_file.goals],
        "notes": [note_out(n) for n in person_file.notes],
        "contacts": [contact_out(c) for c in person_file.contacts],
        "consents": [consent_out(c) for c in person_file.consents],
        "access": access_out(person_file.access),
    }


def access_log_entry_out(entry: AccessLogEntry) -> dict:
    return {
        "at": entry.at,
        "organisation": entry.organisation_name,
        "action": entry.action,
        "basis": entry.basis,
    }
