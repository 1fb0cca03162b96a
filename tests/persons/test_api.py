"""The persons API: /api/v1/persons and /api/v1/consents (the access matrix over every
persona and consent state is in test_matrix.py; this module tests behaviour and shapes)."""

import time
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from relais.accounts.services import api_token_issue
from relais.audit.models import AccessLogEntry
from relais.persons import services
from relais.persons.models import Consent, Note, Person
from tests.factories import current_totp, organisation_role


@pytest.fixture
def world(shared_world, db):
    """The world of conftest.py, written once for the tests of this module (`shared_world`):
    each test gets its own copy of the objects, and its changes are rolled back after it."""
    return shared_world.copy()


BASE = "/api/v1/persons"
REASON = "Menace de suicide signalée par l'équipe de rue ce soir"


def fresh(user):
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def consent(world, **kwargs):
    values = {
        "scope": ["identity", "life_project", "shared_notes"],
        "method": "oral",
        "purpose": "Orientation vers un abri de nuit",
        "organisations": [world.partner],
    }
    values.update(kwargs)
    return services.consent_grant(
        user=fresh(world.referent_worker), person_id=world.person.pk, **values
    )


def note(world, text, visibility="shared", **kwargs):
    return services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text=text,
        visibility=visibility,
        **kwargs,
    )


@pytest.fixture
def api(client, api_headers):
    """`api.get(user, url)`, `api.post(user, url, body)`…: a JSON call with `user`'s token
    (`user=None`: no token)."""

    class Api:
        def _call(self, method, user, url, body=None):
            headers = api_headers(user) if user is not None else {}
            call = getattr(client, method)
            if body is None:
                return call(url, headers=headers)
            return call(url, body, content_type="application/json", headers=headers)

        def get(self, user, url, **params):
            headers = api_headers(user) if user is not None else {}
            return client.get(url, params, headers=headers)

        def post(self, user, url, body=None):
            return self._call("post", user, url, body if body is not None else {})

        def patch(self, user, url, body):
            return self._call("patch", user, url, body)

        def delete(self, user, url):
            return self._call("delete", user, url)

    return Api()


def url(world, suffix=""):
    return f"{BASE}/{world.person.pk}{suffix}"


def entries(world, **filters):
    return AccessLogEntry.objects.filter(person_id=world.person.pk, **filters)


def error_fields(response):
    """The fields a 422 names: `loc` is ["body", "payload", field, …] for malformed input
    and ["body", field] for input a service refused."""
    return {
        next(part for part in e["loc"] if part not in ("body", "payload"))
        for e in response.json()["detail"]
    }


# Authentication and headers


