"""The person's own API, mounted at /api/v1/me: the portal ("mon dossier") for apps.

`POST /me/session` exchanges the two codes of the slip for a one-hour person token (same
lockout as the portal: 5 failures per file code and address lock it for 30 minutes). That
token opens these endpoints and nothing else: staff endpoints answer 401 with it, and a
staff token answers 401 here. Every read is audited with basis `person`; every answer is
sent with `Cache-Control: no-store`.
"""

import hashlib
import uuid
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from ninja import Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.security import HttpBearer

from . import access, selectors, services
from .models import PersonToken
from .portal import access_log_item, file_document, person_login


class PersonBearer(HttpBearer):
    """`Authorization: Bearer <person token>`; sets request.person_token. Staff tokens are
    not person tokens: they answer 401 here."""

    def authenticate(self, request, token: str):
        if not token:
            return None
        person_token = (
            PersonToken.objects.filter(
                digest=hashlib.sha256(token.encode()).hexdigest(),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                person__anonymised_at__isnull=True,
            )
            .only("pk", "person_id", "expires_at")
            .first()
        )
        if person_token is None:
            return None
        request.person_token = person_token
        return person_token


router = Router(tags=["me"], auth=PersonBearer())

# The one answer to every failure (unknown file code, wrong access code, lockout).
GENERIC_FAILURE = gettext_lazy("Codes invalides.")


class SessionIn(Schema):
    file_code: str = ""
    access_code: str = ""


class SessionOut(Schema):
    token: str
    expires_at: datetime


class ErrorOut(Schema):
    detail: str


class IdentityOut(Schema):
    called_name: str
    first_name: str
    last_name: str
    birth_year: int | None
    gender: str
    nationality: str
    languages: list
    phone: str
    housing: str


class GoalOut(Schema):
    title: str
    status: str
    steps: list
    who_helps: str
    created_at: datetime
    updated_at: datetime


class NoteOut(Schema):
    created_at: datetime
    organisation: str
    visibility: str
    text: str


class ContactOut(Schema):
    happened_on: date
    organisation: str
    kind: str
    summary: str


class ConsentOut(Schema):
    id: uuid.UUID
    status: str
    organisations: list[str]
    all_signatories: bool
    scope: list[str]
    purpose: str
    method: str
    given_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    revoked_by_person: bool


class LogEntryOut(Schema):
    at: datetime
    organisation: str
    action: str
    basis: str


class FileOut(Schema):
    id: uuid.UUID
    network: str
    referent_organisation: str
    created_at: datetime
    last_activity_at: datetime
    identity: IdentityOut
    life_project: list[GoalOut]
    notes: list[NoteOut]
    contacts: list[ContactOut]
    consents: list[ConsentOut]
    access_log: list[LogEntryOut]


class RevokedOut(Schema):
    id: uuid.UUID
    revoked_at: datetime


@router.post("/session", auth=None, response={200: SessionOut, 401: ErrorOut})
@decorate_view(never_cache)
def session_create(request, payload: SessionIn):
    """Exchange the file code and the access code printed on the slip for a token valid one
    hour, for this person's own file only. Every failure answers 401 with the same message;
    5 failures for a file code from one address lock it for 30 minutes, right codes included.
    """
    person, _locked = person_login(
        request, file_code=payload.file_code, access_code=payload.access_code
    )
    if person is None:
        raise HttpError(401, gettext(GENERIC_FAILURE))
    raw = services.person_token_issue(person=person)
    token = PersonToken.objects.only("expires_at").get(
        digest=hashlib.sha256(raw.encode()).hexdigest()
    )
    return {"token": raw, "expires_at": token.expires_at}


@router.delete("/session", response={204: None})
@decorate_view(never_cache)
def session_delete(request):
    """End this token: it answers 401 from now on."""
    services.person_token_revoke(token=request.person_token)
    return Status(204, None)


@router.get("/file", response=FileOut)
@decorate_view(never_cache)
def file_read(request):
    """The person's whole file (except notes withheld because they are about a third person),
    with who looked at it."""
    file = services.person_own_file_open(person_id=request.person_token.person_id)
    return file_document(
        selectors.person_file_for(file), selectors.access_log_for_person(file.person)
    )


@router.get("/access-log", response=list[LogEntryOut])
@decorate_view(never_cache)
def access_log_read(request):
    """Who looked at the file: when, which organisation, what, on which basis (own
    organisation, consent, break-glass, system). Never a worker's name."""
    file = services.person_own_file_open(person_id=request.person_token.person_id)
    return [access_log_item(entry) for entry in selectors.access_log_for_person(file.person)]


@router.post("/consents/{consent_id}/revoke", response=RevokedOut)
@decorate_view(never_cache)
def consent_revoke(request, consent_id: uuid.UUID):
    """Withdraw one of the person's consents: the organisations it named lose access at their
    next request. Another person's consent answers 404, like an unknown one."""
    person = access.own_file(request.person_token.person_id).person  # consent_revoke audits
    consent = services.consent_revoke(consent_id=consent_id, person=person)
    return {"id": consent.pk, "revoked_at": consent.revoked_at}
