"""Directory search at scale: relais' search against the fastest SQL written by hand.

    .venv/bin/python bench/directory.py --count 100000                  # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/directory.py --count 100000              # PostgreSQL
    DATABASE_URL=… .venv/bin/python bench/directory.py --fresh 20000    # right after a bulk load

Databases. SQLite: `var/bench-directory-<count>.sqlite3`, kept and reused by the next run.
PostgreSQL: a database `relais_bench_<count>` on the server of DATABASE_URL (`--database` to
name it), kept unless `--drop`. Set-up: migrate, `load_demo`, then `generate_services` up to
`--count` synthetic services. The bench runs no ANALYZE or VACUUM of its own: what relais does
after a bulk write (`relais.core.db.refresh_statistics`) is all the planner gets.

Each case is a search as the search page and the API make it (the seven cases below): text,
axis (all but the combined case), a point with a radius, "open at" a moment. For each case:

- **request**: `services_search_page(viewer=None, …, page_size=20)` (what the search page and
  the API call) and what a list of results reads (organisation, network, locations, notices,
  open state): the whole Python request, p50 and p95;
- **relais SQL**: the statements of that request (captured once with their parameters), each
  run again through the driver and fetched, summed: what the database spends on relais' query;
- **floor**: the same page written by hand in one statement (see `FLOOR_SQL`), run and
  fetched the same way. It is the floor because it does only what the page needs, in one
  round trip, over the same indexes: one pass that filters with every index the database
  can combine (full text, grid cells of the first place — on SQLite, the cells as words of
  the full-text query —, in-row hours on PostgreSQL), keeps only the sort keys
  through the count and the sort, then joins the 20 rows of the page to their organisation,
  network, locations and notices (aggregated in the same statement). Both ways must return
  the same services in the same order with the same total (checked; exit status 1 if not).

With `--demo` (default on), the same cases run on a database holding the demo data only
(212 services), and the table gives the cost at `--count` divided by the cost at demo size.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Case:
    label: str
    q: str
    axis: str | None
    near: tuple[float, float]
    radius_km: float
    weekday: int  # 0 = Monday
    at: str  # local time "HH:MM"


CASES = [
    Case("Namur, abri de nuit, mardi 22 h 30", "abri", "accueil_de_nuit", (50.4657, 4.8661), 15, 1, "22:30"),
    Case("Mons, colis alimentaires, jeudi 15 h", "colis alimentaires", "aide_alimentaire", (50.4542, 3.9523), 10, 3, "15:00"),
    Case("Arlon, accueil, mercredi 10 h", "accueil", "accueil_de_jour", (49.6833, 5.8167), 20, 2, "10:00"),
    Case("Wavre, permanence, lundi 9 h 30", "permanence", "urgence_sociale", (50.7170, 4.6080), 10, 0, "09:30"),
    Case("Le Mans, épicerie, vendredi 14 h", "épicerie", "aide_alimentaire", (48.0061, 0.1996), 5, 4, "14:00"),
    Case("Namur, « dou » (préfixe), mardi 9 h", "dou", "accueil_de_jour", (50.4657, 4.8661), 5, 1, "09:00"),
    # The combined case of issue 9: text, 25 km around Namur station, open Tuesday 10:00.
    Case("Combiné : accueil, gare de Namur 25 km, mardi 10 h", "accueil", None, (50.4674, 4.8720), 25, 1, "10:00"),
]  # fmt: skip
COMBINED = CASES[-1]


# --- Databases ----------------------------------------------------------------------------


def _postgres_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def _postgres_exists(url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


class Databases:
    """The bench's databases on the server (or in the folder) of DATABASE_URL; Django's
    `default` connection is pointed at one of them at a time."""

    def __init__(self, url: str):
        self.url = url
        self.postgres = url.startswith(("postgres://", "postgresql://"))

    def target(self, name: str) -> str:
        if self.postgres:
            return _postgres_url(self.url, name)
        return f"sqlite:///{ROOT / 'var' / (name + '.sqlite3')}"

    def create(self, name: str, *, fresh: bool = False) -> None:
        if self.postgres:
            if fresh:
                _postgres_admin(self.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not _postgres_exists(self.url, name):
                _postgres_admin(self.url, f'CREATE DATABASE "{name}"')
        else:
            (ROOT / "var").mkdir(exist_ok=True)
            path = ROOT / "var" / (name + ".sqlite3")
            if fresh and path.exists():
                path.unlink()

    def drop(self, name: str) -> None:
        if self.postgres:
            _postgres_admin(self.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            (ROOT / "var" / (name + ".sqlite3")).unlink(missing_ok=True)

    def use(self, name: str) -> None:
        """Point Django's default connection at the database `name`."""
        import dj_database_url
        from django.db import connections

        connections["default"].close()
        settings = dj_database_url.parse(self.target(name))
        connections.databases["default"]["NAME"] = settings["NAME"]
        connections["default"].settings_dict["NAME"] = settings["NAME"]


