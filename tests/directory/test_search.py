"""Search of the directory: text, filters, open at, distance, places, permissions per role,
the full-text index kept in sync, and the number of queries of a page of results.

Every test runs on SQLite (FTS5) and on PostgreSQL (tsvector + GIN) with the same
expectations: both backends find the same services, in the same order.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.http import Http404

from relais.accounts.models import NetworkRole, OrganisationRole
from relais.directory import hours, search, selectors, services
from relais.directory.models import Notice, Service
from relais.network.models import Municipality
from tests.directory.factories import LocationFactory, NoticeFactory, ServiceFactory
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    coordinator_of,
    network_role,
    organisation_role,
)

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
# Namur: the station, Jambes (across the Meuse), Bouge; Mons; Arlon.
NAMUR = (50.4688, 4.8624)
JAMBES = (50.4545, 4.8790)
BOUGE = (50.4776, 4.8960)
MONS = (50.4542, 3.9523)
ARLON = (49.6833, 5.8167)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def place(point, **kwargs):
    lat, lon = point
    return LocationFactory.build(latitude=lat, longitude=lon, **kwargs)


def names(queryset) -> list[str]:
    return [service.name for service in queryset]


def found(q=None, **kwargs) -> list[str]:
    return names(selectors.services_search(viewer=None, q=q, **kwargs))


@pytest.fixture
def namur():
    return NetworkFactory(
        slug="namur",
        axes=["urgence_sociale", "accueil_de_jour", "accueil_de_nuit", "aide_alimentaire"],
    )


# --- Text ---------------------------------------------------------------------------------


def test_accents_and_case_are_ignored_both_ways(namur):
    ServiceFactory(network=namur, name="Épicerie sociale")
    ServiceFactory(network=namur, name="Abri de nuit", description="Hébergement d'urgence.")
    ServiceFactory(network=namur, name="Epicerie du coeur")

    assert found("epicerie") == ["Epicerie du coeur", "Épicerie sociale"]
    assert found("ÉPICERIE SOCIALE") == ["Épicerie sociale"]
    assert found("épicerie coeur") == ["Epicerie du coeur"]
    assert found("hebergement") == ["Abri de nuit"]
    assert found("HÉBERGEMENT d'URGENCE") == ["Abri de nuit"]


def test_the_last_word_is_a_prefix_the_others_are_words(namur):
    ServiceFactory(network=namur, name="Épicerie sociale")
    ServiceFactory(network=namur, name="Épi d'or", description="Boulangerie solidaire.")

    assert found("épi") == ["Épi d'or", "Épicerie sociale"]
    assert found("epic") == ["Épicerie sociale"]
    assert found("sociale epic") == ["Épicerie sociale"]
    assert found("epic sociale") == []  # "epic" is not a whole word
    assert found("boulang") == ["Épi d'or"]


def test_every_word_must_be_found(namur):
    ServiceFactory(network=namur, name="Douches", description="Douches et lessive.")
    ServiceFactory(network=namur, name="Vestiaire", description="Vêtements et lessive.")

    assert found("lessive") == ["Douches", "Vestiaire"]
    assert found("lessive douches") == ["Douches"]
    assert found("lessive piscine") == []


def test_searches_name_description_organisation_and_municipality(namur):
    ServiceFactory(
        network=namur,
        name="Resto du cœur",
        organisation=OrganisationFactory(name="Les Restos du Cœur de Namur"),
        locations=[place(JAMBES, municipality="Jambes", postcode="5100")],
    )
    ServiceFactory(
        network=namur,
        name="Maraude",
        description="Travail de rue la nuit.",
        locations=[LocationFactory.build(mobile=True, area_served="Gare de Namur et Bomel")],
    )

    assert found("restos du coeur") == ["Resto du cœur"]
    assert found("jambes") == ["Resto du cœur"]
    assert found("5100") == ["Resto du cœur"]
    assert found("bomel") == ["Maraude"]
    assert found("travail rue") == ["Maraude"]


def test_punctuation_separates_words_on_both_databases(namur):
    ServiceFactory(
        network=namur,
        name="Saint-Vincent-de-Paul",
        description="Écrire à contact@svp-namur.be ou voir https://www.svp-namur.be/colis (9.30).",
    )

    for q in ("vincent", "saint vincent paul", "contact", "svp namur", "colis", "www", "30"):
        assert found(q) == ["Saint-Vincent-de-Paul"], q
    assert found("contact@svp-namur.be") == ["Saint-Vincent-de-Paul"]


def test_query_without_words_does_not_filter(namur):
    ServiceFactory(network=namur, name="A")
    ServiceFactory(network=namur, name="B")

    assert found("  !! -- ") == ["A", "B"]
    assert found("") == ["A", "B"]
    assert search.query_words("L’Épicerie, rue N°5") == ["l", "epicerie", "rue", "n", "5"]


def test_relevance_puts_words_found_in_the_name_first(namur):
    ServiceFactory(network=namur, name="Accueil de jour", description="Un café et des douches.")
    ServiceFactory(network=namur, name="Douches", description="Douches chaudes.")
    ServiceFactory(
        network=namur,
        name="Centre de santé",
        description="Consultations, soins infirmiers et aussi des douches.",
    )

    results = list(selectors.services_search(viewer=None, q="douches"))
    assert names(results) == ["Douches", "Accueil de jour", "Centre de santé"]
    assert results[0].relevance > results[1].relevance > results[2].relevance


def test_the_index_follows_creations_changes_and_deletions(namur):
    service = ServiceFactory(network=namur, name="Vestiaire")
    assert found("vestiaire") == ["Vestiaire"]

    service.name = "Friperie solidaire"
    services.service_save(service=service)
    assert found("vestiaire") == []
    assert found("friperie") == ["Friperie solidaire"]

    Service.objects.filter(pk=service.pk).update(search_text="bibliotheque")
    assert found("friperie") == []
    assert found("bibliotheque") == ["Friperie solidaire"]

    services.service_delete(service=service)
    assert found("bibliotheque") == []

    # A cascade from the organisation removes the text as well.
    other = ServiceFactory(network=namur, name="Vestiaire du quartier")
    other.organisation.delete()
    assert found("vestiaire") == []


def test_a_lost_index_comes_back(namur):
    """SQLite drops a table's triggers when Django rebuilds the table to alter it; after
    every migrate, `ensure_index` puts them (or PostgreSQL's index) back."""
    ServiceFactory(network=namur, name="Vestiaire")
    drop = search.SQLITE_DROP if connection.vendor == "sqlite" else [search.PG_DROP]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # no index change with deferred FK checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in drop:
            cursor.execute(statement)
    assert search.ensure_index() is True
    assert found("vestiaire") == ["Vestiaire"]  # rebuilt from search_text
    ServiceFactory(network=namur, name="Vestiaire bis")
    assert found("vestiaire") == ["Vestiaire", "Vestiaire bis"]  # kept in sync again
    assert search.ensure_index() is False


def test_ensure_index_is_idempotent():
    assert search.ensure_index() is False


# --- Filters ------------------------------------------------------------------------------


def test_filter_by_network_slug_or_object(namur):
    other = NetworkFactory(slug="mons-borinage")
    ServiceFactory(network=namur, name="A")
    ServiceFactory(network=other, name="B")

    assert found(network="namur") == ["A"]
    assert found(network=other) == ["B"]
    assert found(network="nowhere") == []


def test_filters_on_lists(namur):
    aid = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
    ServiceFactory(
        network=namur,
        name="Épicerie",
        axes=["aide_alimentaire"],
        publics=["familles", "tous-publics"],
        welcomes=["familles"],
        languages=["fr", "ar"],
    )
    ServiceFactory(
        network=namur,
        name="Abri",
        axes=["accueil_de_nuit", "urgence_sociale"],
        thematiques=[aid],
        publics=["personnes-en-situation-durgence"],
        welcomes=["hommes_seuls", "avec_animaux"],
        languages=["fr", "en", "nl"],
    )
    ServiceFactory(network=namur, name="Vide", languages=[])

    assert found(axis="aide_alimentaire") == ["Épicerie"]
    assert found(axis="urgence_sociale") == ["Abri"]
    assert found(axis="accueil_de_jour") == ["Vide"]
    assert found(thematique=aid) == ["Abri"]
    assert found(public="familles") == ["Épicerie"]
    assert found(welcome="avec_animaux") == ["Abri"]
    assert found(language="fr") == ["Abri", "Épicerie"]
    assert found(language="ar") == ["Épicerie"]
    # "en" is not found inside "fr" or other strings: whole elements only.
    assert found(language="en") == ["Abri"]
    assert found(axis="urgence_sociale", language="ar") == []


def test_free_filter(namur):
    ServiceFactory(network=namur, name="Gratuit")
    ServiceFactory(network=namur, name="Payant", cost="participation", cost_details="1 €")

    assert found(free=True) == ["Gratuit"]
    assert found(free=False) == ["Payant"]
    assert found(free=None) == ["Gratuit", "Payant"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("axis", "piscine"),
        ("thematique", "bricolage"),
        ("public", "martiens"),
        ("welcome", "tout-le-monde"),
        ("language", "klingon"),
        ("sort", "price"),
    ],
)
def test_unknown_codes_are_refused_with_their_parameter(field, value):
    with pytest.raises(selectors.SearchError) as error:
        selectors.services_search(viewer=None, **{field: value})
    assert error.value.field == field


