"""`refresh_statistics`: the planner's statistics are refreshed after every bulk write, so that
a search right after `generate_services`, `import_services` or `load_demo` is planned on the
new rows (autovacuum may be off, and always lags behind a bulk load)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relais.core.db import refresh_statistics
from relais.directory.models import Location, OpeningInterval, Service
from relais.network.demo.loader import Tally
from relais.network.models import Municipality
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "directory" / "fixtures"


def analyzed(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].upper().startswith("ANALYZE")]


def row_estimate(table: str) -> int | None:
    """What the planner believes the table holds, as the last ANALYZE left it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            value = cursor.fetchone()[0]
            return None if value < 0 else int(value)  # -1: never analysed
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NULL", [table])
        row = cursor.fetchone()
        if row is None:  # a table with indexes keeps its count in each index's row
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
        return None if row is None else int(row[0].split()[0])


@pytest.fixture
def namur():
    network = NetworkFactory(slug="namur-stats")
    Municipality.objects.create(network=network, name="Namur", postcode="5000")
    for index in range(2):
        MembershipFactory(network=network, organisation=OrganisationFactory(name=f"CPAS {index}"))
    return network


def test_refresh_statistics_analyses_the_tables_named(namur):
    with CaptureQueriesContext(connection) as captured:
        statements = refresh_statistics([Service, "directory_location", Service])
    assert analyzed(captured) == [s for s in statements if s.startswith("ANALYZE")]
    text = " ".join(statements)
    assert "directory_service" in text and "directory_location" in text
    assert text.count("directory_service") == 1  # each table once
    assert refresh_statistics([]) == []


def test_generate_services_leaves_statistics_of_the_new_rows(namur):
    with CaptureQueriesContext(connection) as captured:
        call_command(
            "generate_services", "--count", "60", "--network", namur.slug, stdout=StringIO()
        )
    statements = " ".join(analyzed(captured))
    for model in (Service, Location, OpeningInterval):
        assert model._meta.db_table in statements
    # The planner now knows the new rows without waiting for autovacuum.
    assert row_estimate("directory_service") == Service.objects.count() == 60
    assert row_estimate("directory_location") == 60


def test_import_services_refreshes_statistics_when_it_wrote(namur):
    def run():
        with CaptureQueriesContext(connection) as captured:
            call_command(
                "import_services",
                str(FIXTURES / "services.csv"),
                "--format",
                "csv",
                "--network",
                namur.slug,
                stdout=StringIO(),
            )
        return analyzed(captured)

    first = run()
    assert any("directory_service" in statement for statement in first)
    assert row_estimate("directory_service") == Service.objects.count() > 0
    assert run() == []  # the same file again changes nothing: nothing to refresh


def test_load_demo_refreshes_what_it_filled_and_nothing_on_a_second_run():
    from relais.network.demo.loader import load_demo

    with CaptureQueriesContext(connection) as captured:
        first = load_demo()
    statements = " ".join(analyzed(captured))
    assert isinstance(first, Tally)
    for table in ("network_network", "directory_service", "directory_openinginterval"):
        assert table in statements
    assert row_estimate("directory_service") == Service.objects.count()

    with CaptureQueriesContext(connection) as captured:
        load_demo()
    assert analyzed(captured) == []


def test_the_search_index_is_complete_and_merged_right_after_a_bulk_load(namur):
    """PostgreSQL: new rows wait in a GIN index's pending list, which every search reads
    through, until VACUUM; `generate_services` (through refresh_statistics) merges them at
    once. SQLite: the FTS5 table, kept by triggers, matches its content table."""
    call_command("generate_services", "--count", "300", "--network", namur.slug, stdout=StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Merges what is pending and says how many pages it held: nothing left.
            cursor.execute(
                "SELECT gin_clean_pending_list('directory_service_search_vector_idx'::regclass)"
            )
            assert cursor.fetchone()[0] == 0
        else:
            cursor.execute(  # raises if the index and the rows disagree
                "INSERT INTO directory_service_fts(directory_service_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )
    assert Service.objects.filter(search_text__contains="n° 300").count() == 1
