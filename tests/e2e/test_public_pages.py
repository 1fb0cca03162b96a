import pytest

from tests.e2e.axe import serious_violations

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = [
    "/",
    "/reseaux/namur/",
    "/reseaux/brabant-wallon/",
    "/reseaux/le-mans/",
    "/reseaux/namur/charte/versions/",
    "/reseaux/namur/adherer/",
    "/comptes/login/",
    "/comptes/password/reset/",
]


def test_public_network_page_shows_charter_and_signatories(page, demo):
    page.goto("/reseaux/namur/")
    assert page.get_by_role("heading", level=1).inner_text() == "Relais social urbain namurois"
    body = page.locator("main").inner_text()
    assert "CPAS de Namur" in body
    assert "Restos du Cœur" in body
    page.get_by_role("link", name="Signer la charte").first.click()
    assert page.url.endswith("/reseaux/namur/adherer/")


def test_public_network_page_on_a_phone(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/reseaux/luxembourg/")
    # Nothing wider than the screen: no horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_accessibility_violation(page, demo, path):
    response = page.goto(path)
    assert response.status == 200
    assert serious_violations(page) == []