# --- Open at ------------------------------------------------------------------------------


def test_open_at_across_midnight(namur):
    ServiceFactory(network=namur, night_shelter=True, name="Abri de nuit")  # Mo-Su 20:00-08:00
    ServiceFactory(network=namur, name="Accueil de jour")  # Mo-Fr 09:00-17:00
    ServiceFactory(network=namur, name="Dimanche soir", opening_hours="Su 22:00-02:00")

    # Tuesday 11 March 2025 (no holiday).
    assert found(open_at=at(2025, 3, 11, 2, 30)) == ["Abri de nuit"]
    assert found(open_at=at(2025, 3, 11, 10, 0)) == ["Accueil de jour"]
    assert found(open_at=at(2025, 3, 11, 19, 59)) == []
    assert found(open_at=at(2025, 3, 11, 23, 0)) == ["Abri de nuit"]
    # From Sunday night into Monday morning.
    assert found(open_at=at(2025, 3, 10, 1, 0)) == ["Abri de nuit", "Dimanche soir"]
    assert found(open_at=at(2025, 3, 10, 2, 0)) == ["Abri de nuit"]


def test_open_at_follows_notices_and_public_holidays(namur):
    shelter = ServiceFactory(network=namur, night_shelter=True, name="Abri de nuit")
    ServiceFactory(network=namur, name="Accueil de jour", opening_hours="Mo-Fr 09:00-17:00; PH off")
    day_centre_2 = ServiceFactory(network=namur, name="Douches", opening_hours="Mo-Fr 09:00-12:00")
    NoticeFactory(
        service=shelter, starts_on=date(2025, 3, 11), ends_on=date(2025, 3, 11), closed=True
    )
    NoticeFactory(
        service=day_centre_2, starts_on=date(2025, 3, 8), ends_on=date(2025, 3, 9), open=True
    )

    assert found(open_at=at(2025, 3, 11, 23, 0)) == []  # closed notice that day
    assert found(open_at=at(2025, 3, 9, 23, 0)) == ["Abri de nuit", "Douches"]  # plan hiver
    # Easter Monday 21 April 2025, a Belgian public holiday: "PH off" closes the day centre.
    assert found(open_at=at(2025, 4, 21, 10, 0)) == ["Douches"]
    assert found(open_at=at(2025, 4, 22, 10, 0)) == ["Accueil de jour", "Douches"]


