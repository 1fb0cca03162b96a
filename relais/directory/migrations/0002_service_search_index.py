"""Full-text index of services on `search_text` (see relais.directory.search).

SQLite: an external-content FTS5 table kept in sync by triggers, filled from existing rows.
PostgreSQL: a GIN index on the tsvector of `search_text` with ASCII punctuation turned into
spaces (the text is already folded: lower case, no accents, so no `unaccent` extension is
needed). Other databases: nothing (search falls back to substrings).

The SQL is written out here, not imported, so that this migration keeps doing what it did.
"""

from django.db import migrations

FTS = "directory_service_fts"

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        search_text,
        content='directory_service',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 2',
        prefix='2 3'
    )""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON directory_service BEGIN
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON directory_service BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE ON directory_service BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]

SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]

# ASCII punctuation except % and \ (already separators for PostgreSQL's parser).
PUNCTUATION = "!\"#$&''()*+,-./:;<=>?@[]^_`{|}~"  # '' is one quote in SQL
SPACES = " " * 30
PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS directory_service_search_idx ON directory_service "
    "USING GIN ((to_tsvector('simple'::regconfig, "
    f"translate(search_text, '{PUNCTUATION}', '{SPACES}'))))"
)
PG_DROP = "DROP INDEX IF EXISTS directory_service_search_idx"


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": [PG_CREATE]}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": [PG_DROP]}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
