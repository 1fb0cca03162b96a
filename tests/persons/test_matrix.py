"""The access matrix: every route that touches person data × every persona × every consent
state, generated from the URL configuration.

The routes are read from the project itself, not listed by hand:

- every operation of the JSON API (`config.api.api`, through its OpenAPI schema) whose path
  starts with /api/v1/persons, /api/v1/consents or /api/v1/me;
- every Django URL pattern in the namespaces `persons:`, `dpo:` and `portal:`
  (`django.urls.get_resolver()`).

Each of them must have an entry in RULES below, or `test_every_route_has_a_rule` fails naming
it. For each entry, `test_access_matrix[<state>]` calls the route as every persona, in every
consent state, and checks what comes back:

- allowed: the status(es) of the rule, `Cache-Control: no-store`, and exactly `audit` new
  entries in the access log (1 for a read);
- refused: 404 with the very body of an unknown id (never 403: existence is not revealed), or
  a list without the file (HIDDEN), no audit entry, and, for a write, nothing changed;
- anonymous: 401 for the API, the login page for staff pages, the portal's code page for the
  portal; the person (portal session or person token) likewise outside their portal.

Each call runs in a savepoint rolled back afterwards, so the world is built once per state.

HOW TO ADD A ROUTE
==================
Add one entry to RULES, keyed by "namespace:name" for a page or "METHOD /api/v1/path" (the
path as OpenAPI spells it, with `{param}`) for an API operation. The value is a Call or a
list of Calls (one per method a page accepts):

    "persons:thing": Call(SHARED_PART),                          # GET → 200, 1 audit entry
    "persons:thing_edit": [
        Call(REFERENT),                                          # the form (GET)
        Call(REFERENT, "post", data={"field": "value"}, ok=302), # the change (POST)
    ],
    "POST /api/v1/persons/{person_id}/things": Call(SHARED_PART, "post", data={...}, ok=201),

- the first argument says who is allowed, a function (persona, state) -> bool; use the
  profiles below: SHARED_PART, LISTED, REFERENT, REFERENT_ADMINS, NETWORK_WORKER, ACTING, DPO,
  PERSON, EVERYONE;
- `data`: form fields or JSON body (a callable gets the Ctx: ids, codes of this world);
  `query`: query-string parameters;
- `ok`: status(es) of an allowed call; `audit`: entries an allowed call writes (0 for a page
  that shows nothing of a file); `listed=True`: an allowed answer must contain the file's id;
- `denied`: what a refused persona gets: NOT_FOUND (default), HIDDEN (a list without the
  file), INVALID (input refused: 422 or the form again), or a function (persona, state)
  -> outcome;
- `audience`: "staff" (persons:, dpo:, staff API), "person" (portal:, /api/v1/me) or
  "public" (no login: every persona is judged by the first argument); guessed from the key;
- path parameters are filled from PARAMS (person_id is the file, consent_id a consent of
  it, goal_id a goal of it, glass_id a break-glass on it, slug its network); `subject` names
  the parameter replaced by an unknown value for the 404 comparison (default: the first of
  person_id, consent_id, goal_id, glass_id, slug the route has).
"""

import json
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode, urlparse

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from relais.accounts.services import api_token_issue
from relais.audit.models import AccessLogEntry
from relais.persons import services
from relais.persons.models import (
    BreakGlass,
    Consent,
    Contact,
    CorrectionRequest,
    Goal,
    Note,
    Person,
    PersonToken,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    login_with_second_factor,
    organisation_role,
)

API_PREFIXES = ("/api/v1/persons", "/api/v1/consents", "/api/v1/me")
WEB_NAMESPACES = ("persons", "dpo", "portal")
PERSON_API_PREFIX = "/api/v1/me"

# Personas (see the `world` fixture in conftest.py)
REFERENT_WORKER = "referent_worker"  # worker of the organisation that opened the file
REFERENT_ADMIN = "referent_admin"  # its admin (erasure)
ALLOWED_VOLUNTEER = "allowed_volunteer"  # its volunteer allowed to open person files
PARTNER = "partner"  # worker of the partner named by the consent (or declaring break-glass)
OTHER_PARTNER = "other_partner"  # worker of a member of the network no consent names
FOREIGN = "foreign"  # worker of a partner of another network
VOLUNTEER = "volunteer"  # volunteer of the referent organisation, not allowed
COORDINATOR = "coordinator"
DPO_ = "dpo"
ANONYMOUS = "anonymous"
PERSON_ = "person"  # the person: portal session, person token

