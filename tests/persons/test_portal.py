"""The person's portal ("mon dossier"): codes, lockout, the whole file, who looked at it,
withdrawing a consent, downloads, correction requests, a new code."""

import json
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from relais.audit.models import AccessLogEntry
from relais.persons import access, portal, services
from relais.persons.models import Consent, CorrectionRequest, PersonToken
from tests.factories import login_with_second_factor


@pytest.fixture
def world(shared_world, db):
    """The world of conftest.py, written once for the tests of this module (`shared_world`):
    each test gets its own copy of the objects, and its changes are rolled back after it."""
    return shared_world.copy()


LOGIN = reverse("portal:login")
FILE = reverse("portal:file")


def fresh(user):
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


@pytest.fixture
def codes(world):
    return services.access_code_issue(user=fresh(world.referent_worker), person_id=world.person.pk)


def sign_in(client, file_code, access_code, **extra):
    return client.post(LOGIN, {"file_code": file_code, "access_code": access_code}, **extra)


@pytest.fixture
def signed_in(client, codes):
    response = sign_in(client, *codes)
    assert response.status_code == 302
    return client


@pytest.fixture
def full_file(world):
    """A file with something in every part: notes of both kinds and of two organisations,
    one about a third person, a goal, contacts, a consent to the partner."""
    referent, partner = fresh(world.referent_worker), world.partner_worker
    pid = world.person.pk
    services.note_add(
        user=referent, person_id=pid, text="Note interne du CPAS", visibility="organisation"
    )
    services.note_add(
        user=referent, person_id=pid, text="Note partagée du CPAS", visibility="shared"
    )
    services.note_add(
        user=referent,
        person_id=pid,
        text="Sa sœur Aline craint son ex-compagnon",
        visibility="organisation",
        about_third_party=True,
        third_party_reason="Parle de la sœur",
    )
    services.goal_save(
        user=referent,
        person_id=pid,
        title="Trouver un logement",
        status="in_progress",
        who_helps="Le CPAS",
        steps=["Inscription au logement social"],
    )
    services.contact_add(
        user=referent,
        person_id=pid,
        happened_on=date(2025, 3, 4),
        kind="meeting",
        summary="Premier entretien",
    )
    consent = services.consent_grant(
        user=referent,
        person_id=pid,
        scope=["identity", "shared_notes"],
        method="oral",
        purpose="Orientation vers l'abri de nuit",
        organisations=[world.partner],
    )
    services.note_add(
        user=fresh(partner), person_id=pid, text="Note de l'abri", visibility="shared"
    )
    return consent


# --- Signing in ------------------------------------------------------------------------------


def test_the_codes_of_the_slip_open_the_file(client, world, codes):
    file_code, access_code = codes
    response = sign_in(client, file_code.lower(), f" {access_code[:5]}-{access_code[5:]} ")

    assert response.status_code == 302
    assert response["Location"] == FILE
    assert "no-store" in response["Cache-Control"]
    # The session holds the person's id and nothing else (besides Django's own expiry).
    session = dict(client.session)
    assert session.pop(portal.PORTAL_STARTED) > 0
    assert session == {
        portal.PORTAL_SESSION_KEY: str(world.person.pk),
        portal.PORTAL_CODE_STAMP: world.person.__class__.objects.get().access_code_set_at.isoformat(),
        "_session_expiry": portal.PORTAL_IDLE_SECONDS,
    }
    page = client.get(FILE)
    assert page.status_code == 200
    assert "Jojo" in page.content.decode()


