"""`selectors.services_search_page`: the search page's queries compiled once per shape
(relais.core.compiled). Whatever the filters, it returns exactly the page that the ORM path
(`services_page(services_search(...))`) returns, in five queries at most; a shape that cannot
be compiled falls back to the ORM path; no value of a search is ever written into the SQL."""

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from relais.accounts.models import OrganisationRole
from relais.core.compiled import Uncompilable
from relais.directory import selectors
from relais.directory.models import ServiceTranslation
from relais.network.models import Municipality
from tests.directory.factories import LocationFactory, NoticeFactory, ServiceFactory
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    coordinator_of,
    organisation_role,
)

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
NAMUR = (50.4688, 4.8624)
JAMBES = (50.4545, 4.8790)
BOUGE = (50.4776, 4.8960)
MONS = (50.4542, 3.9523)
TUESDAY_NIGHT = datetime(2025, 3, 11, 23, 0, tzinfo=BRUSSELS)
EASTER_MONDAY = datetime(2025, 4, 21, 10, 0, tzinfo=BRUSSELS)


def place(point, **kwargs):
    lat, lon = point
    return LocationFactory.build(latitude=lat, longitude=lon, **kwargs)


@pytest.fixture
def world():
    """Two networks (Belgian and French), public, professional and unclassified services,
    day centres, shelters, food aid, mobile teams, services with two places, notices and
    translations; a member of Namur's network."""
    namur = NetworkFactory(
        slug="namur",
        axes=["urgence_sociale", "accueil_de_jour", "accueil_de_nuit", "aide_alimentaire"],
    )
    Municipality.objects.create(network=namur, name="Namur", postcode="5000")
    le_mans = NetworkFactory(
        slug="le-mans", country="FR", time_zone="Europe/Paris", axes=["aide_alimentaire"]
    )
    member_org = OrganisationFactory(name="CPAS de Namur")
    MembershipFactory(network=namur, organisation=member_org)
    member = UserFactory(username="member")
    organisation_role(member, member_org, OrganisationRole.Role.WORKER)
    points = [NAMUR, JAMBES, BOUGE, MONS]
    for index in range(24):
        kwargs = {
            "network": namur,
            "name": ["Abri de nuit", "Accueil de jour", "Colis", "Resto du cœur"][index % 4]
            + f" {index:02d}",
            "description": ["Douches, café.", "Repas chaud le soir.", "Lits et soupe."][index % 3],
            "languages": ["fr", "nl"] if index % 3 == 0 else ["fr"],
            "cost": "free" if index % 5 else "participation",
        }
        if index % 4 == 0:
            kwargs["night_shelter"] = True
        if index % 4 == 2:
            kwargs["axes"] = ["aide_alimentaire"]
            kwargs["opening_hours"] = "Mo-Fr 09:00-12:00; PH off"
        if index % 7 == 0:
            kwargs["visibility"] = "professionals"
        if index % 6 == 0:
            locations = [place(MONS), place(points[index % 3], name="Antenne")]
        elif index % 11 == 0:
            locations = [LocationFactory.build(mobile=True, area_served="Namur et Jambes")]
        else:
            locations = [place(points[index % 4], municipality="Namur", postcode="5000")]
        service = ServiceFactory(locations=locations, **kwargs)
        if index % 5 == 0:
            NoticeFactory(service=service, closed=True)
        if index % 3 == 0:
            ServiceTranslation.objects.create(
                service=service, language="nl", name=f"Dienst {index}"
            )
    unclassified = ServiceFactory(network=namur, name="Abri à classer")
    unclassified.classified = False
    unclassified.save(update_fields=["classified"])
    ServiceFactory(
        network=le_mans,
        name="Épicerie sociale du Mans",
        axes=["aide_alimentaire"],
        locations=[place((48.0061, 0.1996))],
    )
    return {"namur": namur, "member": member, "coordinator": coordinator_of(namur)}


def summary(page):
    return (
        page.count,
        [
            (
                service.pk,
                service.name,
                service.organisation.name,
                service.network.slug,
                getattr(service, "relevance", None),
                None
                if getattr(service, "distance_km", None) is None
                else round(service.distance_km, 9),
                bool(service.open_now),
                getattr(service, "local_name", None),
                [location.pk for location in service.locations.all()],
                [notice.pk for notice in service.notices.all()],
            )
            for service in page.items
        ],
    )


SEARCHES = [
    {},
    {"q": "abri"},
    {"q": "resto coeur"},
    {"q": "douche", "sort": "name"},
    {"q": "rep", "axis": "accueil_de_jour"},
    {"axis": "aide_alimentaire", "free": True},
    {"free": False, "language": "nl"},
    {"near": NAMUR},
    {"near": NAMUR, "radius_km": 3, "sort": "distance"},
    {"near": NAMUR, "radius_km": 150},  # rows of latitude rather than cells
    {"q": "abri", "near": JAMBES, "radius_km": 10, "open_at": TUESDAY_NIGHT},
    {"open_at": EASTER_MONDAY, "network": "namur"},
    {"municipality": "Namur"},
    {"municipality": "namur", "radius_km": 2},
    {"postcode": "5000", "q": "colis"},
    {"network": "le-mans", "q": "épicerie"},
]