def test_open_now_is_annotated(namur):
    ServiceFactory(network=namur, night_shelter=True, name="Abri de nuit")
    ServiceFactory(network=namur, name="Accueil de jour")

    results = selectors.services_search(viewer=None, now=at(2025, 3, 11, 10, 0))
    assert {s.name: s.open_now for s in results} == {"Abri de nuit": False, "Accueil de jour": True}


# --- Distance and places ---------------------------------------------------------------------


def test_near_sorts_by_distance_and_gives_kilometres(namur):
    ServiceFactory(network=namur, name="Mons", locations=[place(MONS, municipality="Mons")])
    ServiceFactory(network=namur, name="Bouge", locations=[place(BOUGE, municipality="Namur")])
    ServiceFactory(network=namur, name="Jambes", locations=[place(JAMBES, municipality="Jambes")])
    ServiceFactory(network=namur, name="Maraude", locations=[LocationFactory.build(mobile=True)])

    results = list(selectors.services_search(viewer=None, near=NAMUR, sort="distance"))
    assert names(results) == ["Jambes", "Bouge", "Mons"]  # the mobile service has no place
    distances = [s.distance_km for s in results]
    assert distances == sorted(distances)
    assert distances[0] == pytest.approx(selectors.haversine_km(NAMUR, JAMBES), rel=0.01)
    assert distances[2] == pytest.approx(63.6, abs=1.5)  # Namur–Mons as the crow flies


