"""Full-text search of services: SQLite FTS5 by default, PostgreSQL full-text in production.

Both backends read `Service.search_text`, which the services layer keeps as a lower-case text
without accents (`services.fold`: name, description, organisation, municipalities, postcodes,
areas served). The query is folded the same way and cut into words, so "Epicerie" finds
"Épicerie sociale" on both databases without any accent function in the database.

Words are the runs of letters and digits (anything else separates words), every word must be
found, and the last word also matches as a prefix ("epic" finds "épicerie"):

- SQLite: an external-content FTS5 table `directory_service_fts` on `search_text`, kept in
  sync by triggers (migration 0002); the query is `"w1" AND "w2"*`.
- PostgreSQL: a stored, generated column `search_vector` = `strip(to_tsvector('simple',
  translate(search_text, <ASCII punctuation>, <spaces>)))` with a GIN index (migration 0004;
  Django does not know the column, the database keeps it up to date on every write, bulk
  ones included); the query is `search_vector @@ to_tsquery('simple', 'w1 & w2:*')`. The
  `translate` makes PostgreSQL's parser cut words where FTS5 does (it would otherwise keep
  `contact@rsun.be` or `saint-gilles` as one word), so both databases find the same services.
  No `unaccent` is needed: the stored text and the query are already folded. The vector is
  stored (not an expression index) so that no plan ever computes it per row: testing a stored
  vector costs nothing, computing one from the text costs 0.1 ms a row
  (docs/performance.md); it is stripped of positions, which nothing reads.
- Any other database: `search_text` contains every word (slow, but correct).

Relevance is the same number on both databases, so results come in the same order: minus the
sum of the positions of each word's first occurrence in `search_text` (which starts with the
service's name), i.e. words found in the name rank first.
"""

import json
import re

from django.db import connections
from django.db.models import BooleanField, Expression, F, IntegerField, Q, Value
from django.db.models.functions import StrIndex
from django.db.models.signals import post_migrate

from . import grid
from .services import fold

FTS_TABLE = "directory_service_fts"
SERVICE_TABLE = "directory_service"

FTS_ROWIDS_SQL = "(SELECT rowid FROM directory_service_fts WHERE directory_service_fts MATCH %s)"

_WORD = re.compile(r"[^\W_]+")

# Every ASCII punctuation character except % and \, which PostgreSQL's parser already treats
# as separators (and which would need escaping in SQL templates).
PUNCTUATION = "!\"#$&'()*+,-./:;<=>?@[]^_`{|}~"
_PG_PUNCTUATION_SQL = PUNCTUATION.replace("'", "''")
_PG_SPACES_SQL = " " * len(PUNCTUATION)


def pg_document_sql(column: str) -> str:
    """The tsvector of a `search_text` column (what the stored `search_vector` holds)."""
    return (
        f"strip(to_tsvector('simple'::regconfig, translate({column}, "
        f"'{_PG_PUNCTUATION_SQL}', '{_PG_SPACES_SQL}')))"
    )


PG_VECTOR_COLUMN = "search_vector"
PG_INDEX_NAME = "directory_service_search_vector_idx"

MAX_WORDS = 12


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def query_words(q: str | None) -> list[str]:
    """The words of a query, folded like `search_text`: "L'Épicerie" → ["l", "epicerie"];
    the ligatures œ and æ are written oe and ae ("cœur" → "coeur", see `spellings`)."""
    return _WORD.findall(fold(q or "").translate(_LIGATURES))[:MAX_WORDS]


def spellings(word: str) -> list[str]:
    """The spellings of a query word that `search_text` may hold: `fold` keeps the ligatures
    (NFKD does not split them), so "coeur" is also looked for as "cœur"."""
    ligatured = word.replace("oe", "œ").replace("ae", "æ")
    return [word] if ligatured == word else [word, ligatured]


def fts5_query(words: list[str], cells=()) -> str:
    """`"w1" AND "w2"*`: every word, the last one as a prefix (words are letters and
    digits); a word with several spellings becomes `("coeur" OR "cœur")`. (FTS5 has an
    implicit AND between phrases only, not before a parenthesis.) With `cells` (grid cells),
    also one of their words: `… AND ("zc1" OR "zc2")` (see `grid`)."""
    terms = []
    for index, word in enumerate(words):
        star = "*" if index == len(words) - 1 else ""
        options = [f'"{spelling}"{star}' for spelling in spellings(word)]
        terms.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    if cells:
        terms.append("(" + " OR ".join(f'"{grid.token(cell)}"' for cell in cells) + ")")
    return " AND ".join(terms)


