"""The persons API, mounted at /api/v1/persons and /api/v1/consents.

Every endpoint needs a bearer token obtained with the second factor and answers with
`Cache-Control: no-store`. Endpoints are thin: reads go through `access.get_person_for`
(which decides and audits) and `selectors.person_file_for`; writes go through the services,
which check the access policy themselves and audit in the same transaction. A file the user
may not see answers 404 exactly like an unknown id; a ValidationError of a service becomes
a 422 naming the field.
"""

import uuid
from functools import wraps

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from relais.accounts.auth import BearerToken
from relais.audit.models import Action
from relais.network.models import Organisation

from . import access, selectors, services
from .schemas import (
    AccessCodeOut,
    AccessLogEntryOut,
    BreakGlassIn,
    BreakGlassOut,
    ConsentIn,
    ConsentRevokedOut,
    ContactIn,
    GoalIn,
    GoalOut,
    GoalPatch,
    IdOut,
    NoteIn,
    PersonCreatedOut,
    PersonExportOut,
    PersonFileOut,
    PersonIn,
    PersonPageOut,
    PersonPatch,
    access_log_entry_out,
    goal_out,
    organisation_out,
    person_created_out,
    person_fields,
    person_file_out,
    person_list_item_out,
)

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class SecondFactorBearer(BearerToken):
    """A bearer token obtained with the second factor; any other token answers 401."""

    def authenticate(self, request, token: str):
        api_token = super().authenticate(request, token)
        if api_token is None or not api_token.with_second_factor:
            return None
        return api_token


def _no_store(run):
    """Wrap an operation (authentication and error handling included) so that every answer,
    404 and 401 alike, is sent with `Cache-Control: no-store`."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def _router(tags: list[str]) -> Router:
    router = Router(tags=tags, auth=SecondFactorBearer())
    router.add_decorator(_no_store, mode="view")
    return router


router = _router(["persons"])
consents_router = _router(["persons"])


def _parse_id(value: str) -> uuid.UUID:
    """A malformed id is an unknown id."""
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError) as error:
        raise access.PersonNotFound from error


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _acting_organisation(user, slug: str | None) -> Organisation:
    """The organisation a new file is opened in: the one named, or the only one the user acts
    for. Someone who acts for no organisation (coordinator, DPO, volunteer not allowed)
    gets the same 404 as for any file they may not open."""
    organisations = access.acting_organisations(user)
    if not organisations:
        raise access.PersonNotFound
    if slug:
        for organisation in organisations:
            if organisation.slug == slug:
                return organisation
        raise _field_error("organisation", _("Vous n'agissez pas pour cette organisation."))
    if len(organisations) > 1:
        raise _field_error(
            "organisation", _("Vous agissez pour plusieurs organisations : nommez-en une.")
        )
    return organisations[0]


# Files


@router.post("", response={201: PersonCreatedOut})
def person_create(request, payload: PersonIn):
    """Open a file in your organisation (which becomes its referent organisation). Only
    `called_name` is required: the name the person wants to be called, a pseudonym is fine."""
    data = payload.model_dump(exclude_unset=True)
    organisation = _acting_organisation(request.user, data.pop("organisation", None))
    person = services.person_create(
        user=request.user, organisation=organisation, **person_fields(data)
    )
    return Status(201, person_created_out(person))


class SearchQuery(Schema):
    q: str = ""
    page: int = 1
    page_size: int = PAGE_SIZE


@router.get("", response=PersonPageOut)
def person_search(request, filters: Query[SearchQuery]):
    """Files your organisations may see (their own, and those a valid consent sharing the
    identity opens to them), matching `q` on the names. Each file listed is written to its
    access log (action `search`)."""
    page = max(filters.page, 1)
    page_size = min(max(filters.page_size, 1), MAX_PAGE_SIZE)
    found = selectors.persons_search(user=request.user, q=filters.q)
    offset = (page - 1) * page_size
    persons = list(found[offset : offset + page_size])
    count = found.count()
    services.persons_search_audit(user=request.user, persons=persons)
    return {
        "items": [person_list_item_out(p) for p in persons],
        "count": count,
        "page": page,
        "page_size": page_size,
    }


@router.get("/{person_id}", response=PersonFileOut)
def person_read(request, person_id: str):
    """The file as you may see it, and on which basis (`access`)."""
    file = access.get_person_for(request.user, person_id, Action.READ)
    return person_file_out(selectors.person_file_for(file))


@router.patch("/{person_id}", response=PersonCreatedOut)
def person_update(request, person_id: str, payload: PersonPatch):
    """Change the identity fields sent. Referent organisation only."""
    data = payload.model_dump(exclude_unset=True)
    if "called_name" in data and data["called_name"] is None:
        raise _field_error("called_name", _("Le nom d'usage est obligatoire."))
    person = services.person_update(user=request.user, person_id=person_id, **person_fields(data))
    return person_created_out(person)


@router.delete("/{person_id}", response={204: None})
def person_erase(request, person_id: str):
    """Erase the file: identity, notes and goals gone, pseudonymous statistics kept.
    Admins of the referent organisation only."""
    services.person_anonymise(user=request.user, person_id=person_id)
    return Status(204, None)


# Content


@router.post("/{person_id}/notes", response={201: IdOut})
def note_add(request, person_id: str, payload: NoteIn):
    """Add a note. `organisation`: your organisation only; `shared`: whoever the person's
    consent lets see the shared notes. A note about a third person needs a reason and is
    withheld from the person's own view."""
    note = services.note_add(
        user=request.user,
        person_id=person_id,
        text=payload.text,
        visibility=payload.visibility.value,
        about_third_party=payload.about_third_party,
        third_party_reason=payload.third_party_reason,
    )
    return Status(201, {"id": note.pk})


