"""Login, logout and password reset by e-mail with django-allauth, in relais' own pages."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from pytest_django.asserts import assertContains

from tests.factories import UserFactory

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


def test_login_page_is_relais_page_in_french(client):
    response = client.get("/comptes/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Se connecter à relais</h1>" in html
    assert 'class="skip-link"' in html  # our base.html, not allauth's bare layout
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
    assert "inscri" not in html.lower()  # no sign-up: accounts are created by admins


def test_user_without_role_logs_in_and_out_with_username(client):
    user = UserFactory(username="claire")

    response = login(client, "claire")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get("/").status_code == 200  # no role: no second factor forced

    response = client.post("/comptes/logout/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_wrong_password_rerenders_the_form_with_an_error(client):
    UserFactory(username="claire")

    response = login(client, "claire", "mauvais")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assertContains(response, "Nom d&#x27;utilisateur ou mot de passe incorrect.")


def test_login_by_e_mail_address_is_refused(client):
    UserFactory(username="claire", email="claire@example.org")

    login(client, "claire@example.org")

    assert SESSION_KEY not in client.session


def test_inactive_user_cannot_log_in(client):
    UserFactory(username="claire", is_active=False)

    login(client, "claire")

    assert SESSION_KEY not in client.session


def test_logout_asks_for_confirmation_on_get(client):
    user = UserFactory(username="claire")
    client.force_login(user)

    response = client.get("/comptes/logout/")

    assert response.status_code == 200
    assert client.session[SESSION_KEY] == str(user.pk)
    assertContains(response, "<h1>Se déconnecter</h1>", html=True)


def _reset_link(message) -> str:
    match = re.search(r"http://testserver(/comptes/password/reset/key/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_by_e_mail(client):
    user = UserFactory(username="claire", email="claire@example.org")

    response = client.post("/comptes/password/reset/", {"email": "claire@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@example.org"]

    response = client.get(_reset_link(message), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "Une-nouvelle-phrase-2026", "password2": "Une-nouvelle-phrase-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Une-nouvelle-phrase-2026")
    assert SESSION_KEY not in client.session  # a reset does not log in

    login(client, "claire", "Une-nouvelle-phrase-2026")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_password_reset_link_works_once(client):
    UserFactory(username="claire", email="claire@example.org")
    client.post("/comptes/password/reset/", {"email": "claire@example.org"})
    link = _reset_link(mail.outbox[0])
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url, {"password1": "Une-nouvelle-phrase-2026", "password2": "Une-nouvelle-phrase-2026"}
    )

    response = client.get(link, follow=True)

    assertContains(response, "Mauvais jeton d'identification")


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing(client):
    UserFactory(username="claire", email="claire@example.org")

    known = client.post("/comptes/password/reset/", {"email": "claire@example.org"})
    unknown = client.post("/comptes/password/reset/", {"email": "personne@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["claire@example.org"]]


def test_old_password_no_longer_works_after_reset(client):
    UserFactory(username="claire", email="claire@example.org")
    client.post("/comptes/password/reset/", {"email": "claire@example.org"})
    response = client.get(_reset_link(mail.outbox[0]), follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"password1": "Une-nouvelle-phrase-2026", "password2": "Une-nouvelle-phrase-2026"},
    )

    login(client, "claire", PASSWORD)

    assert SESSION_KEY not in client.session
