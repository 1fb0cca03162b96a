"""Imports keep every row: a real-looking HSDS feed of 13 services around Namur, without any
relais axis nor taxonomy, comes in whole; what nothing classifies is "à classer"; schedules
relais cannot fully say are kept in words; rows with real errors are still rejected and leave
nothing behind."""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from relais.directory import hours, selectors
from relais.directory.interop import importers, public_services
from relais.directory.models import Location, OpeningInterval, Service
from relais.network.models import Organisation
from tests.directory.factories import ServiceFactory
from tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FEED = Path(__file__).parent / "fixtures" / "namur-13-services-hsds.json"
NAMUR_AXES = ["urgence_sociale", "accueil_de_jour", "accueil_de_nuit", "travail_de_rue"]
IMPORT_DAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # a Monday in November


@pytest.fixture
def namur():
    return NetworkFactory(slug="namur", country="BE", axes=NAMUR_AXES)


def run(path, network, *args) -> str:
    out = io.StringIO()
    with time_machine.travel(IMPORT_DAY, tick=False):
        call_command(
            "import_services",
            str(path),
            "--format",
            "hsds",
            "--network",
            network.slug,
            *args,
            stdout=out,
        )
    return out.getvalue()


def by_name(network) -> dict[str, Service]:
    return {s.name: s for s in Service.objects.filter(network=network)}


# How each of the 13 services gets its axes, and its hours.
EXPECTED = {
    "Abri de nuit Les Étoiles": (["accueil_de_nuit"], "« abri de nuit » dans le nom", "Mo-Su 20:00-08:00"),
    "Accueil de jour Le Phare": (["accueil_de_jour"], "« accueil de jour » dans le nom", "Mo-Fr 08:30-16:00; Sa 10:00-14:00"),
    "Douches et lavoir": (["accueil_de_jour"], "« douche » dans le nom", "Mo,Tu,Th,Fr 08:30-11:30"),
    "Distribution de colis alimentaires": (["urgence_sociale"], "« colis alimentaire » dans le nom", "Tu[2,4] 09:00-12:00"),
    "Écrivain public": (["urgence_sociale"], "« ecrivain public » dans le nom", "We 14:00-16:30, Sa[1] 10:00-12:00"),
    "Le Comptoir": (["accueil_de_jour"], "« repas » dans la description", "Mo-Fr 11:30-13:30"),
    "Maraude du soir": (["travail_de_rue"], "« maraude » dans le nom", ""),
    "Épicerie sociale de Jambes": (["urgence_sociale"], "« epicerie sociale » dans le nom", "Mo,We,Fr 13:30-17:00"),
    "Vestiaire solidaire": (["accueil_de_jour"], "« vestiaire » dans le nom", "Jan 15,Feb 15,Mar 15,Apr 15,May 15,Jun 15,Jul 15,Aug 15,Sep 15,Oct 15,Nov 15,Dec 15 09:30-12:00"),
    "Plan hiver : places de nuit supplémentaires": (["urgence_sociale", "accueil_de_nuit"], "« plan hiver » dans le nom", "2026 Dec 01-2027 Mar 31 21:00-08:00"),
    "Permanence sociale de quartier": (["urgence_sociale"], "« permanence sociale » dans le nom", "2026 Sep 01-2027 Jun 30 Tu,Th 09:00-11:30"),
    "Consultation infirmière sans rendez-vous": (["urgence_sociale"], "« consultation » dans le nom", "Mo,We,Fr 09:00-12:00"),
    "Bibliothèque de rue": ([], "", "week 27-35 We 14:00-16:00"),
}  # fmt: skip


def test_every_row_of_the_namur_feed_is_imported(namur):
    text = run(FEED, namur, "-v", "2")

    assert "Créés : 13 · mis à jour : 0 · inchangés : 0 · rejetés : 0" in text
    assert "Axes : 12 déduits des mots du service · 1 à classer" in text
    assert "Rejeté" not in text
    services = by_name(namur)
    assert sorted(services) == sorted(EXPECTED)
    for name, (axes, told, opening_hours) in EXPECTED.items():
        service = services[name]
        assert service.axes == axes, name
        assert service.opening_hours == opening_hours, name
        if axes:
            assert (service.classified, service.axes_origin) == (True, "keywords"), name
            assert f"« {name} » → {', '.join(axes)} (déduits des mots du service : {told})" in (
                text
            )
        else:
            assert (service.classified, service.axes_origin) == (False, ""), name
    assert (
        "À classer : service 13 (7d1e5a40-3c2b-4f6e-9a10-001300000000) « Bibliothèque de rue »"
        in text
    )
    assert "page « Services à classer » (/annuaire/a-classer/)" in text


