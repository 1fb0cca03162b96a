"""The grid of the "near here" search (relais.directory.grid) and the radius that uses it."""

import pytest

from relais.directory import grid, selectors
from relais.directory.models import Service
from tests.directory.factories import LocationFactory, ServiceFactory
from tests.factories import NetworkFactory

NAMUR = (50.4674, 4.8720)


def test_a_cell_holds_the_points_of_its_square():
    # 0.05° squares: these two points of Namur share a cell, the south of Jambes does not.
    assert grid.cell_of(50.4674, 4.8720) == grid.cell_of(50.4651, 4.8702)
    assert grid.cell_of(50.4674, 4.8720) != grid.cell_of(50.4480, 4.8790)
    assert grid.cell_of(None, 4.87) is None
    # Negative coordinates (Le Mans is west of Greenwich) and the poles stay positive numbers.
    assert grid.cell_of(48.0061, 0.1996) != grid.cell_of(48.0061, -0.1996)
    assert grid.cell_of(-90, -180) == 0
    assert grid.cell_of(89.999, 179.999) < 2**31


def test_the_cells_of_a_box_cover_it():
    box = (50.40, 50.52, 4.80, 4.95)
    cells = grid.cells_in(*box)
    assert len(cells) == len(set(cells)) == 3 * 4  # rows 50.40, 50.45, 50.50; 4 columns
    for lat in (50.40, 50.45, 50.5199):
        for lon in (4.80, 4.87, 4.9499):
            assert grid.cell_of(lat, lon) in cells


def test_a_large_box_becomes_rows_of_latitude():
    ranges = grid.cells_in(49.0, 51.0, 2.0, 6.5)  # 41 rows × 91 columns > MAX_CELLS
    assert len(ranges) == 41  # 51.0 starts a row of its own
    first, last = ranges[0]
    assert last - first == 90
    assert first <= grid.cell_of(49.0, 2.0) <= last


def found(**kwargs) -> list[str]:
    return [s.name for s in selectors.services_search(viewer=None, sort="distance", **kwargs)]


@pytest.mark.django_db
@pytest.mark.parametrize("radius_km", [0.5, 3, 40, 150])
def test_a_radius_finds_the_same_services_as_the_distance_alone(radius_km):
    """Points on both sides of cell borders around Namur, at many distances: the services
    within the radius are exactly those whose distance says so, whether the search asks for
    cells (small radii) or for rows of latitude (large ones)."""
    network = NetworkFactory()
    points = [
        (NAMUR[0] + dlat, NAMUR[1] + dlon)
        for dlat in (-1.2, -0.3, -0.051, -0.0005, 0, 0.0004, 0.05, 0.26, 0.9)
        for dlon in (-1.5, -0.07, -0.0009, 0.002, 0.049, 0.4, 1.8)
    ]
    for index, (lat, lon) in enumerate(points):
        ServiceFactory(
            network=network,
            name=f"S{index}",
            locations=[LocationFactory.build(latitude=lat, longitude=lon)],
        )
    expected = sorted(
        (selectors.haversine_km(NAMUR, point), f"S{index}")
        for index, point in enumerate(points)
        if selectors.haversine_km(NAMUR, point) <= radius_km * 0.999
    )
    names = found(near=NAMUR, radius_km=radius_km)
    assert set(names) >= {name for _d, name in expected}
    # Nothing beyond the radius (with the equirectangular formula's 0.1 % of tolerance).
    for name in names:
        service = Service.objects.get(name=name)
        assert selectors.haversine_km(NAMUR, (service.latitude, service.longitude)) <= (
            radius_km * 1.001
        )


@pytest.mark.django_db
def test_the_migration_computes_the_same_cells_as_python():
    """Migration 0005 fills `geo_cell` in SQL for the services that exist: the same numbers
    as `grid.cell_of` on both databases (PostgreSQL rounds a CAST to integer, hence FLOOR)."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("relais.directory.migrations.0005_service_search_columns")
    points = [(50.4674, 4.8720), (48.0061, 0.1996), (48.0, -0.0249), (50.4999, 4.9999), (0, 0)]
    with connection.cursor() as cursor:
        for lat, lon in points:
            cursor.execute(
                f"SELECT {migration.CELL} FROM (SELECT %s AS latitude, %s AS longitude) AS point",  # noqa: S608 - constant SQL
                [lat, lon],
            )
            assert cursor.fetchone()[0] == grid.cell_of(lat, lon), (lat, lon)


@pytest.mark.django_db
@pytest.mark.parametrize("radius_km", [1, 6, 40, 150])
def test_words_and_a_radius_find_what_each_finds_alone(radius_km):
    """Words and a radius together (on SQLite the cells are words of the full-text query)
    find exactly the services that have the words and a located place within the radius,
    services with several places included."""
    network = NetworkFactory()
    for index, (dlat, dlon) in enumerate(
        [(0, 0), (0.004, -0.006), (0.03, 0.05), (0.2, -0.3), (1.1, 0.4), (-0.06, 0.09)]
    ):
        near_point = (NAMUR[0] + dlat, NAMUR[1] + dlon)
        for name in ("Douches", "Vestiaire"):
            ServiceFactory(
                network=network,
                name=f"{name} {index}",
                locations=[LocationFactory.build(latitude=near_point[0], longitude=near_point[1])],
            )
    # Two places: the first in Mons, the second in Namur.
    ServiceFactory(
        network=network,
        name="Douches de l'antenne",
        locations=[
            LocationFactory.build(latitude=50.4542, longitude=3.9523),
            LocationFactory.build(latitude=NAMUR[0] + 0.001, longitude=NAMUR[1], name="Antenne"),
        ],
    )
    within = set(found(near=NAMUR, radius_km=radius_km))
    worded = {s.name for s in selectors.services_search(viewer=None, q="douches")}
    assert set(found(q="douches", near=NAMUR, radius_km=radius_km)) == within & worded
    page = selectors.services_search_page(viewer=None, q="douches", near=NAMUR, radius_km=radius_km)
    assert {s.name for s in page.items} == within & worded
    assert "Douches de l'antenne" in within & worded
