"""Database helpers shared by the apps."""

from collections.abc import Iterable

from django.db import connections, models


def refresh_statistics(tables: Iterable[type[models.Model] | str], *, using: str = "default"):
    """Refresh the planner's statistics of `tables` (models or table names) after a bulk write.

    A query plan must not depend on when autovacuum last ran: right after `generate_services`,
    `import_services` or `load_demo`, PostgreSQL would otherwise plan a search over 20 000 new
    rows with the statistics of an empty table (autovacuum may be off, and always lags behind a
    bulk load). PostgreSQL: one `ANALYZE t1, t2, …` (allowed inside a transaction; it samples
    at most 30 000 rows a table, a fraction of a second at 100 000 services), then the pending
    lists of their GIN indexes merged into the indexes. SQLite: `ANALYZE t`
    for each table, which fills `sqlite_stat1` for its query planner. Returns the statement(s)
    run, for the callers' reports and tests.
    """
    connection = connections[using]
    names = sorted({table if isinstance(table, str) else table._meta.db_table for table in tables})
    if not names:
        return []
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        statements = ["ANALYZE " + ", ".join(quote(name) for name in names)]
        # GIN indexes keep fresh entries in a pending list that every search reads through
        # until VACUUM merges it (a manual ANALYZE does not): merge it now.
        statements.append(
            "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND i.indrelid = ANY(%s::regclass[])"
        )
    elif connection.vendor == "sqlite":
        statements = [f"ANALYZE {quote(name)}" for name in names]
    else:
        return []
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [names] if "%s" in statement else None)
    return statements
