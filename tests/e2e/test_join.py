from datetime import date

import pytest
from django.core import mail

from relais.network.models import Membership, Signature
from tests.factories import current_totp

pytestmark = pytest.mark.e2e


def test_a_service_signs_the_charter_and_the_coordinator_accepts(page, demo):
    page.goto("/reseaux/brabant-wallon/adherer/")
    page.get_by_label("Nom du service").fill("Abri de nuit Le Phare")
    page.get_by_label("Type de service").select_option("association")
    page.get_by_label("Numéro d'entreprise").fill("0412.345.614")
    page.get_by_label("Adresse (rue et numéro)").fill("Rue de Namur 12")
    page.get_by_label("Code postal").fill("1300")
    page.get_by_label("Commune").fill("Wavre")
    for box in page.get_by_role("checkbox", name="Nous nous engageons").all():
        box.check()
    page.locator("input[name=signed_on]").fill(date.today().isoformat())
    page.get_by_label("Nom et prénom").first.fill("Camille Dupont")
    page.get_by_label("Fonction").first.fill("Directrice")
    page.get_by_label("Votre e-mail de contact").fill("direction@example.org")
    page.get_by_role("button", name="Signer la charte").click()
    assert "/adherer/merci/" in page.url
    signature = Signature.objects.get(organisation__name="Abri de nuit Le Phare")
    assert signature.status == Signature.Status.PENDING
    assert any("direction@example.org" in m.to for m in mail.outbox)

    page.goto("/comptes/login/")
    page.get_by_label("Nom d'utilisateur").fill("coord.brabant-wallon")
    page.get_by_label("Mot de passe").fill("relais-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Code").fill(current_totp())
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/reseaux/brabant-wallon/coordination/demandes/")
    page.locator("article, li, tr").filter(has_text="Abri de nuit Le Phare").get_by_role(
        "button", name="Accepter"
    ).first.click()
    membership = Membership.objects.get(organisation__name="Abri de nuit Le Phare")
    assert membership.status == Membership.Status.ACTIVE

    page.goto("/reseaux/brabant-wallon/")
    assert "Abri de nuit Le Phare" in page.locator("#signataires, main").first.inner_text()