@router.post("/{person_id}/contacts", response={201: IdOut})
def contact_add(request, person_id: str, payload: ContactIn):
    """Add a contact (a meeting with the person) to the timeline."""
    contact = services.contact_add(
        user=request.user,
        person_id=person_id,
        happened_on=payload.happened_on,
        kind=payload.kind.value,
        summary=payload.summary,
    )
    return Status(201, {"id": contact.pk})


@router.post("/{person_id}/goals", response={201: GoalOut})
def goal_add(request, person_id: str, payload: GoalIn):
    """Add a goal the person chose to their life project."""
    goal = services.goal_save(
        user=request.user,
        person_id=person_id,
        title=payload.title,
        status=payload.status.value,
        who_helps=payload.who_helps,
        steps=payload.steps,
    )
    return Status(201, goal_out(goal))


@router.patch("/{person_id}/goals/{goal_id}", response=GoalOut)
def goal_update(request, person_id: str, goal_id: str, payload: GoalPatch):
    """Change a goal of the life project (its status, steps, who helps)."""
    data = payload.model_dump(exclude_unset=True)
    for name in ("title", "status"):
        if name in data and data[name] is None:
            raise _field_error(name, _("Ce champ est obligatoire."))
    data = {k: ([] if v is None and k == "steps" else v) for k, v in data.items()}
    data = {k: ("" if v is None else getattr(v, "value", v)) for k, v in data.items()}
    goal = services.goal_update(user=request.user, person_id=person_id, goal_id=goal_id, **data)
    return goal_out(goal)


# Consent and break-glass


@router.post("/{person_id}/consents", response={201: IdOut})
def consent_grant(request, person_id: str, payload: ConsentIn):
    """Record the person's consent to share parts of their file with the organisations named,
    or with every organisation that signed the network's current charter. Referent
    organisation only."""
    slugs = sorted(set(payload.organisations))
    organisations = list(Organisation.objects.filter(slug__in=slugs))
    unknown = set(slugs) - {o.slug for o in organisations}
    if unknown:
        raise _field_error(
            "organisations",
            _("Organisations inconnues : %(slugs)s") % {"slugs": ", ".join(sorted(unknown))},
        )
    consent = services.consent_grant(
        user=request.user,
        person_id=person_id,
        scope=[s.value for s in payload.scope],
        method=payload.method.value,
        purpose=payload.purpose,
        organisations=organisations,
        all_signatories=payload.all_signatories,
        expires_at=payload.expires_at,
    )
    return Status(201, {"id": consent.pk})


@consents_router.post("/{consent_id}/revoke", response=ConsentRevokedOut)
def consent_revoke(request, consent_id: str):
    """Withdraw a consent (referent organisation of the file). Takes effect on the next
    request of the organisations it named."""
    consent = services.consent_revoke(consent_id=_parse_id(consent_id), user=request.user)
    return {"id": consent.pk, "revoked_at": consent.revoked_at}


@router.post("/{person_id}/break-glass", response={201: BreakGlassOut})
def break_glass_declare(request, person_id: str, payload: BreakGlassIn):
    """Emergency access (danger for the person or a third person): the shared part for at
    most 24 hours. Say why in 20 characters at least; the referent organisation and the
    network's data-protection officer are told at once, and the officer reviews it."""
    glass = services.break_glass_declare(
        user=request.user, person_id=person_id, reason=payload.reason
    )
    return Status(201, {"id": glass.pk, "expires_at": glass.expires_at})


# Rights


@router.get("/{person_id}/access-log", response=list[AccessLogEntryOut])
def access_log(request, person_id: str):
    """Who looked at the file: when, which organisation, what, on which basis (newest first).
    Referent organisation only."""
    file = access.get_referent_file_for(request.user, person_id, Action.READ)
    return [access_log_entry_out(e) for e in selectors.access_log_for(file.person)]


@router.get("/{person_id}/export", response=PersonExportOut)
def person_export(request, person_id: str):
    """Everything relais holds about the file, as JSON (right of access and portability).
    Referent organisation only; written to the access log as an export."""
    file = access.get_referent_admin_file_for(request.user, person_id, Action.EXPORT)
    person = file.person
    records = selectors.person_records_for(file)
    return {
        **person_file_out(selectors.person_file_for(file)),
        "exported_at": timezone.now(),
        "created_at": person.created_at,
        "last_activity_at": person.last_activity_at,
        "file_code": person.file_code,
        "break_glasses": [
            {
                "id": g.pk,
                "organisation": organisation_out(g.organisation),
                "started_at": g.started_at,
                "expires_at": g.expires_at,
                "reason": g.reason,
                "review": g.review,
                "reviewed_at": g.reviewed_at,
            }
            for g in records.break_glasses
        ],
        "corrections": [
            {"id": c.pk, "text": c.text, "created_at": c.created_at, "handled_at": c.handled_at}
            for c in records.corrections
        ],
        "access_log": [
            access_log_entry_out(e) for e in selectors.access_log_for(person, limit=10_000)
        ],
    }


@router.post("/{person_id}/access-code", response=AccessCodeOut)
def access_code_issue(request, person_id: str):
    """A file code and a new access code for the person's own portal, to print on a slip.
    The access code is shown this once (relais keeps only a hash). Referent organisation
    only."""
    file_code, access_code = services.access_code_issue(user=request.user, person_id=person_id)
    return {"file_code": file_code, "access_code": access_code}
