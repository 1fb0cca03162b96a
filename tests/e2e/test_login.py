import pytest

from tests.e2e.axe import serious_violations
from tests.factories import current_totp

pytestmark = pytest.mark.e2e

COORDINATOR_PAGES = [
    "/reseaux/namur/coordination/",
    "/reseaux/namur/coordination/membres/",
    "/reseaux/namur/coordination/demandes/",
    "/reseaux/namur/coordination/assemblee-generale/",
    "/reseaux/namur/coordination/signatures/",
    "/reseaux/namur/coordination/charte/",
    "/reseaux/namur/coordination/charte/nouvelle/",
    "/reseaux/namur/coordination/charte/v1/",
]


def submit_password(page, username):
    page.goto("/comptes/login/")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("relais-demo")
    page.get_by_role("button", name="Se connecter").click()


def test_login_with_totp_then_coordinator_pages(page, demo):
    submit_password(page, "coord.namur")
    # allauth asks for the second factor of an account that has one.
    assert "/comptes/2fa/authenticate/" in page.url
    assert serious_violations(page) == []
    page.get_by_label("Code").fill(current_totp())
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Coordination · Relais social urbain namurois").click()
    assert page.url.endswith("/reseaux/namur/coordination/")
    for path in COORDINATOR_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert serious_violations(page) == [], path


def test_wrong_second_factor_code_does_not_log_in(page, demo):
    submit_password(page, "worker.cpas-namur")
    wrong = "000000" if current_totp() != "000000" else "111111"
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Se connecter").click()
    assert "/comptes/2fa/authenticate/" in page.url
    # Not logged in: the account's security page sends back to a login step.
    page.goto("/comptes/2fa/")
    assert not page.url.endswith("/comptes/2fa/")
    assert "/comptes/" in page.url