def test_a_token_obtained_with_the_second_factor_opens_the_api(client, world):
    if time.time() % 30 > 27:  # not at the edge of the code's 30-second window
        time.sleep(30 - time.time() % 30 + 0.1)
    response = client.post(
        "/api/v1/auth/token",
        {"username": "worker.referent", "password": "relais-demo", "otp": current_totp()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]

    response = client.get(url(world), headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.json()["identity"]["called_name"] == "Jojo"


def test_a_token_without_the_second_factor_is_refused(client, world):
    raw, token = api_token_issue(user=world.referent_worker)
    token.with_second_factor = False
    token.save()

    for path in (url(world), BASE, f"/api/v1/consents/{uuid.uuid4()}/revoke"):
        response = client.get(path, headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code in (401, 405)
        if response.status_code == 405:
            response = client.post(path, headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 401
    assert entries(world, action="read").count() == 0


def test_every_answer_is_sent_with_no_store(api, client, world):
    answers = [
        api.get(world.referent_worker, url(world)),
        api.get(world.referent_worker, BASE),
        api.get(world.partner_worker, url(world)),
        api.get(None, url(world)),
        api.post(world.referent_worker, url(world, "/break-glass"), {"reason": "court"}),
        api.post(world.referent_worker, BASE, {"called_name": "Kim"}),
    ]

    assert [a.status_code for a in answers] == [200, 200, 404, 401, 422, 201]
    for answer in answers:
        assert "no-store" in answer["Cache-Control"], answer


# Creating and changing a file


def test_a_worker_opens_a_file_in_their_organisation(api, world):
    response = api.post(
        world.referent_worker,
        BASE,
        {"called_name": "Maé", "birth_year": 1992, "housing": "ethos_2", "languages": ["fr"]},
    )

    assert response.status_code == 201
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert person.referent_organisation == world.referent
    assert person.network == world.network
    assert (body["called_name"], body["housing"], body["gender"]) == ("Maé", "ethos_2", "")
    assert body["referent_organisation"] == {"slug": "cpas-test", "name": "CPAS de test"}
    assert AccessLogEntry.objects.get(person_id=person.pk).action == "create"


def test_a_worker_of_several_organisations_names_the_one_that_opens_the_file(api, world):
    organisation_role(world.referent_worker, world.partner)

    response = api.post(world.referent_worker, BASE, {"called_name": "Maé"})
    assert response.status_code == 422
    assert error_fields(response) == {"organisation"}

    response = api.post(world.referent_worker, BASE, {"called_name": "Maé", "organisation": "x"})
    assert response.status_code == 422
    assert error_fields(response) == {"organisation"}

    response = api.post(
        world.referent_worker, BASE, {"called_name": "Maé", "organisation": "abri-test"}
    )
    assert response.status_code == 201
    assert response.json()["referent_organisation"]["slug"] == "abri-test"


@pytest.mark.parametrize("persona", ["coordinator", "dpo", "volunteer"])
def test_who_acts_for_no_organisation_opens_no_file(api, world, persona):
    response = api.post(getattr(world, persona), BASE, {"called_name": "Maé"})

    assert response.status_code == 404
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "called_name"),
        ({"called_name": ""}, "called_name"),
        ({"called_name": "Maé", "gender": "robot"}, "gender"),
        ({"called_name": "Maé", "birth_year": 1800}, "birth_year"),
        ({"called_name": "Maé", "nationality": "belge"}, "nationality"),
    ],
)
def test_bad_input_is_refused_naming_the_field(api, world, body, field):
    response = api.post(world.referent_worker, BASE, body)

    assert response.status_code == 422
    assert field in error_fields(response)
    assert Person.objects.count() == 1


def test_the_referent_organisation_changes_the_identity(api, world):
    consent(world)

    response = api.patch(world.referent_worker, url(world), {"first_name": "José", "gender": "man"})
    assert response.status_code == 200
    assert (response.json()["first_name"], response.json()["gender"]) == ("José", "man")
    assert response.json()["called_name"] == "Jojo"  # fields not sent are kept

    response = api.patch(world.referent_worker, url(world), {"gender": None})
    assert response.json()["gender"] == ""

    response = api.patch(world.referent_worker, url(world), {"called_name": None})
    assert response.status_code == 422
    assert error_fields(response) == {"called_name"}

    response = api.patch(world.partner_worker, url(world), {"first_name": "X"})
    assert response.status_code == 404
    world.person.refresh_from_db()
    assert world.person.first_name == "José"
    assert entries(world, action="change").count() == 2


# Reading a file


def test_the_referent_organisation_reads_the_whole_file(api, world):
    note(world, "Note interne", visibility="organisation")
    note(world, "Note partagée")
    note(world, "Son frère le menace", about_third_party=True, third_party_reason="Danger")
    c = consent(world)
    services.goal_save(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        title="Retrouver un logement",
        status="in_progress",
    )
    services.contact_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        happened_on=date(2025, 1, 6),
        kind="street",
        summary="Rencontré gare du Nord",
    )

    body = api.get(world.referent_worker, url(world)).json()

    assert body["identity"]["called_name"] == "Jojo"
    assert body["identity"]["birth_year"] == 1980
    assert sorted(n["text"] for n in body["notes"]) == [
        "Note interne",
        "Note partagée",
        "Son frère le menace",
    ]
    third = next(n for n in body["notes"] if n["about_third_party"])
    assert third["third_party_reason"] == "Danger"
    assert set(third) == {
        "id",
        "text",
        "visibility",
        "organisation",
        "author",
        "created_at",
        "about_third_party",
        "third_party_reason",
    }
    assert third["author"] == "worker.referent"
    assert third["organisation"]["slug"] == "cpas-test"
    assert [g["title"] for g in body["goals"]] == ["Retrouver un logement"]
    assert body["contacts"][0]["summary"] == "Rencontré gare du Nord"
    assert [x["id"] for x in body["consents"]] == [str(c.pk)]
    assert body["consents"][0]["organisations"] == [{"slug": "abri-test", "name": "Abri de nuit"}]
    assert body["consents"][0]["valid"] is True
    assert body["access"]["basis"] == "own_organisation"
    assert set(body["access"]["parts"]) == {
        "identity",
        "life_project",
        "shared_notes",
        "private_notes",
        "third_party_notes",
    }