def pg_tsquery(words: list[str]) -> str:
    """`w1 & w2:*` for `to_tsquery('simple', …)`; `(coeur | cœur)` for several spellings."""
    terms = []
    for index, word in enumerate(words):
        star = ":*" if index == len(words) - 1 else ""
        options = [f"{spelling}{star}" for spelling in spellings(word)]
        terms.append(options[0] if len(options) == 1 else "(" + " | ".join(options) + ")")
    return " & ".join(terms)


class MatchingIds(Expression):
    """`(SELECT id FROM … WHERE <the text matches>)`: the ids of the services whose text has
    every word (the last as a prefix), for `Q(pk__in=MatchingIds(words))`.

    - SQLite: the FTS5 table's rowids. A plain `IN` lets SQLite start from the full-text
      index (a boolean expression would be compared to 1 row by row, SQLite having no
      boolean type).
    - Other databases: every word as a substring of `search_text`.
    PostgreSQL uses `TextMatch` instead.
    """

    output_field = IntegerField()

    def __init__(self, words: list[str], cells=()):
        if not words:
            raise ValueError("MatchingIds needs at least one word")
        super().__init__()
        self.words = list(words)
        self.cells = tuple(cells)

    def as_sql(self, compiler, connection):
        parts, params = [], []
        for word in self.words:
            options = spellings(word)
            parts.append("(" + " OR ".join(["matched.search_text LIKE %s"] * len(options)) + ")")
            params += [f"%{spelling}%" for spelling in options]
        # Constant SQL; the words are parameters.
        sql = "(SELECT matched.id FROM directory_service matched WHERE {})"
        return sql.format(" AND ".join(parts)), params

    def as_sqlite(self, compiler, connection):
        return FTS_ROWIDS_SQL, (text_query((self.words, self.cells), connection),)


class TextMatch(Expression):
    """PostgreSQL: `<the row's search_vector> @@ to_tsquery('simple', …)`, a condition on the
    service row that the planner answers from the GIN index (alone, or combined with other
    indexes in a bitmap) and that costs next to nothing when tested on a row."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, words: list[str]):
        super().__init__()
        self.words = list(words)
        self.text = F("search_text")

    def get_source_expressions(self):
        return [self.text]

    def set_source_expressions(self, exprs):
        (self.text,) = exprs

    def resolve_expression(self, *args, **kwargs):
        clone = self.copy()
        clone.is_summary = kwargs.get("summarize", False)
        clone.text = self.text.resolve_expression(*args, **kwargs)
        return clone

    def as_sql(self, compiler, connection):
        # `"alias"."search_text"` → `"alias"."search_vector"`: the same row's stored vector,
        # a column Django does not know (see the module docstring).
        text_sql, params = compiler.compile(self.text)
        table, _, column = text_sql.rpartition(".")
        if column != connection.ops.quote_name("search_text"):
            raise ValueError(f"TextMatch expects the search_text column, got {text_sql}")
        vector = f"{table}.{connection.ops.quote_name(PG_VECTOR_COLUMN)}"
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", (
            *params,
            text_query((self.words, ()), connection),
        )


class JSONListHas(Expression):
    """A condition: the JSON list in `field` has `value` (e.g. `JSONListHas("axes", "logement")`).

    Django's `__contains` on a JSONField is not supported on SQLite; this is: `json_each` on
    SQLite, `@>` on PostgreSQL (which a GIN index on the column would serve), and a match on
    the JSON text elsewhere (codes are plain words).
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, value: str):
        super().__init__()
        self.column = F(field)
        self.value = str(value)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def resolve_expression(self, *args, **kwargs):
        clone = self.copy()
        clone.is_summary = kwargs.get("summarize", False)
        clone.column = self.column.resolve_expression(*args, **kwargs)
        return clone

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} LIKE %s", (*params, json_code_parameter(self.value, connection))

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return (
            # The column comes from the compiler; the value is a parameter.
            f"EXISTS (SELECT 1 FROM json_each({sql}) AS element WHERE element.value = %s)",  # noqa: S608
            (*params, json_code_parameter(self.value, connection)),
        )

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} @> %s::jsonb", (*params, json_code_parameter(self.value, connection))


def all_spellings(words: list[str]) -> list[str]:
    """Every spelling of every word, in order (what `relevance` looks for)."""
    return [spelling for word in words for spelling in spellings(word)]


def relevance(words: list[str]) -> Expression:
    """Minus the sum of the first positions of the words in `search_text` (higher is better).

    Plain string functions (INSTR / STRPOS), so the value is the same on every database.
    """
    return relevance_of(all_spellings(words))