def prepare(count: int, *, log: Callable[[str], None]) -> float | None:
    """Migrate, load the demo, top up the synthetic services to `count`; the generation's
    duration in seconds (None when nothing was generated)."""
    from django.core.management import call_command

    from relais.directory.demo.synthetic import SOURCE
    from relais.directory.models import Service

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    existing = Service.objects.filter(source=SOURCE).count()
    if existing >= count:
        return None
    log(f"Generating {count - existing} synthetic services (already {existing})…")
    started = time.monotonic()
    with open(os.devnull, "w") as quiet:
        call_command("generate_services", count=count - existing, seed=existing, stdout=quiet)
    seconds = time.monotonic() - started
    log(f"  generated in {seconds:.0f} s; {Service.objects.count()} services.")
    return seconds


# --- The two ways ---------------------------------------------------------------------------


def moment(case: Case, zone: str = "Europe/Brussels") -> datetime:
    """The next `case.weekday` at `case.at` (local time) that is a public holiday neither in
    Belgium nor in France (Belgian and French networks then share the same local moment)."""
    from relais.directory import hours

    hour, minute = map(int, case.at.split(":"))
    day = datetime.now(ZoneInfo(zone)).date() + timedelta(days=1)
    while day.weekday() != case.weekday or any(
        hours.is_public_holiday(country, day) for country in ("BE", "FR")
    ):
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


def by_selector(case: Case, when: datetime):
    """What the search page and the API do, and what a list of results reads."""
    from relais.directory import hours, selectors

    page = selectors.services_search_page(
        viewer=None,
        q=case.q,
        axis=case.axis,
        near=case.near,
        radius_km=case.radius_km,
        open_at=when,
        now=when,
        page=1,
        page_size=20,
        today=when.date(),
    )
    for service in page.items:
        _ = (service.organisation.name, service.network.slug, service.distance_km)
        _ = [location.municipality for location in service.locations.all()]
        _ = [notice.message for notice in service.notices.all()]
        _ = hours.open_state(service, when)
    return page.count, [service.pk for service in page.items]