def test_the_login_page_shows_nothing_and_is_not_cached(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'name="file_code"' in response.content.decode()


@pytest.mark.parametrize("which", ["wrong access code", "unknown file code", "empty"])
def test_wrong_codes_open_nothing_and_say_the_same(client, world, codes, which):
    file_code, access_code = codes
    data = {
        "wrong access code": (file_code, "AAAAAAAAAA"),
        "unknown file code": ("ZZZZZZZZ", access_code),
        "empty": ("", ""),
    }[which]

    response = sign_in(client, *data)

    assert response.status_code == 400
    assert portal.PORTAL_SESSION_KEY not in client.session
    if which != "empty":
        assert "Ces codes ne vont pas ensemble" in response.content.decode()
    assert client.get(FILE).status_code == 302


def test_five_failures_lock_the_file_code_from_that_address_for_30_minutes(
    client, world, codes, time_machine
):
    file_code, access_code = codes
    for _attempt in range(portal.FAILURE_LIMIT - 1):
        assert sign_in(client, file_code, "AAAAAAAAAA").status_code == 400
    locked = sign_in(client, file_code, "AAAAAAAAAA")
    assert locked.status_code == 429
    assert "Trop d'essais" in locked.content.decode()

    # Locked: even the right codes are refused, from that address.
    assert sign_in(client, file_code, access_code).status_code == 429
    assert portal.PORTAL_SESSION_KEY not in client.session
    # Another address is not locked out.
    assert sign_in(client, file_code, access_code, REMOTE_ADDR="10.1.2.3").status_code == 302

    time_machine.move_to(timezone.now() + timedelta(minutes=31))
    assert sign_in(client, file_code, access_code).status_code == 302


def test_a_success_clears_the_failures(client, codes):
    file_code, access_code = codes
    for _attempt in range(portal.FAILURE_LIMIT - 1):
        sign_in(client, file_code, "AAAAAAAAAA")
    assert sign_in(client, file_code, access_code).status_code == 302
    client.post(reverse("portal:logout"))
    for _attempt in range(portal.FAILURE_LIMIT - 1):
        assert sign_in(client, file_code, "AAAAAAAAAA").status_code == 400


def test_many_file_codes_from_one_address_are_locked_too(client, codes):
    file_code, access_code = codes
    for attempt in range(portal.ADDRESS_FAILURE_LIMIT):
        sign_in(client, f"ZZZZZ{attempt:03d}", "AAAAAAAAAA")

    assert sign_in(client, file_code, access_code).status_code == 429


def test_an_anonymised_file_cannot_be_opened(client, world, codes):
    services.person_anonymise(user=fresh(world.referent_admin), person_id=world.person.pk)

    assert sign_in(client, *codes).status_code == 400


def test_signing_in_ends_a_staff_session_in_the_same_browser(client, world, codes):
    login_with_second_factor(client, world.referent_worker)

    sign_in(client, *codes)

    assert "_auth_user_id" not in client.session


# --- The session -----------------------------------------------------------------------------

PAGES = [
    ("get", "portal:file", {}),
    ("get", "portal:access_log", {}),
    ("get", "portal:consents", {}),
    ("get", "portal:export_pdf", {}),
    ("get", "portal:export_json", {}),
    ("get", "portal:correction", {}),
    ("post", "portal:correction", {}),
    ("get", "portal:access_code", {}),
    ("post", "portal:access_code", {}),
    ("get", "portal:consent_revoke", {"consent_id": "00000000-0000-0000-0000-000000000000"}),
    ("post", "portal:consent_revoke", {"consent_id": "00000000-0000-0000-0000-000000000000"}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES)
def test_without_a_portal_session_every_page_goes_back_to_the_codes(
    client, world, method, name, kwargs
):
    login_with_second_factor(client, world.referent_worker)  # a staff login opens nothing here
    before = AccessLogEntry.objects.count()

    response = getattr(client, method)(reverse(name, kwargs=kwargs))

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.count() == before


def test_the_session_ends_after_30_minutes_without_a_request(signed_in, time_machine):
    time_machine.move_to(timezone.now() + timedelta(minutes=25))
    assert signed_in.get(FILE).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=25))  # 50 min in, 25 idle
    assert signed_in.get(FILE).status_code == 200

    time_machine.move_to(timezone.now() + timedelta(minutes=31))

    response = signed_in.get(FILE)
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_logout(signed_in):
    response = signed_in.post(reverse("portal:logout"))

    assert response.status_code == 302
    assert portal.PORTAL_SESSION_KEY not in signed_in.session
    assert signed_in.get(FILE).status_code == 302
    assert signed_in.get(reverse("portal:logout")).status_code == 405


def test_an_erased_file_ends_the_session(signed_in, world):
    services.person_anonymise(user=fresh(world.referent_admin), person_id=world.person.pk)

    assert signed_in.get(FILE)["Location"] == LOGIN
    assert portal.PORTAL_SESSION_KEY not in signed_in.session


# --- The file --------------------------------------------------------------------------------


def test_the_whole_file_except_notes_about_a_third_person(signed_in, world, full_file):
    response = signed_in.get(FILE)
    html = response.content.decode()

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for text in (
        "Note interne du CPAS",
        "Note partagée du CPAS",
        "Note de l&#x27;abri",
        "Trouver un logement",
        "Inscription au logement social",
        "Premier entretien",
        "CPAS de test",
        "1980",
    ):
        assert text in html, text
    assert "Aline" not in html
    assert "worker.referent" not in html  # organisations, never workers' names


def test_every_page_writes_an_audit_entry_with_basis_person(signed_in, world, full_file):
    for name, action in (
        ("portal:file", "read"),
        ("portal:access_log", "read"),
        ("portal:consents", "read"),
        ("portal:correction", "read"),
        ("portal:access_code", "read"),
        ("portal:export_json", "export"),
    ):
        before = AccessLogEntry.objects.count()
        response = signed_in.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        entry = AccessLogEntry.objects.order_by("-at").first()
        assert AccessLogEntry.objects.count() == before + 1
        assert (entry.action, entry.basis, entry.person_id) == (action, "person", world.person.pk)
        assert entry.user_id is None and entry.organisation_id is None