def test_a_consented_partner_reads_the_shared_part_only(api, world):
    note(world, "Note interne", visibility="organisation")
    note(world, "Note partagée")
    note(world, "Son frère le menace", about_third_party=True, third_party_reason="Danger")
    c = consent(world, scope=["shared_notes"])

    response = api.get(world.partner_worker, url(world))

    body = response.json()
    assert body["identity"] is None
    assert [n["text"] for n in body["notes"]] == ["Note partagée"]
    assert body["goals"] == []  # the life project is not in the consent
    assert body["consents"] == []  # the consents are the referent organisation's business
    assert body["access"] == {
        "basis": "consent",
        "parts": ["shared_notes"],
        "organisation": {"slug": "abri-test", "name": "Abri de nuit"},
        "consent_id": str(c.pk),
        "break_glass_id": None,
    }
    assert "Jojo" not in response.content.decode()
    entry = entries(world, action="read").get()
    assert (entry.basis, entry.consent_id, entry.organisation_id) == (
        "consent",
        c.pk,
        world.partner.pk,
    )


def test_unknown_malformed_and_forbidden_files_answer_alike(api, world):
    forbidden = api.get(world.partner_worker, url(world))
    unknown = api.get(world.partner_worker, f"{BASE}/{uuid.uuid4()}")
    malformed = api.get(world.partner_worker, f"{BASE}/pas-un-identifiant")

    for response in (forbidden, unknown, malformed):
        assert response.status_code == 404
        assert response.content == unknown.content
        assert response["Content-Type"] == unknown["Content-Type"]
    assert entries(world, action="read").count() == 0


def test_revocation_takes_effect_on_the_next_request(api, world):
    c = consent(world)
    assert api.get(world.partner_worker, url(world)).status_code == 200

    response = api.post(world.referent_worker, f"/api/v1/consents/{c.pk}/revoke")

    assert response.status_code == 200
    assert response.json()["id"] == str(c.pk)
    assert api.get(world.partner_worker, url(world)).status_code == 404
    assert entries(world, action="consent_revoke").get().user_id == world.referent_worker.pk


def _seed(world, n):
    """`n` notes, consents and contacts, and as many log entries."""
    for i in range(n):
        note(world, f"note {i}")
        services.contact_add(
            user=fresh(world.referent_worker),
            person_id=world.person.pk,
            happened_on=date(2025, 1, 1) + timedelta(days=i),
            kind="meeting",
        )
        consent(world, organisations=[world.partner, world.outsider])
        services.goal_save(
            user=fresh(world.referent_worker),
            person_id=world.person.pk,
            title=f"objectif {i}",
            status="planned",
        )


@pytest.mark.parametrize("persona", ["referent_worker", "partner_worker"])
def test_reading_a_file_costs_the_same_queries_whatever_its_size(
    api, world, django_assert_num_queries, persona
):
    user = getattr(world, persona)
    _seed(world, 1)
    api.get(user, url(world))  # the token is issued outside the count

    with django_assert_num_queries(11 if persona == "referent_worker" else 10) as small:
        assert api.get(user, url(world)).status_code == 200

    _seed(world, 29)
    with django_assert_num_queries(len(small.captured_queries)):
        body = api.get(user, url(world)).json()
    assert len(body["notes"]) == 30
    assert len(body["contacts"]) == 30
    assert len(body["goals"]) == 30
    assert len(body["consents"]) == (30 if persona == "referent_worker" else 0)
    assert len(small.captured_queries) <= 12
    assert entries(world).count() > 60  # the log grew, the count did not


def test_the_access_check_adds_at_most_two_queries(api, world, django_assert_num_queries):
    """Against a bare read (token, person, parts, audit), the policy costs the organisations
    of the user and, for another organisation, the consents and break-glasses."""
    consent(world)
    api.get(world.partner_worker, url(world))

    with django_assert_num_queries(10) as ctx:
        api.get(world.partner_worker, url(world))

    sql = [q["sql"] for q in ctx.captured_queries]
    policy = [q for q in sql if "accounts_organisationrole" in q or "persons_breakglass" in q]
    assert len(policy) == 2


# Listing


