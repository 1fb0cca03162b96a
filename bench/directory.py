"""Directory search at scale: relais' selector against the same search written by hand in SQL.

    .venv/bin/python bench/directory.py --count 100000                  # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/directory.py --count 100000              # PostgreSQL

SQLite: the database is `var/bench-directory.sqlite3` (or the file of a sqlite DATABASE_URL),
kept and reused by the next run. PostgreSQL: a throwaway database `relais_bench` is created on
the server of DATABASE_URL and dropped at the end (`--keep` keeps it for the next run).

Set-up: migrate, `load_demo` (networks, organisations, the demo services), then
`generate_services` up to `--count` synthetic services, then ANALYZE.

Each case is a "text + axis + near + open at" search as the search page and the API make it:
`services_search(viewer=None, q=…, axis=…, near=…, radius_km=…, open_at=…)` then
`services_page(…, page_size=20)`: the first page of 20 results with its total count, the
services' organisation and network, locations, weekly intervals and current notices. The hand
version is one SQL string per backend for the page (same filters, same order, same total)
plus three plain queries for the page's locations, intervals and notices. Both return the same
rows (checked); the script prints p50 / p95 of each, their ratio, and the number of queries
of the selector's request.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "relais_bench"


@dataclass(frozen=True)
class Case:
    label: str
    q: str
    axis: str
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
]  # fmt: skip


# --- Database set-up ----------------------------------------------------------------------


def _postgres_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def _postgres_exists(url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def prepare(count: int, *, log: Callable[[str], None]) -> None:
    """Migrate, load the demo, top up the synthetic services to `count`, ANALYZE."""
    from django.core.management import call_command
    from django.db import connection

    from relais.directory.demo.synthetic import SOURCE
    from relais.directory.models import Service

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    existing = Service.objects.filter(source=SOURCE).count()
    if existing < count:
        log(f"Generating {count - existing} synthetic services (already {existing})…")
        generation = time.monotonic()
        call_command("generate_services", count=count - existing, seed=existing)
        log(f"  generated in {time.monotonic() - generation:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = Service.objects.count()
    log(f"Database ready in {time.monotonic() - started:.0f} s: {total} services.")


# --- The two ways of answering a search ------------------------------------------------------


def moment(case: Case, zone: str = "Europe/Brussels") -> datetime:
    """The next `case.weekday` at `case.at` (local time) that is not a public holiday."""
    from relais.directory import hours

    hour, minute = map(int, case.at.split(":"))
    day = datetime.now(ZoneInfo(zone)).date() + timedelta(days=1)
    while day.weekday() != case.weekday or any(
        hours.is_public_holiday(country, day) for country in ("BE", "FR")
    ):
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


def by_selector(case: Case, when: datetime):
    """What the search page and the API do."""
    from relais.directory import selectors

    queryset = selectors.services_search(
        viewer=None,
        q=case.q,
        axis=case.axis,
        near=case.near,
        radius_km=case.radius_km,
        open_at=when,
        now=when,
    )
    page = selectors.services_page(queryset, page=1, page_size=20, today=when.date())
    read = [  # what a list of results shows
        (
            service.organisation.name,
            service.network.slug,
            list(service.locations.all()),
            list(service.intervals.all()),
            list(service.notices.all()),
        )
        for service in page.items
    ]
    assert len(read) == len(page.items)
    return page.count, [service.pk for service in page.items]


# One page of results by hand, one SQL string per backend: the same filters (public, text,
# axis, within the radius, open at the moment), the same order (relevance: minus the first
# positions of the words in search_text; then distance; name; id) and the total count.
# `{relevance}` is "instr/strpos(s.search_text, word)" summed over the query's words. The
# moment asked is also "now" here, so open_now is true for every row (as the selector sees).
PAGE_SQL = {
    # SQLite: start from the locations in the bounding box (one pass, grouped), then the
    # FTS5 table as an IN list, and correlated EXISTS for the hours of the few candidates.
    "sqlite": """
WITH nearby AS (
    SELECT service_id,
           MIN(((longitude - %(lon)s) * %(kx)s) * ((longitude - %(lon)s) * %(kx)s)
             + ((latitude - %(lat)s) * %(ky)s) * ((latitude - %(lat)s) * %(ky)s)) AS d2
    FROM directory_location
    WHERE latitude BETWEEN %(lat_min)s AND %(lat_max)s
      AND longitude BETWEEN %(lon_min)s AND %(lon_max)s
    GROUP BY service_id
)
SELECT s.id, s.name, s.opening_hours, s.visibility, s.axes, o.slug, o.name, n.slug,
       {relevance} AS relevance, nearby.d2, 1 AS open_now, COUNT(*) OVER () AS total
