import pytest

from tests.factories import OrganisationFactory, UserFactory, organisation_role

PASSWORD = "relais-demo"  # the factories' password


@pytest.fixture
def worker(db):
    """A worker of an organisation (holds a role), not yet enrolled in a second factor."""
    user = UserFactory(username="alice")
    organisation_role(user, OrganisationFactory())
    return user


@pytest.fixture
def enrolled_worker(db):
    """A worker of an organisation with an authenticator app (TOTP)."""
    user = UserFactory(username="bruno", with_totp=True)
    organisation_role(user, OrganisationFactory())
    return user


def login(client, username, password=PASSWORD, **extra):
    """Post the allauth login form (username in the `login` field)."""
    return client.post("/comptes/login/", {"login": username, "password": password}, **extra)