STAFF = (
    REFERENT_WORKER,
    REFERENT_ADMIN,
    ALLOWED_VOLUNTEER,
    PARTNER,
    OTHER_PARTNER,
    FOREIGN,
    VOLUNTEER,
    COORDINATOR,
    DPO_,
)
PERSONAS = (*STAFF, ANONYMOUS, PERSON_)
WORLD_USERS = {
    REFERENT_WORKER: "referent_worker",
    REFERENT_ADMIN: "referent_admin",
    ALLOWED_VOLUNTEER: "allowed_volunteer",
    PARTNER: "partner_worker",
    OTHER_PARTNER: "outsider_worker",
    FOREIGN: "foreign_worker",
    VOLUNTEER: "volunteer",
    COORDINATOR: "coordinator",
    DPO_: "dpo",
}

# Consent states: what opens (or opened) the file to the partner
NONE = "none"
VALID = "valid"  # a consent names the partner
SIGNATORIES = "signatories"  # a consent names all signatories of the current charter
EXPIRED = "expired"
REVOKED = "revoked"
BREAK_GLASS = "break_glass"  # the partner's worker declared a break-glass 1 hour ago
BREAK_GLASS_EXPIRED = "break_glass_expired"  # … 25 hours ago
STATES = (NONE, VALID, SIGNATORIES, EXPIRED, REVOKED, BREAK_GLASS, BREAK_GLASS_EXPIRED)

# Outcomes
OK = "allowed"
NOT_FOUND = "404 like an unknown id"
HIDDEN = "a list without the file"
INVALID = "refused input: 422, or the form again, nothing changed"
UNAUTHORIZED = "401"
LOGIN = "redirect to the login page"
PORTAL_LOGIN = "redirect to the portal's code page"

# Who is allowed: functions (persona, state) -> bool

_REFERENT = {REFERENT_WORKER, REFERENT_ADMIN, ALLOWED_VOLUNTEER}
_ACTING = _REFERENT | {PARTNER, OTHER_PARTNER, FOREIGN}


def SHARED_PART(persona, state):
    """The referent organisation; the partner while a consent or a break-glass opens it."""
    return persona in _REFERENT or (
        persona == PARTNER and state in {VALID, SIGNATORIES, BREAK_GLASS}
    )


def LISTED(persona, state):
    """Search lists: the referent organisation; the partner while a consent shares the
    identity (a break-glass opens one file by its id, it does not list it)."""
    return persona in _REFERENT or (persona == PARTNER and state in {VALID, SIGNATORIES})


def REFERENT(persona, state):
    return persona in _REFERENT


def REFERENT_ADMINS(persona, state):
    """Erasure: admins of the referent organisation."""
    return persona == REFERENT_ADMIN


def NETWORK_WORKER(persona, state):
    """Break-glass: any worker of a member of the file's network."""
    return persona in _REFERENT | {PARTNER, OTHER_PARTNER}


def ACTING(persona, state):
    """Whoever acts for an organisation (opens files, searches)."""
    return persona in _ACTING


def DPO(persona, state):
    return persona == DPO_


def PERSON(persona, state):
    return persona == PERSON_


def EVERYONE(persona, state):
    return True


def NEW_BREAK_GLASS(persona, state):
    """Declaring a break-glass: any worker of a member of the network, unless their own is
    still open (the partner's, in the break_glass state)."""
    return NETWORK_WORKER(persona, state) and not (persona == PARTNER and state == BREAK_GLASS)


def ALREADY_OPEN(persona, state):
    return INVALID if NETWORK_WORKER(persona, state) else NOT_FOUND


def HIDDEN_FROM_ACTING(persona, state):
    """A search page: a list without the file for those who act for an organisation, 404 for
    those who act for none."""
    return HIDDEN if persona in _ACTING else NOT_FOUND


@dataclass(frozen=True)
class Call:
    who: Callable
    method: str = "get"
    data: dict | Callable | None = None
    query: dict | None = None
    ok: int | tuple = 200
    audit: int = 1
    denied: str | Callable = NOT_FOUND
    listed: bool = False
    audience: str | None = None
    subject: str | None = None

    @property
    def ok_statuses(self) -> tuple:
        return self.ok if isinstance(self.ok, tuple) else (self.ok,)


