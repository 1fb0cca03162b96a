"""The pocket guide: the page and the API route render a PDF whose text can be read back."""

import base64
import io

import pytest
from pypdf import PdfReader

from relais.directory import guide
from tests.directory.factories import LocationFactory, ServiceFactory
from tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory(
        slug="namur",
        name="Relais social urbain namurois",
        axes=["accueil_de_nuit", "aide_alimentaire", "travail_de_rue"],
        coordinator_phone="+32 81 00 00 00",
    )


@pytest.fixture
def services(network):
    organisation = OrganisationFactory(name="Les Sauverdias")
    return {
        "shelter": ServiceFactory(
            network=network,
            organisation=organisation,
            name="Abri de nuit pour femmes",
            axes=["accueil_de_nuit"],
            opening_hours="Mo-Fr 20:00-08:00",
            phone="+32 81 24 70 11",
            locations=[LocationFactory.build(address="Rue des Carmes 19")],
        ),
        "food": ServiceFactory(
            network=network,
            organisation=organisation,
            name="Épicerie sociale de Jambes",
            axes=["aide_alimentaire", "accueil_de_nuit"],
            opening_hours="We 14:00-17:00",
            locations=[
                LocationFactory.build(
                    address="Avenue Jean Materne 5", postcode="5100", municipality="Jambes"
                )
            ],
        ),
        "street": ServiceFactory(
            network=network,
            organisation=organisation,
            name="Maraude du soir",
            axes=["travail_de_rue"],
            locations=[LocationFactory.build(mobile=True, area_served="Gare de Namur")],
        ),
        "pro": ServiceFactory(
            network=network,
            organisation=organisation,
            name="Cellule logement (professionnels)",
            visibility="professionals",
            axes=["accueil_de_nuit"],
        ),
        "elsewhere": ServiceFactory(name="Resto de Mons", axes=["accueil_de_nuit"]),
    }


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_guide_lists_public_services_by_axis(client, services):
    response = client.get("/annuaire/guide/namur.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guide-namur.pdf"'
    text = pdf_text(response.content)
    assert "Guide de poche" in text
    assert "Relais social urbain namurois" in text
    for expected in (
        "Accueil de nuit",
        "Aide alimentaire",
        "Travail de rue",
        "Abri de nuit pour femmes",
        "Rue des Carmes 19",
        "+32 81 24 70 11",
        "lundi au vendredi : 20 h – 8 h (le lendemain)",
        "Épicerie sociale de Jambes",
        "mercredi : 14 h – 17 h",
        "Gare de Namur",
        "3 services ouverts au public",
    ):
        assert expected in text, expected
    assert "Cellule logement" not in text
    assert "Resto de Mons" not in text
    # In the order of the network's axes; a service with two axes is in both sections.
    assert text.index("Accueil de nuit") < text.index("Aide alimentaire")
    assert text.count("Épicerie sociale de Jambes") == 2


def test_the_guide_for_one_municipality_or_one_axis(client, services):
    jambes = pdf_text(client.get("/annuaire/guide/namur.pdf", {"municipality": "Jambes"}).content)
    assert "Épicerie sociale de Jambes" in jambes
    assert "Abri de nuit pour femmes" not in jambes
    assert "Commune : Jambes" in jambes
    by_postcode = pdf_text(
        client.get("/annuaire/guide/namur.pdf", {"municipality": "5100"}).content
    )
    assert "Épicerie sociale de Jambes" in by_postcode
    night = client.get("/annuaire/guide/namur.pdf", {"axis": "travail_de_rue"})
    assert night["Content-Disposition"] == 'attachment; filename="guide-namur-travail_de_rue.pdf"'
    text = pdf_text(night.content)
    assert "Maraude du soir" in text
    assert "Abri de nuit pour femmes" not in text
    assert client.get("/annuaire/guide/namur.pdf", {"axis": "logement"}).status_code == 404
    assert client.get("/annuaire/guide/inconnu.pdf").status_code == 404


def test_an_empty_guide_says_so(client, network):
    text = pdf_text(client.get("/annuaire/guide/namur.pdf").content)
    assert "Aucun service public ne correspond à ce choix." in text


def test_the_guide_in_another_language(client, services):
    text = pdf_text(client.get("/annuaire/guide/namur.pdf", {"lang": "nl"}).content)
    assert "Zakgids" in text
    assert "maandag tot vrijdag" in text


def test_the_guide_in_a5(client, services):
    content = client.get("/annuaire/guide/namur.pdf", {"size": "a5"}).content
    width, height = PdfReader(io.BytesIO(content)).pages[0].mediabox.upper_right
    assert (round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)) == (148, 210)
    content = client.get("/annuaire/guide/namur.pdf").content
    width, height = PdfReader(io.BytesIO(content)).pages[0].mediabox.upper_right
    assert (round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)) == (105, 148)


def test_the_api_route_serves_the_same_guide_without_a_token(client, services):
    response = client.get("/api/v1/networks/namur/guide.pdf", {"axis": "aide_alimentaire"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Épicerie sociale de Jambes" in text
    assert "Abri de nuit pour femmes" not in text
    assert client.get("/api/v1/networks/inconnu/guide.pdf").status_code == 404


def test_the_api_refuses_an_axis_outside_the_network(client, services):
    response = client.get("/api/v1/networks/namur/guide.pdf", {"axis": "logement"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "axis"]
    response = client.get("/api/v1/networks/namur/guide.pdf", {"size": "a0"})
    assert response.status_code == 422


def test_the_network_api_still_answers_next_to_the_guide(client, network):
    assert client.get("/api/v1/networks/namur").status_code == 200


def test_each_entry_has_a_qr_code_to_its_public_sheet(services, network):
    urls = []

    def sheet_url(service):
        urls.append(f"https://relais.example.org/annuaire/public/namur/services/{service.pk}/")
        return urls[-1]

    sections = guide.guide_sections(network=network, sheet_url=sheet_url, language="fr")
    entries = [entry for section in sections for entry in section.entries]
    assert {entry.url for entry in entries} == set(urls)
    assert len(urls) == 3
    for entry in entries:
        assert entry.qr.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(entry.qr.split(",", 1)[1])
        assert svg.startswith(b"<svg") and b"<path" in svg


def test_the_same_guide_is_rendered_once_and_a_change_makes_a_new_one(
    client, services, monkeypatch
):
    """The PDF of a guide is kept under the digest of its HTML: asked again, it is served
    without WeasyPrint; once a service changes, the next guide is rendered anew."""
    from relais.core import pdf
    from relais.directory import services as directory_services

    rendered = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: rendered.append(html) or real(html))

    first = client.get("/annuaire/guide/namur.pdf").content
    again = client.get("/annuaire/guide/namur.pdf").content
    assert len(rendered) == 1 and first == again
    api = client.get("/api/v1/networks/namur/guide.pdf").content
    assert "Abri de nuit pour femmes" in pdf_text(api)
    before = len(rendered)

    service = services["shelter"]
    service.phone = "+32 81 99 99 99"
    directory_services.service_save(service=service)
    changed = client.get("/annuaire/guide/namur.pdf").content
    assert len(rendered) == before + 1
    assert "+32 81 99 99 99" in pdf_text(changed)
