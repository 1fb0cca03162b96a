"""django-axes locks a username + IP address after 5 failures, web login and API token alike."""

import pytest
import time_machine
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory
from pytest_django.asserts import assertContains, assertRedirects

from relais.accounts.models import ApiToken
from tests.factories import current_totp

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
GENERIC = {"detail": "Identifiants ou code invalides."}


def ask_token(client, username="bruno", password=PASSWORD, otp="", ip="10.0.0.1"):
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password, "otp": otp},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def failures(username="bruno", ip="10.0.0.1") -> int:
    return sum(
        AccessAttempt.objects.filter(username=username, ip_address=ip).values_list(
            "failures_since_start", flat=True
        )
    )


# Web login


def test_web_login_is_locked_after_five_wrong_passwords(client, enrolled_worker):
    for _ in range(4):
        assert login(client, "bruno", "mauvais", REMOTE_ADDR="10.0.0.1").status_code == 200

    fifth = login(client, "bruno", "mauvais", REMOTE_ADDR="10.0.0.1")
    sixth = login(client, "bruno", PASSWORD, REMOTE_ADDR="10.0.0.1")

    assert failures() == 6  # an attempt during the lockout extends it
    for response in (fifth, sixth):
        assert response.status_code == 403
        assertContains(response, "Connexion bloquée", status_code=403)
        assertContains(response, "30 minutes", status_code=403)
    assert SESSION_KEY not in client.session
    assert client.get("/comptes/2fa/authenticate/").status_code == 302  # no pending stage


def test_lockout_page_is_a_relais_page(client, enrolled_worker):
    for _ in range(5):
        response = login(client, "bruno", "mauvais")

    assertContains(response, '<a class="skip-link" href="#contenu">', status_code=403)
    assertContains(response, "<h1>Connexion bloquée pour un moment</h1>", status_code=403)


def test_lock_is_for_the_username_and_address_pair(client, enrolled_worker):
    for _ in range(5):
        login(client, "bruno", "mauvais", REMOTE_ADDR="10.0.0.1")

    # The same account from another address still works (to the second-factor stage).
    response = login(client, "bruno", PASSWORD, REMOTE_ADDR="10.0.0.2")
    assertRedirects(response, "/comptes/2fa/authenticate/", fetch_redirect_response=False)


def test_wrong_codes_at_the_second_factor_stage_count_too(client, enrolled_worker):
    login(client, "bruno", REMOTE_ADDR="10.0.0.1")
    for _ in range(4):
        response = client.post(
            "/comptes/2fa/authenticate/", {"code": "000000"}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 200

    fifth = client.post("/comptes/2fa/authenticate/", {"code": "000000"}, REMOTE_ADDR="10.0.0.1")
    correct = client.post(
        "/comptes/2fa/authenticate/", {"code": current_totp()}, REMOTE_ADDR="10.0.0.1"
    )

    assert fifth.status_code == 403
    assert correct.status_code == 403
    assert SESSION_KEY not in client.session
    assert login(Client(), "bruno", REMOTE_ADDR="10.0.0.1").status_code == 403  # password step


def test_success_resets_the_count(client, enrolled_worker):
    for _ in range(4):
        login(client, "bruno", "mauvais")
    login(client, "bruno")
    client.post("/comptes/2fa/authenticate/", {"code": current_totp()})
    assert client.session[SESSION_KEY] == str(enrolled_worker.pk)
    client.post("/comptes/logout/")

    login(client, "bruno", "mauvais")

    assert failures(ip="127.0.0.1") == 1


def test_lock_ends_after_thirty_minutes(client, enrolled_worker):
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False) as traveller:
        for _ in range(5):
            login(client, "bruno", "mauvais")
        traveller.shift(29 * 60)
        assert login(client, "bruno").status_code == 403

        traveller.shift(31 * 60)  # 30 minutes after the last (refused) attempt
        response = login(client, "bruno")

    assertRedirects(response, "/comptes/2fa/authenticate/", fetch_redirect_response=False)


# API token


def test_api_is_locked_after_five_wrong_passwords(client, enrolled_worker):
    for _ in range(5):
        response = ask_token(client, password="mauvais", otp=current_totp())
        assert (response.status_code, response.json()) == (401, GENERIC)

    response = ask_token(client, otp=current_totp())

    assert (response.status_code, response.json()) == (401, GENERIC)
    assert not ApiToken.objects.exists()


def test_api_is_locked_after_five_wrong_codes(client, enrolled_worker):
    for _ in range(5):
        response = ask_token(client, otp="000000")
        assert (response.status_code, response.json()) == (401, GENERIC)

    response = ask_token(client, otp=current_totp())

    assert (response.status_code, response.json()) == (401, GENERIC)
    assert failures() == 6
    assert not ApiToken.objects.exists()


def test_api_and_web_share_the_count(client, enrolled_worker):
    for _ in range(3):
        login(client, "bruno", "mauvais", REMOTE_ADDR="10.0.0.1")
    for _ in range(2):
        ask_token(client, otp="000000", ip="10.0.0.1")

    assert login(client, "bruno", REMOTE_ADDR="10.0.0.1").status_code == 403
    assert ask_token(client, otp=current_totp(), ip="10.0.0.1").status_code == 401
    assert ask_token(client, otp=current_totp(), ip="10.0.0.9").status_code == 200


def test_api_success_resets_the_count(client, enrolled_worker):
    for _ in range(4):
        ask_token(client, otp="000000")

    assert ask_token(client, otp=current_totp()).status_code == 200

    assert failures() == 0


def test_every_api_failure_gives_the_same_answer(client, enrolled_worker):
    answers = [
        ask_token(client, username="personne", otp=current_totp(), ip="10.0.0.1"),
        ask_token(client, password="mauvais", otp=current_totp(), ip="10.0.0.2"),
        ask_token(client, otp="", ip="10.0.0.3"),
        ask_token(client, otp="000000", ip="10.0.0.4"),
    ]
    for _ in range(5):
        ask_token(client, otp="000000", ip="10.0.0.5")
    answers.append(ask_token(client, otp=current_totp(), ip="10.0.0.5"))  # locked

    assert {(r.status_code, r.content) for r in answers} == {(401, answers[0].content)}
    assert answers[0].json() == GENERIC


def test_axes_sees_the_username_of_a_ninja_request(enrolled_worker):
    """AxesProxyHandler works on the plain Django request that django-ninja hands over."""
    request = RequestFactory().post(
        TOKEN_URL, {"username": "bruno"}, content_type="application/json", REMOTE_ADDR="10.0.0.1"
    )
    credentials = {"username": "bruno"}
    assert not AxesProxyHandler.is_locked(request, credentials)
    AccessAttempt.objects.create(
        username="bruno", ip_address="10.0.0.1", user_agent="x", failures_since_start=5
    )
    assert AxesProxyHandler.is_locked(request, credentials)
    assert not AxesProxyHandler.is_locked(request, {"username": "claire"})