@dataclass
class Ctx:
    """The world of one consent state, as the rules see it."""

    world: object
    person: Person
    consent: Consent  # a consent of the file naming an organisation no persona acts for
    goal: Goal
    glass: BreakGlass  # a break-glass on the file, declared by a worker no persona is
    file_code: str
    access_code: str


PARAMS = {
    "person_id": lambda ctx: ctx.person.pk,
    "consent_id": lambda ctx: ctx.consent.pk,
    "goal_id": lambda ctx: ctx.goal.pk,
    "glass_id": lambda ctx: ctx.glass.pk,
    "slug": lambda ctx: ctx.world.network.slug,
}
SUBJECTS = ("person_id", "consent_id", "goal_id", "glass_id", "slug")


def _unknown(param: str) -> str:
    return "reseau-inconnu" if param == "slug" else str(uuid.uuid4())


REASON = "Menace de suicide signalée par l'équipe de rue ce soir"


def _consent_form(ctx):
    return {
        "organisations": [str(ctx.world.partner.pk)],
        "scope": ["identity", "shared_notes"],
        "purpose": "Orientation vers un abri de nuit",
        "method": "oral",
        "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
    }


def _goal_form(ctx):
    return {"title": "Ouvrir un compte", "steps": "Banque", "who_helps": "", "status": "planned"}


