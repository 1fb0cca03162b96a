"""A worker opens a file, finds it again and adds a note; the person pages pass axe-core."""

import pytest

from relais.persons.models import Note, Person
from tests.e2e.axe import serious_violations
from tests.factories import current_totp

pytestmark = pytest.mark.e2e

NAME = "Zoé Essai"


def log_in(page, username):
    page.goto("/comptes/login/")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("relais-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Code").fill(current_totp())
    page.get_by_role("button", name="Se connecter").click()


def test_a_worker_opens_a_file_and_adds_a_note(page, demo):
    log_in(page, "worker.cpas-namur")
    page.get_by_role("link", name="Personnes", exact=True).click()
    assert page.url.endswith("/personnes/")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Ouvrir un dossier").click()
    assert page.url.endswith("/personnes/nouveau/")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ouvrir le dossier").click()  # the name is missing
    assert page.get_by_role("alert").is_visible()
    assert serious_violations(page) == []
    page.get_by_label("Comment la personne veut être appelée").fill(NAME)
    page.get_by_label("Année de naissance (facultatif)").fill("1984")
    page.get_by_role("radio", name="hors Union européenne").check()
    page.get_by_role("button", name="Ouvrir le dossier").click()
    person = Person.objects.get(called_name=NAME)
    assert page.url.endswith(f"/personnes/{person.pk}/")
    assert serious_violations(page) == []

    # Found again through the search, then opened.
    page.get_by_role("link", name="Personnes", exact=True).first.click()
    page.get_by_label("Nom, prénom ou nom d'usage").fill("zoé")
    page.get_by_role("button", name="Chercher").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name=NAME).click()
    assert page.get_by_role("heading", level=1).inner_text() == NAME

    page.get_by_text("Ajouter une note").click()
    page.locator("#note-text").fill("Rencontrée à la gare, cherche un abri pour ce soir.")
    page.get_by_role("radio", name="partagée (avec consentement)").check()
    page.get_by_role("button", name="Ajouter la note").click()
    assert page.url.endswith("#notes")
    assert "Rencontrée à la gare" in page.locator("#notes").locator("..").inner_text()
    note = Note.objects.get(person=person)
    assert (note.visibility, note.text) == (
        "shared",
        "Rencontrée à la gare, cherche un abri pour ce soir.",
    )
    assert serious_violations(page) == []