# One statement per backend for the whole page. `{relevance}` is minus the sum of the first
# positions of the query's words (and spellings) in search_text, `{own_d2}` the squared
# distance to the service's first place, `{text}` and `{open}` the backend's text and hours
# tests; the rest is the same SQL on both.
FLOOR_SQL = """
WITH ranked AS (
    SELECT s.id, s.name, {relevance} AS relevance,
           CASE WHEN s.located_places > 1
                THEN (SELECT MIN({loc_d2}) FROM directory_location l
                      WHERE l.service_id = s.id AND l.latitude IS NOT NULL)
                ELSE {own_d2} END AS d2,
           COUNT(*) OVER () AS total
    FROM directory_service s
    WHERE s.visibility = 'public' AND s.classified
      AND {text}
      {axis}
      AND (({cells}
            AND s.latitude BETWEEN %(lat_min)s AND %(lat_max)s
            AND s.longitude BETWEEN %(lon_min)s AND %(lon_max)s
            AND {own_d2} <= %(r2)s)
           OR (s.located_places > 1
               AND s.id IN (SELECT l.service_id FROM directory_location l
                            WHERE l.latitude BETWEEN %(lat_min)s AND %(lat_max)s
                              AND l.longitude BETWEEN %(lon_min)s AND %(lon_max)s
                              AND {loc_d2} <= %(r2)s)))
      AND (({open}
            AND NOT EXISTS (SELECT 1 FROM directory_notice c
                            WHERE c.service_id = s.id AND c.effect = 'closed'
                              AND c.starts_on <= %(day)s AND c.ends_on >= %(day)s))
           OR EXISTS (SELECT 1 FROM directory_notice x
                      WHERE x.service_id = s.id AND x.effect = 'open'
                        AND x.starts_on <= %(day)s AND x.ends_on >= %(day)s))
    ORDER BY relevance DESC, d2 NULLS LAST, s.name, s.id
    LIMIT 20
)
SELECT r.id, r.total, r.relevance, r.d2, s.name, s.axes, s.cost, s.phone, s.opening_hours,
       s.visibility, s.verified_at, s.week_hours, s.holiday_hours,
       o.slug, o.name, n.slug, n.time_zone, n.country,
       (SELECT {json_agg}({json_object}('id', l.id, 'name', l.name, 'is_mobile', l.is_mobile,
                   'area_served', l.area_served, 'address', l.address, 'postcode', l.postcode,
                   'municipality', l.municipality, 'latitude', l.latitude,
                   'longitude', l.longitude))
        FROM directory_location l WHERE l.service_id = r.id),
       (SELECT {json_agg}({json_object}('id', x.id, 'starts_on', x.starts_on,
                   'ends_on', x.ends_on, 'message', x.message, 'effect', x.effect))
        FROM directory_notice x WHERE x.service_id = r.id AND x.ends_on >= %(yesterday)s)
FROM ranked r
JOIN directory_service s ON s.id = r.id
JOIN network_organisation o ON o.id = s.organisation_id
JOIN network_network n ON n.id = s.network_id
ORDER BY r.relevance DESC, r.d2 NULLS LAST, r.name, r.id
"""

BACKEND = {
    "postgresql": {
        "text": "s.search_vector @@ to_tsquery('simple'::regconfig, %(tsquery)s)",
        "axis": "AND s.axes @> %(axis_json)s::jsonb",
        "open": "s.week_hours @> %(minute)s",
        "position": "strpos",
        "json_agg": "json_agg",
        "json_object": "json_build_object",
    },
    "sqlite": {
        "text": "s.id IN (SELECT rowid FROM directory_service_fts "
        "WHERE directory_service_fts MATCH %(fts)s)",
        "axis": "AND EXISTS (SELECT 1 FROM json_each(s.axes) WHERE value = %(axis)s)",
        "open": "EXISTS (SELECT 1 FROM directory_openinginterval i WHERE i.service_id = s.id "
        'AND i.holiday = 0 AND i.start <= %(minute)s AND i."end" > %(minute)s)',
        "position": "instr",
        "json_agg": "json_group_array",
        "json_object": "json_object",
    },
}


def floor_sql(case: Case, vendor: str) -> str:
    import math

    from relais.directory import grid, search, selectors

    parts = BACKEND[vendor]
    words = search.query_words(case.q)
    spellings = [spelling for word in words for spelling in search.spellings(word)]
    relevance = " + ".join(
        f"{parts['position']}(s.search_text, %(w{i})s)" for i in range(len(spellings))
    )

    def d2(alias: str) -> str:
        return (
            f"(({alias}.longitude - %(lon)s) * %(kx)s) * (({alias}.longitude - %(lon)s) * %(kx)s)"
            f" + (({alias}.latitude - %(lat)s) * %(ky)s) * (({alias}.latitude - %(lat)s) * %(ky)s)"
        )

    lat, lon = case.near
    ky = selectors.KM_PER_DEGREE
    kx = ky * max(math.cos(math.radians(lat)), 0.01)
    dlat, dlon = case.radius_km / ky, case.radius_km / kx
    cells = grid.cells_in(lat - dlat, lat + dlat, lon - dlon, lon + dlon)
    # SQLite: the cells are words of the full-text query (`fts` below), as relais asks.
    cell_test = (
        "1 = 1"
        if vendor == "sqlite"
        else "s.geo_cell IN (" + ", ".join(str(int(cell)) for cell in cells) + ")"
    )
    return FLOOR_SQL.format(
        cells=cell_test,
        relevance=f"0 - ({relevance})",
        own_d2=d2("s"),
        loc_d2=d2("l"),
        text=parts["text"],
        axis=parts["axis"] if case.axis else "",
        open=parts["open"],
        json_agg=parts["json_agg"],
        json_object=parts["json_object"],
    )