RULES: dict[str, Call | list[Call]] = {
    # --- API: staff ------------------------------------------------------------------------
    "POST /api/v1/persons": Call(ACTING, "post", data={"called_name": "Kim"}, ok=201),
    "GET /api/v1/persons": Call(LISTED, query={"q": "Jojo"}, listed=True, denied=HIDDEN),
    "GET /api/v1/persons/{person_id}": Call(SHARED_PART, listed=True),
    "PATCH /api/v1/persons/{person_id}": Call(REFERENT, "patch", data={"phone": "0470 12 34 56"}),
    "DELETE /api/v1/persons/{person_id}": Call(REFERENT_ADMINS, "delete", ok=204),
    "POST /api/v1/persons/{person_id}/notes": Call(
        SHARED_PART, "post", data={"text": "Vu au centre de jour", "visibility": "shared"}, ok=201
    ),
    "POST /api/v1/persons/{person_id}/contacts": Call(
        SHARED_PART, "post", data={"happened_on": "2025-03-01", "kind": "street"}, ok=201
    ),
    "POST /api/v1/persons/{person_id}/goals": Call(
        SHARED_PART, "post", data={"title": "Retrouver un logement"}, ok=201
    ),
    "PATCH /api/v1/persons/{person_id}/goals/{goal_id}": Call(
        SHARED_PART, "patch", data={"status": "in_progress"}
    ),
    "POST /api/v1/persons/{person_id}/consents": Call(
        REFERENT,
        "post",
        data=lambda ctx: {
            "organisations": [ctx.world.partner.slug],
            "scope": ["identity"],
            "method": "oral",
            "purpose": "Orientation",
        },
        ok=201,
    ),
    "POST /api/v1/consents/{consent_id}/revoke": Call(REFERENT, "post"),
    "POST /api/v1/persons/{person_id}/break-glass": Call(
        NEW_BREAK_GLASS, "post", data={"reason": REASON}, ok=201, denied=ALREADY_OPEN
    ),
    "GET /api/v1/persons/{person_id}/access-log": Call(REFERENT),
    "GET /api/v1/persons/{person_id}/export": Call(REFERENT_ADMINS, listed=True),
    "POST /api/v1/persons/{person_id}/access-code": Call(REFERENT, "post"),
    # --- API: the person ---------------------------------------------------------------------
    "POST /api/v1/me/session": Call(
        EVERYONE,
        "post",
        data=lambda ctx: {"file_code": ctx.file_code, "access_code": ctx.access_code},
        audit=0,
    ),
    "DELETE /api/v1/me/session": Call(PERSON, "delete", ok=204, audit=0),
    "GET /api/v1/me/file": Call(PERSON, listed=True),
    "GET /api/v1/me/access-log": Call(PERSON),
    "POST /api/v1/me/consents/{consent_id}/revoke": Call(PERSON, "post"),
    # --- Staff pages -------------------------------------------------------------------------
    "persons:search": Call(LISTED, query={"q": "Jojo"}, listed=True, denied=HIDDEN_FROM_ACTING),
    "persons:create": [
        Call(ACTING, audit=0),
        Call(ACTING, "post", data={"called_name": "Kim"}, ok=302),
    ],
    "persons:break_glass_lookup": Call(ACTING, audit=0),
    "persons:file": Call(SHARED_PART, listed=True),
    "persons:identity": [
        Call(REFERENT),
        Call(REFERENT, "post", data={"called_name": "Jojo", "phone": "0470 12 34 56"}, ok=302),
    ],
    "persons:note_add": Call(
        SHARED_PART, "post", data={"text": "Vu au centre de jour", "visibility": "shared"}, ok=302
    ),
    "persons:contact_add": Call(
        SHARED_PART, "post", data={"happened_on": "2025-03-01", "kind": "street"}, ok=302
    ),
    "persons:goal_add": Call(SHARED_PART, "post", data=_goal_form, ok=302),
    "persons:goal_edit": [
        Call(SHARED_PART, subject="person_id"),
        Call(SHARED_PART, "post", data=_goal_form, ok=302),
    ],
    "persons:consent_new": [
        Call(REFERENT),
        # the form's file is read (1 entry), then the consent recorded (1 entry)
        Call(REFERENT, "post", data=_consent_form, ok=302, audit=2),
    ],
    "persons:consent_revoke": Call(REFERENT, "post", ok=302),
    "persons:consent_slip": Call(REFERENT),
    "persons:consent_slip_pdf": Call(REFERENT),
    "persons:access_log": Call(REFERENT),
    "persons:export_json": Call(REFERENT_ADMINS, listed=True),
    "persons:export_pdf": Call(REFERENT_ADMINS),
    "persons:access_code": [Call(REFERENT), Call(REFERENT, "post")],
    "persons:erase": [
        Call(REFERENT_ADMINS),
        Call(REFERENT_ADMINS, "post", data={"confirm": "on"}, ok=302),
    ],
    "persons:break_glass": [
        Call(NETWORK_WORKER, audit=0),
        Call(NEW_BREAK_GLASS, "post", data={"reason": REASON}, ok=302, denied=ALREADY_OPEN),
    ],
    # --- The data-protection officer's pages (the log, never the content) ----------------------
    "dpo:index": Call(DPO, ok=302, audit=0),
    "dpo:log": Call(DPO, audit=0),
    "dpo:break_glasses": Call(DPO, audit=0),
    "dpo:break_glass_review": Call(
        DPO, "post", data={"decision": "justified", "comment": ""}, ok=302, audit=0
    ),
    "dpo:alerts": Call(DPO, audit=0),
    # --- The person's portal -------------------------------------------------------------------
    "portal:login": [
        # a person already in goes on to their file; nobody else sees anything of a file
        Call(EVERYONE, ok=(200, 302), audit=0, audience="public"),
        Call(
            EVERYONE,
            "post",
            data=lambda ctx: {"file_code": ctx.file_code, "access_code": ctx.access_code},
            ok=302,
            audit=0,
            audience="public",
        ),
    ],
    "portal:logout": Call(EVERYONE, "post", ok=302, audit=0, audience="public"),
    "portal:file": Call(PERSON, listed=True),
    "portal:access_log": Call(PERSON),
    "portal:consents": Call(PERSON),
    "portal:consent_revoke": [Call(PERSON), Call(PERSON, "post", ok=302)],
    "portal:export_pdf": Call(PERSON),
    "portal:export_json": Call(PERSON, listed=True),
    "portal:correction": [
        Call(PERSON),
        Call(PERSON, "post", data={"text": "Mon année de naissance est 1981"}, ok=302),
    ],
    "portal:access_code": [
        Call(PERSON),
        Call(
            PERSON,
            "post",
            data=lambda ctx: {
                "current_code": ctx.access_code,
                "new_code": "NOUVEAU-CODE-42",
                "new_code_again": "NOUVEAU-CODE-42",
            },
            ok=302,
        ),
    ],
}


# --- Routes of the project ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str
    api: bool
    params: tuple[str, ...]
    public: bool = False  # API operation without authentication
    method: str | None = None  # API only
    path: str | None = None  # API only (OpenAPI template)


