"""Browser tests of the directory: search with its map, the list without JavaScript, sheets,
the public directory in French and Arabic, large print, live checking of the hours; axe-core
finds no serious or critical violation. Map tiles are not reachable here: the map container and
its markers are checked, not the tiles."""

import re

import pytest

from relais.directory.models import Service
from tests.e2e.axe import serious_violations
from tests.factories import current_totp

pytestmark = pytest.mark.e2e


def _public_service_in(network_slug: str) -> Service:
    return (
        Service.objects.filter(network__slug=network_slug, visibility="public")
        .exclude(opening_hours="")
        .order_by("pk")
        .first()
    )


def log_in(page, username):
    page.goto("/comptes/login/")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("relais-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Code").fill(current_totp())
    page.get_by_role("button", name="Se connecter").click()


def test_search_shows_a_list_and_a_map_of_the_results(page, demo):
    page.goto("/annuaire/")
    page.get_by_label("Que cherchez-vous ?").fill("abri")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    assert "q=abri" in page.url
    results = page.locator(".dir-result")
    assert results.count() > 0
    assert "Abri de nuit" in results.first.inner_text()
    # The map is drawn by map.js from the list, one marker per located result.
    page.locator(".dir-map .leaflet-container").wait_for()
    located = page.locator(".dir-result[data-map-point]").count()
    assert located > 0
    assert page.locator(".dir-map .leaflet-marker-icon").count() == located
    assert serious_violations(page) == []


def test_search_by_place_and_open_now(page, demo):
    page.goto("/annuaire/")
    page.get_by_label("Près de (commune ou code postal)").fill("5000")
    page.get_by_label("Distance").select_option("5")
    page.get_by_label("Ouverture").select_option("now")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    text = page.locator(".dir-results").inner_text()
    assert re.search(r"\d+ services?", text)
    assert "km" in text
    for status in page.locator(".dir-result .dir-status").all_inner_texts():
        assert status.startswith("Ouvert maintenant")


def test_search_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/annuaire/")
    page.get_by_label("Que cherchez-vous ?").fill("repas")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    assert "q=repas" in page.url
    assert page.locator(".dir-result").count() > 0
    # Without script the map stays hidden; the list is the page.
    assert page.locator("[data-directory-map]").is_hidden()
    page.locator(".dir-result-title a").first.click()
    assert "/annuaire/services/" in page.url
    assert page.get_by_role("heading", name="Horaires").is_visible()
    context.close()