def test_the_file_page_costs_a_constant_number_of_queries(
    signed_in, world, full_file, django_assert_num_queries
):
    for index in range(5):
        services.note_add(
            user=fresh(world.referent_worker),
            person_id=world.person.pk,
            text=f"n{index}",
            visibility="shared",
        )
    # session, person, audit insert, goals, notes, contacts, consents, their organisations,
    # (savepoint) session save (release)
    with django_assert_num_queries(11):
        assert signed_in.get(FILE).status_code == 200


def test_who_looked_at_my_file(signed_in, world, full_file):
    access.get_person_for(fresh(world.partner_worker), world.person.pk)
    glass = services.break_glass_declare(
        user=fresh(world.outsider_worker),
        person_id=world.person.pk,
        reason="Danger grave signalé par l'équipe de rue cette nuit",
    )

    response = signed_in.get(reverse("portal:access_log"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Abri de nuit" in html and "Avec votre accord" in html
    assert "Ancien signataire" in html and "Accès d'urgence (danger" in html
    assert "CPAS de test" in html and "C'est votre service référent" in html
    for name in ("worker.partner", "worker.outsider", "worker.referent"):
        assert name not in html
    assert glass.reason not in html


def test_consents_are_listed_with_a_button_to_withdraw_the_valid_ones(signed_in, world, full_file):
    expired = services.consent_grant(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        scope=["identity"],
        method="written",
        purpose="Ancien accord",
        all_signatories=True,
        expires_at=timezone.now() + timedelta(days=1),
    )
    Consent.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))

    html = signed_in.get(reverse("portal:consents")).content.decode()

    assert reverse("portal:consent_revoke", args=[full_file.pk]) in html
    assert reverse("portal:consent_revoke", args=[expired.pk]) not in html
    assert "Orientation vers l&#x27;abri de nuit" in html and "Abri de nuit" in html
    assert "tous les services qui ont signé la charte" in html


def test_withdrawing_a_consent_takes_effect_on_the_partners_next_request(
    signed_in, world, full_file
):
    assert access.get_person_for(fresh(world.partner_worker), world.person.pk)
    url = reverse("portal:consent_revoke", args=[full_file.pk])

    confirm = signed_in.get(url)
    assert confirm.status_code == 200
    assert "Oui, retirer mon accord" in confirm.content.decode()
    assert access.get_person_for(fresh(world.partner_worker), world.person.pk)  # not yet

    response = signed_in.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:consents")
    full_file.refresh_from_db()
    assert full_file.revoked_at is not None and full_file.revoked_by_person
    with pytest.raises(access.PersonNotFound):
        access.get_person_for(fresh(world.partner_worker), world.person.pk)
    entry = AccessLogEntry.objects.order_by("-at").first()
    assert (entry.action, entry.basis, entry.consent_id) == (
        "consent_revoke",
        "person",
        full_file.pk,
    )
    assert "votre accord est retiré" in signed_in.get(reverse("portal:consents")).content.decode()