def api_routes() -> list[Route]:
    from config.api import api

    routes = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if not path.startswith(API_PREFIXES):
            continue
        for method, operation in operations.items():
            params = tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "path")
            routes.append(
                Route(
                    key=f"{method.upper()} {path}",
                    api=True,
                    params=params,
                    public=not operation.get("security"),
                    method=method,
                    path=path,
                )
            )
    return routes


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def web_routes() -> list[Route]:
    routes = []

    def walk(patterns, namespaces, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and set(namespaces) & set(WEB_NAMESPACES):
                name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
                params = tuple(_CONVERTER.findall(prefix + str(pattern.pattern)))
                yield Route(key=":".join([*namespaces, name]), api=False, params=params)

    for route in walk(get_resolver().url_patterns, [], ""):
        if route not in routes:
            routes.append(route)
    return routes


def all_routes() -> list[Route]:
    return api_routes() + web_routes()


def calls_of(key: str) -> list[Call]:
    rule = RULES[key]
    return list(rule) if isinstance(rule, list | tuple) else [rule]


def test_the_walk_finds_the_routes_of_person_data():
    keys = {r.key for r in all_routes()}

    assert "GET /api/v1/persons/{person_id}" in keys
    assert "POST /api/v1/consents/{consent_id}/revoke" in keys
    assert not {k for k in keys if k.startswith(("GET /api/v1/networks", "auth"))}


def test_every_route_has_a_rule():
    missing = [r.key for r in all_routes() if r.key not in RULES]

    assert not missing, (
        "These routes touch person data but have no rule in the access matrix "
        "(tests/persons/test_matrix.py, RULES; see HOW TO ADD A ROUTE at the top):\n  "
        + "\n  ".join(missing)
    )


def test_every_rule_names_a_route():
    keys = {r.key for r in all_routes()}
    stale = [key for key in RULES if key not in keys]

    assert not stale, "These rules name no route of the project any more:\n  " + "\n  ".join(stale)


def test_every_path_parameter_has_a_value():
    unknown = {(r.key, p) for r in all_routes() for p in r.params if p not in PARAMS}

    assert not unknown, f"Add these path parameters to PARAMS in test_matrix.py: {unknown}"


# --- The world of one consent state ----------------------------------------------------------


def _fresh(user):
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def _build(world, state) -> Ctx:
    referent = _fresh(world.referent_worker)
    person = world.person
    now = timezone.now()

    def consent(**kwargs):
        return services.consent_grant(
            user=_fresh(referent),
            person_id=person.pk,
            scope=["identity", "life_project", "shared_notes"],
            method="oral",
            purpose="Orientation vers un abri de nuit",
            **kwargs,
        )

    services.note_add(user=referent, person_id=person.pk, text="Note partagée", visibility="shared")
    services.note_add(
        user=_fresh(referent), person_id=person.pk, text="Note interne", visibility="organisation"
    )
    services.contact_add(
        user=_fresh(referent), person_id=person.pk, happened_on=date(2025, 2, 1), kind="meeting"
    )
    goal = services.goal_save(
        user=_fresh(referent), person_id=person.pk, title="Retrouver un logement", status="planned"
    )
    bystander = OrganisationFactory(slug="temoin", name="Organisation témoin")  # no persona
    MembershipFactory(network=world.network, organisation=bystander)
    witness = UserFactory(username="worker.temoin", with_totp=True)
    organisation_role(witness, bystander)
    spare = consent(organisations=[bystander])
    glass = services.break_glass_declare(user=witness, person_id=person.pk, reason=REASON)
    file_code, access_code = services.access_code_issue(user=_fresh(referent), person_id=person.pk)

    if state == VALID:
        consent(organisations=[world.partner])
    elif state == SIGNATORIES:
        consent(all_signatories=True)
    elif state == EXPIRED:
        expired = consent(organisations=[world.partner])
        Consent.objects.filter(pk=expired.pk).update(
            given_at=now - timedelta(days=400), expires_at=now - timedelta(days=1)
        )
    elif state == REVOKED:
        revoked = consent(organisations=[world.partner])
        services.consent_revoke(consent_id=revoked.pk, user=_fresh(referent))
    elif state in (BREAK_GLASS, BREAK_GLASS_EXPIRED):
        declared = services.break_glass_declare(
            user=_fresh(world.partner_worker), person_id=person.pk, reason=REASON
        )
        hours = 1 if state == BREAK_GLASS else 25
        BreakGlass.objects.filter(pk=declared.pk).update(
            started_at=now - timedelta(hours=hours),
            expires_at=now - timedelta(hours=hours) + timedelta(hours=24),
        )
    return Ctx(
        world=world,
        person=person,
        consent=spare,
        goal=goal,
        glass=glass,
        file_code=file_code,
        access_code=access_code,
    )


class Personas:
    """One browser and one API token per persona, reused for every call of a state."""

    def __init__(self, ctx: Ctx):
        self.clients: dict[str, Client] = {}
        self.headers: dict[str, dict] = {}
        self.cookies: dict[str, dict] = {}
        for persona in STAFF:
            user = getattr(ctx.world, WORLD_USERS[persona])
            client = Client()
            login_with_second_factor(client, user)
            raw, _token = api_token_issue(user=user)
            self._keep(persona, client, {"Authorization": f"Bearer {raw}"})
        self._keep(ANONYMOUS, Client(), {})
        person = Client()
        response = person.post(
            reverse("portal:login"),
            {"file_code": ctx.file_code, "access_code": ctx.access_code},
        )
        assert response.status_code == 302, "the person cannot sign in to the portal"
        raw = services.person_token_issue(person=ctx.person)
        self._keep(PERSON_, person, {"Authorization": f"Bearer {raw}"})

    def _keep(self, persona, client, headers):
        self.clients[persona] = client
        self.headers[persona] = headers
        self.cookies[persona] = {name: morsel.value for name, morsel in client.cookies.items()}

    def client(self, persona) -> Client:
        """The persona's browser with the cookies it had after signing in (a call that
        ended the session was rolled back)."""
        client = self.clients[persona]
        client.cookies.clear()
        for name, value in self.cookies[persona].items():
            client.cookies[name] = value
        return client


# --- Calling a route and judging the answer ---------------------------------------------------


def _audience(route: Route, call: Call) -> str:
    if call.audience:
        return call.audience
    if route.api:
        if route.public:
            return "public"
        return "person" if route.path.startswith(PERSON_API_PREFIX) else "staff"
    return "person" if route.key.split(":")[0] == "portal" else "staff"


def expected(route: Route, call: Call, persona: str, state: str) -> str:
    audience = _audience(route, call)
    if audience == "staff" and persona not in STAFF:
        return UNAUTHORIZED if route.api else LOGIN
    if audience == "person" and persona != PERSON_:
        return UNAUTHORIZED if route.api else PORTAL_LOGIN
    if call.who(persona, state):
        return OK
    return call.denied(persona, state) if callable(call.denied) else call.denied


def _url(route: Route, call: Call, ctx: Ctx, unknown: str | None = None) -> str:
    values = {p: (_unknown(p) if p == unknown else PARAMS[p](ctx)) for p in route.params}
    if route.api:
        url = route.path
        for name, value in values.items():
            url = url.replace("{" + name + "}", str(value))
    else:
        url = reverse(route.key, kwargs=values)
    return url + ("?" + urlencode(call.query) if call.query else "")


def _method(route: Route, call: Call) -> str:
    return route.method if route.api else call.method


def _request(personas: Personas, persona: str, route: Route, call: Call, ctx: Ctx, url: str):
    client = personas.client(persona)
    method = _method(route, call)
    data = call.data(ctx) if callable(call.data) else call.data
    send = getattr(client, method)
    if route.api:
        headers = personas.headers[persona]
        if method in ("get", "delete") and data is None:
            return send(url, headers=headers)
        return send(url, json.dumps(data or {}), content_type="application/json", headers=headers)
    return send(url, data or {})


def _fingerprint() -> tuple:
    """What a refused write must leave untouched."""
    person_fields = [f.attname for f in Person._meta.concrete_fields]
    return (
        list(Person.objects.order_by("pk").values_list(*person_fields)),
        list(Note.objects.order_by("pk").values_list("pk", "visibility")),
        list(Contact.objects.order_by("pk").values_list("pk")),
        list(Goal.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        list(Consent.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(BreakGlass.objects.order_by("pk").values_list("pk", "review")),
        list(CorrectionRequest.objects.order_by("pk").values_list("pk")),
        list(PersonToken.objects.order_by("pk").values_list("pk", "revoked_at")),
    )


_VOLATILE = [
    re.compile(rb'nonce="[^"]*"'),
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'),
]


def _normalised(content: bytes) -> bytes:
    for pattern in _VOLATILE:
        content = pattern.sub(b"", content)
    return content


def _redirect_path(response) -> str | None:
    if response.status_code not in (301, 302, 303):
        return None
    return urlparse(response["Location"]).path


# The answers to unknown ids do not depend on the consent state: asked once per process.
_UNKNOWN_ANSWERS: dict = {}


class Matrix:
    def __init__(self, ctx: Ctx, state: str):
        self.ctx = ctx
        self.state = state
        self.personas = Personas(ctx)
        self.failures: list[str] = []
        self.calls = 0
        self.login_path = resolve_url(settings.LOGIN_URL)
        self.portal_login_path = reverse("portal:login")
        # Every call runs in a savepoint rolled back after it, so the data before each call
        # is the data of this state's world: read once here (and `rolled_back` checks at the
        # end that every call left it so).
        self.log_entries = AccessLogEntry.objects.count()
        self.fingerprint = _fingerprint()

    def rolled_back(self) -> bool:
        return (AccessLogEntry.objects.count(), _fingerprint()) == (
            self.log_entries,
            self.fingerprint,
        )

    def run(self, route: Route, call: Call, persona: str, outcome: str) -> None:
        url = _url(route, call, self.ctx)
        write = _method(route, call) != "get"
        with transaction.atomic():
            try:
                response = _request(self.personas, persona, route, call, self.ctx, url)
            except Exception as error:  # reported with the call that raised
                self._fail(route, call, persona, outcome, f"raised {error!r}")
                transaction.set_rollback(True)
                return
            written = AccessLogEntry.objects.count() - self.log_entries
            changed = write and outcome != OK and _fingerprint() != self.fingerprint
            transaction.set_rollback(True)
        self.calls += 1
        for problem in self._judge(route, call, persona, outcome, response, written, changed):
            self._fail(route, call, persona, outcome, problem)

    def _judge(self, route, call, persona, outcome, response, written, changed):
        status = response.status_code
        content = response.content if not response.streaming else b"".join(response)
        person_id = str(self.ctx.person.pk).encode()
        if outcome == OK:
            if status not in call.ok_statuses:
                yield f"status {status}, expected {call.ok_statuses}: {content[:200]!r}"
            if written != call.audit:
                yield f"{written} audit entries, expected {call.audit}"
            if status == 200 and "no-store" not in response.get("Cache-Control", ""):
                yield "no Cache-Control: no-store"
            if call.listed and person_id not in content and b"Jojo" not in content:
                yield "the answer does not contain the file"
            if _redirect_path(response) in (self.login_path, self.portal_login_path) and (
                _audience(route, call) != "public"
            ):
                yield f"redirected to a login page ({response['Location']})"
            return
        if written:
            yield f"a refused call wrote {written} audit entries"
        if changed:
            yield "a refused call changed the data"
        if outcome == NOT_FOUND:
            if status != 404:
                yield f"status {status}, expected 404: {content[:200]!r}"
                return
            for unknown in self._unknown_answers(route, call, persona):
                if _normalised(unknown) != _normalised(content):
                    yield f"404 body differs from an unknown id's: {content[:200]!r}"
        elif outcome == INVALID:
            if status not in ((422,) if route.api else (200, 400)):
                yield f"status {status}, expected the input refused: {content[:200]!r}"
            return
        elif outcome == HIDDEN:
            if status != 200:
                yield f"status {status}, expected 200 without the file"
            if person_id in content:
                yield "the list shows the file"
            if "no-store" not in response.get("Cache-Control", ""):
                yield "no Cache-Control: no-store"
            return
        elif outcome == UNAUTHORIZED:
            if status != 401:
                yield f"status {status}, expected 401: {content[:200]!r}"
        elif outcome in (LOGIN, PORTAL_LOGIN):
            wanted = self.login_path if outcome == LOGIN else self.portal_login_path
            if _redirect_path(response) != wanted:
                yield f"status {status} ({response.get('Location')}), expected a redirect to {wanted}"
        if person_id in content or b"Jojo" in content:
            yield "a refused answer contains the file"

    def _unknown_answers(self, route: Route, call: Call, persona: str) -> list[bytes]:
        """The answers to the same call with an unknown id (the route's subject), or, for an
        API operation without a subject, to reading an unknown file."""
        key = (route.key, call.method, persona)
        if key not in _UNKNOWN_ANSWERS:
            bodies = []
            subject = call.subject or next((p for p in SUBJECTS if p in route.params), None)
            targets = []
            if subject is not None:
                targets.append((route, call, _url(route, call, self.ctx, unknown=subject)))
            elif route.api:
                read = Route(
                    key="GET /api/v1/persons/{person_id}",
                    api=True,
                    params=("person_id",),
                    method="get",
                    path="/api/v1/persons/{person_id}",
                )
                targets.append((read, Call(EVERYONE), f"/api/v1/persons/{uuid.uuid4()}"))
            for target, target_call, url in targets:
                with transaction.atomic():
                    response = _request(self.personas, persona, target, target_call, self.ctx, url)
                    transaction.set_rollback(True)
                if response.status_code != 404:
                    self.failures.append(
                        f"{route.key} as {persona}: an unknown id answers {response.status_code}"
                    )
                bodies.append(response.content)
            _UNKNOWN_ANSWERS[key] = bodies
        return _UNKNOWN_ANSWERS[key]

    def _fail(self, route, call, persona, outcome, problem):
        self.failures.append(
            f"[{self.state}] {route.key if route.api else f'{call.method.upper()} {route.key}'}"
            f" as {persona} "
            f"(expected: {outcome}): {problem}"
        )


@pytest.fixture
def quiet(monkeypatch, caplog):
    """The matrix judges access, not layout: PDFs are rendered from their templates (template
    errors still fail) but not laid out. And refusals are the point: no 404 warnings."""
    import relais.core.pdf

    monkeypatch.setattr(relais.core.pdf, "html_to_pdf", lambda html: b"%PDF-1.7 matrix")
    caplog.set_level(logging.ERROR, logger="django.request")


def _audience_personas(route: Route, call: Call) -> tuple[str, ...]:
    return {"staff": STAFF, "person": (PERSON_,), "public": PERSONAS}[_audience(route, call)]


@pytest.mark.heavy
@pytest.mark.parametrize("state", STATES)
def test_access_matrix(world, state, quiet):
    """Every route × every persona it is meant for × this consent state."""
    matrix = Matrix(_build(world, state), state)
    routes = [r for r in all_routes() if r.key in RULES]

    for route in routes:
        for call in calls_of(route.key):
            for persona in _audience_personas(route, call):
                matrix.run(route, call, persona, expected(route, call, persona, state))

    assert matrix.rolled_back(), "a call left a change behind"
    assert not matrix.failures, f"{len(matrix.failures)} of {matrix.calls} calls:\n" + "\n".join(
        matrix.failures
    )
    assert matrix.calls >= len(routes) * 2


@pytest.mark.heavy
def test_without_the_right_login(world, quiet):
    """Every route × every persona it is not meant for: anonymous visitors and the person on
    staff routes, staff and anonymous visitors on the person's routes. Authentication is
    decided before a file is looked at, so one consent state is enough: a valid consent, the
    one in which the most is open."""
    matrix = Matrix(_build(world, VALID), VALID)
    routes = [r for r in all_routes() if r.key in RULES]

    for route in routes:
        for call in calls_of(route.key):
            for persona in set(PERSONAS) - set(_audience_personas(route, call)):
                matrix.run(route, call, persona, expected(route, call, persona, VALID))

    assert matrix.rolled_back(), "a call left a change behind"
    assert not matrix.failures, f"{len(matrix.failures)} of {matrix.calls} calls:\n" + "\n".join(
        matrix.failures
    )
    assert matrix.calls >= len(routes) * 2


# --- The table itself ---------------------------------------------------------------------


def test_the_partner_is_judged_by_the_consent_state():
    """A reading of SHARED_PART and LISTED, so that the table above reads like the policy."""
    opened = {s for s in STATES if SHARED_PART(PARTNER, s)}
    listed = {s for s in STATES if LISTED(PARTNER, s)}

    assert opened == {VALID, SIGNATORIES, BREAK_GLASS}
    assert listed == {VALID, SIGNATORIES}
    for persona in (OTHER_PARTNER, FOREIGN, VOLUNTEER, COORDINATOR, DPO_):
        assert not any(SHARED_PART(persona, s) for s in STATES)
