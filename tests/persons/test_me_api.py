"""The person's own API (/api/v1/me): a token for one person's file and nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.accounts.services import api_token_issue
from relais.audit.models import AccessLogEntry
from relais.persons import access, portal, services
from relais.persons.models import PersonToken

SESSION = "/api/v1/me/session"
FILE = "/api/v1/me/file"
LOG = "/api/v1/me/access-log"


def fresh(user):
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def codes(world):
    return services.access_code_issue(user=fresh(world.referent_worker), person_id=world.person.pk)


@pytest.fixture
def consent(world):
    services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text="Note interne",
        visibility="organisation",
    )
    services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text="Parle du frère",
        visibility="shared",
        about_third_party=True,
        third_party_reason="Le frère",
    )
    return services.consent_grant(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        scope=["identity", "shared_notes"],
        method="signed_slip",
        purpose="Suivi par l'abri de nuit",
        organisations=[world.partner],
    )


def open_session(client, file_code, access_code, **extra):
    return client.post(
        SESSION,
        {"file_code": file_code, "access_code": access_code},
        content_type="application/json",
        **extra,
    )


@pytest.fixture
def token(client, codes):
    response = open_session(client, *codes)
    assert response.status_code == 200
    return response.json()["token"]


def test_the_codes_give_a_one_hour_token(client, world, codes):
    response = open_session(client, *codes)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    stored = PersonToken.objects.get(person=world.person)
    assert abs(stored.expires_at - (timezone.now() + timedelta(hours=1))) < timedelta(minutes=1)
    assert body["token"] not in stored.digest


@pytest.mark.parametrize("which", ["wrong access code", "unknown file code", "empty"])
def test_wrong_codes_answer_401_with_one_message(client, codes, which):
    file_code, access_code = codes
    data = {
        "wrong access code": (file_code, "AAAAAAAAAA"),
        "unknown file code": ("ZZZZZZZZ", access_code),
        "empty": ("", ""),
    }[which]

    response = open_session(client, *data)

    assert response.status_code == 401
    assert response.json() == {"detail": "Codes invalides."}
    assert not PersonToken.objects.exists()


def test_the_lockout_is_the_portals(client, codes, time_machine):
    file_code, access_code = codes
    for _attempt in range(portal.FAILURE_LIMIT):
        assert open_session(client, file_code, "AAAAAAAAAA").status_code == 401

    assert open_session(client, file_code, access_code).status_code == 401
    # The portal shares the counter.
    assert (
        client.post(
            "/mon-dossier/", {"file_code": file_code, "access_code": access_code}
        ).status_code
        == 429
    )
    time_machine.move_to(timezone.now() + timedelta(minutes=31))
    assert open_session(client, file_code, access_code).status_code == 200


def test_the_file(client, world, token, consent, django_assert_num_queries):
    access.get_person_for(fresh(world.partner_worker), world.person.pk)

    # token, (savepoint) person, audit insert (release), goals, notes, contacts, consents,
    # their organisations, the access log
    with django_assert_num_queries(11):
        response = client.get(FILE, headers=bearer(token))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["identity"]["called_name"] == "Jojo"
    assert [n["text"] for n in body["notes"]] == ["Note interne"]  # not the one about the brother
    assert body["consents"][0]["id"] == str(consent.pk)
    assert body["consents"][0]["organisations"] == ["Abri de nuit"]
    assert {"organisation": "Abri de nuit", "action": "read", "basis": "consent"} in [
        {k: e[k] for k in ("organisation", "action", "basis")} for e in body["access_log"]
    ]
    entry = AccessLogEntry.objects.order_by("-at").first()
    assert (entry.action, entry.basis, entry.user_id) == ("read", "person", None)


def test_the_access_log(client, world, token, consent):
    access.get_person_for(fresh(world.partner_worker), world.person.pk)

    response = client.get(LOG, headers=bearer(token))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    entries = response.json()
    assert entries[0]["organisation"] == "Abri de nuit"
    assert set(entries[0]) == {"at", "organisation", "action", "basis"}
    assert all(e["basis"] != "person" for e in entries)
    assert "worker" not in str(entries)


def test_withdrawing_a_consent(client, world, token, consent):
    assert access.get_person_for(fresh(world.partner_worker), world.person.pk)

    response = client.post(f"/api/v1/me/consents/{consent.pk}/revoke", headers=bearer(token))

    assert response.status_code == 200
    assert response.json()["id"] == str(consent.pk)
    with pytest.raises(access.PersonNotFound):
        access.get_person_for(fresh(world.partner_worker), world.person.pk)


def test_another_persons_consent_answers_404(client, world, token):
    other = services.person_create(
        user=fresh(world.referent_worker), organisation=world.referent, called_name="Autre"
    )
    theirs = services.consent_grant(
        user=fresh(world.referent_worker),
        person_id=other.pk,
        scope=["identity"],
        method="oral",
        purpose="Orientation",
        organisations=[world.partner],
    )

    response = client.post(f"/api/v1/me/consents/{theirs.pk}/revoke", headers=bearer(token))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_person_token_opens_nothing_else(client, world, token):
    for method, url in (
        ("get", "/api/v1/auth/token"),
        ("get", f"/api/v1/persons/{world.person.pk}"),
        ("get", "/api/v1/persons"),
        ("get", f"/api/v1/persons/{world.person.pk}/access-log"),
    ):
        assert getattr(client, method)(url, headers=bearer(token)).status_code == 401, url


def test_a_staff_token_opens_nothing_here(client, world, consent):
    raw, _token = api_token_issue(user=world.referent_worker)
    for method, url in (
        ("get", FILE),
        ("get", LOG),
        ("post", f"/api/v1/me/consents/{consent.pk}/revoke"),
        ("delete", SESSION),
    ):
        assert getattr(client, method)(url, headers=bearer(raw)).status_code == 401, url
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_expired_revoked_and_erased_tokens_answer_401(client, world, codes, time_machine):
    raw = open_session(client, *codes).json()["token"]
    assert client.get(FILE, headers=bearer(raw)).status_code == 200

    assert client.delete(SESSION, headers=bearer(raw)).status_code == 204
    assert client.get(FILE, headers=bearer(raw)).status_code == 401

    raw = open_session(client, *codes).json()["token"]
    time_machine.move_to(timezone.now() + timedelta(hours=1, minutes=1))
    assert client.get(FILE, headers=bearer(raw)).status_code == 401

    raw = services.person_token_issue(person=world.person)
    services.person_anonymise(user=fresh(world.referent_admin), person_id=world.person.pk)
    assert client.get(FILE, headers=bearer(raw)).status_code == 401


def test_a_new_access_code_ends_the_tokens(client, world, token):
    services.person_access_code_renew(person=world.person, new_code="NOUVEAU123")

    assert client.get(FILE, headers=bearer(token)).status_code == 401
