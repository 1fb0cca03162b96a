"""The admin (/gestion/) for accounts, roles and API tokens."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from relais.accounts.models import ApiToken
from relais.accounts.services import api_token_issue
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory, network_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(
        UserFactory(username="admin", is_staff=True, is_superuser=True, with_totp=True)
    )
    return client


@pytest.fixture
def token(db):
    user = UserFactory(username="bruno", with_totp=True)
    _raw, token = api_token_issue(user=user)
    return token


@pytest.mark.parametrize(
    "path",
    [
        "/gestion/accounts/user/",
        "/gestion/accounts/user/add/",
        "/gestion/accounts/organisationrole/",
        "/gestion/accounts/organisationrole/add/",
        "/gestion/accounts/networkrole/",
        "/gestion/accounts/apitoken/",
    ],
)
def test_admin_pages(admin_client, path):
    assert admin_client.get(path).status_code == 200


def test_user_page_shows_roles_inline(admin_client):
    user = UserFactory(username="coord", display_name="Camille Coordination")
    network_role(user, NetworkFactory(name="Relais social de Namur"))

    response = admin_client.get(f"/gestion/accounts/user/{user.pk}/change/")

    assertContains(response, "Camille Coordination")
    assertContains(response, "Relais social de Namur")
    assertContains(response, 'name="organisation_roles-TOTAL_FORMS"')


def test_token_digest_is_read_only_and_tokens_cannot_be_added(admin_client, token):
    response = admin_client.get(f"/gestion/accounts/apitoken/{token.pk}/change/")

    assertContains(response, token.digest)
    assertNotContains(response, 'name="digest"')
    assertContains(response, 'name="revoked_at_0"')
    assert admin_client.get("/gestion/accounts/apitoken/add/").status_code == 403


def test_revoke_action(admin_client, token):
    other = api_token_issue(user=token.user)[1]

    admin_client.post(
        "/gestion/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None
    assert other.revoked_at is None
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_admin_without_second_factor_is_sent_to_enrolment(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))

    response = client.get("/gestion/")

    assert response["Location"] == "/comptes/2fa/totp/activate/"


def test_a_role_given_in_the_admin_makes_the_second_factor_required(admin_client):
    organisation = OrganisationFactory(name="Abri de nuit")
    user = UserFactory(username="dora")

    response = admin_client.post(
        "/gestion/accounts/organisationrole/add/",
        {"user": user.pk, "organisation": organisation.pk, "role": "volunteer"},
    )

    assert response.status_code == 302
    assert user.organisation_roles.get().organisation == organisation
    dora = Client()
    dora.force_login(user)
    assert dora.get("/")["Location"] == "/comptes/2fa/totp/activate/"