def test_service_sheet(page, demo):
    service = _public_service_in("namur")
    page.goto(f"/annuaire/services/{service.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == service.name
    assert page.get_by_role("heading", name="Horaires").is_visible()
    page.locator(".dir-sheet .leaflet-marker-icon").first.wait_for()
    assert serious_violations(page) == []


@pytest.mark.parametrize(
    ("language", "direction", "title"),
    [("fr", "ltr", "Où trouver de l'aide"), ("ar", "rtl", "أين تجد المساعدة")],
)
def test_public_directory(page, demo, language, direction, title):
    page.goto(f"/annuaire/public/namur/?lang={language}")
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == direction
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.locator(".dir-result").count() > 0
    page.locator(".dir-map .leaflet-marker-icon").first.wait_for()
    assert serious_violations(page) == []
    page.locator(".dir-result-title a").first.click()
    assert "/annuaire/public/namur/services/" in page.url
    assert page.locator("html").get_attribute("dir") == direction
    assert serious_violations(page) == []


def test_public_directory_language_switch_and_large_print(page, demo):
    page.goto("/annuaire/public/namur/")
    page.get_by_role("link", name="Nederlands").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Waar vind je hulp"
    page.get_by_role("link", name="Grote letters").click()
    assert page.locator("html").get_attribute("class") == "large-print"
    # Both choices are remembered on the next page.
    page.locator(".dir-result-title a").first.click()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("html").get_attribute("class") == "large-print"
    page.get_by_role("link", name="Normale tekst").click()
    assert page.locator("html").get_attribute("class") is None


@pytest.mark.parametrize("path", ["/annuaire/", "/annuaire/public/namur/?lang=ar"])
def test_directory_fits_a_phone(browser, live_server, demo, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_admin_edits_a_sheet_with_hours_checked_as_typed(page, demo):
    log_in(page, "admin.cpas-namur")
    page.goto("/annuaire/gerer/")
    assert serious_violations(page) == []
    page.locator(".dir-manage-item h3 a").first.click()
    assert "/annuaire/gerer/" in page.url
    hours = page.get_by_label("Horaires (format OpenStreetMap)")
    hours.fill("Mo-Fr 08:30-12:00; PH off")
    feedback = page.locator("#hours-feedback")
    feedback.get_by_text("lundi au vendredi : 8 h 30 – 12 h").wait_for()
    hours.fill("Mo-Fr 10:00-12:00; SH off")
    feedback.locator(".is-error").wait_for()
    assert serious_violations(page) == []
    hours.fill("Mo-Sa 08:30-12:00")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.locator(".message-success").is_visible()
    page.get_by_role("button", name="J'ai vérifié cette fiche").click()
    assert "marquée vérifiée" in page.locator(".message-success").inner_text()


def test_coordinator_freshness_board(page, demo):
    log_in(page, "coord.namur")
    page.goto("/annuaire/fraicheur/namur/")
    assert page.get_by_role("heading", level=1).inner_text() == "Fraîcheur de l'annuaire"
    assert serious_violations(page) == []


def test_coordinator_classifies_an_imported_service(page, demo):
    from pathlib import Path

    from django.core.management import call_command

    feed = Path(__file__).parent.parent / "directory" / "fixtures" / "namur-13-services-hsds.json"
    call_command(
        "import_services", str(feed), "--format", "hsds", "--network", "namur", verbosity=0
    )
    library = Service.objects.get(network__slug="namur", name="Bibliothèque de rue")
    assert not library.classified

    log_in(page, "coord.namur")
    page.wait_for_url(lambda url: "/comptes/" not in url)
    page.goto("/annuaire/")
    page.get_by_role("link", name="Services à classer").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Services à classer"
    card = page.locator(f"#service-{library.pk}")
    assert "Bibliothèque de rue" in card.inner_text()
    assert serious_violations(page) == []

    card.get_by_role("button", name="Classer").click()
    card = page.locator(f"#service-{library.pk}")
    assert "Choisissez au moins un axe." in card.inner_text()
    assert serious_violations(page) == []

    card.get_by_label("Accueil de jour").check()
    card.get_by_role("button", name="Classer").click()
    assert "est maintenant dans l'annuaire public" in page.locator(".message-success").inner_text()
    library.refresh_from_db()
    assert (library.axes, library.classified) == (["accueil_de_jour"], True)
    page.goto(f"/annuaire/public/namur/services/{library.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bibliothèque de rue"


def test_services_to_classify_on_a_phone(browser, live_server, demo):
    from relais.network.models import Organisation
    from tests.directory.factories import ServiceFactory

    ServiceFactory(
        network=Organisation.objects.get(slug="cpas-namur").memberships.first().network,
        organisation=Organisation.objects.get(slug="cpas-namur"),
        name="Atelier vélo solidaire du quartier des Arsouilles",
        axes=[],
        classified=False,
    )
    context = browser.new_context(
        base_url=live_server.url, locale="fr-BE", viewport={"width": 390, "height": 844}
    )
    phone = context.new_page()
    log_in(phone, "admin.cpas-namur")
    phone.wait_for_url(lambda url: "/comptes/" not in url)
    phone.goto("/annuaire/a-classer/")
    assert "Atelier vélo solidaire" in phone.locator(".dir-classify-list").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(phone) == []
    context.close()