@pytest.mark.parametrize("viewer", [None, "member", "coordinator"])
@pytest.mark.parametrize("filters", SEARCHES, ids=lambda f: ",".join(sorted(f)) or "all")
def test_the_compiled_page_is_the_orm_page(world, viewer, filters):
    user = world[viewer] if viewer else None
    now = TUESDAY_NIGHT
    for page, language in ((1, None), (2, "nl")):
        queryset = selectors.services_search(viewer=user, now=now, **filters)
        if language:
            queryset = queryset.annotate(local_name=selectors._local_name(language))
        expected = selectors.services_page(queryset, page=page, page_size=5, today=now.date())
        got = selectors.services_search_page(
            viewer=user,
            now=now,
            page=page,
            page_size=5,
            today=now.date(),
            local_language=language,
            **filters,
        )
        assert summary(got) == summary(expected), (viewer, filters, page)


def test_a_page_after_the_last_one_and_an_empty_search(world):
    page = selectors.services_search_page(viewer=None, q="abri", page=50, page_size=20)
    assert (
        page.items == [] and page.count == selectors.services_search(viewer=None, q="abri").count()
    )
    empty = selectors.services_search_page(viewer=None, q="introuvable")
    assert (empty.count, empty.items) == (0, [])


@pytest.mark.parametrize("matching", [1, 40])
def test_five_queries_whatever_the_number_of_results(world, django_assert_num_queries, matching):
    network = NetworkFactory(slug="mons")
    for index in range(matching):
        ServiceFactory(network=network, name=f"Maraude {index}", locations=[place(MONS)])
    filters = {"q": "maraude", "near": MONS, "radius_km": 5, "network": "mons"}
    selectors.services_search_page(viewer=None, **filters)  # compiles this shape
    # networks, the page's ids and total, its services, their locations, their notices
    with django_assert_num_queries(5):
        page = selectors.services_search_page(viewer=None, **filters)
        for service in page.items:
            _ = (service.organisation.name, service.network.slug, list(service.notices.all()))
    assert page.count == matching


def test_one_plan_per_shape_and_no_value_in_the_sql(world):
    selectors._RANKED._plans.clear()
    for word in ("abri", "colis", "drop'"):
        selectors.services_search_page(viewer=None, q=word, near=JAMBES, radius_km=4)
    plans = list(selectors._RANKED._plans.values())
    assert len(plans) == 1  # one word, a point and a radius: one shape, one compilation
    selectors.services_search_page(viewer=None, q="'); DROP TABLE directory_service; --")
    for plan in selectors._RANKED._plans.values():
        for value in ("abri", "colis", "drop", "DROP", "50.45", "4.87"):
            assert value not in plan.sql
    assert selectors.services_search_page(viewer=None, q="'); DROP TABLE").count == 0


def test_a_shape_that_cannot_be_compiled_falls_back_to_the_orm(world, monkeypatch, caplog):
    def refuse(**arguments):
        raise Uncompilable("refused for the test")

    monkeypatch.setattr(selectors, "_RANKED", refuse)
    expected = selectors.services_page(
        selectors.services_search(viewer=None, q="abri", near=NAMUR), page_size=5
    )
    with caplog.at_level(logging.WARNING, logger="relais.directory.selectors"):
        got = selectors.services_search_page(viewer=None, q="abri", near=NAMUR, page_size=5)
    assert summary(got) == summary(expected)
    assert "cannot be compiled" in caplog.text


def test_a_search_error_is_raised_before_any_query(django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(selectors.SearchError) as error:
        selectors.services_search_page(viewer=None, axis="nowhere")
    assert error.value.field == "axis"
    assert connection.vendor in ("sqlite", "postgresql")


def test_the_columns_a_search_filters_on_are_indexed():
    """The full text, the grid cell (and, on PostgreSQL, the weekly slots) have their index,
    so that the database combines them; on SQLite the full text is the FTS5 table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'directory_service'")
            expected = {
                "directory_service_search_vector_idx",
                "directory_service_cell_idx",
                "directory_service_week_hours_idx",
                "directory_service_places_idx",
            }
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE tbl_name LIKE 'directory_service%'"
            )
            expected = {
                "directory_service_fts",
                "directory_service_cell_idx",
                "directory_service_places_idx",
            }
        assert expected <= {row[0] for row in cursor.fetchall()}


def test_a_search_before_any_network_exists_is_an_empty_page():
    """A fresh database (no network yet): every search answers an empty page, "open at" and
    "open now" included, on both paths."""
    moment = datetime(2025, 3, 11, 10, 0, tzinfo=BRUSSELS)
    for filters in ({}, {"open_at": moment, "q": "abri"}, {"near": NAMUR, "radius_km": 5}):
        page = selectors.services_search_page(viewer=None, now=moment, **filters)
        assert (page.count, page.items) == (0, [])
        assert list(selectors.services_search(viewer=None, now=moment, **filters)) == []