FROM directory_service s
JOIN nearby ON nearby.service_id = s.id
JOIN network_organisation o ON o.id = s.organisation_id
JOIN network_network n ON n.id = s.network_id
WHERE s.visibility = 'public'
  AND s.id IN (SELECT rowid FROM directory_service_fts WHERE directory_service_fts MATCH %(fts)s)
  AND EXISTS (SELECT 1 FROM json_each(s.axes) WHERE value = %(axis)s)
  AND nearby.d2 <= %(r2)s
  AND ((EXISTS (SELECT 1 FROM directory_openinginterval i
                WHERE i.service_id = s.id AND i.holiday = %(holiday)s
                  AND i.start <= %(minute)s AND i."end" > %(minute)s)
        AND NOT EXISTS (SELECT 1 FROM directory_notice c
                        WHERE c.service_id = s.id AND c.effect = 'closed'
                          AND c.starts_on <= %(day)s AND c.ends_on >= %(day)s))
       OR EXISTS (SELECT 1 FROM directory_notice x
                  WHERE x.service_id = s.id AND x.effect = 'open'
                    AND x.starts_on <= %(day)s AND x.ends_on >= %(day)s))
ORDER BY relevance DESC, nearby.d2, s.name, s.id
LIMIT 20
""",
    # PostgreSQL: the GIN-indexed tsvector (`{document}`, the expression of the index) and
    # IN (...) sets that the planner hashes once; the distance of the few rows kept.
    "postgresql": """
SELECT s.id, s.name, s.opening_hours, s.visibility, s.axes, o.slug, o.name, n.slug,
       {relevance} AS relevance,
       (SELECT MIN(((l.longitude - %(lon)s) * %(kx)s) * ((l.longitude - %(lon)s) * %(kx)s)
                 + ((l.latitude - %(lat)s) * %(ky)s) * ((l.latitude - %(lat)s) * %(ky)s))
        FROM directory_location l
        WHERE l.service_id = s.id AND l.latitude IS NOT NULL) AS d2,
       TRUE AS open_now,
       COUNT(*) OVER () AS total
FROM directory_service s
JOIN network_organisation o ON o.id = s.organisation_id
JOIN network_network n ON n.id = s.network_id
WHERE s.visibility = 'public'
  AND {document} @@ to_tsquery('simple'::regconfig, %(tsquery)s)
  AND s.axes @> %(axis_json)s::jsonb
  AND s.id IN (SELECT l.service_id FROM directory_location l
               WHERE l.latitude BETWEEN %(lat_min)s AND %(lat_max)s
                 AND l.longitude BETWEEN %(lon_min)s AND %(lon_max)s
                 AND ((l.longitude - %(lon)s) * %(kx)s) * ((l.longitude - %(lon)s) * %(kx)s)
                   + ((l.latitude - %(lat)s) * %(ky)s) * ((l.latitude - %(lat)s) * %(ky)s)
                   <= %(r2)s)
  AND ((s.id IN (SELECT service_id FROM directory_openinginterval
                 WHERE holiday = %(holiday)s AND start <= %(minute)s AND "end" > %(minute)s)
        AND s.id NOT IN (SELECT service_id FROM directory_notice
                         WHERE effect = 'closed' AND starts_on <= %(day)s AND ends_on >= %(day)s))
       OR s.id IN (SELECT service_id FROM directory_notice
                   WHERE effect = 'open' AND starts_on <= %(day)s AND ends_on >= %(day)s))
