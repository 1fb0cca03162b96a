"""The second factor is required for every account that holds a role (or is staff)."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse
from pytest_django.asserts import assertContains, assertRedirects

from relais.accounts.middleware import RequireSecondFactorMiddleware
from tests.factories import (
    NetworkFactory,
    UserFactory,
    current_totp,
    network_role,
)

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

ENROL = "/comptes/2fa/totp/activate/"


def _code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("page", ["/", "/reseaux/", "/gestion/", "/comptes/password/change/"])
def test_worker_without_second_factor_is_sent_to_enrolment_after_login(client, worker, page):
    login(client, "alice")

    response = client.get(page)

    assertRedirects(response, ENROL, fetch_redirect_response=False)


def test_coordinator_and_staff_are_forced_too(client):
    coordinator = UserFactory(username="coord")
    network_role(coordinator, NetworkFactory())
    staff = UserFactory(username="staff", is_staff=True)

    for user in (coordinator, staff):
        client.force_login(user)
        assertRedirects(client.get("/"), ENROL, fetch_redirect_response=False)


def test_user_without_role_is_not_forced(client):
    login(client, UserFactory(username="claire").username)

    assert client.get("/").status_code == 200


def confirm_password(client):
    """allauth asks for the password again before any change of second factor."""
    response = client.post("/comptes/reauthenticate/", {"password": PASSWORD, "next": ENROL})
    assertRedirects(response, ENROL, fetch_redirect_response=False)


def test_enrolment_asks_for_the_password_again_first(client, worker):
    login(client, "alice")

    response = client.get(ENROL)

    assertRedirects(
        response,
        "/comptes/reauthenticate/?next=%2Fcomptes%2F2fa%2Ftotp%2Factivate%2F",
        fetch_redirect_response=False,
    )
    assertContains(client.get(response["Location"]), '<label for="id_password">')
    confirm_password(client)
    assert client.get(ENROL).status_code == 200


@pytest.mark.parametrize(
    "page",
    [
        ENROL,
        "/comptes/2fa/",
        "/comptes/2fa/webauthn/add/",
        "/comptes/logout/",
        "/healthz",
        "/api/v1/networks",
    ],
)
def test_enrolment_logout_and_public_pages_stay_reachable(client, worker, page):
    login(client, "alice")
    confirm_password(client)

    response = client.get(page)

    assert response.status_code == 200


def test_logout_works_before_enrolment(client, worker):
    login(client, "alice")

    client.post("/comptes/logout/")

    assert SESSION_KEY not in client.session


def test_enrolment_page_is_french_and_offers_a_security_key(client, worker):
    login(client, "alice")
    confirm_password(client)

    response = client.get(ENROL)

    assertContains(response, "<h1>Protéger votre compte par un second facteur</h1>", html=True)
    assertContains(response, 'href="/comptes/2fa/webauthn/add/"')
    assertContains(response, '<label for="id_code">')
    assertContains(response, 'src="data:image/svg+xml;base64,')


def test_enrolling_totp_gives_recovery_codes_and_opens_relais(client, worker):
    login(client, "alice")
    confirm_password(client)
    client.get(ENROL)
    secret = client.session["mfa.totp.secret"]

    response = client.post(ENROL, {"code": _code_for(secret)})

    assertRedirects(response, "/comptes/2fa/recovery-codes/", fetch_redirect_response=False)
    types = set(Authenticator.objects.filter(user=worker).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get("/comptes/2fa/recovery-codes/").status_code == 200
    assert client.get("/").status_code == 200


def test_wrong_enrolment_code_keeps_the_user_out(client, worker):
    login(client, "alice")
    confirm_password(client)
    client.get(ENROL)

    response = client.post(ENROL, {"code": "000000"})

    assert response.status_code == 200
    assertContains(response, "Code incorrect.")
    assert not Authenticator.objects.filter(user=worker).exists()
    assertRedirects(client.get("/"), ENROL, fetch_redirect_response=False)


def test_recovery_codes_alone_do_not_count_as_enrolment(client, worker):
    Authenticator.objects.create(
        user=worker, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
    )
    client.force_login(worker)

    assertRedirects(client.get("/"), ENROL, fetch_redirect_response=False)


def test_enrolled_user_must_pass_the_second_factor_stage(client, enrolled_worker):
    response = login(client, "bruno")

    assertRedirects(response, "/comptes/2fa/authenticate/", fetch_redirect_response=False)
    assert SESSION_KEY not in client.session  # not logged in before the code

    stage = client.get("/comptes/2fa/authenticate/")
    assertContains(stage, '<label for="id_code">')
    assertContains(stage, 'inputmode="numeric"')
    response = client.post("/comptes/2fa/authenticate/", {"code": current_totp()})

    assertRedirects(response, "/", fetch_redirect_response=False)
    assert client.session[SESSION_KEY] == str(enrolled_worker.pk)
    assert client.get("/").status_code == 200


def test_wrong_code_at_the_stage_does_not_log_in(client, enrolled_worker):
    login(client, "bruno")

    response = client.post("/comptes/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200
    assertContains(response, "Code incorrect.")
    assert SESSION_KEY not in client.session


def test_removing_the_last_authenticator_takes_effect_at_once(client, enrolled_worker):
    client.force_login(enrolled_worker)
    assert client.get("/").status_code == 200

    Authenticator.objects.filter(user=enrolled_worker).delete()

    assertRedirects(client.get("/"), ENROL, fetch_redirect_response=False)


def test_admin_login_page_goes_through_allauth(client):
    UserFactory(username="staff", is_staff=True, is_superuser=True, with_totp=True)

    assertRedirects(
        client.get("/gestion/login/?next=/gestion/"),
        "/comptes/login/?next=%2Fgestion%2F",
        fetch_redirect_response=False,
    )
    # Posting the password to the admin's own form does not skip the second factor.
    client.post("/gestion/login/?next=/gestion/", {"username": "staff", "password": "relais-demo"})
    assert SESSION_KEY not in client.session


def test_the_check_costs_one_query_for_an_enrolled_user(
    rf, enrolled_worker, django_assert_num_queries
):
    request = rf.get("/")
    request.user = enrolled_worker
    middleware = RequireSecondFactorMiddleware(lambda request: HttpResponse("ok"))

    with django_assert_num_queries(1):
        response = middleware(request)

    assert response.content == b"ok"