def test_search_lists_only_the_files_the_organisation_may_see(api, world):
    services.person_create(
        user=fresh(world.referent_worker), organisation=world.referent, called_name="Alix"
    )

    body = api.get(world.referent_worker, BASE, q="jo").json()
    assert [p["called_name"] for p in body["items"]] == ["Jojo"]
    assert body["count"] == 1
    assert api.get(world.referent_worker, BASE).json()["count"] == 2

    assert api.get(world.partner_worker, BASE).json()["items"] == []
    c = consent(world, scope=["identity"])
    items = api.get(world.partner_worker, BASE).json()["items"]
    assert [p["id"] for p in items] == [str(world.person.pk)]
    assert set(items[0]) == {
        "id",
        "called_name",
        "first_name",
        "last_name",
        "birth_year",
        "referent_organisation",
    }
    assert api.get(world.coordinator, BASE).json() == {
        "items": [],
        "count": 0,
        "page": 1,
        "page_size": 20,
    }
    searched = entries(world, action="search", user_id=world.partner_worker.pk).get()
    assert (searched.basis, searched.consent_id) == ("consent", c.pk)


def test_a_file_shared_without_its_identity_is_not_listed(api, world):
    consent(world, scope=["shared_notes"])

    assert api.get(world.partner_worker, BASE).json()["items"] == []
    assert api.get(world.partner_worker, url(world)).status_code == 200


def test_search_pages_and_writes_one_entry_per_file_shown(api, world, django_assert_num_queries):
    for i in range(24):
        services.person_create(
            user=fresh(world.referent_worker), organisation=world.referent, called_name=f"P{i:02}"
        )
    api.get(world.referent_worker, BASE)
    before = AccessLogEntry.objects.filter(action="search").count()

    with django_assert_num_queries(7):  # token, roles, count, page, savepoint, insert, release
        body = api.get(world.referent_worker, BASE, page=2, page_size=10).json()

    assert body["count"] == 25
    assert [p["called_name"] for p in body["items"]] == [f"P{i:02}" for i in range(9, 19)]
    assert AccessLogEntry.objects.filter(action="search").count() == before + 10


# Notes, contacts, life project


def test_notes_are_added_with_their_visibility(api, world):
    response = api.post(
        world.referent_worker,
        url(world, "/notes"),
        {"text": "Dort au parc", "visibility": "shared"},
    )

    assert response.status_code == 201
    created = Note.objects.get(pk=response.json()["id"])
    assert (created.text, created.visibility, created.author) == (
        "Dort au parc",
        "shared",
        world.referent_worker,
    )
    assert entries(world, action="note_add").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "   ", "visibility": "shared"}, "text"),
        ({"text": "x", "visibility": "public"}, "visibility"),
        ({"text": "x", "visibility": "shared", "about_third_party": True}, "third_party_reason"),
    ],
)
def test_a_bad_note_is_refused_naming_the_field(api, world, body, field):
    response = api.post(world.referent_worker, url(world, "/notes"), body)

    assert response.status_code == 422
    assert field in error_fields(response)
    assert not Note.objects.exists()


def test_a_consented_partner_writes_shared_notes_but_no_private_ones(api, world):
    consent(world)

    shared = api.post(
        world.partner_worker, url(world, "/notes"), {"text": "x", "visibility": "shared"}
    )
    private = api.post(
        world.partner_worker, url(world, "/notes"), {"text": "y", "visibility": "organisation"}
    )

    assert (shared.status_code, private.status_code) == (201, 404)
    assert Note.objects.get().organisation == world.partner


def test_contacts_and_goals_make_the_timeline_and_the_life_project(api, world):
    contact = api.post(
        world.referent_worker,
        url(world, "/contacts"),
        {"happened_on": "2025-02-03", "kind": "meeting", "summary": "Premier entretien"},
    )
    goal = api.post(
        world.referent_worker,
        url(world, "/goals"),
        {"title": "Ouvrir un compte", "steps": ["Carte d'identité", "Banque"], "who_helps": "CPAS"},
    )
    assert (contact.status_code, goal.status_code) == (201, 201)
    assert goal.json()["status"] == "planned"

    goal_url = url(world, f"/goals/{goal.json()['id']}")
    changed = api.patch(world.referent_worker, goal_url, {"status": "reached"})

    assert changed.status_code == 200
    assert (changed.json()["status"], changed.json()["title"]) == ("reached", "Ouvrir un compte")
    assert changed.json()["steps"] == ["Carte d'identité", "Banque"]
    body = api.get(world.referent_worker, url(world)).json()
    assert body["contacts"][0]["kind"] == "meeting"
    assert body["goals"][0]["status"] == "reached"
    assert entries(world, action="goal_change").count() == 2
    assert entries(world, action="contact_add").count() == 1

    bad = api.patch(world.referent_worker, goal_url, {"status": "done"})
    assert bad.status_code == 422
    assert api.patch(world.referent_worker, goal_url, {"title": None}).status_code == 422
    for other in (uuid.uuid4(), "pas-un-id"):
        response = api.patch(
            world.referent_worker, url(world, f"/goals/{other}"), {"status": "reached"}
        )
        assert response.status_code == 404