def test_radius_keeps_the_services_within(namur):
    ServiceFactory(network=namur, name="Jambes", locations=[place(JAMBES)])
    ServiceFactory(network=namur, name="Bouge", locations=[place(BOUGE)])
    ServiceFactory(network=namur, name="Mons", locations=[place(MONS)])
    # In the bounding box of a 3 km radius but outside the circle (its corner).
    corner = (NAMUR[0] + 0.022, NAMUR[1] + 0.035)
    ServiceFactory(network=namur, name="Coin", locations=[place(corner)])

    assert selectors.haversine_km(NAMUR, corner) > 3
    assert found(near=NAMUR, radius_km=3, sort="distance") == ["Jambes", "Bouge"]
    assert found(near=NAMUR, radius_km=2) == ["Jambes"]
    assert found(near=NAMUR, radius_km=100, sort="distance") == ["Jambes", "Bouge", "Coin", "Mons"]


def test_distance_is_to_the_nearest_location(namur):
    ServiceFactory(
        network=namur, name="Deux lieux", locations=[place(MONS), place(BOUGE, name="Antenne")]
    )
    ServiceFactory(network=namur, name="Jambes", locations=[place(JAMBES)])

    results = list(selectors.services_search(viewer=None, near=NAMUR, sort="distance"))
    assert names(results) == ["Jambes", "Deux lieux"]
    assert results[1].distance_km == pytest.approx(selectors.haversine_km(NAMUR, BOUGE), rel=0.01)
    # Its first place (Mons) is far; the second (Bouge) is within the radius.
    assert found(near=NAMUR, radius_km=5, sort="distance") == ["Jambes", "Deux lieux"]
    assert found(near=MONS, radius_km=5) == ["Deux lieux"]
    assert found(near=ARLON, radius_km=50) == []
    selectors.services_page(selectors.services_search(viewer=None, near=NAMUR))  # prefetch
    shown = selectors.main_location(results[1], NAMUR)
    assert shown.name == "Antenne"


def test_municipality_without_radius_keeps_the_services_in_it(namur):
    ServiceFactory(
        network=namur,
        name="Jambes",
        locations=[place(JAMBES, municipality="Jambes", postcode="5100")],
    )
    ServiceFactory(network=namur, name="Namur", locations=[place(NAMUR, municipality="Namur")])
    ServiceFactory(
        network=namur,
        name="Maraude",
        locations=[LocationFactory.build(mobile=True, area_served="Namur centre et Jambes")],
    )
    ServiceFactory(
        network=namur,
        name="Maraude de Mons",
        locations=[LocationFactory.build(mobile=True, area_served="Mons", municipality="")],
    )

    assert found(municipality="jambes") == ["Jambes", "Maraude"]
    # The centre of Namur is known: the service with a distance first.
    assert found(municipality="Namur") == ["Namur", "Maraude"]
    assert found(postcode="5100") == ["Jambes"]