def floor_parameters(case: Case, when: datetime) -> dict:
    import math

    from relais.directory import grid, hours, search, selectors

    words = search.query_words(case.q)
    spellings = [spelling for word in words for spelling in search.spellings(word)]
    lat, lon = case.near
    ky = selectors.KM_PER_DEGREE
    kx = ky * max(math.cos(math.radians(lat)), 0.01)
    dlat, dlon = case.radius_km / ky, case.radius_km / kx
    box = (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
    return {
        "lat": lat,
        "lon": lon,
        "kx": kx,
        "ky": ky,
        "lat_min": lat - dlat,
        "lat_max": lat + dlat,
        "lon_min": lon - dlon,
        "lon_max": lon + dlon,
        "r2": case.radius_km * case.radius_km,
        "minute": hours.minute_of_week(when),
        "day": when.date(),
        "yesterday": when.date() - timedelta(days=1),
        "fts": search.fts5_query(words, sorted(set(grid.cells_in(*box)))),
        "tsquery": search.pg_tsquery(words),
        "axis": case.axis,
        "axis_json": f'["{case.axis}"]',
        **{f"w{index}": spelling for index, spelling in enumerate(spellings)},
    }


def run_statement(sql: str, parameters) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def by_floor(sql: str, parameters: dict):
    rows = run_statement(sql, parameters)
    return (rows[0][1] if rows else 0), [row[0] for row in rows]


def captured_statements(case: Case, when: datetime) -> list[tuple[str, object]]:
    """The statements of one relais request, with their parameters, as the driver got them."""
    from django.db import connection

    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        by_selector(case, when)
    return statements


# --- Measure --------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


@dataclass
class Measure:
    case: Case
    results: int
    queries: int
    request: list[float]
    relais_sql: list[float]
    floor: list[float]
    same: bool

    def p(self, which: str, fraction: float) -> float:
        return percentile(getattr(self, which), fraction) * 1000


def measure(case: Case, repeat: int) -> Measure:
    from django.db import connection

    when = moment(case)
    sql, parameters = floor_sql(case, connection.vendor), floor_parameters(case, when)
    selected = by_selector(case, when)
    floor_result = by_floor(sql, parameters)
    statements = captured_statements(case, when)
    for _ in range(3):  # warm up
        by_selector(case, when)
        by_floor(sql, parameters)
    request, relais_sql, floor = [], [], []
    for index in range(repeat):
        order = (0, 1, 2) if index % 2 == 0 else (2, 1, 0)
        for which in order:
            started = time.perf_counter()
            if which == 0:
                by_selector(case, when)
                request.append(time.perf_counter() - started)
            elif which == 1:
                for statement, params in statements:
                    run_statement(statement, params)
                relais_sql.append(time.perf_counter() - started)
            else:
                by_floor(sql, parameters)
                floor.append(time.perf_counter() - started)
    return Measure(
        case=case,
        results=selected[0],
        queries=len(statements),
        request=request,
        relais_sql=relais_sql,
        floor=floor,
        same=selected == floor_result,
    )


def run_cases(cases: list[Case], repeat: int, log) -> list[Measure]:
    measures = []
    for case in cases:
        result = measure(case, repeat)
        measures.append(result)
        log(
            f"  {case.label[:50]:50} {result.results:6d}  request {result.p('request', 0.5):6.1f}"
            f" / {result.p('request', 0.95):6.1f}  SQL {result.p('relais_sql', 0.5):6.1f}"
            f" / {result.p('relais_sql', 0.95):6.1f}  floor {result.p('floor', 0.5):6.1f}"
            f" / {result.p('floor', 0.95):6.1f}  ×{result.p('relais_sql', 0.5) / result.p('floor', 0.5):4.2f}"
            f"  {result.queries} q{'' if result.same else '  ! DIFFERENT RESULTS'}"
        )
    return measures


def describe_machine() -> str:
    import platform

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            database = f"PostgreSQL {version} (jit {jit}, shared_buffers {cursor.fetchone()[0]})"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{database}; Python {platform.python_version()}, Django {django.__version__}; "
        f"{os.cpu_count()} CPU cores, load average {load}"
    )