def test_schedules_of_the_feed_in_hours_words_and_warnings(namur):
    text = run(FEED, namur)
    services = by_name(namur)
    label = "Avertissement : service {} (7d1e5a40-3c2b-4f6e-9a10-00{:02d}00000000) : horaires : "

    street = services["Maraude du soir"]
    assert (
        street.hours_text
        == "Le mardi et le jeudi à partir de 19 h, jusqu'au retour de toute l'équipe."
    )
    assert (
        label.format(7, 7)
        + (
            "horaire gardé en toutes lettres (heure d'ouverture sans heure de fermeture) : "
            "« Le mardi et le jeudi à partir de 19 h, jusqu'au retour de toute l'équipe. »"
        )
        in text
    )

    grocery = services["Épicerie sociale de Jambes"]
    assert grocery.hours_text == ""
    assert label.format(8, 8) + "horaire 1 terminé le 30/06/2025 (valid_to) : ignoré" in text

    clothes = services["Vestiaire solidaire"]
    assert clothes.hours_text == "Le dernier jour du mois, de 14 h à 16 h : dépôt des dons."
    assert label.format(9, 9) + "horaire 2 gardé en toutes lettres (jours du mois comptés" in text
    assert hours.describe(clothes.opening_hours) == ["le 15 de chaque mois : 9 h 30 – 12 h"]

    nurse = services["Consultation infirmière sans rendez-vous"]
    assert nurse.hours_text == (
        "Toutes les 2 semaines, samedi : de 10:00 à 12:00 (sur rendez-vous)."
    )
    assert label.format(12, 12) + "horaire 2 gardé en toutes lettres (toutes les 2 semaines" in text

    # Monthly and seasonal hours are never materialised as every week.
    parcels = services["Distribution de colis alimentaires"]
    assert not parcels.intervals.exists()
    assert hours.describe(parcels.opening_hours) == ["2e et 4e mardis du mois : 9 h – 12 h"]
    writer = services["Écrivain public"]
    assert list(writer.intervals.filter(holiday=False).values_list("start", "end")) == [
        (2 * 1440 + 14 * 60, 2 * 1440 + 16 * 60 + 30)
    ]
    winter = services["Plan hiver : places de nuit supplémentaires"]
    assert not winter.intervals.exists()
    assert hours.describe(winter.opening_hours) == [
        "du 1er décembre 2026 au 31 mars 2027 : 21 h – 8 h (le lendemain)"
    ]


def test_the_feed_imported_twice_changes_nothing(namur):
    run(FEED, namur)
    before = {s.pk: s.updated_at for s in Service.objects.all()}
    text = run(FEED, namur)
    assert "Créés : 0 · mis à jour : 0 · inchangés : 13 · rejetés : 0" in text
    assert {s.pk: s.updated_at for s in Service.objects.all()} == before


def test_a_service_to_classify_is_hidden_until_its_axes_are_chosen(client, namur):
    run(FEED, namur)
    library = Service.objects.get(name="Bibliothèque de rue")
    assert library.visibility == "public" and not library.classified
    assert library not in selectors.services_search(viewer=None, q="bibliotheque")
    assert library not in public_services()
    assert client.get(f"/annuaire/public/namur/services/{library.pk}/").status_code == 404
    assert client.get(f"/api/v1/services/{library.pk}").status_code == 404

    from relais.directory import services

    services.service_classify(service=library, axes=["accueil_de_jour"], by=None)
    assert library in selectors.services_search(viewer=None, q="bibliotheque")
    assert client.get(f"/api/v1/services/{library.pk}").status_code == 200

    # The next import keeps the axes chosen in relais.
    text = run(FEED, namur)
    assert "Axes : 12 déduits des mots du service · 1 gardés (axes déjà dans relais)" in text
    library.refresh_from_db()
    assert (library.axes, library.classified, library.axes_origin) == (
        ["accueil_de_jour"],
        True,
        "",
    )


def test_a_guess_is_revised_but_a_choice_is_kept(namur, tmp_path):
    feed = json.loads(FEED.read_text(encoding="utf-8"))
    run(FEED, namur)
    shower = Service.objects.get(name="Douches et lavoir")
    writer = Service.objects.get(name="Écrivain public")
    writer.axes, writer.axes_origin = ["accueil_de_jour"], ""  # chosen by its organisation
    writer.save()
    for record in feed:
        if record["name"] == "Douches et lavoir":
            record["name"] = "Maraude et douches mobiles"
        if record["name"] == "Écrivain public":
            record["name"] = "Écrivain public et maraude"
    changed = tmp_path / "feed.json"
    changed.write_text(json.dumps(feed), encoding="utf-8")
    run(changed, namur)
    shower.refresh_from_db()
    writer.refresh_from_db()
    assert (shower.axes, shower.axes_origin) == (["travail_de_rue"], "keywords")
    assert (writer.axes, writer.axes_origin) == (["accueil_de_jour"], "")