def test_mobile_services_join_near_results_only_for_the_municipality_they_cover(namur):
    ServiceFactory(network=namur, name="Bouge", locations=[place(BOUGE, municipality="Namur")])
    ServiceFactory(
        network=namur,
        name="Maraude",
        locations=[LocationFactory.build(mobile=True, area_served="Namur centre")],
    )
    ServiceFactory(
        network=namur,
        name="Maraude de Mons",
        locations=[LocationFactory.build(mobile=True, area_served="Mons", municipality="Mons")],
    )

    assert found(near=NAMUR, radius_km=10) == ["Bouge"]
    results = list(
        selectors.services_search(viewer=None, municipality="Namur", radius_km=10, sort="distance")
    )
    assert names(results) == ["Bouge", "Maraude"]  # no distance: last
    assert results[0].distance_km is not None
    assert results[1].distance_km is None


def test_a_postcode_or_municipality_gives_the_centre_of_a_radius(namur):
    ServiceFactory(network=namur, name="Jambes", locations=[place(JAMBES, municipality="Jambes")])
    ServiceFactory(
        network=namur, name="Mons", locations=[place(MONS, municipality="Mons", postcode="7000")]
    )
    le_mans = NetworkFactory(slug="le-mans", country="FR", axes=["accueil_de_jour"])
    ServiceFactory(
        network=le_mans,
        name="Le Mans",
        locations=[place((48.0061, 0.1996), postcode="72000", municipality="Le Mans")],
    )

    assert found(postcode="5000", radius_km=10) == ["Jambes"]
    assert found(municipality="Mons", radius_km=10) == ["Mons"]
    assert found(municipality="Bergen", radius_km=10) == ["Mons"]  # its Dutch name
    assert found(postcode="72530", radius_km=10) == ["Le Mans"]  # Yvré-l'Évêque
    assert found(municipality="yvre l'eveque", radius_km=10) == ["Le Mans"]


def test_a_municipality_of_the_network_territory_is_geocoded_through_its_postcode(
    namur, django_assert_num_queries
):
    Municipality.objects.create(network=namur, name="Namur (Jambes)", postcode="5100")
    ServiceFactory(network=namur, name="Jambes", locations=[place(JAMBES)])

    assert found(network=namur, municipality="Namur (Jambes)", radius_km=8) == ["Jambes"]
    assert found(network="namur", municipality="Namur (Jambes)", radius_km=8) == ["Jambes"]
    # The territory is read only for a name the packaged data does not know.
    with django_assert_num_queries(2):  # networks, the page
        assert found(network="namur", municipality="Namur", radius_km=8) == ["Jambes"]
    with django_assert_num_queries(3):  # networks, territory, the page
        found(network="namur", municipality="Namur (Jambes)", radius_km=8)
    with pytest.raises(selectors.SearchError):  # unknown without the network's territory
        found(municipality="Namur (Jambes)", radius_km=8)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"radius_km": 5}, "radius_km"),
        ({"near": NAMUR, "radius_km": 0}, "radius_km"),
        ({"near": NAMUR, "radius_km": 501}, "radius_km"),
        ({"near": (91, 4)}, "near"),
        ({"municipality": "Atlantide", "radius_km": 5}, "municipality"),
        ({"postcode": "99999", "radius_km": 5}, "postcode"),
        ({"sort": "distance"}, "sort"),
    ],
)
def test_impossible_places_are_refused_with_their_parameter(kwargs, field):
    with pytest.raises(selectors.SearchError) as error:
        selectors.services_search(viewer=None, **kwargs)
    assert error.value.field == field