def report(measures: list[Measure], demo: list[Measure] | None, log) -> bool:
    log("")
    log(
        "| case | results | request p50 | p95 | relais SQL p50 | p95 | floor p50 | p95 "
        "| SQL / floor p50 | p95 | queries |" + (" demo request p50 | × demo |" if demo else "")
    )
    log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if demo else ""))
    ok = True
    for index, m in enumerate(measures):
        ok &= m.same
        line = (
            f"| {m.case.label} | {m.results} | {m.p('request', 0.5):.1f} | "
            f"{m.p('request', 0.95):.1f} | {m.p('relais_sql', 0.5):.1f} | "
            f"{m.p('relais_sql', 0.95):.1f} | {m.p('floor', 0.5):.1f} | {m.p('floor', 0.95):.1f} | "
            f"{m.p('relais_sql', 0.5) / m.p('floor', 0.5):.2f} | "
            f"{m.p('relais_sql', 0.95) / m.p('floor', 0.95):.2f} | {m.queries} |"
        )
        if demo:
            small = demo[index]
            line += (
                f" {small.p('request', 0.5):.1f} | "
                f"{m.p('request', 0.5) / small.p('request', 0.5):.2f} |"
            )
        log(line)
    log("")
    log("Same results (ids, order, total) both ways: " + ("yes" if ok else "NO"))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="synthetic services")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per case and way")
    parser.add_argument("--database", help="database name (default relais_bench_<count>)")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo-size database")
    parser.add_argument(
        "--fresh",
        type=int,
        metavar="N",
        help="on a new database: the combined case at demo size, then right after "
        "`generate_services --count N` (no ANALYZE but relais' own)",
    )
    parser.add_argument("--cases", help="case numbers to run, e.g. 1,7 (default all)")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    databases = Databases(url or "sqlite:///")
    os.environ["DATABASE_URL"] = databases.target("relais_bench_setup")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False

    def log(line: str) -> None:
        print(line, flush=True)

    cases = CASES
    if args.cases:
        cases = [CASES[int(number) - 1] for number in args.cases.split(",")]

    if args.fresh:
        name = args.database or "relais_bench_fresh"
        databases.create(name, fresh=True)
        databases.use(name)
        log(describe_machine())
        prepare(0, log=log)
        before = run_cases([COMBINED], args.repeat, log)
        from django.core.management import call_command

        started = time.monotonic()
        with open(os.devnull, "w") as quiet:
            call_command("generate_services", count=args.fresh, stdout=quiet)
        log(f"generate_services --count {args.fresh}: {time.monotonic() - started:.0f} s")
        after = run_cases([COMBINED], args.repeat, log)
        ok = report(after, before, log)
        from django.db import connections

        connections["default"].close()
        databases.drop(name)
        return 0 if ok else 1

    demo: list[Measure] | None = None
    if not args.no_demo:
        databases.create("relais_bench_demo")
        databases.use("relais_bench_demo")
        prepare(0, log=log)
        log("Demo size:")
        demo = run_cases(cases, args.repeat, log)
    name = args.database or f"relais_bench_{args.count}"
    databases.create(name)
    databases.use(name)
    log(describe_machine())
    prepare(args.count, log=log)
    log(f"{args.count} synthetic services:")
    measures = run_cases(cases, args.repeat, log)
    ok = report(measures, demo, log)
    from django.db import connections

    connections["default"].close()
    if args.drop:
        databases.drop(name)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