def relevance_of(spelled: list[str]) -> Expression:
    """`relevance` from the words' spellings (`all_spellings`; only one spelling of a word is
    usually there, the others give 0)."""
    total = None
    for spelling in spelled:
        position = StrIndex("search_text", Value(spelling))
        total = position if total is None else total + position
    return Value(0, output_field=IntegerField()) - total


def text_query(value, connection) -> str:
    """The parameter of the full-text condition on this database (what `TextMatch` and
    `MatchingIds` bind) for `value` = (words, cells): the cells only count on SQLite."""
    words, cells = value
    if connection.vendor == "postgresql":
        return pg_tsquery(list(words))
    if connection.vendor == "sqlite":
        return fts5_query(list(words), cells)
    raise ValueError(f"no full-text parameter on {connection.vendor}")


def json_code_parameter(value: str, connection) -> str:
    """The parameter `JSONListHas` binds for `value` on this database."""
    if connection.vendor == "postgresql":
        return json.dumps([value])
    if connection.vendor == "sqlite":
        return value
    return f"%{json.dumps(value)}%"


def text_filter(q: str | None, using: str = "default") -> tuple[Q | None, list[str]]:
    """The condition on Service for a query (None when it has no word) and its words."""
    words = query_words(q)
    if not words:
        return None, []
    if connections[using].vendor == "postgresql":
        return Q(TextMatch(words)), words
    return Q(pk__in=MatchingIds(words)), words


# --- SQLite index -----------------------------------------------------------------------

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS directory_service_fts USING fts5(
        search_text,
        content='directory_service',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 2',
        prefix='2 3'
    )""",
]

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS directory_service_fts_ai AFTER INSERT ON directory_service
    BEGIN
        INSERT INTO directory_service_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_service_fts_ad AFTER DELETE ON directory_service
    BEGIN
        INSERT INTO directory_service_fts(directory_service_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_service_fts_au AFTER UPDATE ON directory_service
    BEGIN
        INSERT INTO directory_service_fts(directory_service_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO directory_service_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS directory_service_fts_ai",
    "DROP TRIGGER IF EXISTS directory_service_fts_ad",
    "DROP TRIGGER IF EXISTS directory_service_fts_au",
    "DROP TABLE IF EXISTS directory_service_fts",
]

SQLITE_REBUILD = "INSERT INTO directory_service_fts(directory_service_fts) VALUES ('rebuild')"

PG_ADD_COLUMN = (
    f"ALTER TABLE {SERVICE_TABLE} ADD COLUMN IF NOT EXISTS {PG_VECTOR_COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({pg_document_sql('search_text')}) STORED"
)
PG_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX_NAME} ON {SERVICE_TABLE} USING GIN ({PG_VECTOR_COLUMN})"
)
PG_DROP = f"DROP INDEX IF EXISTS {PG_INDEX_NAME}"


def sqlite_triggers_missing(cursor) -> bool:
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
        [f"{FTS_TABLE}_a_"],
    )
    return cursor.fetchone()[0] < len(SQLITE_TRIGGERS)


def ensure_index(using: str = "default") -> bool:
    """Create the full-text index if it is missing; True when something was (re)created.

    On SQLite, Django rebuilds a table to alter it (create a copy, drop the old one), which
    drops the table's triggers: after such a migration of `directory_service`, this puts the
    triggers back and rebuilds the FTS5 table from `search_text`. It runs after every
    `migrate` (post_migrate handler below) and may be run at any time.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if not sqlite_triggers_missing(cursor):
                return False
            for statement in [*SQLITE_CREATE, *SQLITE_TRIGGERS, SQLITE_REBUILD]:
                cursor.execute(statement)
            return True
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX_NAME])
            if cursor.fetchone() is not None:
                return False
            cursor.execute(PG_ADD_COLUMN)
            cursor.execute(PG_CREATE)
            return True
    return False


def rebuild_index(using: str = "default") -> None:
    """Rebuild the SQLite FTS5 table from `search_text` (after a bulk load done without the
    triggers, for example). PostgreSQL's generated column needs no rebuild."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_REBUILD)


def _after_migrate(sender, using="default", plan=None, **kwargs) -> None:
    """After `migrate` (once, for the directory app): put a lost index back."""
    from django.db.migrations.recorder import MigrationRecorder

    if getattr(sender, "label", None) != "directory":
        return

    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return
    # The migration that creates each database's index: FTS5 (SQLite), the stored vector
    # (PostgreSQL).
    creator = {"sqlite": "0002_service_search_index", "postgresql": "0004_service_search_vector"}
    name = creator.get(connections[using].vendor)
    if name and ("directory", name) in recorder.applied_migrations():
        ensure_index(using)


post_migrate.connect(_after_migrate, dispatch_uid="relais.directory.search.ensure_index")