def test_everything_at_once(namur):
    ServiceFactory(
        network=namur,
        night_shelter=True,
        name="Abri de nuit Saint-Loup",
        description="Lits d'urgence.",
        locations=[place(JAMBES)],
    )
    ServiceFactory(
        network=namur,
        night_shelter=True,
        name="Abri de nuit de Mons",
        locations=[place(MONS)],
    )
    ServiceFactory(network=namur, name="Abri de jour", locations=[place(BOUGE)])

    results = selectors.services_search(
        viewer=None,
        q="abri",
        axis="accueil_de_nuit",
        open_at=at(2025, 3, 11, 23, 0),
        near=NAMUR,
        radius_km=20,
        network="namur",
        free=True,
    )
    assert names(results) == ["Abri de nuit Saint-Loup"]


# --- Permissions ---------------------------------------------------------------------------


@pytest.fixture
def world(namur):
    """Two networks; in Namur, an owner organisation and another member; an applicant."""
    mons = NetworkFactory(slug="mons-borinage")
    owner = OrganisationFactory(slug="owner", name="Abri Namurois")
    member = OrganisationFactory(slug="member", name="Autre membre")
    applicant = OrganisationFactory(slug="applicant", name="Candidate")
    elsewhere = OrganisationFactory(slug="elsewhere", name="Membre de Mons")
    MembershipFactory(network=namur, organisation=owner)
    MembershipFactory(network=namur, organisation=member)
    MembershipFactory(network=namur, organisation=applicant, applicant=True)
    MembershipFactory(network=mons, organisation=elsewhere)
    services_ = {
        "public": ServiceFactory(network=namur, organisation=owner, name="Public"),
        "pro": ServiceFactory(network=namur, organisation=owner, name="Pro", professionals=True),
        "member_pro": ServiceFactory(
            network=namur, organisation=member, name="Pro du membre", professionals=True
        ),
        "mons_pro": ServiceFactory(
            network=mons, organisation=elsewhere, name="Pro de Mons", professionals=True
        ),
        "applicant_pro": ServiceFactory(
            network=namur, organisation=applicant, name="Pro de la candidate", professionals=True
        ),
    }

    def user_with(organisation=None, role=OrganisationRole.Role.WORKER, network=None, nrole=None):
        user = UserFactory(with_totp=True)
        if organisation is not None:
            organisation_role(user, organisation, role)
        if network is not None:
            network_role(user, network, nrole or NetworkRole.Role.COORDINATOR)
        return user

    users = {
        "anonymous": None,
        "no role": UserFactory(),
        "worker of owner": user_with(owner),
        "volunteer of owner": user_with(owner, OrganisationRole.Role.VOLUNTEER),
        "admin of owner": user_with(owner, OrganisationRole.Role.ADMIN),
        "worker of member": user_with(member),
        "admin of member": user_with(member, OrganisationRole.Role.ADMIN),
        "worker of applicant": user_with(applicant),
        "coordinator": coordinator_of(namur),
        "dpo": user_with(network=namur, nrole=NetworkRole.Role.DPO),
        "worker in Mons": user_with(elsewhere),
        "coordinator of Mons": coordinator_of(mons),
    }
    return services_, users


NAMUR_ALL = {"Public", "Pro", "Pro du membre", "Pro de la candidate"}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", {"Public"}),
        ("no role", {"Public"}),
        ("worker of owner", NAMUR_ALL),
        ("volunteer of owner", NAMUR_ALL),
        ("admin of owner", NAMUR_ALL),
        ("worker of member", NAMUR_ALL),
        ("admin of member", NAMUR_ALL),
        ("worker of applicant", {"Public", "Pro de la candidate"}),
        ("coordinator", NAMUR_ALL),
        ("dpo", NAMUR_ALL),
        ("worker in Mons", {"Public", "Pro de Mons"}),
        ("coordinator of Mons", {"Public", "Pro de Mons"}),
    ],
)
def test_who_sees_what(world, who, sees):
    services_, users = world
    viewer = users[who]
    assert set(names(selectors.services_visible_to(viewer))) == sees
    assert set(names(selectors.services_search(viewer=viewer))) == sees
    for service in services_.values():
        if service.name in sees:
            assert selectors.service_get_for(viewer, service.pk) == service
        else:
            with pytest.raises(Http404):
                selectors.service_get_for(viewer, service.pk)


