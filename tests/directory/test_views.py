"""The directory's pages, per role: search (works as a plain GET list), service sheet, public
directory in seven languages, organisation admins' editing, the coordinators' freshness board.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relais.directory import hours, selectors, services
from relais.directory.models import Location, Notice, Service, ServiceTranslation
from relais.directory.views import LARGE_PRINT_COOKIE
from tests.directory.factories import LocationFactory, NoticeFactory, ServiceFactory
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    coordinator_of,
    login_with_second_factor,
    organisation_role,
)

pytestmark = pytest.mark.django_db

ADMIN = "admin"


@pytest.fixture
def network():
    return NetworkFactory(
        slug="namur",
        name="Relais social urbain namurois",
        axes=["urgence_sociale", "accueil_de_jour", "accueil_de_nuit", "aide_alimentaire"],
    )


@pytest.fixture
def owner(network):
    organisation = OrganisationFactory(slug="sauverdias", name="Les Sauverdias")
    MembershipFactory(network=network, organisation=organisation)
    return organisation


@pytest.fixture
def other_org(network):
    organisation = OrganisationFactory(slug="restos", name="Restos du Cœur de Namur")
    MembershipFactory(network=network, organisation=organisation)
    return organisation


@pytest.fixture
def shelter(network, owner):
    return ServiceFactory(
        network=network,
        organisation=owner,
        name="Abri de nuit pour femmes",
        description="Huit lits pour les femmes seules.",
        conditions="Être majeure.",
        axes=["accueil_de_nuit"],
        welcomes=["femmes"],
        languages=["fr", "en"],
        opening_hours="Mo-Fr 09:00-17:00",
        phone="+32 81 24 70 11",
        capacity=8,
        capacity_unit="beds",
        locations=[LocationFactory.build(address="Rue des Carmes 19")],
    )


@pytest.fixture
def pro_service(network, owner):
    return ServiceFactory(
        network=network,
        organisation=owner,
        name="Cellule logement",
        visibility="professionals",
        axes=["urgence_sociale"],
    )


def member(organisation, role="worker"):
    user = UserFactory(with_totp=True)
    organisation_role(user, organisation, role)
    return user


def log_in(client, user):
    login_with_second_factor(client, user)
    return client


# --- Search ----------------------------------------------------------------------------------


def test_anonymous_search_lists_public_services_only(client, shelter, pro_service):
    response = client.get("/annuaire/")
    assert response.status_code == 200
    assert "Abri de nuit pour femmes" in response.text
    assert "Cellule logement" not in response.text
    assert "1 service" in response.text


def test_a_member_of_the_network_also_finds_services_for_professionals(
    client, shelter, pro_service, other_org
):
    log_in(client, member(other_org))
    response = client.get("/annuaire/")
    assert "Cellule logement" in response.text
    assert "réservé aux professionnels" in response.text


def test_a_member_of_another_network_does_not_find_them(client, shelter, pro_service):
    elsewhere = OrganisationFactory()
    MembershipFactory(network=NetworkFactory(slug="mons"), organisation=elsewhere)
    log_in(client, member(elsewhere))
    response = client.get("/annuaire/")
    assert "Abri de nuit pour femmes" in response.text
    assert "Cellule logement" not in response.text


def test_search_is_a_get_form_with_a_plain_list_and_the_map_added_by_script(client, shelter):
    response = client.get("/annuaire/", {"q": "abri"})
    html = response.text
    assert '<form method="get" action="/annuaire/"' in html
    assert '<ol class="dir-list">' in html
    assert f'href="/annuaire/services/{shelter.pk}/"' in html
    # The map stays hidden until map.js draws it; its markers are read from the list.
    assert "data-directory-map" in html and " hidden>" in html
    assert 'data-map-point data-lat="50.466900" data-lon="4.867500"' in html
    assert "/static/js/map.js" in html
    assert "<script>" not in html  # no inline script (CSP)


def test_search_filters_text_axis_open_and_place(client, network, owner, shelter):
    ServiceFactory(
        network=network,
        organisation=owner,
        name="Épicerie sociale",
        axes=["aide_alimentaire"],
        opening_hours="",
        locations=[LocationFactory.build(postcode="5100", municipality="Jambes")],
    )
    assert "Épicerie sociale" in client.get("/annuaire/", {"q": "epicerie"}).text
    by_axis = client.get("/annuaire/", {"axis": "accueil_de_nuit"}).text
    assert "Abri de nuit pour femmes" in by_axis and "Épicerie sociale" not in by_axis
    # Hours not given: never "open now".
    now = client.get("/annuaire/", {"when": "now"}).text
    assert "Épicerie sociale" not in now
    near = client.get("/annuaire/", {"near": "Jambes"}).text
    assert "Épicerie sociale" in near and "Abri de nuit pour femmes" not in near
    by_postcode = client.get("/annuaire/", {"near": "5000", "radius": "5"}).text
    assert "Abri de nuit pour femmes" in by_postcode
    assert "km" in by_postcode  # the distance is shown


def test_open_at_a_given_time(client, shelter):
    monday_10 = "2024-01-08T10:00"
    sunday_10 = "2024-01-14T10:00"
    assert "Abri de nuit pour femmes" in client.get("/annuaire/", {"at": monday_10}).text
    assert "Abri de nuit pour femmes" not in client.get("/annuaire/", {"at": sunday_10}).text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"radius": "5"}, "Indiquez une commune ou un code postal pour la distance."),
        ({"near": "Nulle-Part-Sur-Meuse", "radius": "5"}, "Lieu inconnu"),
        ({"axis": "astrologie"}, "Sélectionnez un choix valide"),
        ({"at": "demain"}, "Saisissez une date et une heure valides"),
    ],
)
def test_bad_search_input_gets_a_clear_message(client, shelter, query, message):
    response = client.get("/annuaire/", query)
    assert response.status_code == 400
    assert message in response.text
    assert '<ol class="dir-list">' not in response.text


def test_results_are_paginated_without_javascript(client, network, owner):
    for n in range(23):
        ServiceFactory(network=network, organisation=owner, name=f"Service {n:02d}")
    first = client.get("/annuaire/", {"sort": "name"})
    assert first.text.count('class="dir-result"') == 20
    assert "Page 1 sur 2" in first.text
    assert "?sort=name&amp;page=2" in first.text
    second = client.get("/annuaire/", {"sort": "name", "page": 2})
    assert second.text.count('class="dir-result"') == 3
    assert "Service 22" in second.text


def _search_page_queries(client, path="/annuaire/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


SEARCH_PAGE_QUERIES_ANONYMOUS = 6


def test_search_page_query_count_is_constant(client, network, owner, other_org):
    for n in range(3):
        ServiceFactory(network=network, organisation=owner, name=f"Petit {n}")
        NoticeFactory(service=Service.objects.get(name=f"Petit {n}"))
    small = _search_page_queries(client)
    for n in range(30):
        service = ServiceFactory(
            network=network,
            organisation=other_org if n % 2 else owner,
            name=f"Grand {n}",
            locations=[LocationFactory.build(), LocationFactory.build(mobile=True)],
        )
        NoticeFactory(service=service, closed=True)
    large = _search_page_queries(client)
    assert small == large == SEARCH_PAGE_QUERIES_ANONYMOUS
    # In Dutch the translated names come in the same query.
    client.cookies["django_language"] = "nl"
    assert _search_page_queries(client) == SEARCH_PAGE_QUERIES_ANONYMOUS


def test_the_results_part_takes_at_most_five_queries(network, owner, django_assert_max_num_queries):
    for n in range(25):
        service = ServiceFactory(network=network, organisation=owner, name=f"S{n}")
        NoticeFactory(service=service)
    with django_assert_max_num_queries(5):
        queryset = selectors.services_search(viewer=None, q="s", near=(50.46, 4.86))
        page = selectors.services_page(queryset, page=1, page_size=20)
        assert len(page.items) == 20
        for service in page.items:
            selectors.main_location(service)
            list(service.notices.all())
            hours.open_state(service)


def test_search_page_for_a_member_costs_a_constant_number_of_queries(
    client, network, owner, other_org
):
    log_in(client, member(other_org))
    for n in range(2):
        ServiceFactory(
            network=network, organisation=owner, name=f"Un {n}", visibility="professionals"
        )
    few = _search_page_queries(client)
    for n in range(25):
        ServiceFactory(network=network, organisation=owner, name=f"Deux {n}")
    assert _search_page_queries(client) == few


# --- Service sheet -----------------------------------------------------------------------------


def test_sheet_shows_what_a_worker_needs(client, shelter):
    NoticeFactory(service=shelter, message="Complet ce soir", starts_on=timezone.localdate())
    response = client.get(f"/annuaire/services/{shelter.pk}/")
    html = response.text
    assert response.status_code == 200
    for text in (
        "Abri de nuit pour femmes",
        "Les Sauverdias",
        "Huit lits pour les femmes seules.",
        "Être majeure.",
        "femmes",
        "English",
        "Gratuit",
        "8 lits",
        "Rue des Carmes 19",
        "5000 Namur",
        'href="tel:+3281247011"',
        "lundi au vendredi : 9 h – 17 h",
        "Complet ce soir",
        "Accueil de nuit",
    ):
        assert text in html, text


def test_sheet_says_when_it_was_verified_and_by_whom(client, shelter, owner):
    admin = member(owner, ADMIN)
    admin.display_name = "Sophie Lambert"
    admin.save()
    services.service_verify(service=shelter, by=admin)
    html = client.get(f"/annuaire/services/{shelter.pk}/").text
    assert "Vérifiée le" in html and "par Sophie Lambert" in html
    assert "À vérifier" not in html


def test_sheet_not_verified_for_six_months_says_to_check(client, shelter):
    Service.objects.filter(pk=shelter.pk).update(verified_at=timezone.now() - timedelta(days=200))
    html = client.get(f"/annuaire/services/{shelter.pk}/").text
    assert "À vérifier" in html
    assert "appelez avant d'orienter une personne" in html
    Service.objects.filter(pk=shelter.pk).update(verified_at=None)
    assert "jamais été vérifiée" in client.get(f"/annuaire/services/{shelter.pk}/").text


def test_professionals_sheet_per_role(client, pro_service, other_org, network):
    path = f"/annuaire/services/{pro_service.pk}/"
    assert client.get(path).status_code == 404
    assert client.get("/annuaire/services/999999/").status_code == 404
    stranger = OrganisationFactory()
    MembershipFactory(network=NetworkFactory(slug="ailleurs"), organisation=stranger)
    log_in(client, member(stranger))
    assert client.get(path).status_code == 404
    log_in(client, member(other_org, "volunteer"))
    assert client.get(path).status_code == 200
    log_in(client, coordinator_of(network))
    assert client.get(path).status_code == 200


def test_sheet_offers_editing_to_the_owners_admins_only(client, shelter, owner, other_org):
    path = f"/annuaire/services/{shelter.pk}/"
    edit = f"/annuaire/gerer/{shelter.pk}/"
    log_in(client, member(owner))
    assert edit not in client.get(path).text
    log_in(client, member(other_org, ADMIN))
    assert edit not in client.get(path).text
    log_in(client, member(owner, ADMIN))
    assert edit in client.get(path).text


def test_sheet_in_the_viewers_language_with_french_fallback_per_field(client, shelter):
    services.translation_save(
        service=shelter, language="nl", name="Nachtopvang voor vrouwen", description="Acht bedden."
    )
    client.cookies["django_language"] = "nl"
    html = client.get(f"/annuaire/services/{shelter.pk}/").text
    assert '<html lang="nl" dir="ltr"' in html
    assert "Nachtopvang voor vrouwen" in html
    assert "Acht bedden." in html
    assert "Huit lits" not in html
    # Conditions are not translated: the French text, marked as French.
    assert '<dd lang="fr" dir="ltr">Être majeure.</dd>' in html
    # The hours in Dutch.
    assert "maandag tot vrijdag" in html


# --- Public directory --------------------------------------------------------------------------


def test_public_directory_shows_public_services_only_even_to_members(
    client, network, shelter, pro_service, other_org
):
    path = "/annuaire/public/namur/"
    response = client.get(path)
    assert response.status_code == 200
    assert "Abri de nuit pour femmes" in response.text
    assert "Cellule logement" not in response.text
    assert f'href="/annuaire/public/namur/services/{shelter.pk}/"' in response.text
    log_in(client, member(other_org))
    assert "Cellule logement" not in client.get(path).text
    assert client.get("/annuaire/public/inconnu/").status_code == 404


def test_public_directory_is_limited_to_its_network(client, shelter):
    elsewhere = ServiceFactory(network=NetworkFactory(slug="mons"), name="Resto de Mons")
    html = client.get("/annuaire/public/namur/").text
    assert "Resto de Mons" not in html
    assert client.get(f"/annuaire/public/namur/services/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/annuaire/public/mons/services/{elsewhere.pk}/").status_code == 200


def test_public_sheet_of_a_professionals_service_is_not_found(client, pro_service, other_org):
    log_in(client, member(other_org))
    assert client.get(f"/annuaire/public/namur/services/{pro_service.pk}/").status_code == 404


def test_public_sheet_hides_who_verified(client, shelter, owner):
    admin = member(owner, ADMIN)
    admin.display_name = "Sophie Lambert"
    admin.save()
    services.service_verify(service=shelter, by=admin)
    html = client.get(f"/annuaire/public/namur/services/{shelter.pk}/").text
    assert "Vérifiée le" in html
    assert "Sophie Lambert" not in html


@pytest.mark.parametrize(
    ("language", "direction", "words"),
    [
        ("fr", "ltr", ["Où trouver de l'aide", "lundi au vendredi"]),
        ("nl", "ltr", ["Waar vind je hulp", "maandag tot vrijdag"]),
        ("de", "ltr", ["Wo finde ich Hilfe", "Montag bis Freitag"]),
        ("en", "ltr", ["Where to find help", "Monday to Friday"]),
        ("ar", "rtl", ["أين تجد المساعدة", "الاثنين"]),
        ("uk", "ltr", ["Де знайти допомогу", "понеділок"]),
        ("ro", "ltr", ["Unde găsiți ajutor", "luni"]),
    ],
)
def test_public_directory_in_seven_languages(client, shelter, language, direction, words):
    response = client.get("/annuaire/public/namur/", {"lang": language})
    html = response.text
    assert f'<html lang="{language}" dir="{direction}"' in html
    assert response.headers["Content-Language"] == language
    for word in words:
        assert word in html
    sheet = client.get(f"/annuaire/public/namur/services/{shelter.pk}/", {"lang": language}).text
    assert words[1] in sheet


def test_the_chosen_language_is_remembered(client, shelter):
    response = client.get("/annuaire/public/namur/", {"lang": "ar"})
    assert response.cookies["django_language"].value == "ar"
    html = client.get(f"/annuaire/public/namur/services/{shelter.pk}/").text
    assert '<html lang="ar" dir="rtl"' in html
    # A language the public directory does not offer is ignored.
    assert '<html lang="ar"' in client.get("/annuaire/public/namur/", {"lang": "xx"}).text


def test_the_language_switch_links_every_language(client, shelter):
    html = client.get("/annuaire/public/namur/", {"q": "abri"}).text
    for code in ("fr", "nl", "de", "en", "ar", "uk", "ro"):
        assert f'href="?q=abri&amp;lang={code}" lang="{code}" hreflang="{code}"' in html


def test_large_print_without_javascript(client, shelter):
    response = client.get("/annuaire/public/namur/", {"taille": "grand"})
    assert '<html lang="fr" dir="ltr" class="large-print">' in response.text
    assert response.cookies[LARGE_PRINT_COOKIE].value == "1"
    assert (
        'class="large-print"' in client.get(f"/annuaire/public/namur/services/{shelter.pk}/").text
    )
    response = client.get("/annuaire/public/namur/", {"taille": "normal"})
    assert 'class="large-print"' not in response.text
    assert 'class="large-print"' not in client.get("/annuaire/public/namur/").text


# --- Editing by organisation admins ----------------------------------------------------------


def service_post(network, **overrides) -> dict:
    data = {
        "network": network.pk,
        "name": "Douches solidaires",
        "description": "Douches, lessive, café.",
        "axes": ["accueil_de_jour"],
        "visibility": "public",
        "opening_hours": "Mo-Fr 08:00-12:00",
        "cost": "free",
        "welcomes": ["tout_public"],
        "access_modes": ["walk_in"],
        "languages": ["fr", "nl"],
        "phone": "081 22 33 44",
        "lieux-TOTAL_FORMS": "1",
        "lieux-INITIAL_FORMS": "0",
        "lieux-MIN_NUM_FORMS": "0",
        "lieux-MAX_NUM_FORMS": "20",
        "lieux-0-address": "Rue de Fer 1",
        "lieux-0-postcode": "5000",
        "lieux-0-municipality": "Namur",
    }
    data.update(overrides)
    return data


def test_manage_per_role(client, shelter, owner, other_org, network):
    assert client.get("/annuaire/gerer/").status_code == 302
    log_in(client, member(owner))
    assert client.get("/annuaire/gerer/").status_code == 404
    assert client.get(f"/annuaire/gerer/{shelter.pk}/").status_code == 404
    log_in(client, coordinator_of(network))
    assert client.get("/annuaire/gerer/").status_code == 404
    assert client.get(f"/annuaire/gerer/{shelter.pk}/").status_code == 404
    log_in(client, member(other_org, ADMIN))
    assert client.get("/annuaire/gerer/").status_code == 200
    assert "Abri de nuit pour femmes" not in client.get("/annuaire/gerer/").text
    assert client.get(f"/annuaire/gerer/{shelter.pk}/").status_code == 404
    log_in(client, member(owner, ADMIN))
    response = client.get("/annuaire/gerer/")
    assert response.status_code == 200
    assert "Abri de nuit pour femmes" in response.text
    assert client.get(f"/annuaire/gerer/{shelter.pk}/").status_code == 200


def test_admin_creates_a_service_with_its_location(client, network, owner):
    admin = member(owner, ADMIN)
    log_in(client, admin)
    response = client.post("/annuaire/gerer/nouveau/", service_post(network))
    service = Service.objects.get(name="Douches solidaires")
    assert response.status_code == 302
    assert response["Location"] == f"/annuaire/gerer/{service.pk}/"
    assert service.organisation == owner
    assert service.phone == "+32 81 22 33 44"
    assert service.verified_at is None
    location = service.locations.get()
    assert location.address == "Rue de Fer 1"
    # The position comes from the postcode when none is given.
    assert location.latitude is not None and location.longitude is not None
    assert service.intervals.filter(holiday=False).count() == 5
    assert "douches solidaires" in service.search_text


def test_creating_with_verified_ticked_records_the_verification(client, network, owner):
    admin = member(owner, ADMIN)
    log_in(client, admin)
    client.post("/annuaire/gerer/nouveau/", service_post(network, verified="1"))
    service = Service.objects.get(name="Douches solidaires")
    assert service.verified_by == admin and service.verified_at is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"opening_hours": "lundi 9h"}, "Horaires illisibles"),
        ({"axes": ["logement"]}, "Sélectionnez un choix valide"),
        ({"phone": "12"}, "téléphone"),
        ({"name": ""}, "Ce champ est obligatoire"),
        ({"lieux-0-latitude": "50.4"}, "latitude et la longitude"),
        (
            {
                "lieux-0-address": "",
                "lieux-0-municipality": "",
                "lieux-0-postcode": "",
                "lieux-0-name": "Quelque part",
            },
            "Un lieu fixe a une adresse ou au moins une commune.",
        ),
        ({"lieux-0-is_mobile": "on", "lieux-0-address": ""}, "Décrivez la zone couverte."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(client, network, owner, overrides, message):
    log_in(client, member(owner, ADMIN))
    response = client.post("/annuaire/gerer/nouveau/", service_post(network, **overrides))
    assert response.status_code == 400
    assert message in response.text
    assert not Service.objects.exists()
    assert not Location.objects.exists()


def test_admin_of_several_organisations_chooses_one(client, network, owner, other_org):
    admin = member(owner, ADMIN)
    organisation_role(admin, other_org, ADMIN)
    log_in(client, admin)
    response = client.get("/annuaire/gerer/nouveau/")
    assert "Pour quelle organisation ?" in response.text
    assert "?organisation=restos" in response.text
    client.post("/annuaire/gerer/nouveau/?organisation=restos", service_post(network))
    assert Service.objects.get(name="Douches solidaires").organisation == other_org
    stranger = OrganisationFactory(slug="ailleurs")
    assert client.get("/annuaire/gerer/nouveau/?organisation=ailleurs").status_code == 404
    assert not stranger.services.exists()


def test_admin_edits_and_removes_a_location(client, network, owner, shelter):
    log_in(client, member(owner, ADMIN))
    page = client.get(f"/annuaire/gerer/{shelter.pk}/")
    assert 'value="Rue des Carmes 19"' in page.text
    data = service_post(
        network,
        name="Abri de nuit (femmes)",
        **{
            "lieux-TOTAL_FORMS": "2",
            "lieux-INITIAL_FORMS": "1",
            "lieux-0-address": "Rue des Carmes 19",
            "lieux-0-DELETE": "on",
            "lieux-1-is_mobile": "on",
            "lieux-1-area_served": "Gare et centre-ville",
        },
    )
    response = client.post(f"/annuaire/gerer/{shelter.pk}/", data)
    assert response.status_code == 302
    shelter.refresh_from_db()
    assert shelter.name == "Abri de nuit (femmes)"
    assert [(loc.is_mobile, loc.area_served) for loc in shelter.locations.all()] == [
        (True, "Gare et centre-ville")
    ]


def test_admin_of_another_organisation_cannot_write(client, network, shelter, other_org):
    log_in(client, member(other_org, ADMIN))
    before = Service.objects.values().get(pk=shelter.pk)
    for path, data in (
        (f"/annuaire/gerer/{shelter.pk}/", service_post(network)),
        (f"/annuaire/gerer/{shelter.pk}/verifier/", {}),
        (
            f"/annuaire/gerer/{shelter.pk}/avis/",
            {"starts_on": "2030-01-01", "ends_on": "2030-01-02", "message": "x", "effect": "info"},
        ),
        (f"/annuaire/gerer/{shelter.pk}/traductions/nl/", {"nl-name": "Opvang"}),
    ):
        assert client.post(path, data).status_code == 404, path
    assert Service.objects.values().get(pk=shelter.pk) == before
    assert not Notice.objects.exists()
    assert not ServiceTranslation.objects.exists()


def test_i_have_verified_this_sheet(client, owner, shelter):
    admin = member(owner, ADMIN)
    log_in(client, admin)
    assert client.get(f"/annuaire/gerer/{shelter.pk}/verifier/").status_code == 405
    response = client.post(f"/annuaire/gerer/{shelter.pk}/verifier/")
    assert response.status_code == 302
    shelter.refresh_from_db()
    assert shelter.verified_by == admin
    assert timezone.now() - shelter.verified_at < timedelta(minutes=1)
    response = client.post(f"/annuaire/gerer/{shelter.pk}/verifier/", {"next": "list"})
    assert response["Location"] == "/annuaire/gerer/"


def test_admin_publishes_a_notice(client, owner, shelter):
    log_in(client, member(owner, ADMIN))
    today = timezone.localdate()
    response = client.post(
        f"/annuaire/gerer/{shelter.pk}/avis/",
        {
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=3)).isoformat(),
            "message": "Fermé pour travaux",
            "effect": "closed",
        },
    )
    assert response.status_code == 302
    notice = shelter.notices.get()
    assert notice.effect == "closed" and notice.message == "Fermé pour travaux"
    assert "Fermé pour travaux" in client.get(f"/annuaire/services/{shelter.pk}/").text


def test_a_notice_ending_before_it_starts_is_refused(client, owner, shelter):
    log_in(client, member(owner, ADMIN))
    response = client.post(
        f"/annuaire/gerer/{shelter.pk}/avis/",
        {"starts_on": "2030-01-10", "ends_on": "2030-01-01", "message": "x", "effect": "info"},
    )
    assert response.status_code == 400
    assert "La fin est avant le début." in response.text
    assert not Notice.objects.exists()


def test_translations_field_by_field(client, owner, shelter):
    log_in(client, member(owner, ADMIN))
    page = client.get(f"/annuaire/gerer/{shelter.pk}/traductions/")
    assert page.status_code == 200
    assert 'lang="ar" dir="rtl"' in page.text
    response = client.post(
        f"/annuaire/gerer/{shelter.pk}/traductions/uk/",
        {"uk-name": "", "uk-description": "Вісім ліжок для жінок.", "uk-conditions": ""},
    )
    assert response.status_code == 302
    translation = ServiceTranslation.objects.get(service=shelter)
    assert translation.language == "uk"
    assert translation.description == "Вісім ліжок для жінок."
    html = client.get(f"/annuaire/public/namur/services/{shelter.pk}/", {"lang": "uk"}).text
    assert "Вісім ліжок для жінок." in html
    assert "Abri de nuit pour femmes" in html  # the name falls back to French
    assert client.post(f"/annuaire/gerer/{shelter.pk}/traductions/xx/", {}).status_code == 404


def test_hours_are_checked_as_they_are_typed(client, owner):
    log_in(client, member(owner, ADMIN))
    good = client.get("/annuaire/gerer/horaires/", {"opening_hours": "Mo-Fr 09:00-12:00; PH off"})
    assert "lundi au vendredi : 9 h – 12 h" in good.text
    assert "jours fériés : fermé" in good.text
    bad = client.get("/annuaire/gerer/horaires/", {"opening_hours": "Mo 10:00-12:00; SH off"})
    assert "is-error" in bad.text


def test_edit_page_says_the_hours_in_words_and_offers_live_checking(client, owner, shelter):
    log_in(client, member(owner, ADMIN))
    html = client.get(f"/annuaire/gerer/{shelter.pk}/").text
    assert 'hx-get="/annuaire/gerer/horaires/"' in html
    assert "lundi au vendredi : 9 h – 17 h" in html


# --- Freshness board -------------------------------------------------------------------------


def test_freshness_board_per_role(client, network, shelter, owner):
    path = "/annuaire/fraicheur/namur/"
    assert client.get(path).status_code == 302
    log_in(client, member(owner, ADMIN))
    assert client.get(path).status_code == 404
    log_in(client, coordinator_of(NetworkFactory(slug="mons")))
    assert client.get(path).status_code == 404
    log_in(client, coordinator_of(network))
    response = client.get(path)
    assert response.status_code == 200
    assert "Abri de nuit pour femmes" in response.text


def test_freshness_board_lists_stale_sheets_by_organisation_with_counts(
    client, network, owner, other_org
):
    old = timezone.now() - timedelta(days=200)
    fresh = timezone.now() - timedelta(days=10)
    for name, organisation, verified in (
        ("Vieux A", owner, old),
        ("Jamais A", owner, None),
        ("Frais A", owner, fresh),
        ("Vieux B", other_org, old),
        ("Frais B", other_org, fresh),
    ):
        service = ServiceFactory(network=network, organisation=organisation, name=name)
        Service.objects.filter(pk=service.pk).update(verified_at=verified)
    log_in(client, coordinator_of(network))
    html = client.get("/annuaire/fraicheur/namur/").text
    assert "Vieux A" in html and "Jamais A" in html and "Vieux B" in html
    assert "Frais A" not in html and "Frais B" not in html
    assert "2 fiches sur 3" in html
    assert "1 fiche sur 2" in html
    # Most to check first.
    assert html.index("Les Sauverdias") < html.index("Restos du Cœur de Namur")


def test_navigation_links_to_the_directory(client):
    assert 'href="/annuaire/"' in client.get("/").text


def test_dates_in_notices_use_the_page_language(client, shelter):
    NoticeFactory(
        service=shelter, starts_on=date(2030, 3, 1), ends_on=date(2030, 3, 5), message="Travaux"
    )
    html = client.get(f"/annuaire/public/namur/services/{shelter.pk}/", {"lang": "nl"}).text
    assert "Van 1 maart tot 5 maart:" in html


def test_admin_withdraws_a_notice(client, owner, other_org, shelter):
    notice = NoticeFactory(service=shelter, message="Complet ce soir")
    path = f"/annuaire/gerer/{shelter.pk}/avis/{notice.pk}/retirer/"
    log_in(client, member(other_org, ADMIN))
    assert client.post(path).status_code == 404
    log_in(client, member(owner, ADMIN))
    assert "Complet ce soir" in client.get(f"/annuaire/gerer/{shelter.pk}/").text
    assert client.get(path).status_code == 405
    elsewhere = NoticeFactory(message="Ailleurs")
    assert (
        client.post(f"/annuaire/gerer/{shelter.pk}/avis/{elsewhere.pk}/retirer/").status_code == 404
    )
    response = client.post(path)
    assert response.status_code == 302
    assert not Notice.objects.filter(pk=notice.pk).exists()
    assert Notice.objects.filter(pk=elsewhere.pk).exists()


def test_search_page_links_to_the_tools_of_admins_and_coordinators(client, network, owner):
    assert "/annuaire/gerer/" not in client.get("/annuaire/").text
    log_in(client, member(owner, ADMIN))
    assert 'href="/annuaire/gerer/"' in client.get("/annuaire/").text
    log_in(client, coordinator_of(network))
    html = client.get("/annuaire/").text
    assert 'href="/annuaire/fraicheur/namur/"' in html
    assert 'href="/annuaire/gerer/"' not in html