def test_another_persons_consent_cannot_be_withdrawn(signed_in, world):
    other = services.person_create(
        user=fresh(world.referent_worker), organisation=world.referent, called_name="Autre"
    )
    consent = services.consent_grant(
        user=fresh(world.referent_worker),
        person_id=other.pk,
        scope=["identity"],
        method="oral",
        purpose="Orientation",
        organisations=[world.partner],
    )
    url = reverse("portal:consent_revoke", args=[consent.pk])

    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_download_as_pdf(signed_in, world, full_file):
    response = signed_in.get(reverse("portal:export_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="mon-dossier.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    for expected in ("Jojo", "Note interne du CPAS", "Note de l'abri", "Trouver un logement"):
        assert expected in text, expected
    assert "Aline" not in text
    entry = AccessLogEntry.objects.order_by("-at").first()
    assert (entry.action, entry.basis) == ("export", "person")


def test_download_as_json(signed_in, world, full_file):
    access.get_person_for(fresh(world.partner_worker), world.person.pk)

    response = signed_in.get(reverse("portal:export_json"))

    assert response["Content-Disposition"] == 'attachment; filename="mon-dossier.json"'
    document = json.loads(response.content)
    assert document["id"] == str(world.person.pk)
    assert document["identity"]["called_name"] == "Jojo"
    assert sorted(n["text"] for n in document["notes"]) == [
        "Note de l'abri",
        "Note interne du CPAS",
        "Note partagée du CPAS",
    ]
    assert document["life_project"][0]["steps"] == ["Inscription au logement social"]
    assert document["contacts"][0]["summary"] == "Premier entretien"
    assert document["consents"][0]["status"] == "valid"
    assert {"organisation": "Abri de nuit", "action": "read", "basis": "consent"} in [
        {k: e[k] for k in ("organisation", "action", "basis")} for e in document["access_log"]
    ]


# --- Correction and access code --------------------------------------------------------------


def test_a_correction_request_tells_the_admins_without_content(
    signed_in, world, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("portal:correction")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url, {"text": "Mon année de naissance est 1981, pas 1980."})

    assert response.status_code == 302
    request = CorrectionRequest.objects.get(person=world.person)
    assert request.text == "Mon année de naissance est 1981, pas 1980."
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["admin.referent@example.org"]
    assert "CPAS de test" in mail.body
    for secret in ("1981", "Jojo", str(world.person.pk), request.text):
        assert secret not in mail.body and secret not in mail.subject
    entry = AccessLogEntry.objects.order_by("-at").first()
    assert (entry.action, entry.basis) == ("correction_request", "person")


def test_an_empty_correction_request_changes_nothing(signed_in, world, mailoutbox):
    response = signed_in.post(reverse("portal:correction"), {"text": "  "})

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not CorrectionRequest.objects.exists()
    assert not mailoutbox


def test_changing_the_access_code(client, world, codes):
    file_code, old = codes
    sign_in(client, file_code, old)
    services.person_token_issue(person=world.person)
    url = reverse("portal:access_code")

    wrong = client.post(
        url,
        {"current_code": "AAAAAAAAAA", "new_code": "NOUVEAU123", "new_code_again": "NOUVEAU123"},
    )
    assert wrong.status_code == 400
    assert "Ce n&#x27;est pas votre code actuel" in wrong.content.decode()
    mismatch = client.post(
        url, {"current_code": old, "new_code": "NOUVEAU123", "new_code_again": "NOUVEAU124"}
    )
    assert mismatch.status_code == 400
    short = client.post(url, {"current_code": old, "new_code": "COURT", "new_code_again": "COURT"})
    assert short.status_code == 400
    assert services.person_authenticate(file_code=file_code, access_code=old) == world.person

    response = client.post(
        url, {"current_code": old, "new_code": "nouveau-123", "new_code_again": "NOUVEAU123"}
    )

    assert response.status_code == 302
    assert services.person_authenticate(file_code=file_code, access_code=old) is None
    assert (
        services.person_authenticate(file_code=file_code, access_code="NOUVEAU123") == world.person
    )
    assert not PersonToken.objects.filter(revoked_at__isnull=True).exists()
    entry = AccessLogEntry.objects.order_by("-at").first()
    assert (entry.action, entry.basis) == ("access_code", "person")


def test_wrong_current_codes_count_towards_the_lockout(client, world, codes):
    file_code, old = codes
    sign_in(client, file_code, old)
    url = reverse("portal:access_code")
    data = {"current_code": "AAAAAAAAAA", "new_code": "NOUVEAU123", "new_code_again": "NOUVEAU123"}
    for _attempt in range(portal.FAILURE_LIMIT - 1):
        assert client.post(url, data).status_code == 400

    assert client.post(url, data).status_code == 429
    assert client.post(url, {**data, "current_code": old}).status_code == 429
    assert services.person_authenticate(file_code=file_code, access_code=old) == world.person
    cache.clear()


# --- Languages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fr", "Ouvrir mon dossier"),
        ("nl", "Mijn dossier openen"),
        ("de", "Meine Akte öffnen"),
        ("en", "Open my file"),
    ],
)
def test_the_portal_speaks_four_languages(client, language, title, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(LOGIN).content.decode()

    assert f'lang="{language}"' in html
    assert title in html
    assert html.count("<option") == 4  # the portal's languages only


def test_the_file_in_dutch(signed_in, world, full_file, settings):
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    html = signed_in.get(FILE).content.decode()

    assert "Mijn dossier" in html
    assert "Note interne du CPAS" in html  # what the services wrote stays as written


def test_a_new_slip_or_a_changed_code_ends_the_other_sessions(client, world, codes):
    from django.test import Client

    thief = Client()
    sign_in(thief, *codes)
    assert thief.get(reverse("portal:file")).status_code == 200
    services.access_code_issue(user=fresh(world.referent_worker), person_id=world.person.pk)
    response = thief.get(reverse("portal:file"))
    assert response.status_code == 302 and response.url == reverse("portal:login")


def test_a_portal_session_lasts_two_hours_at_most(signed_in, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now()
    for minutes in range(20, 111, 15):  # active every quarter of an hour
        time_machine.move_to(start + timedelta(minutes=minutes))
        response = signed_in.get(reverse("portal:file"))
        assert response.status_code == 200, (minutes, dict(signed_in.session))
    time_machine.move_to(start + timedelta(minutes=125))
    assert signed_in.get(reverse("portal:file")).status_code == 302