@pytest.mark.parametrize(
    ("who", "may_edit"),
    [
        ("anonymous", False),
        ("no role", False),
        ("worker of owner", False),
        ("volunteer of owner", False),
        ("admin of owner", True),
        ("admin of member", False),  # a member, not the owner
        ("coordinator", False),
        ("dpo", False),
        ("coordinator of Mons", False),
    ],
)
def test_only_the_owners_admins_edit(world, who, may_edit):
    services_, users = world
    user = users[who]
    for key in ("public", "pro"):
        assert selectors.service_editable_by(user, services_[key]) is may_edit
    assert (services_["pro"] in selectors.services_editable_by(user)) is may_edit
    assert (services_["member_pro"] in selectors.services_editable_by(user)) is (
        who == "admin of member"
    )
    if may_edit:
        assert selectors.service_get_for_edit(user, services_["pro"].pk) == services_["pro"]
    else:
        with pytest.raises(Http404):
            selectors.service_get_for_edit(user, services_["pro"].pk)


def test_network_membership_predicate(world, namur):
    _services, users = world
    assert selectors.is_network_member(users["worker of member"], namur)
    assert selectors.is_network_member(users["coordinator"], namur)
    assert not selectors.is_network_member(users["worker of applicant"], namur)
    assert not selectors.is_network_member(users["worker in Mons"], namur)
    assert not selectors.is_network_member(None, namur)


def test_a_former_member_loses_the_professionals_services(world, namur):
    services_, users = world
    worker = users["worker of member"]
    membership = namur.memberships.get(organisation__slug="member")
    membership.status = "left"
    membership.save()
    assert services_["pro"] not in selectors.services_visible_to(worker)
    assert services_["member_pro"] in selectors.services_visible_to(worker)  # its own


# --- Queries ------------------------------------------------------------------------------


def _many_services(network, count=25):
    for i in range(count):
        service = ServiceFactory(
            network=network,
            name=f"Abri {i:02d}",
            night_shelter=bool(i % 2),
            languages=["fr"],
            locations=[place(JAMBES), place(BOUGE, name="Antenne")],
        )
        NoticeFactory(service=service, message=f"Avis {i}")
        NoticeFactory(service=service, message=f"Avis bis {i}", closed=True)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"q": "abri"},
        {"q": "abri", "axis": "accueil_de_nuit", "near": NAMUR, "radius_km": 10},
        {"open_at": at(2025, 3, 11, 23, 0), "near": NAMUR, "sort": "distance"},
        {"municipality": "Namur", "radius_km": 10, "free": True, "language": "fr"},
    ],
)
def test_a_page_of_twenty_results_takes_five_queries(namur, django_assert_num_queries, filters):
    _many_services(namur, 25)
    coordinator = coordinator_of(namur)
    _many_services(NetworkFactory(slug="other"), 5)
    for viewer in (None, coordinator):
        # networks (hours), page with its count, organisations, locations, notices; the
        # weekly slots are in the service's row
        with django_assert_num_queries(5):
            page = selectors.services_page(
                selectors.services_search(viewer=viewer, network="namur", **filters), page_size=20
            )
            for service in page.items:
                _ = (service.organisation.name, service.network.time_zone, service.open_now)
                _ = [loc.municipality for loc in service.locations.all()]
                _ = [notice.message for notice in service.notices.all()]
                _ = hours.open_state(service, at(2025, 3, 11, 23, 0))
                if "near" in filters or "municipality" in filters:
                    assert service.distance_km is not None
        assert page.count == (12 if {"open_at", "axis"} & set(filters) else 25)
        assert len(page.items) == (20 if page.count > 20 else page.count)