def _record(number: int, **fields) -> dict:
    record = {
        "id": f"real-error-{number}",
        "name": f"Accueil de jour {number}",
        "organization": {"name": f"Nouvelle asbl {number}"},
        "schedules": [{"byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}],
        "service_at_locations": [
            {
                "location": {
                    "latitude": 50.46,
                    "longitude": 4.86,
                    "addresses": [
                        {
                            "address_1": f"Rue de Fer {number}",
                            "postal_code": "5000",
                            "city": "Namur",
                        }
                    ],
                }
            }
        ],
    }
    record.update(fields)
    return record


def test_rows_with_real_errors_are_rejected_and_leave_nothing(namur, tmp_path):
    OrganisationFactory(name="Déjà là")
    good = _record(1)
    late = _record(2, schedules=[{"byday": "MO", "opens_at": "27:00", "closes_at": "28:00"}])
    far = _record(3)
    far["service_at_locations"][0]["location"]["latitude"] = 123.0
    nameless = _record(4, name="")
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([good, late, far, nameless]), encoding="utf-8")
    counts = (Organisation.objects.count(), Location.objects.count())

    text = run(path, namur)

    assert "Créés : 1 · mis à jour : 0 · inchangés : 0 · rejetés : 3" in text
    assert (
        "Rejeté : service 2 (real-error-2) « Accueil de jour 2 » — horaires : heure illisible « 27:00 »"
        in text
    )
    assert "Rejeté : service 3 (real-error-3) « Accueil de jour 3 » — latitude : " in text
    assert "Rejeté : service 4 (real-error-4) — nom : manquant" in text
    assert list(Service.objects.values_list("source_id", flat=True)) == ["real-error-1"]
    # Nothing of the rejected rows: neither their organisations nor their places nor hours.
    assert Organisation.objects.count() == counts[0] + 1
    assert Location.objects.count() == counts[1] + 1
    assert set(OpeningInterval.objects.values_list("service__source_id", flat=True)) == {
        "real-error-1"
    }
    assert "Organisations créées (1) : Nouvelle asbl 1" in text


def test_taxonomy_terms_of_another_producer(namur, tmp_path):
    record = _record(1, name="Les Tilleuls", description="")
    record["attributes"] = [
        {
            "taxonomy_term": {
                "code": "BD-1800.1500",
                "name": "Hébergement d'urgence",
                "taxonomy": "AIRS/211",
            }
        }
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    text = run(path, namur, "-v", "2")
    service = Service.objects.get()
    assert (service.axes, service.axes_origin) == (["accueil_de_nuit"], "taxonomy")
    assert "Axes : 1 déduits de la taxonomie" in text
    assert "(déduits de la taxonomie : « Hébergement d'urgence »)" in text


def test_the_report_object_says_how(namur):
    with time_machine.travel(IMPORT_DAY, tick=False):
        rows, _warnings = importers.read_file(FEED, "hsds")
        report = importers.import_rows(rows, network=namur, source="hsds")
    assert report.axes_counts["keywords"] == 12
    assert [o.name for o in report.to_classify] == ["Bibliothèque de rue"]
    assert {o.status for o in report.outcomes} == {"created"}
    assert all(o.service_id for o in report.outcomes)


def test_an_existing_service_without_words_keeps_its_axes(namur, tmp_path):
    """A service an older import classified is never made "à classer" again."""
    ServiceFactory(
        network=namur,
        organisation=OrganisationFactory(name="Livres en liberté asbl"),
        name="Bibliothèque de rue",
        axes=["accueil_de_jour"],
        axes_origin="thematiques",
        source="hsds",
        source_id="7d1e5a40-3c2b-4f6e-9a10-001300000000",
    )
    run(FEED, namur)
    library = Service.objects.get(name="Bibliothèque de rue")
    assert (library.axes, library.classified) == (["accueil_de_jour"], True)


def test_calendar_hours_and_hours_in_words_round_trip_through_hsds(client, namur, tmp_path):
    ServiceFactory(
        network=namur,
        name="Écrivain public",
        opening_hours="Mo-Fr 09:00-12:00, Sa[1] 10:00-12:00",
        hours_text="Sur rendez-vous le mardi soir.",
    )
    documents = client.get("/api/v1/export/hsds/services", {"network": "namur"}).json()
    [schedules] = [d["schedules"] for d in documents["contents"]]
    assert [s.get("description") for s in schedules if "opens_at" not in s] == [
        "Lundi au vendredi : 9 h – 12 h ; 1er samedi du mois : 10 h – 12 h.",
        "Sur rendez-vous le mardi soir.",
    ]
    other = NetworkFactory(slug="copie", country="BE", axes=NAMUR_AXES)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(documents), encoding="utf-8")
    run(path, other)
    copy = Service.objects.get(network=other)
    assert copy.opening_hours == "Mo-Fr 09:00-12:00, Sa[1] 10:00-12:00"  # the exact attribute
    assert copy.hours_text == "Sur rendez-vous le mardi soir."

    # Another producer's copy, without our attribute: the weekly part, the rest in words.
    for document in documents["contents"]:
        document["attributes"] = [
            a for a in document["attributes"] if a["link_type"] != "openstreetmap-opening-hours"
        ]
    path.write_text(json.dumps(documents), encoding="utf-8")
    third = NetworkFactory(slug="tierce", country="BE", axes=NAMUR_AXES)
    run(path, third)
    copy = Service.objects.get(network=third)
    assert copy.opening_hours == "Mo-Fr 09:00-12:00"
    assert copy.hours_text == (
        "Lundi au vendredi : 9 h – 12 h ; 1er samedi du mois : 10 h – 12 h.\n"
        "Sur rendez-vous le mardi soir."
    )
