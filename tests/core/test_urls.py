import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_users_cannot_manage_their_own_email_addresses(client):
    client.force_login(UserFactory())
    assert client.get("/comptes/email/").status_code == 404