ORDER BY relevance DESC, d2, s.name, s.id
LIMIT 20
""",
}

RELATED_SQL = [
    "SELECT id, service_id, name, is_mobile, area_served, address, postcode, municipality, "
    "latitude, longitude FROM directory_location WHERE service_id IN ({ids}) ORDER BY id",
    'SELECT id, service_id, holiday, start, "end" FROM directory_openinginterval '
    "WHERE service_id IN ({ids})",
    "SELECT id, service_id, starts_on, ends_on, message, effect FROM directory_notice "
    "WHERE service_id IN ({ids}) AND ends_on >= %s ORDER BY starts_on, ends_on, id",
]


def hand_parameters(case: Case, when: datetime, vendor: str) -> dict:
    import math

    from relais.directory import hours, search, selectors

    words = search.query_words(case.q)
    lat, lon = case.near
    ky = selectors.KM_PER_DEGREE
    kx = ky * max(math.cos(math.radians(lat)), 0.01)
    dlat, dlon = case.radius_km / ky, case.radius_km / kx
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
        # Belgium and France share the time zone offset: one local time for every network.
        "minute": hours.minute_of_week(when),
        "holiday": hours.is_public_holiday("BE", when.date()),
        "day": when.date(),
        "fts": search.fts5_query(words),
        "tsquery": search.pg_tsquery(words),
        "axis": case.axis,
        "axis_json": f'["{case.axis}"]',
        **{f"w{index}": word for index, word in enumerate(words)},
    }


def hand_sql(case: Case, vendor: str) -> str:
    from relais.directory import search

    words = search.query_words(case.q)
    position = "instr" if vendor == "sqlite" else "strpos"
    relevance = " + ".join(f"{position}(s.search_text, %(w{i})s)" for i in range(len(words)))
    sql = PAGE_SQL[vendor].replace("{relevance}", f"-({relevance})")
    return sql.replace("{document}", search.pg_document_sql("s.search_text"))


def by_hand(sql: str, parameters: dict, today: date):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            for index, related in enumerate(RELATED_SQL):
                extra = [today] if index == 2 else []
                cursor.execute(related.format(ids=marks), [*ids, *extra])
                cursor.fetchall()
    return (rows[0][-1] if rows else 0), ids


# --- Measure ---------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def run(repeat: int, *, log: Callable[[str], None]) -> bool:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vendor = connection.vendor
    all_selector, all_hand, sql_share = [], [], []
    consistent = True
    queries_seen = set()
    log("")
    log(f"{'case':44} {'results':>7} {'sel p50':>8} {'p95':>7} {'SQL p50':>8} {'p95':>7} "
        f"{'ratio':>6} {'queries':>7}")  # fmt: skip
    for case in CASES:
        when = moment(case)
        sql, parameters = hand_sql(case, vendor), hand_parameters(case, when, vendor)
        with CaptureQueriesContext(connection) as captured:
            selector_result = by_selector(case, when)
        queries_seen.add(len(captured.captured_queries))
        hand_result = by_hand(sql, parameters, when.date())
        if selector_result != hand_result:
            consistent = False
            log(f"  ! {case.label}: selector {selector_result} != by hand {hand_result}")
        for _ in range(3):  # warm up
            by_selector(case, when)
            by_hand(sql, parameters, when.date())
        selector_times, hand_times, db_times = [], [], []

        def timed_execute(execute, sql_text, params, many, context, _times=db_times):
            started = time.perf_counter()
            try:
                return execute(sql_text, params, many, context)
            finally:
                _times.append(time.perf_counter() - started)

        for index in range(repeat):
            order = (0, 1) if index % 2 == 0 else (1, 0)
            for which in order:
                started = time.perf_counter()
                if which == 0:
                    before = len(db_times)
                    with connection.execute_wrapper(timed_execute):
                        by_selector(case, when)
                    selector_times.append(time.perf_counter() - started)
                    sql_share.append(sum(db_times[before:]) / selector_times[-1])
                else:
                    by_hand(sql, parameters, when.date())
                    hand_times.append(time.perf_counter() - started)
        all_selector += selector_times
        all_hand += hand_times
        p50s, p50h = statistics.median(selector_times), statistics.median(hand_times)
        log(
            f"{case.label:44} {selector_result[0]:7d} {milliseconds(p50s)} "
            f"{milliseconds(percentile(selector_times, 0.95))} {milliseconds(p50h)} "
            f"{milliseconds(percentile(hand_times, 0.95))} {p50s / p50h:6.2f} "
            f"{len(captured.captured_queries):7d}"
        )
    p50s, p50h = statistics.median(all_selector), statistics.median(all_hand)
    p95s, p95h = percentile(all_selector, 0.95), percentile(all_hand, 0.95)
    log(
        f"{'all cases':44} {'':7} {milliseconds(p50s)} {milliseconds(p95s)} "
        f"{milliseconds(p50h)} {milliseconds(p95h)} {p50s / p50h:6.2f}"
    )
    log("")
    log(f"Ratio selector / by hand: p50 {p50s / p50h:.2f}, p95 {p95s / p95h:.2f} (goal ≤ 2).")
    log(f"Queries per request (selector): {sorted(queries_seen)}; by hand: 4.")
    log(f"Share of the selector's time spent in the database: {statistics.median(sql_share):.0%}.")
    log("Same results (ids, order, total) both ways: " + ("yes" if consistent else "NO"))
    return consistent


def describe_machine(connection, url: str) -> str:
    import platform

    import django

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW jit")
            database = f"PostgreSQL {version} (jit {cursor.fetchone()[0]})"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{database} at {url}; Python {platform.python_version()}, Django {django.__version__}; "
        f"{os.cpu_count()} CPU cores, load average {load}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="synthetic services")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per case and way")
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: keep relais_bench")
    parser.add_argument(
        "--no-jit", action="store_true", help="PostgreSQL: SET jit = off for the measures"
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    if postgres:
        bench_url = _postgres_url(url, BENCH_DATABASE)
        if not _postgres_exists(url, BENCH_DATABASE):
            _postgres_admin(url, f'CREATE DATABASE "{BENCH_DATABASE}"')
    else:
        bench_url = url or f"sqlite:///{ROOT / 'var' / 'bench-directory.sqlite3'}"
        (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections

    settings.DEBUG = False

    def log(line: str) -> None:
        print(line, flush=True)

    ok = False
    try:
        log(describe_machine(connection, bench_url))
        prepare(args.count, log=log)
        if postgres and args.no_jit:
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")
            log("PostgreSQL JIT switched off for this session.")
        ok = run(args.repeat, log=log)
    finally:
        connections.close_all()
        if postgres and not args.keep:
            _postgres_admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
            log(f"Dropped the database {BENCH_DATABASE}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
