"""Where the time of bench/load.py's requests goes: each kind of request, one at a time.

    .venv/bin/python bench/load.py --keep ...            # prepares relais_bench_load
    .venv/bin/python bench/load_profile.py [--database relais_bench_load] [--repeat 20]

Runs each kind of request of the load test's mix in this process, through Django's test
client (the whole middleware stack, the production settings' middleware and templates), on
the database bench/load.py prepared, and prints per kind the median wall time, the CPU time
of this process (Python: Django, templates, PDF rendering, JSON), the time spent waiting for
PostgreSQL (around each statement) and the number of statements. Wall − CPU − database is
time waiting for something else (the machine's other work).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("DATABASE_URL") or "")
    parser.add_argument("--database", default="relais_bench_load")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from load import BENCH_ENCRYPTION_KEY, DEFAULT_SERVER, _url_for

    os.environ["DATABASE_URL"] = _url_for(args.server or DEFAULT_SERVER, args.database)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["RELAIS_ENCRYPTION_KEYS"] = BENCH_ENCRYPTION_KEY
    os.environ.pop("DATABASE_REPLICA_URL", None)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from relais.accounts.models import User
    from relais.accounts.services import api_token_issue
    from relais.directory.models import Location, Service

    settings.ALLOWED_HOSTS = ["testserver"]
    random.seed(0)
    client = Client()
    ids = list(
        Service.objects.filter(visibility="public")
        .order_by("?")
        .values_list("network__slug", "pk")[:200]
    )
    # A pocket guide for a municipality of Namur's network with 5 to 40 public services.
    town = (
        Location.objects.filter(service__network__slug="namur", service__visibility="public")
        .exclude(municipality="")
        .values("municipality")
        .annotate(n=Count("service", distinct=True))
        .filter(n__gte=5, n__lte=40)
        .order_by("municipality")
        .values_list("municipality", flat=True)
        .first()
    )
    worker = User.objects.get(username="worker.cpas-namur")
    raw, _token = api_token_issue(user=worker)
    bearer = {"Authorization": f"Bearer {raw}"}
    files = [
        item["id"]
        for item in client.get("/api/v1/persons?page_size=100", headers=bearer).json()["items"]
    ]
    own = [
        pk
        for pk in files
        if client.get(f"/api/v1/persons/{pk}", headers=bearer).json()["access"]["basis"]
        == "own_organisation"
    ]

    def sheet():
        slug, pk = random.choice(ids)
        return client.get(f"/annuaire/public/{slug}/services/{pk}/")

    kinds = {
        "search: public directory (Namur, abri, 5 km, open now)": lambda: client.get(
            "/annuaire/public/namur/", {"q": "abri", "near": "Namur", "radius": "5", "when": "now"}
        ),
        "search: public directory (Mons, no word, 10 km)": lambda: client.get(
            "/annuaire/public/mons-borinage/", {"near": "Mons", "radius": "10"}
        ),
        "search: API (Arlon, accueil, 5 km)": lambda: client.get(
            "/api/v1/services",
            {"q": "accueil", "near": "49.6833,5.8167", "radius_km": "5", "network": "luxembourg"},
        ),
        "sheet: public page": sheet,
        "sheet: API": lambda: client.get(f"/api/v1/services/{random.choice(ids)[1]}"),
        f"guide: PDF ({town})": lambda: client.get(
            "/annuaire/guide/namur.pdf", {"municipality": town}
        ),
        "export: HSDS page of 50": lambda: client.get(
            "/api/v1/export/hsds/services", {"network": "namur", "page": random.randint(1, 300)}
        ),
        "worker: read a file": lambda: client.get(
            f"/api/v1/persons/{random.choice(files)}", headers=bearer
        ),
        "worker: write a note": lambda: client.post(
            f"/api/v1/persons/{random.choice(own)}/notes",
            {"text": "Passage à l'accueil.", "visibility": "shared"},
            content_type="application/json",
            headers=bearer,
        ),
    }

    db_time = [0.0, 0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time[0] += time.perf_counter() - started
            db_time[1] += 1

    print(
        f"{args.repeat} runs per kind after 2 warm-up runs; medians; load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print("| request | status | wall ms | CPU ms | database ms | statements |")
    print("|---|---:|---:|---:|---:|---:|")
    with connection.execute_wrapper(timed):
        for name, call in kinds.items():
            walls, cpus, dbs, counts, statuses = [], [], [], [], set()
            for run in range(args.repeat + 2):
                db_time[:] = [0.0, 0]
                wall, cpu = time.perf_counter(), time.process_time()
                response = call()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                statuses.add(response.status_code)
                if run >= 2:
                    walls.append(wall)
                    cpus.append(cpu)
                    dbs.append(db_time[0])
                    counts.append(db_time[1])
            print(
                f"| {name} | {','.join(map(str, sorted(statuses)))} "
                f"| {statistics.median(walls) * 1000:.0f} | {statistics.median(cpus) * 1000:.0f} "
                f"| {statistics.median(dbs) * 1000:.0f} | {statistics.median(counts):.0f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