def test_a_goal_of_another_file_answers_not_found(api, world):
    other = services.person_create(
        user=fresh(world.referent_worker), organisation=world.referent, called_name="Alix"
    )
    goal = services.goal_save(
        user=fresh(world.referent_worker), person_id=other.pk, title="x", status="planned"
    )

    response = api.patch(world.referent_worker, url(world, f"/goals/{goal.pk}"), {"title": "y"})

    assert response.status_code == 404


# Consent and break-glass


def test_the_referent_organisation_records_a_consent(api, world):
    response = api.post(
        world.referent_worker,
        url(world, "/consents"),
        {
            "organisations": ["abri-test"],
            "scope": ["identity", "shared_notes"],
            "method": "signed_slip",
            "purpose": "Suivi de la demande de logement",
        },
    )

    assert response.status_code == 201
    c = Consent.objects.get(pk=response.json()["id"])
    assert list(c.organisations.all()) == [world.partner]
    assert c.scope == ["identity", "shared_notes"]
    assert c.method == "signed_slip"
    assert c.recorded_by == world.referent_worker
    assert 364 <= (c.expires_at - c.given_at).days <= 366
    assert api.get(world.partner_worker, url(world)).json()["identity"]["called_name"] == "Jojo"


def test_a_consent_to_all_signatories_with_an_end(api, world):
    end = timezone.now() + timedelta(days=30)

    response = api.post(
        world.referent_worker,
        url(world, "/consents"),
        {
            "all_signatories": True,
            "scope": ["identity"],
            "method": "oral",
            "purpose": "Accueil de nuit",
            "expires_at": end.isoformat(),
        },
    )

    assert response.status_code == 201
    assert Consent.objects.get().expires_at == end
    assert api.get(world.partner_worker, url(world)).status_code == 200
    assert api.get(world.outsider_worker, url(world)).status_code == 404  # old charter only


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organisations": ["inconnue"]}, "organisations"),
        ({"organisations": []}, "organisations"),
        ({"scope": []}, "scope"),
        ({"scope": ["everything"]}, "scope"),
        ({"method": "telepathy"}, "method"),
        ({"purpose": "  "}, "purpose"),
        ({"expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
    ],
)
def test_a_bad_consent_is_refused_naming_the_field(api, world, body, field):
    values = {
        "organisations": ["abri-test"],
        "scope": ["identity"],
        "method": "oral",
        "purpose": "Orientation",
    }
    values.update(body)

    response = api.post(world.referent_worker, url(world, "/consents"), values)

    assert response.status_code == 422
    assert field in error_fields(response)
    assert not Consent.objects.exists()


def test_only_the_referent_organisation_records_or_revokes_consents(api, world):
    c = consent(world)
    body = {"organisations": ["abri-test"], "scope": ["identity"], "method": "oral", "purpose": "x"}

    assert api.post(world.partner_worker, url(world, "/consents"), body).status_code == 404
    assert api.post(world.partner_worker, f"/api/v1/consents/{c.pk}/revoke").status_code == 404
    assert api.post(world.referent_worker, "/api/v1/consents/pas-un-id/revoke").status_code == 404
    c.refresh_from_db()
    assert c.revoked_at is None