@pytest.mark.parametrize("matching", [1, 200])
def test_the_query_count_does_not_depend_on_the_number_of_results(
    namur, django_assert_num_queries, matching
):
    """A search answered by 1 service or by 200 costs the same five queries (the page of 20
    with its total, never a query per result)."""
    organisation = OrganisationFactory(name="CPAS de Namur")
    for index in range(matching):
        ServiceFactory(
            network=namur,
            organisation=organisation,
            name=f"Abri de nuit {index}",
            night_shelter=True,
            locations=[place(JAMBES), place(BOUGE, name="Antenne")] if index % 7 == 0 else None,
        )
    ServiceFactory(network=namur, name="Vestiaire")  # does not match
    filters = {
        "q": "abri",
        "near": NAMUR,
        "radius_km": 10,
        "open_at": at(2025, 3, 11, 23, 0),
        "network": "namur",
    }
    with django_assert_num_queries(5):
        page = selectors.services_page(
            selectors.services_search(viewer=None, **filters), page_size=20
        )
        for service in page.items:
            _ = (service.organisation.name, service.network.slug, service.distance_km)
            _ = [loc.address for loc in service.locations.all()]
            _ = hours.open_state(service, at(2025, 3, 11, 23, 0))
    assert page.count == matching
    assert len(page.items) == min(20, matching)


def test_pages_and_the_count_after_the_last_page(namur):
    for i in range(5):
        ServiceFactory(network=namur, name=f"Service {i}")
    queryset = selectors.services_search(viewer=None)

    first = selectors.services_page(queryset, page=1, page_size=2)
    last = selectors.services_page(queryset, page=3, page_size=2)
    after = selectors.services_page(queryset, page=9, page_size=2)
    assert (first.count, names(first.items), first.num_pages, first.has_next) == (
        5,
        ["Service 0", "Service 1"],
        3,
        True,
    )
    assert (last.count, names(last.items), last.has_next, last.has_previous) == (
        5,
        ["Service 4"],
        False,
        True,
    )
    assert (after.count, after.items) == (5, [])
    assert selectors.services_page(queryset, page_size=1000).page_size == 100


def test_page_notices_are_the_current_ones(namur):
    service = ServiceFactory(network=namur)
    NoticeFactory(service=service, starts_on=date(2020, 1, 1), ends_on=date(2020, 1, 2))
    NoticeFactory(service=service, message="En cours")
    page = selectors.services_page(selectors.services_search(viewer=None))
    assert [n.message for n in page.items[0].notices.all()] == ["En cours"]
    assert Notice.objects.count() == 2


def test_ligatures_are_found_however_they_are_typed(namur):
    ServiceFactory(network=namur, name="Resto du cœur")
    ServiceFactory(network=namur, name="Sœurs de la Providence")
    ServiceFactory(network=namur, name="Les coeurs ouverts")

    assert found("coeur") == ["Les coeurs ouverts", "Resto du cœur"]  # a prefix
    assert found("coeur resto") == ["Resto du cœur"]  # a whole word
    assert found("cœur resto") == ["Resto du cœur"]
    assert found("coeurs") == ["Les coeurs ouverts"]
    assert found("cœurs") == ["Les coeurs ouverts"]
    assert found("soeurs providence") == ["Sœurs de la Providence"]
    assert found("coe") == ["Les coeurs ouverts", "Resto du cœur"]
    assert search.fts5_query(["du", "coeur"]) == '"du" AND ("coeur"* OR "cœur"*)'
    assert search.pg_tsquery(["coeur", "du"]) == "(coeur | cœur) & du:*"


def test_the_substring_fallback_finds_the_same_services(namur):
    """The plain-SQL version (for databases without a full-text backend here) agrees with
    the full-text index on what it finds (it also finds words inside words)."""
    ServiceFactory(network=namur, name="Épicerie sociale", description="Colis et fruits.")
    ServiceFactory(network=namur, name="Resto du cœur", description="Repas chaud.")
    ServiceFactory(network=namur, name="Abri", description="Lits, repas du soir.")

    for q in ("epicerie", "repas", "coeur repas", "colis fru", "abri lits"):
        words = search.query_words(q)
        sql, params = search.MatchingIds(words).as_sql(None, connection)
        with connection.cursor() as cursor:
            cursor.execute(sql[1:-1], params)
            ids = {row[0] for row in cursor.fetchall()}
        assert ids == set(Service.objects.filter(name__in=found(q)).values_list("pk", flat=True))
