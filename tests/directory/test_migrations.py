"""Migration 0005 on a database that already holds services (an upgrade, not a fresh
install): the search columns are filled from the locations and the hours, and PostgreSQL's
index on the weekly slots is created after the rows were updated."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from relais.directory import grid
from relais.directory.models import Service
from tests.directory.factories import LocationFactory, ServiceFactory
from tests.factories import NetworkFactory

BEFORE = [("directory", "0004_service_search_vector")]
AFTER = [("directory", "0005_service_search_columns")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_an_upgrade_fills_the_search_columns_of_existing_services():
    network = NetworkFactory(axes=["accueil_de_jour"])
    service = ServiceFactory(
        network=network,
        opening_hours="Mo 09:00-12:00",
        locations=[
            LocationFactory.build(mobile=True, area_served="Centre"),
            LocationFactory.build(latitude=50.4545, longitude=4.8790),
            LocationFactory.build(latitude=50.4776, longitude=4.8960),
        ],
    )
    expected = Service.objects.values_list(
        "latitude", "longitude", "geo_cell", "located_places", "week_hours", "holiday_hours"
    ).get(pk=service.pk)
    try:
        migrate(BEFORE)
        migrate(AFTER)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    row = Service.objects.get(pk=service.pk)
    assert (
        row.latitude,
        row.longitude,
        row.geo_cell,
        row.located_places,
        row.week_hours,
        row.holiday_hours,
    ) == expected
    assert expected[2] == grid.cell_of(50.4545, 4.8790) and expected[3] == 2
    assert row.search_text.endswith(" ".join(grid.tokens([(50.4545, 4.8790), (50.4776, 4.8960)])))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE indexname = 'directory_service_week_hours_idx'"
            )
            assert cursor.fetchone() is not None