def test_break_glass_opens_the_shared_part_and_needs_a_reason(api, world, mailoutbox):
    short = api.post(world.partner_worker, url(world, "/break-glass"), {"reason": "urgence"})
    assert short.status_code == 422
    assert error_fields(short) == {"reason"}
    assert api.get(world.partner_worker, url(world)).status_code == 404

    response = api.post(world.partner_worker, url(world, "/break-glass"), {"reason": REASON})

    assert response.status_code == 201
    expires_at = timezone.datetime.fromisoformat(response.json()["expires_at"])
    assert timedelta(hours=23, minutes=59) < expires_at - timezone.now() <= timedelta(hours=24)
    body = api.get(world.partner_worker, url(world)).json()
    assert body["access"]["basis"] == "break_glass"
    assert body["access"]["break_glass_id"] == response.json()["id"]
    assert body["identity"]["called_name"] == "Jojo"
    assert (
        api.post(world.foreign_worker, url(world, "/break-glass"), {"reason": REASON}).status_code
        == 404
    )


# Rights: access log, export, access code, erasure


def test_the_referent_organisation_reads_who_looked_at_the_file(api, world):
    consent(world)
    api.get(world.partner_worker, url(world))

    response = api.get(world.referent_worker, url(world, "/access-log"))

    assert response.status_code == 200
    log = response.json()
    assert set(log[0]) == {"at", "organisation", "action", "basis"}
    assert {(e["organisation"], e["action"], e["basis"]) for e in log} >= {
        ("Abri de nuit", "read", "consent"),
        ("CPAS de test", "create", "own_organisation"),
        ("CPAS de test", "consent_grant", "own_organisation"),
    }
    assert "worker" not in response.content.decode()  # no user names


def test_the_access_log_is_the_referent_organisations_only(api, world):
    consent(world)
    before = entries(world).count()

    response = api.get(world.partner_worker, url(world, "/access-log"))

    assert response.status_code == 404
    assert (
        response.content
        == api.get(world.partner_worker, f"{BASE}/{uuid.uuid4()}/access-log").content
    )
    assert entries(world).count() == before


def test_the_export_holds_everything_and_is_logged(api, world):
    note(world, "Note interne", visibility="organisation")
    consent(world)
    services.break_glass_declare(
        user=fresh(world.outsider_worker), person_id=world.person.pk, reason=REASON
    )
    services.correction_request(person=world.person, text="Mon année de naissance est 1981")

    # Exporting everything is a right exercised through the referent organisation's admins.
    assert api.get(world.referent_worker, url(world, "/export")).status_code == 404
    response = api.get(world.referent_admin, url(world, "/export"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["identity"]["called_name"] == "Jojo"
    assert [n["text"] for n in body["notes"]] == ["Note interne"]
    assert len(body["consents"]) == 1
    assert body["break_glasses"][0]["organisation"]["slug"] == "ancien-test"
    assert body["corrections"][0]["text"] == "Mon année de naissance est 1981"
    assert {e["action"] for e in body["access_log"]} >= {"create", "break_glass", "export"}
    assert entries(world, action="export").get().user_id == world.referent_admin.pk
    assert api.get(world.partner_worker, url(world, "/export")).status_code == 404
    assert entries(world, action="export").count() == 1


def test_the_access_code_is_shown_once_and_opens_the_portal(api, world):
    response = api.post(world.referent_worker, url(world, "/access-code"))

    assert response.status_code == 200
    codes = response.json()
    assert services.person_authenticate(**codes) == world.person
    world.person.refresh_from_db()
    assert codes["access_code"] not in world.person.access_code_hash
    again = api.post(world.referent_worker, url(world, "/access-code")).json()
    assert again["file_code"] == codes["file_code"]
    assert services.person_authenticate(**codes) is None  # the old code no longer works
    consent(world)
    assert api.post(world.partner_worker, url(world, "/access-code")).status_code == 404


def test_erasure_by_an_admin_of_the_referent_organisation(api, world):
    note(world, "Dort sous le pont")

    assert api.delete(world.referent_worker, url(world)).status_code == 404
    response = api.delete(world.referent_admin, url(world))

    assert response.status_code == 204
    assert response.content == b""
    world.person.refresh_from_db()
    assert world.person.anonymised_at is not None
    assert world.person.birth_year == 1980
    assert not Note.objects.exists()
    assert entries(world, action="erase").count() == 1
    assert api.get(world.referent_admin, url(world)).status_code == 404
    assert api.delete(world.referent_admin, url(world)).status_code == 404


def test_the_endpoints_are_documented_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert set(paths[BASE]) == {"get", "post"}
    assert set(paths[BASE + "/{person_id}"]) == {"get", "patch", "delete"}
    assert "post" in paths["/api/v1/consents/{consent_id}/revoke"]
    assert paths[BASE + "/{person_id}"]["get"]["security"]
