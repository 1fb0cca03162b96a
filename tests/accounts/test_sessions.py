"""Sessions end after 30 minutes without a request and 12 hours after the login."""

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from pytest_django.asserts import assertRedirects

from relais.accounts.services import api_token_issue
from tests.factories import UserFactory, current_totp

from .conftest import login

pytestmark = pytest.mark.django_db

START = "2026-03-02 08:00 +0100"


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def logged_in(client, enrolled_worker, traveller):
    login(client, "bruno")
    client.post("/comptes/2fa/authenticate/", {"code": current_totp()})
    assert client.session[SESSION_KEY] == str(enrolled_worker.pk)
    return client


def test_activity_keeps_the_session_alive(logged_in, traveller):
    for _ in range(6):
        traveller.shift(29 * 60)
        assert logged_in.get("/").wsgi_request.user.is_authenticated


def test_session_ends_after_thirty_minutes_idle(logged_in, traveller):
    traveller.shift(30 * 60 + 1)

    response = logged_in.get("/reseaux/?page=2")

    assertRedirects(
        response, "/comptes/login/?next=/reseaux/%3Fpage%3D2", fetch_redirect_response=False
    )
    assert SESSION_KEY not in logged_in.session


def test_session_ends_twelve_hours_after_login_even_when_active(logged_in, traveller):
    for _ in range(24):  # 11 h 36 of steady activity
        traveller.shift(29 * 60)
        assert logged_in.get("/").wsgi_request.user.is_authenticated
    traveller.shift(24 * 60 + 1)  # 12 h 00 min 01 s after the login

    response = logged_in.get("/")

    assertRedirects(response, "/comptes/login/?next=/", fetch_redirect_response=False)
    assert SESSION_KEY not in logged_in.session


def test_clock_starts_at_login_not_at_first_page(client, traveller):
    UserFactory(username="claire")
    login(client, "claire")  # no role, no second factor: logged in by this request
    traveller.shift(20 * 60)
    assert client.get("/").wsgi_request.user.is_authenticated
    traveller.shift(20 * 60)
    assert client.get("/").wsgi_request.user.is_authenticated

    session = client.session
    assert session["_relais_started"] == pytest.approx(session["_relais_seen"] - 40 * 60)


def test_a_new_login_restarts_the_clock(client, enrolled_worker, traveller):
    UserFactory(username="claire")
    login(client, "claire")
    traveller.shift(20 * 60)
    client.post("/comptes/logout/")
    traveller.shift(11 * 60 * 60)
    login(client, "claire")

    traveller.shift(29 * 60)
    assert client.get("/").wsgi_request.user.is_authenticated


def test_api_requests_create_no_session(client, enrolled_worker):
    raw, _token = api_token_issue(user=enrolled_worker)

    response = client.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
